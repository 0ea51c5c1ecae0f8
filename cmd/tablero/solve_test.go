package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/methods"
)

func TestSolveFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"solve", "testdata/pennies.nfg", "--format", "xml"}, "unknown format"},
		{[]string{"solve", "testdata/pennies.nfg", "-m", "gnm", "-d", "0"}, "at least 1 digit"},
		{[]string{"solve", "testdata/pennies.nfg", "-m", "gnm", "-R", "0"}, "seeds start at 1"},
		{[]string{"solve", "testdata/entry.efg", "-m", "gnm", "-P"}, "-P needs a method that solves trees"},
	}
	for _, tt := range tests {
		_, err := run(t, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want it to contain %q", tt.args, err, tt.want)
		}
	}
}

// TestSolveHelp checks that tablero solve --help lists every method.
func TestSolveHelp(t *testing.T) {
	out, err := run(t, "solve", "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range methods.List() {
		if !strings.Contains(out, "  "+m.Name+" ") || !strings.Contains(out, m.About) {
			t.Errorf("help lacks %s", m.Name)
		}
	}
}

// TestSolveStreamsNE checks that tablero solve prints the equilibria
// found before the budget runs out, then returns the budget's error.
func TestSolveStreamsNE(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zeros.nfg")
	if err := os.WriteFile(path, []byte("NFG 1 R \"zeros\" { \"1\" \"2\" } { 3 3 }\n\n"+strings.Repeat("0 0 ", 9)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "solve", path, "--budget", "50")
	if !errors.Is(err, solve.ErrBudget) {
		t.Fatalf("solve --budget 50: %v, want the budget's error", err)
	}
	if !strings.HasPrefix(out, "NE,1,0,0,1,0,0\nNE,0,1,0,1,0,0\n") {
		t.Errorf("solve --budget 50 printed %q, want the first equilibria", out)
	}
}
