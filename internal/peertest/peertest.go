// Package peertest gives the conformance tests the peers' reference data
// in ../shared beside the repository (present in CI, absent from a user's
// clone): tests that need it skip, and say why, when it is missing.
package peertest

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
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
