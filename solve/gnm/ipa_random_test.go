package gnm_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/gnm"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

// TestIPARandomTrees runs IPA, from several seeds, on the reduced
// strategic forms of fresh random three-player trees of perfect and
// imperfect information — degenerate games on which Lemke's path of the
// polymatrix games meets singular supports — and checks that it finds
// an equilibrium on each, by regret. The seeds listed after the ranges
// drew trees on which IPA used to stop with "singular direction" (and
// 280 one on which its first ray never converged and spent the whole
// budget).
func TestIPARandomTrees(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pi    bool
		seeds []uint64
	}{
		{"perfect information", true, append(gametest.SeedRange(1, 10), 72, 120, 166, 182, 280, 286, 300)},
		{"imperfect information", false, append(gametest.SeedRange(1, 24), 225)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			trees := gametest.RandomTrees(t, 3, tc.pi, tc.seeds)
			t.Logf("%d trees from %d seeds, 3 rays' seeds each", len(trees), len(tc.seeds))
			for k, g := range trees {
				r, err := g.Reduce(50000)
				if err != nil {
					t.Fatalf("tree %d: %v", k, err)
				}
				for seed := uint64(1); seed <= 3; seed++ {
					eqs, err := gnm.IPA(context.Background(), r.Normal, gnm.IPAOptions{FloatOptions: solve.FloatOptions{Seed: seed}})
					if err != nil {
						t.Errorf("tree %d, seed %d: %v", k, seed, err)
						continue
					}
					for _, m := range eqs {
						if reg := solve.RegretMixed(r.Normal, m) / soltest.FltRange(r.Normal); !(reg <= 1e-6) {
							t.Errorf("tree %d, seed %d: relative regret %.3g", k, seed, reg)
						}
					}
				}
			}
		})
	}
}
