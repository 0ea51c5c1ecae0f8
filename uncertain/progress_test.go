package uncertain

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProgressSilentOffTerminal(t *testing.T) {
	var buf bytes.Buffer
	p := NewProgress(&buf, "draws")
	if p != nil {
		t.Fatal("progress bar on a bytes.Buffer")
	}
	p.Update(1, 2) // a nil *Progress does nothing
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) || NewProgress(f, "draws") != nil {
		t.Error("a regular file counts as a terminal")
	}
}

func TestProgressThrottles(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	p := newProgress(&buf, "draws", func() time.Time { return now })
	now = now.Add(time.Second)
	p.Update(100, 1000) // drawn: first update
	now = now.Add(50 * time.Millisecond)
	p.Update(150, 1000) // throttled
	now = now.Add(time.Second)
	p.Update(500, 1000)
	p.Update(1000, 1000) // completion always drawn
	out := buf.String()
	if strings.Count(out, "\r") != 3 || strings.Contains(out, "150/1000") {
		t.Errorf("output %q: want 3 updates without the throttled one", out)
	}
	if !strings.Contains(out, "draws 500/1000  50.0% 244/s ETA 2s") || !strings.HasSuffix(out, "\n") {
		t.Errorf("output %q", out)
	}
}
