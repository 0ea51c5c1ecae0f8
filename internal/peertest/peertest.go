// Package peertest gives the conformance tests the peers' reference data
// in ../shared beside the repository (present in CI, absent from a user's
// clone): tests that need it skip, and say why, when it is missing.
package peertest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"strings"
	"testing"
)

// Need skips the test unless path exists, and returns path.
func Need(t testing.TB, path string) string {
	t.Helper()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not found: peer conformance tests need the shared reference data (../shared, present in CI)", path)
	}
	return path
}

// CSV reads the CSV file at path (skipping the test when it is missing):
// the rows below the header, and the column of each header name.
func CSV(t testing.TB, path string) (rows [][]string, col map[string]int) {
	t.Helper()
	f, err := os.Open(Need(t, path))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(all) == 0 {
		t.Fatalf("%s: no header", path)
	}
	col = map[string]int{}
	for i, name := range all[0] {
		col[name] = i
	}
	return all[1:], col
}

// NumberLines reads an output of Gambit's command-line tools: a line of
// comma-separated numbers (decimals or fractions) per profile, a leading
// "NE" tag dropped.
func NumberLines(path string) ([][]float64, error) { return numberLines(path, false) }

// NELines reads only the "NE" lines of an output of Gambit's tools.
func NELines(path string) ([][]float64, error) { return numberLines(path, true) }

func numberLines(path string, neOnly bool) ([][]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]float64
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fields := strings.Split(strings.TrimSpace(line), ",")
		ne := fields[0] == "NE"
		if ne {
			fields = fields[1:]
		} else if neOnly {
			continue
		}
		row := make([]float64, len(fields))
		for i, f := range fields {
			r, ok := new(big.Rat).SetString(f)
			if !ok {
				return nil, fmt.Errorf("%s: bad number %q", path, f)
			}
			row[i], _ = r.Float64()
		}
		out = append(out, row)
	}
	return out, nil
}
