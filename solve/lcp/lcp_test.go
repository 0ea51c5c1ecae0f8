package lcp_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enummixed"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lcp"

	"github.com/tablero-project/tablero/game"
)

// TestLCPRandom checks on random games, nondegenerate and degenerate, that
// every equilibrium LCP returns is exact and extreme, that Stop and Depth
// limit the search, and that the first equilibrium is label 1's.
func TestLCPRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for iter := range 120 {
		span := int64(1_000)
		if iter%2 == 1 {
			span = 3 // ties
		}
		n := gametest.RandomNormal(rng, []int{1 + rng.IntN(6), 1 + rng.IntN(6)}, span)
		all, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) == 0 {
			t.Fatalf("game %d: no equilibrium", iter)
		}
		soltest.CheckMixedNash(t, "lcp", n, all)
		res, err := enummixed.EnumMixed(context.Background(), n, 0)
		if err != nil {
			t.Fatal(err)
		}
		extreme := map[string]bool{}
		for _, e := range res.Equilibria {
			extreme[soltest.MixedLine(e)] = true
		}
		seen := map[string]bool{}
		for _, e := range all {
			if !extreme[soltest.MixedLine(e)] || seen[soltest.MixedLine(e)] {
				t.Fatalf("game %d: %s not extreme or repeated", iter, soltest.MixedLine(e))
			}
			seen[soltest.MixedLine(e)] = true
		}
		one, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{Stop: 1})
		if err != nil || len(one) != 1 || soltest.MixedLine(one[0]) != soltest.MixedLine(all[0]) {
			t.Fatalf("game %d: Stop 1 gives %v (%v), the full search starts with %s", iter, soltest.LineSet(one), err, soltest.MixedLine(all[0]))
		}
		shallow, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{Depth: 1})
		if err != nil || len(shallow) > len(all) {
			t.Fatalf("game %d: Depth 1 gives %d of %d (%v)", iter, len(shallow), len(all), err)
		}
	}
}

// TestLCPShapley checks Shapley's (1974) example, where Lemke–Howson from
// the artificial equilibrium reaches only one of the three equilibria
// (catalog/journals/other/shapley1974/fig3.nfg: Gambit finds 1 of 3).
func TestLCPShapley(t *testing.T) {
	n := soltest.Bimatrix(t, "0,0 3,2 0,3; 2,3 2,2 0,0; 3,0 0,0 1,1")
	eqs, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	soltest.CheckMixedNash(t, "shapley", n, eqs)
	res, err := enummixed.EnumMixed(context.Background(), n, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(eqs) != 1 || soltest.MixedLine(eqs[0]) != "NE,0,0,1,0,0,1" || len(res.Equilibria) != 3 {
		t.Errorf("LCP found %q, EnumMixed %q", soltest.LineSet(eqs), soltest.LineSet(res.Equilibria))
	}
}

func TestLCPErrors(t *testing.T) {
	three := &game.Normal{Players: []string{"1", "2", "3"}, Strategies: [][]string{{"a"}, {"b"}, {"c"}}, Cells: make([]*game.Outcome, 1)}
	if _, err := lcp.LCP(context.Background(), three, lcp.LCPOptions{}); err == nil || !strings.Contains(err.Error(), "two-player") {
		t.Errorf("three players: %v", err)
	}
	n := gametest.RandomNormal(rand.New(rand.NewPCG(2, 2)), []int{12, 12}, 100)
	if _, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{Budget: 5}); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("tiny budget: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lcp.LCP(ctx, n, lcp.LCPOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
