package lcp_test

import (
	"testing"

	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lcp"
)

// TestGambitSequenceLCP compares SequenceLCP with gambit-lcp on every
// tree: the same games must be refused, every profile must be an exact
// Nash equilibrium (behaviour regret 0), and equal to Gambit's where the
// pivoting is the same; the matches are counted.
func TestGambitSequenceLCP(t *testing.T) {
	soltest.CheckSequenceMethod(t, "lcp", lcp.SequenceLCP)
}
