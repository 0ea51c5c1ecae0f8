package enummixed_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enummixed"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

// TestEnumMixedRefusesUpFront checks that games whose vertex enumeration
// is hopeless with the budget are refused at once, with the estimate: a
// 30×30 game used to run for about 30 s before the budget stopped it.
func TestEnumMixedRefusesUpFront(t *testing.T) {
	tests := []struct {
		m, k   int
		budget int
		want   string // "" when the enumeration must run
	}{
		{30, 30, 0, "enummixed on a 30×30 game needs about 1.38e+13 steps"},
		{25, 40, 0, "enummixed on a 25×40 game needs about"},
		{40, 25, 0, "enummixed on a 40×25 game needs about"},
		{8, 8, 1_000, "takes more than 1000 steps"}, // within the slack: stopped as it runs
		{20, 20, 10, "enummixed on a 20×20 game needs about 8.01e+08 steps (up to 4.01e+07 vertices of a 20-dimensional polytope with 40 facets, at least 20 steps each), budget is 10"},
		{8, 8, 0, ""},
		{1, 30, 0, ""},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range tests {
		n := gametest.RandomNormal(rng, []int{tc.m, tc.k}, 1000)
		start := time.Now()
		_, err := enummixed.EnumMixed(context.Background(), n, tc.budget)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%d×%d: %v", tc.m, tc.k, err)
			}
			continue
		}
		if !errors.Is(err, solve.ErrBudget) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%d×%d, budget %d: %v, want ErrBudget with %q", tc.m, tc.k, tc.budget, err, tc.want)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%d×%d: refused after %v, want at once", tc.m, tc.k, d)
		}
	}
}

// TestEnumMixedDegenerateBudget checks that a degenerate 20×20 game
// (payoffs in {0, 1, 2}) is stopped by a budget in which a pivot counts
// as many steps as the tableau has rows, with an error that says how to
// raise it. Such games have millions of lexicographic bases; with pivots
// counted 2 steps each, the default budget let one run 26 s.
func TestEnumMixedDegenerateBudget(t *testing.T) {
	n := gametest.RandomNormal(rand.New(rand.NewPCG(7, 7)), []int{20, 20}, 3)
	_, err := enummixed.EnumMixed(context.Background(), n, 2_000_000)
	if !errors.Is(err, solve.ErrBudget) || !strings.Contains(err.Error(), "takes more than 2000000 steps (raise the step budget with --budget)") {
		t.Errorf("degenerate 20×20, budget 2000000: %v, want ErrBudget naming --budget", err)
	}
}

// TestEnumMixedDegenerateNotRefused checks that a game with many ties
// among its pure best responses is not refused for its worst case:
// contrib/games/caro2's reduced strategic form (27×64) is bounded by
// 10^16 steps and takes about 3·10^6.
func TestEnumMixedDegenerateNotRefused(t *testing.T) {
	f, err := gambit.ReadFile(filepath.Join(soltest.PeerDir, "games/contrib/games/caro2.efg"))
	if err != nil {
		t.Skipf("../shared/peers/gambit not available: %v", err)
	}
	n, err := soltest.ExactNormal(f, soltest.ExactMaxProfiles)
	if err != nil {
		t.Fatal(err)
	}
	res, err := enummixed.EnumMixed(context.Background(), n, 0)
	if err != nil {
		t.Fatalf("caro2 at the default budget: %v", err)
	}
	if len(res.Equilibria) == 0 {
		t.Error("caro2: no equilibrium")
	}
	soltest.CheckMixedNash(t, "caro2", n, res.Equilibria)
}
