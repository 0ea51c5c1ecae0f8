package solve

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// peerDir holds Gambit's sample games and its outputs on them, in the
// shared reference data beside the repository.
const peerDir = "../../shared/peers/gambit"

// peerIndex reads reference/index.csv, one row per Gambit run, with the
// position of each column; it skips the test when the shared data are
// absent.
func peerIndex(t testing.TB) (rows [][]string, col map[string]int) {
	t.Helper()
	f, err := os.Open(filepath.Join(peerDir, "reference", "index.csv"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("../shared/peers/gambit not found: peer conformance tests need the shared reference data")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err = csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col = map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	return rows, col
}
