package uncertain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"slices"
	"strconv"
)

// wirePartial is the JSON form of a Partial. Exact sums are big.Float
// values in hexadecimal mantissa form ("0x.8p+1", Text('p', 0)), so
// serialisation loses nothing and the bytes depend only on the content.
type wirePartial struct {
	Format   string            `json:"format"`
	Design   DesignInfo        `json:"design"`
	Info     map[string]string `json:"info,omitempty"`
	Outputs  []Output          `json:"outputs"`
	Ranges   [][2]int          `json:"ranges"`
	Segments []int             `json:"segments"`
	Counts   []int64           `json:"counts"`
	Failed   int64             `json:"failed"`
	Errors   []DrawError       `json:"errors,omitempty"`
	Stats    []wireStats       `json:"stats"`
	KeepRows bool              `json:"keep_rows,omitempty"`
	Rows     [][]float64       `json:"rows,omitempty"` // k, x..., y...
}

type wireStats struct {
	Sum   []string  `json:"sum"`
	SumSq []string  `json:"sumsq"`
	Min   *float64  `json:"min,omitempty"`
	Max   *float64  `json:"max,omitempty"`
	Hist  []wireBin `json:"hist"`
}

// wireBin is a histogram bin: key, count, smallest and largest value.
type wireBin struct {
	K  uint32  `json:"k"`
	N  int64   `json:"n"`
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// MarshalJSON encodes the partial exactly; equal partials give equal bytes.
func (p *Partial) MarshalJSON() ([]byte, error) {
	w := wirePartial{
		Format: FormatVersion, Design: p.design, Info: p.info, Outputs: p.outputs,
		Segments: p.ends, Counts: p.st.counts, Failed: p.st.failed, Errors: p.st.errs,
		KeepRows: p.keepRows,
	}
	for _, r := range p.ranges {
		w.Ranges = append(w.Ranges, [2]int{r.Lo, r.Hi})
	}
	for i := range p.st.out {
		w.Stats = append(w.Stats, p.st.out[i].wire())
	}
	for _, r := range p.st.rows {
		row := append([]float64{float64(r.K)}, r.X...)
		w.Rows = append(w.Rows, append(row, r.Y...))
	}
	return json.Marshal(w)
}

func (o *outStats) wire() wireStats {
	w := wireStats{Hist: []wireBin{}}
	for j := range o.sum {
		w.Sum = append(w.Sum, o.sum[j].Text('p', 0))
		w.SumSq = append(w.SumSq, o.sq[j].Text('p', 0))
	}
	if o.min <= o.max {
		w.Min, w.Max = &o.min, &o.max
	}
	for _, k := range histSorted(o.hist) {
		b := o.hist[k]
		w.Hist = append(w.Hist, wireBin{k, b.n, b.lo, b.hi})
	}
	return w
}

// JSONSchemaAlias tells schema generators that a Partial encodes as
// wirePartial: the sweep shard and merged-result documents.
func (*Partial) JSONSchemaAlias() any { return wirePartial{} }

// WriteTo writes the JSON encoding of p to w.
func (p *Partial) WriteTo(w io.Writer) (int64, error) {
	b, err := p.MarshalJSON()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(append(b, '\n'))
	return int64(n), err
}

// ReadPartial decodes and validates a partial result.
func ReadPartial(r io.Reader) (*Partial, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read partial result: %w", err)
	}
	p := new(Partial)
	if err := p.UnmarshalJSON(b); err != nil {
		return nil, err
	}
	return p, nil
}

// UnmarshalJSON decodes a partial result and checks its consistency.
func (p *Partial) UnmarshalJSON(b []byte) error {
	var w wirePartial
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("partial result: %w", err)
	}
	q, err := w.partial()
	if err != nil {
		return fmt.Errorf("partial result: %w", err)
	}
	*p = *q
	return nil
}

