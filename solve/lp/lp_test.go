package lp_test

import (
	"context"
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enummixed"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lp"

	"github.com/tablero-project/tablero/game"
)

func TestLPMatchingPennies(t *testing.T) {
	n := soltest.Bimatrix(t, "1,-1 -1,1; -1,1 1,-1")
	eq, err := lp.LP(context.Background(), n, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := soltest.MixedLine(eq); got != "NE,1/2,1/2,1/2,1/2" {
		t.Errorf("got %s", got)
	}
}

// zeroSum returns a random m×k constant-sum game (payoffs summing to 7).
func zeroSum(m, k int, span int64, rng *rand.Rand) *game.Normal {
	n := gametest.RandomNormal(rng, []int{m, k}, span)
	for _, o := range n.Cells {
		o.Payoffs[1] = new(big.Rat).Sub(big.NewRat(7, 1), o.Payoffs[0])
	}
	return n
}

// TestLPRandom checks on random constant-sum games that LP's profile is an
// exact equilibrium, extreme (one of EnumMixed's), and that its value is
// the value of every equilibrium.
func TestLPRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for iter := range 100 {
		span := int64(1000)
		if iter%2 == 1 {
			span = 3
		}
		n := zeroSum(1+rng.IntN(6), 1+rng.IntN(6), span, rng)
		eq, err := lp.LP(context.Background(), n, 0)
		if err != nil {
			t.Fatal(err)
		}
		soltest.CheckMixedNash(t, "lp", n, []game.MixedRat{eq})
		res, err := enummixed.EnumMixed(context.Background(), n, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range res.Equilibria {
			found = found || soltest.MixedLine(e) == soltest.MixedLine(eq)
			if soltest.PayoffRat(n, e).Cmp(soltest.PayoffRat(n, eq)) != 0 {
				t.Fatalf("game %d: values %s and %s", iter, soltest.PayoffRat(n, e).RatString(), soltest.PayoffRat(n, eq).RatString())
			}
		}
		if !found {
			t.Fatalf("game %d: %s is not an extreme equilibrium", iter, soltest.MixedLine(eq))
		}
	}
}

func TestLPErrors(t *testing.T) {
	if _, err := lp.LP(context.Background(), soltest.Bimatrix(t, "2,1 0,0; 0,0 1,2"), 0); !errors.Is(err, lp.ErrNotConstantSum) {
		t.Errorf("battle of the sexes: %v", err)
	}
	three := &game.Normal{Players: []string{"1", "2", "3"}, Strategies: [][]string{{"a"}, {"b"}, {"c"}}, Cells: make([]*game.Outcome, 1)}
	if _, err := lp.LP(context.Background(), three, 0); err == nil {
		t.Error("three players accepted")
	}
	n := zeroSum(15, 15, 100, rand.New(rand.NewPCG(3, 3)))
	if _, err := lp.LP(context.Background(), n, 1); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("tiny budget: %v", err)
	}
}
