package solve_test

import (
	"math"
	"math/big"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/logit"

	"github.com/tablero-project/tablero/game"
)

func TestRegretMixed(t *testing.T) {
	// Matching pennies: only (1/2, 1/2) twice is an equilibrium.
	n := &game.Normal{Players: []string{"1", "2"}, Strategies: [][]string{{"H", "T"}, {"H", "T"}}}
	for _, pay := range [][2]int64{{1, -1}, {-1, 1}, {-1, 1}, {1, -1}} {
		n.Cells = append(n.Cells, &game.Outcome{Payoffs: []*big.Rat{big.NewRat(pay[0], 1), big.NewRat(pay[1], 1)}})
	}
	half := big.NewRat(1, 2)
	eq := game.MixedRat{{half, half}, {half, half}}
	if r := solve.RegretMixedRat(n, eq); r.Sign() != 0 {
		t.Errorf("regret at the equilibrium = %v", r)
	}
	pure := game.MixedRat{{big.NewRat(1, 1), new(big.Rat)}, {half, half}}
	// Against heads, player 2 gains 1 by playing tails (it wants to mismatch).
	if r := solve.RegretMixedRat(n, pure); r.Cmp(big.NewRat(1, 1)) != 0 {
		t.Errorf("regret = %v, want 1", r)
	}
	if r := solve.RegretMixed(n, pure.Float()); math.Abs(r-1) > 1e-15 {
		t.Errorf("float regret = %v, want 1", r)
	}
}

func TestRegretBehavior(t *testing.T) {
	g := gametest.Signalling(t)
	res, err := logit.Logit(t.Context(), g, logit.LogitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := solve.RegretBehavior(g, res.End.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if r > 1e-6 {
		t.Errorf("logit end point has Nash regret %v", r)
	}
	r, _ = solve.RegretBehavior(g, g.UniformBehavior())
	if r < 0.1 {
		t.Errorf("uniform play has regret %v; expected a clear gain from deviating", r)
	}
}
