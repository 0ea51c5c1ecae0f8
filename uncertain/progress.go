package uncertain

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Progress draws a one-line progress bar on a terminal. A nil *Progress is
// valid and does nothing, so
//
//	opt.Progress = uncertain.NewProgress(os.Stderr, "draws").Update
//
// is silent when stderr is not a terminal.
type Progress struct {
	w     io.Writer
	label string
	every time.Duration
	now   func() time.Time

	mu          sync.Mutex
	start, last time.Time
	drawn       bool
}

// NewProgress returns a progress bar writing to w, or nil when w is not a
// terminal.
func NewProgress(w io.Writer, label string) *Progress {
	if !IsTerminal(w) {
		return nil
	}
	return newProgress(w, label, time.Now)
}

func newProgress(w io.Writer, label string, now func() time.Time) *Progress {
	return &Progress{w: w, label: label, every: 200 * time.Millisecond, now: now, start: now()}
}

// IsTerminal reports whether w is a file on a character device (a
// terminal), using only the standard library.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Update shows done of total, at most five times a second and always at
// completion; it has the signature of RunOptions.Progress.
func (p *Progress) Update(done, total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.now()
	if done < total && p.drawn && t.Sub(p.last) < p.every {
		return
	}
	p.last, p.drawn = t, true
	fmt.Fprintf(p.w, "\r%s", progressLine(p.label, done, total, t.Sub(p.start)))
	if done >= total {
		fmt.Fprintln(p.w)
	}
}

// progressLine formats "label 1234/10000 12.3% 456/s ETA 19s".
func progressLine(label string, done, total int64, elapsed time.Duration) string {
	pct := 100.0
	if total > 0 {
		pct = 100 * float64(done) / float64(total)
	}
	s := fmt.Sprintf("%s %d/%d %5.1f%%", label, done, total, pct)
	if sec := elapsed.Seconds(); sec > 0 && done > 0 {
		rate := float64(done) / sec
		eta := time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second)
		s += fmt.Sprintf(" %.0f/s ETA %v", rate, eta)
	}
	return s + "\x1b[K"
}
