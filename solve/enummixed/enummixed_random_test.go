package enummixed_test

import (
	"context"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve/enummixed"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

// TestGambitRandomEnumMixed checks EnumMixed on Gambit's random games:
// against enummixed where Gambit finished, lrsnash where lrsnash did, and
// elsewhere (20×20) every equilibrium is verified and Gambit's lcp set
// must be among ours.
func TestGambitRandomEnumMixed(t *testing.T) {
	for _, g := range soltest.RandomGames {
		if !g.Enum || (testing.Short() && g.Heavy) {
			continue
		}
		f := soltest.ReadRandom(t, g.Name)
		n := f.Normal
		start := time.Now()
		res, err := enummixed.EnumMixed(context.Background(), n, 1<<40)
		if err != nil {
			t.Fatalf("%s: %v", g.Name, err)
		}
		elapsed := time.Since(start)
		soltest.CheckMixedNash(t, g.Name, n, res.Equilibria)
		ours := map[string]bool{}
		for _, e := range res.Equilibria {
			ours[soltest.MixedLine(e)] = true
		}
		m, k := len(n.Strategies[0]), len(n.Strategies[1])
		switch {
		case soltest.RandomStatus(t, g.Name, "enummixed") == "ok":
			if ref := soltest.ExactNE(t, soltest.RandomRef(g.Name, "enummixed")); !soltest.SameSet(ours, ref) {
				t.Errorf("%s: enummixed: %s", g.Name, soltest.SetDiff(ours, ref))
			}
			t.Logf("%s: %d equilibria, Gambit's enummixed set, %v", g.Name, len(ours), elapsed)
		case soltest.RandomStatus(t, g.Name, "lrsnash") == "ok":
			if ref := soltest.ExactLrsnash(t, soltest.RandomRef(g.Name, "lrsnash"), m, k); !soltest.SameSet(ours, ref) {
				t.Errorf("%s: lrsnash: %s", g.Name, soltest.SetDiff(ours, ref))
			}
			t.Logf("%s: %d equilibria, lrsnash's set (Gambit's enummixed timed out), %v", g.Name, len(ours), elapsed)
		default:
			ref := soltest.ExactNE(t, soltest.RandomRef(g.Name, "lcp"))
			for line := range ref {
				if !ours[line] {
					t.Errorf("%s: Gambit's lcp equilibrium %s missing", g.Name, line)
				}
			}
			t.Logf("%s: %d equilibria verified (Gambit's enummixed and lrsnash timed out; its lcp found %d, all among them), %v", g.Name, len(ours), len(ref), elapsed)
		}
	}
}

// TestEnumMixedOrder checks the canonical order on random games, with
// player 1 the larger player (so that the walk runs on player 2's
// polytope) and the smaller: player 1's probabilities decreasing
// lexicographically, then player 2's.
func TestEnumMixedOrder(t *testing.T) {
	for seed := range uint64(12) {
		sizes := []int{4, 3}
		if seed%2 == 1 {
			sizes = []int{3, 4}
		}
		n := gametest.RandomNormal(rand.New(rand.NewPCG(seed, 3)), sizes, 4)
		res, err := enummixed.EnumMixed(context.Background(), n, 0)
		if err != nil {
			t.Fatal(err)
		}
		for k := 1; k < len(res.Equilibria); k++ {
			a, b := res.Equilibria[k-1], res.Equilibria[k]
			c := slices.CompareFunc(a[0], b[0], (*big.Rat).Cmp)
			if c == 0 {
				c = slices.CompareFunc(a[1], b[1], (*big.Rat).Cmp)
			}
			if c <= 0 {
				t.Errorf("seed %d: equilibrium %d %v is listed before %v", seed, k-1, a, b)
			}
		}
	}
}