func (w *wirePartial) partial() (*Partial, error) {
	if w.Format != FormatVersion {
		return nil, fmt.Errorf("format %q, want %q", w.Format, FormatVersion)
	}
	if err := w.checkHeader(); err != nil {
		return nil, err
	}
	p := &Partial{design: w.Design, outputs: w.Outputs, info: w.Info, ends: w.Segments, keepRows: w.KeepRows}
	if p.info == nil {
		p.info = map[string]string{}
	}
	covered, err := w.ranges(p)
	if err != nil {
		return nil, err
	}
	p.st = newStats(len(w.Outputs), len(p.ends))
	if err := w.counts(p, covered); err != nil {
		return nil, err
	}
	for i := range w.Stats {
		if err := w.Stats[i].read(&p.st.out[i], p.st.counts); err != nil {
			return nil, fmt.Errorf("output %q: %w", w.Outputs[i].Name, err)
		}
	}
	if err := w.rows(p); err != nil {
		return nil, err
	}
	return p, nil
}

func (w *wirePartial) checkHeader() error {
	d := w.Design
	if d.Draws < 1 || d.Draws > math.MaxInt32 || d.Fingerprint == "" {
		return fmt.Errorf("bad design (%d draws, fingerprint %q)", d.Draws, d.Fingerprint)
	}
	if _, err := ParseMethod(string(d.Method)); err != nil || d.Method == "" {
		return fmt.Errorf("bad design method %q", d.Method)
	}
	if !slices.Equal(w.Segments, segmentEnds(d.Draws)) {
		return fmt.Errorf("segments %v do not match %d draws", w.Segments, d.Draws)
	}
	seen := map[string]bool{}
	for _, o := range w.Outputs {
		if err := checkOutput(o, seen); err != nil {
			return err
		}
	}
	if len(w.Stats) != len(w.Outputs) {
		return fmt.Errorf("%d stats for %d outputs", len(w.Stats), len(w.Outputs))
	}
	return nil
}

// ranges reads the draw ranges and returns the draws covered per segment.
func (w *wirePartial) ranges(p *Partial) ([]int64, error) {
	covered := make([]int64, len(p.ends))
	last := -1
	for _, r := range w.Ranges {
		if r[0] <= last || r[0] >= r[1] || r[1] > w.Design.Draws {
			return nil, fmt.Errorf("bad or unsorted draw range [%d, %d)", r[0], r[1])
		}
		last = r[1]
		p.ranges = append(p.ranges, Range{r[0], r[1]})
		lo := 0
		for s, hi := range p.ends {
			covered[s] += int64(max(0, min(hi, r[1])-max(lo, r[0])))
			lo = hi
		}
	}
	return covered, nil
}

func (w *wirePartial) counts(p *Partial, covered []int64) error {
	if len(w.Counts) != len(p.ends) {
		return fmt.Errorf("%d counts for %d segments", len(w.Counts), len(p.ends))
	}
	total := int64(0)
	for s, c := range w.Counts {
		if c < 0 || c > covered[s] {
			return fmt.Errorf("count %d in segment %d outside [0, %d]", c, s, covered[s])
		}
		total += covered[s] - c
		p.st.counts[s] = c
	}
	if w.Failed != total {
		return fmt.Errorf("%d failed draws, but counts leave %d", w.Failed, total)
	}
	p.st.failed = w.Failed
	if len(w.Errors) > maxKeptErrors || int64(len(w.Errors)) > w.Failed {
		return fmt.Errorf("%d errors recorded for %d failed draws", len(w.Errors), w.Failed)
	}
	for i, e := range w.Errors {
		if (i > 0 && e.K <= w.Errors[i-1].K) || !p.inRanges(e.K) || len(e.X) != len(w.Design.Params) {
			return fmt.Errorf("bad or unsorted draw error %d", e.K)
		}
	}
	p.st.errs = w.Errors
	return nil
}

func (p *Partial) inRanges(k int) bool {
	for _, r := range p.ranges {
		if r.Lo <= k && k < r.Hi {
			return true
		}
	}
	return false
}

