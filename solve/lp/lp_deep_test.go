package lp

import (
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"

	"github.com/tablero-project/tablero/internal/testmem"
)

// TestConstantSumTreeDeepChain runs the constant-sum check of SequenceLP
// over a chain of 10^5 nodes with a small stack.
func TestConstantSumTreeDeepChain(t *testing.T) {
	g := gametest.DeepChain(t, 100_000)
	testmem.ShallowStack(gametest.DeepStack, func() {
		if err := constantSumTree(g); err != nil {
			t.Errorf("constantSumTree: %v", err)
		}
	})
}
