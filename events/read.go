package events

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding/charmap"
)

// Options configure a Reader.
type Options struct {
	Format Format // Auto (default) detects it
	// MaxProblems bounds the problems a Report lists [100]; the counts are
	// exact whatever it is. Negative: none listed.
	MaxProblems int
	// OnProblem, when set, receives every problem, listed or not, so that
	// a caller can report all of them without holding them in memory.
	OnProblem func(Problem)
}

// Problem is a row a reader could not read, or read only after repairing it.
type Problem struct {
	File string `json:"file"`
	Line int64  `json:"line"`
	// Kind is bad_row (the row was not read: counted in Report.Bad),
	// recoded (not valid UTF-8: read as Windows-1252, counted in
	// Report.Recoded) or unknown_code (read, but its CAMEO code is not in
	// the built-in table).
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

// Error formats the problem as file:line: reason.
func (p Problem) Error() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason) }

// Report accounts for every line of a file: each is blank, a header, an
// event or a bad row (Lines = Blank + Header + Events + Bad).
type Report struct {
	File         string `json:"file"`
	Format       Format `json:"format"` // the layout detected (of the last row, if mixed)
	Bytes        int64  `json:"bytes"`
	Lines        int64  `json:"lines"`
	Blank        int64  `json:"blank"`
	Header       int64  `json:"header"`
	Events       int64  `json:"events"`
	Bad          int64  `json:"bad"`
	Recoded      int64  `json:"recoded"`
	UnknownCodes int64  `json:"unknown_codes"`
	// Problems lists the first Options.MaxProblems problems; LeftOff
	// counts the others.
	Problems []Problem `json:"problems"`
	LeftOff  int64     `json:"problems_left_off"`
}

// Reader streams the events of one file. It holds one line at a time (at
// most MaxLine bytes) and a bounded table of interned codes, so its memory
// does not grow with the file.
type Reader struct {
	lr       *lineReader
	opt      Options
	rep      Report
	ev       Event
	fields   [][]byte
	recoded  []byte
	intern   map[string]string
	icews    *icewsLayout // the header's layout, once seen
	seenData bool         // a non-blank line was read
}

// maxIntern bounds the interned strings of a Reader.
const maxIntern = 1 << 14

// NewReader returns a reader of the events in r; name locates problems.
func NewReader(r io.Reader, name string, opt Options) *Reader {
	if opt.MaxProblems == 0 {
		opt.MaxProblems = 100
	}
	return &Reader{lr: newLineReader(r), opt: opt, rep: Report{File: name, Format: opt.Format, Problems: []Problem{}},
		intern: make(map[string]string, 256)}
}

// Report returns the account of the lines read so far.
func (r *Reader) Report() *Report {
	r.rep.Bytes = r.lr.bytesRead
	return &r.rep
}

// Next returns the next event, or io.EOF after the last one. Rows that do
// not parse are counted and reported (Report, Options.OnProblem) and
// skipped; Next fails only when the input itself fails. The event is
// reused by the next call.
func (r *Reader) Next() (*Event, error) {
	for {
		line, err := r.lr.next()
		if err == errLongLine {
			r.rep.Lines++
			r.problem("bad_row", err.Error())
			continue
		}
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", r.rep.File, r.lr.line+1, err)
		}
		r.rep.Lines++
		if len(bytes.Trim(line, " ")) == 0 { // a row of empty fields (tabs) is a bad row, not blank
			r.rep.Blank++
			continue
		}
		recoded := false
		if !utf8.Valid(line) {
			r.recoded, _ = charmap.Windows1252.NewDecoder().Bytes(line)
			line, recoded = r.recoded, true
		}
		first := !r.seenData
		r.seenData = true
		if isICEWSHeader(line) && (r.opt.Format == Auto || r.opt.Format == ICEWS) {
			if err := r.readHeader(line); err != nil {
				return nil, err
			}
			continue
		}
		if first && r.opt.Format == ICEWS {
			r.icews = standardICEWS()
		}
		r.fields = splitTabs(r.fields[:0], line)
		if err := r.parse(); err != nil {
			r.problem("bad_row", err.Error())
			continue
		}
		if recoded {
			r.rep.Recoded++
			r.problem("recoded", "not valid UTF-8: read as Windows-1252")
		}
		if _, ok := LookupCode(r.ev.Code); !ok {
			r.rep.UnknownCodes++
			r.problem("unknown_code", fmt.Sprintf("CAMEO code %q is not in the built-in table", r.ev.Code))
		}
		r.rep.Events++
		r.ev.Line = r.lr.line
		return &r.ev, nil
	}
}

// parse reads r.fields into r.ev in the file's layout.
func (r *Reader) parse() error {
	if r.icews != nil {
		return r.parseICEWS()
	}
	return r.parseGDELT()
}

// problem records a problem of the current line; a bad_row is counted.
func (r *Reader) problem(kind, reason string) {
	if kind == "bad_row" {
		r.rep.Bad++
	}
	p := Problem{File: r.rep.File, Line: r.lr.line, Kind: kind, Reason: reason}
	if r.opt.OnProblem != nil {
		r.opt.OnProblem(p)
	}
	if len(r.rep.Problems) < r.opt.MaxProblems {
		r.rep.Problems = append(r.rep.Problems, p)
	} else {
		r.rep.LeftOff++
	}
}

// str returns b as a string, interned while the table has room, so that
// the codes repeated on every row are not allocated again.
func (r *Reader) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := r.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(r.intern) < maxIntern {
		r.intern[s] = s
	}
	return s
}

// splitTabs appends the tab-separated fields of line to fs.
func splitTabs(fs [][]byte, line []byte) [][]byte {
	for {
		i := bytes.IndexByte(line, '\t')
		if i < 0 {
			return append(fs, line)
		}
		fs = append(fs, line[:i])
		line = line[i+1:]
	}
}

// numStr views b as a string for strconv without copying; strconv does not
// keep it (its errors are not used).
func numStr(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// parseFloat reads a decimal number; name says which field in errors.
func parseFloat(b []byte, name string) (float64, error) {
	v, err := strconv.ParseFloat(numStr(b), 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, fmt.Errorf("%s %q: not a number", name, clip(b))
	}
	return v, nil
}

// parseCount reads a non-negative integer below 10^9.
func parseCount(b []byte, name string) (int, error) {
	if len(b) == 0 || len(b) > 9 {
		return 0, fmt.Errorf("%s %q: not a count", name, clip(b))
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%s %q: not a count", name, clip(b))
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

// validCode reports whether b is a CAMEO event code: 2 to 4 digits whose
// first two are a root 01–20.
func validCode(b []byte) bool {
	if len(b) < 2 || len(b) > 4 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return RootQuad(numStr(b[:2])) != 0
}

// clip shortens a field for an error message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// Scan reads every event of r (named name in problems) and calls fn with
// each; it stops at fn's first error or when ctx is done.
func Scan(ctx context.Context, r io.Reader, name string, opt Options, fn func(*Event) error) (*Report, error) {
	rd := NewReader(r, name, opt)
	for n := 0; ; n++ {
		if n&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return rd.Report(), err
			}
		}
		e, err := rd.Next()
		if err == io.EOF {
			return rd.Report(), nil
		}
		if err != nil {
			return rd.Report(), err
		}
		if err := fn(e); err != nil {
			return rd.Report(), err
		}
	}
}
