package gnm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve/internal/float"
)

// TestJacobianMatchesFloat compares jacobian.compute with
// float.Game.PayoffJacobian on random games, at full and sparse profiles.
func TestJacobianMatchesFloat(t *testing.T) {
	for _, sizes := range [][]int{{3, 4}, {3, 3, 3}, {2, 4, 3}, {3, 2, 3, 2}, {2, 2, 2, 2, 2}} {
		rng := rand.New(rand.NewPCG(uint64(len(sizes)), 7))
		n := gametest.RandomNormal(rng, sizes, 100)
		g, err := float.NewGame(n, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		j := newJacobian(g)
		x := make([]float64, g.M)
		want, got := make([]float64, g.M*g.M), make([]float64, g.M*g.M)
		for trial := range 20 {
			g.RandomProfile(rng, x)
			if trial%2 == 1 {
				for i := range x {
					if rng.IntN(2) == 0 {
						x[i] = 0
					}
				}
			}
			g.PayoffJacobian(x, want)
			j.compute(x, got)
			for i := range want {
				if math.Abs(want[i]-got[i]) > 1e-12*(1+math.Abs(want[i])) {
					t.Fatalf("sizes %v trial %d: entry %d is %g, want %g", sizes, trial, i, got[i], want[i])
				}
			}
		}
	}
}