func (ws *wireStats) read(o *outStats, counts []int64) error {
	if len(ws.Sum) != len(counts) || len(ws.SumSq) != len(counts) {
		return errors.New("sums do not match the segments")
	}
	n := int64(0)
	for s, c := range counts {
		var err error
		if o.sum[s], err = parseExact(ws.Sum[s]); err != nil {
			return err
		}
		if o.sq[s], err = parseExact(ws.SumSq[s]); err != nil {
			return err
		}
		if o.sq[s].Sign() < 0 || (c == 0 && (o.sum[s].Sign() != 0 || o.sq[s].Sign() != 0)) {
			return fmt.Errorf("inconsistent sums in segment %d", s)
		}
		n += c
	}
	if (n > 0) != (ws.Min != nil && ws.Max != nil) {
		return errors.New("minimum and maximum must be present exactly when there are values")
	}
	if n > 0 {
		o.min, o.max = *ws.Min, *ws.Max
		if !(o.min <= o.max) {
			return errors.New("minimum exceeds maximum")
		}
	}
	return readHist(o, ws.Hist, n)
}

func readHist(o *outStats, h []wireBin, n int64) error {
	total := int64(0)
	for i, b := range h {
		if b.K >= histKeys || b.N <= 0 || (i > 0 && b.K <= h[i-1].K) || b.N > n-total ||
			histKey(b.Lo) != b.K || histKey(b.Hi) != b.K || b.Lo > b.Hi || (b.N == 1 && b.Lo != b.Hi) {
			return fmt.Errorf("bad histogram bin %+v", b)
		}
		total += b.N
		o.hist[b.K] = bin{b.N, b.Lo, b.Hi}
	}
	if total != n {
		return fmt.Errorf("histogram counts %d values, want %d", total, n)
	}
	if n > 0 && (o.hist[h[0].K].lo != o.min || o.hist[h[len(h)-1].K].hi != o.max) {
		return errors.New("histogram does not match minimum and maximum")
	}
	return nil
}

// parseExact parses a sum written by Text('p', 0), exactly.
func parseExact(s string) (*big.Float, error) {
	if !validHexFloat(s) {
		return nil, fmt.Errorf("bad exact sum %.40q", s)
	}
	f, _, err := big.ParseFloat(s, 0, exactPrec, big.ToNearestEven)
	if err != nil || f.Acc() != big.Exact || f.IsInf() {
		return nil, fmt.Errorf("bad exact sum %.40q", s)
	}
	return f, nil
}

// validHexFloat accepts "0" and [-]0x.HEXpEXP with at most exactPrec bits of
// mantissa and a small exponent, so parsing stays cheap.
func validHexFloat(s string) bool {
	if s == "0" {
		return true
	}
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if len(s) < 6 || s[:3] != "0x." {
		return false
	}
	s = s[3:]
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
		i++
	}
	if i == 0 || i > exactPrec/4 || i+2 >= len(s) || s[i] != 'p' || (s[i+1] != '+' && s[i+1] != '-') {
		return false
	}
	e, err := strconv.Atoi(s[i+2:])
	return err == nil && e < 5000 && s[i+2] != '+' && s[i+2] != '-'
}

func (w *wirePartial) rows(p *Partial) error {
	if !w.KeepRows {
		if len(w.Rows) > 0 {
			return errors.New("rows present without keep_rows")
		}
		return nil
	}
	n := int64(0)
	for _, c := range p.st.counts {
		n += c
	}
	if int64(len(w.Rows)) != n {
		return fmt.Errorf("%d rows for %d successful draws", len(w.Rows), n)
	}
	dx, dy := len(w.Design.Params), len(w.Outputs)
	for i, r := range w.Rows {
		if len(r) != 1+dx+dy || r[0] != math.Trunc(r[0]) || r[0] < 0 || r[0] >= float64(w.Design.Draws) {
			return fmt.Errorf("bad row %d", i)
		}
		k := int(r[0])
		if !p.inRanges(k) || (i > 0 && k <= p.st.rows[i-1].K) {
			return fmt.Errorf("row %d: draw %d out of range or order", i, k)
		}
		p.st.rows = append(p.st.rows, Row{K: k, X: r[1 : 1+dx], Y: r[1+dx:]})
	}
	return nil
}

func checkOutput(o Output, seen map[string]bool) error {
	switch {
	case o.Name == "":
		return errors.New("output without a name")
	case seen[o.Name]:
		return fmt.Errorf("output %q appears twice", o.Name)
	case o.Kind != Indicator && o.Kind != Probability && o.Kind != Value:
		return fmt.Errorf("output %q has unknown kind %q: expected indicator, probability or value", o.Name, o.Kind)
	}
	seen[o.Name] = true
	return nil
}
