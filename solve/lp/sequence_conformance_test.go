package lp_test

import (
	"testing"

	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lp"
)

// TestGambitSequenceLP is TestGambitSequenceLCP for SequenceLP and
// gambit-lp.
func TestGambitSequenceLP(t *testing.T) {
	soltest.CheckSequenceMethod(t, "lp", lp.SequenceLP)
}
