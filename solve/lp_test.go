package solve_test

import (
	"context"
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

func TestLPMatchingPennies(t *testing.T) {
	n := bimatrix(t, "1,-1 -1,1; -1,1 1,-1")
	eq, err := solve.LP(context.Background(), n, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := mixedLine(eq); got != "NE,1/2,1/2,1/2,1/2" {
		t.Errorf("got %s", got)
	}
}

// zeroSum returns a random m×k constant-sum game (payoffs summing to 7).
func zeroSum(m, k int, span int64, rng *rand.Rand) *game.Normal {
	n := randomBimatrix(m, k, span, rng)
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
		eq, err := solve.LP(context.Background(), n, 0)
		if err != nil {
			t.Fatal(err)
		}
		checkMixedNash(t, "lp", n, []game.MixedRat{eq})
		res, err := solve.EnumMixed(context.Background(), n, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range res.Equilibria {
			found = found || mixedLine(e) == mixedLine(eq)
			if payoffRat(n, e).Cmp(payoffRat(n, eq)) != 0 {
				t.Fatalf("game %d: values %s and %s", iter, payoffRat(n, e).RatString(), payoffRat(n, eq).RatString())
			}
		}
		if !found {
			t.Fatalf("game %d: %s is not an extreme equilibrium", iter, mixedLine(eq))
		}
	}
}

func TestLPErrors(t *testing.T) {
	if _, err := solve.LP(context.Background(), bimatrix(t, "2,1 0,0; 0,0 1,2"), 0); !errors.Is(err, solve.ErrNotConstantSum) {
		t.Errorf("battle of the sexes: %v", err)
	}
	three := &game.Normal{Players: []string{"1", "2", "3"}, Strategies: [][]string{{"a"}, {"b"}, {"c"}}, Cells: make([]*game.Outcome, 1)}
	if _, err := solve.LP(context.Background(), three, 0); err == nil {
		t.Error("three players accepted")
	}
	n := zeroSum(15, 15, 100, rand.New(rand.NewPCG(3, 3)))
	if _, err := solve.LP(context.Background(), n, 1); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("tiny budget: %v", err)
	}
}
