package solve

import (
	"path/filepath"
	"testing"

	"github.com/tablero-project/tablero/internal/peertest"
)

// peerDir holds Gambit's sample games and its outputs on them, in the
// shared reference data beside the repository.
const peerDir = "../../shared/peers/gambit"

// peerIndex reads reference/index.csv, one row per Gambit run, with the
// position of each column; it skips the test when the shared data are
// absent.
func peerIndex(t testing.TB) (rows [][]string, col map[string]int) {
	t.Helper()
	return peertest.CSV(t, filepath.Join(peerDir, "reference", "index.csv"))
}
