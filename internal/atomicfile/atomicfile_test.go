package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TestWriteFile checks the outcome of successful and failing writers: the
// target has the new content, or its old content (or is still absent), and
// no temporary file is left behind.
func TestWriteFile(t *testing.T) {
	errHalf := errors.New("disk full")
	tests := []struct {
		name    string
		old     *string // nil: no target before
		write   func(io.Writer) error
		want    string // target content after; "" with wantErr and old nil: absent
		wantErr bool
		panics  bool
	}{
		{name: "create", write: text("new"), want: "new"},
		{name: "replace", old: ptr("old content"), write: text("new"), want: "new"},
		{name: "empty", old: ptr("old"), write: text(""), want: ""},
		{name: "fails midway", old: ptr("old content"), write: func(w io.Writer) error {
			io.WriteString(w, "half of the new")
			return errHalf
		}, want: "old content", wantErr: true},
		{name: "fails midway, no target", write: func(w io.Writer) error {
			io.WriteString(w, "half")
			return errHalf
		}, wantErr: true},
		{name: "panics midway", old: ptr("old content"), write: func(w io.Writer) error {
			io.WriteString(w, "half")
			panic("boom")
		}, want: "old content", panics: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.json")
			if tc.old != nil {
				if err := os.WriteFile(path, []byte(*tc.old), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var err error
			func() {
				defer func() {
					if r := recover(); (r != nil) != tc.panics {
						t.Errorf("panic %v, want panic %v", r, tc.panics)
					}
				}()
				err = WriteFile(path, tc.write, 0o644)
			}()
			if !tc.panics && (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error %v", err, tc.wantErr)
			}
			if tc.wantErr && !errors.Is(err, errHalf) {
				t.Errorf("error %v does not wrap the writer's", err)
			}
			got, rerr := os.ReadFile(path)
			switch {
			case (tc.wantErr || tc.panics) && tc.old == nil:
				if !errors.Is(rerr, os.ErrNotExist) {
					t.Errorf("target exists after a failed write: %q, %v", got, rerr)
				}
			case rerr != nil:
				t.Fatal(rerr)
			case string(got) != tc.want:
				t.Errorf("target holds %q, want %q", got, tc.want)
			}
			noTemp(t, dir, "out.json")
		})
	}
}

func TestWriteFilePerm(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	path := filepath.Join(t.TempDir(), "out")
	if err := WriteFile(path, text("x"), 0o640); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
}

// TestWriteFileMissingDir checks that a target in a directory that does
// not exist is an error naming the path.
func TestWriteFileMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "out")
	err := WriteFile(path, text("x"), 0o644)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want one naming %s", err, path)
	}
}

// TestWriteFileReaders checks that readers running while the file is
// rewritten, content by content, only ever see one complete version.
func TestWriteFileReaders(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out")
	// version k is 2¹⁶+k copies of one letter, so its length tells the letter
	version := func(k int) []byte { return bytes.Repeat([]byte{byte('a' + k%26)}, 1<<16+k) }
	if err := os.WriteFile(path, version(0), 0o644); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []string
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				b, err := os.ReadFile(path)
				if err != nil || !complete(b) || len(b) < 1<<16 || b[0] != byte('a'+(len(b)-1<<16)%26) {
					mu.Lock()
					bad = append(bad, fmt.Sprintf("%d bytes, %v", len(b), err))
					mu.Unlock()
				}
			}
		}()
	}
	for k := 1; k <= 200; k++ {
		v := version(k)
		if err := WriteFile(path, func(w io.Writer) error {
			// two writes: a reader of an in-place write could see the first half
			if _, err := w.Write(v[:len(v)/2]); err != nil {
				return err
			}
			_, err := w.Write(v[len(v)/2:])
			return err
		}, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if len(bad) > 0 {
		t.Errorf("%d reads saw a partial file, first: %s", len(bad), bad[0])
	}
	noTemp(t, dir, "out")
}

// TestWriteFileConcurrent checks that concurrent writers of one path end
// with the complete content of one of them.
func TestWriteFileConcurrent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out")
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for k := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := bytes.Repeat([]byte{byte('a' + k)}, 1<<15*(k+1))
			errs[k] = WriteFile(path, func(w io.Writer) error {
				for len(v) > 0 { // many small writes interleave the writers
					m := min(len(v), 1024)
					if _, err := w.Write(v[:m]); err != nil {
						return err
					}
					v = v[m:]
				}
				return nil
			}, 0o644)
		}()
	}
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", k, err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	k := int(b[0] - 'a')
	if !complete(b) || len(b) != 1<<15*(k+1) {
		t.Errorf("final file has %d bytes of writer %d's content, want %d", len(b), k, 1<<15*(k+1))
	}
	noTemp(t, dir, "out")
}

// complete reports whether b is one whole version: a non-empty run of one
// byte.
func complete(b []byte) bool {
	return len(b) > 0 && len(bytes.Trim(b, string(b[:1]))) == 0
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func ptr(s string) *string { return &s }

// noTemp fails if dir holds anything but the file named keep.
func noTemp(t *testing.T, dir, keep string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Name() != keep {
			t.Errorf("left behind %s", e.Name())
		}
	}
}
