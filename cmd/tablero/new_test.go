package main

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestNew checks that tablero new writes a template that passes check and
// analyze, and never overwrites a file.
func TestNew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "border-dispute.yaml")
	if _, err := run(t, "new", "border-dispute", "--title", "A border dispute", "--out", path); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "check", path)
	if err != nil || !strings.Contains(out, ": ok (") {
		t.Fatalf("check of the template: %q, %v", out, err)
	}
	out, err = run(t, "analyze", path, "--draws", "20")
	if err != nil || !strings.Contains(out, "# A border dispute") {
		t.Fatalf("analyze of the template: %v\n%s", err, out)
	}
	if _, err := run(t, "new", "border-dispute", "--out", path); err == nil || !errors.Is(err, fs.ErrExist) {
		t.Errorf("overwrote an existing file: %v", err)
	}
	if _, err := run(t, "new", "bad name"); err == nil || !strings.Contains(err.Error(), "use letters") {
		t.Errorf("bad name: %v", err)
	}
}
