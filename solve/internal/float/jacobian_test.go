package float

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
)

// contractJacobian is the Jacobian computed by tensor contraction, the
// reference Jacobian.Compute is checked against.
func (g *Game) contractJacobian(x, dg []float64) {
	m := g.M
	clear(dg[:m*m])
	for p := range g.N {
		for q := range g.N {
			if q == p {
				continue
			}
			lo, hi := min(p, q), max(p, q)
			r := g.contractExcept(p, x, lo, hi)
			for i := range g.Sizes[p] {
				row := dg[(g.Off[p]+i)*m+g.Off[q]:]
				for j := range g.Sizes[q] {
					if p < q {
						row[j] = r[j*g.Sizes[p]+i]
					} else {
						row[j] = r[i*g.Sizes[q]+j]
					}
				}
			}
		}
	}
}

// TestJacobianMatchesContraction compares Jacobian.Compute with the
// Jacobian by tensor contraction on random games, at full and sparse
// profiles.
func TestJacobianMatchesContraction(t *testing.T) {
	for _, sizes := range [][]int{{3, 4}, {3, 3, 3}, {2, 4, 3}, {3, 2, 3, 2}, {2, 2, 2, 2, 2}} {
		rng := rand.New(rand.NewPCG(uint64(len(sizes)), 7))
		n := gametest.RandomNormal(rng, sizes, 100)
		g, err := NewGame(n, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		j := NewJacobian(g)
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
			g.contractJacobian(x, want)
			j.Compute(x, got)
			for i := range want {
				if math.Abs(want[i]-got[i]) > 1e-12*(1+math.Abs(want[i])) {
					t.Fatalf("sizes %v trial %d: entry %d is %g, want %g", sizes, trial, i, got[i], want[i])
				}
			}
		}
	}
}
