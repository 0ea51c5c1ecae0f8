package main

import (
	"errors"
	"io/fs"
	"os"
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

// TestSchemaReference checks that tablero schema --reference prints the
// generated reference and writes it with --out.
func TestSchemaReference(t *testing.T) {
	out, err := run(t, "schema", "--reference")
	if err != nil || !strings.HasPrefix(out, "# Scenario file reference") {
		t.Fatalf("schema --reference: %v\n%.200s", err, out)
	}
	path := filepath.Join(t.TempDir(), "ref.md")
	if _, err := run(t, "schema", "--reference", "--out", path); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != out {
		t.Errorf("--out wrote %d bytes (%v), want the printed reference", len(b), err)
	}
	if _, err := run(t, "schema", "--out", path); err == nil {
		t.Error("--out without --reference accepted")
	}
}
