package events

import (
	"bytes"
	"errors"
	"io"
)

// MaxLine is the longest line the readers accept, in bytes; a longer line
// is reported as a bad row and skipped without being held in memory.
const MaxLine = 1 << 20

// errLongLine marks a line longer than MaxLine.
var errLongLine = errors.New("line longer than 1 MiB")

// lineReader splits its input into lines ended by LF, CRLF or a lone CR
// (files differ), holding at most MaxLine bytes.
type lineReader struct {
	r         io.Reader
	buf       []byte
	start     int // first unread byte of buf
	end       int // end of the bytes read into buf
	err       error
	line      int64 // number of the line last returned
	skipLF    bool  // the last line ended with CR: a following LF belongs to it
	bytesRead int64
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: r, buf: make([]byte, 64<<10)}
}

// next returns the next line without its end, valid until the next call,
// and its number. It returns errLongLine for a line beyond MaxLine (then
// skipped), io.EOF at the end, or the input's error.
func (l *lineReader) next() ([]byte, error) {
	long := false
	for {
		if l.skipLF && l.start < l.end {
			if l.buf[l.start] == '\n' {
				l.start++
			}
			l.skipLF = false
		}
		if i := indexEOL(l.buf[l.start:l.end]); i >= 0 {
			line := l.buf[l.start : l.start+i]
			l.skipLF = l.buf[l.start+i] == '\r'
			l.start += i + 1
			l.line++
			if long {
				return nil, errLongLine
			}
			return line, nil
		}
		if l.err != nil {
			if l.start < l.end || long {
				line := l.buf[l.start:l.end]
				l.start = l.end
				l.line++
				if long {
					return nil, errLongLine
				}
				return line, nil
			}
			return nil, l.err
		}
		if l.start > 0 { // keep the partial line at the start of buf
			n := copy(l.buf, l.buf[l.start:l.end])
			l.start, l.end = 0, n
		}
		if l.end == len(l.buf) {
			if len(l.buf) < MaxLine {
				nb := make([]byte, min(2*len(l.buf), MaxLine))
				copy(nb, l.buf[:l.end])
				l.buf = nb
			} else { // too long: drop what we hold, keep looking for its end
				long = true
				l.start, l.end = 0, 0
			}
		}
		n, err := l.r.Read(l.buf[l.end:])
		l.end += n
		l.bytesRead += int64(n)
		if err != nil {
			l.err = err
		}
	}
}

// indexEOL returns the index of the first CR or LF in b, or -1.
func indexEOL(b []byte) int {
	i := bytes.IndexByte(b, '\n')
	var j int
	if i < 0 {
		j = bytes.IndexByte(b, '\r')
	} else {
		j = bytes.IndexByte(b[:i], '\r')
	}
	if j >= 0 {
		return j
	}
	return i
}
