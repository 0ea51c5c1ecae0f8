package liap

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve/internal/float"

	"github.com/tablero-project/tablero/game"
)

// TestAgentLiapGradient compares the exact gradient with central
// differences at random interior profiles of trees with chance moves,
// outcomes at inner nodes and three players.
func TestAgentLiapGradient(t *testing.T) {
	for _, tc := range []struct {
		name string
		g    *game.Game
	}{
		{"signalling", gametest.Signalling(t)},
		{"three players", gametest.ThreePlayers(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := newAgentLiap(tc.g, &float.Meter{Ctx: context.Background(), Limit: 1 << 40})
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(3, 4))
			for k := 1; k <= 6; k++ {
				x := a.start(k, rng)
				grad := make([]float64, len(x))
				if _, err := a.gradient(x, grad); err != nil {
					t.Fatal(err)
				}
				const h = 1e-6
				for j := range x {
					old := x[j]
					x[j] = old + h
					hi := a.evaluate(x)
					x[j] = old - h
					lo := a.evaluate(x)
					x[j] = old
					if fd := (hi - lo) / (2 * h); math.Abs(fd-grad[j]) > 1e-6*(1+math.Abs(fd)) {
						t.Errorf("start %d, variable %d: gradient %v, central difference %v", k, j, grad[j], fd)
					}
				}
			}
		})
	}
}
