// Package peertest gives the conformance tests the peers' reference data
// in ../shared beside the repository (present in CI, absent from a user's
// clone): tests that need it skip, and say why, when it is missing.
package peertest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
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
// comma-separated numbers per profile, a leading "NE" tag dropped.
func NumberLines(path string) ([][]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]float64
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fields := strings.Split(strings.TrimSpace(line), ",")
		if fields[0] == "NE" {
			fields = fields[1:]
		}
		row := make([]float64, len(fields))
		for i, f := range fields {
			if row[i], err = strconv.ParseFloat(f, 64); err != nil {
				return nil, fmt.Errorf("%s: %v", path, err)
			}
		}
		out = append(out, row)
	}
	return out, nil
}
