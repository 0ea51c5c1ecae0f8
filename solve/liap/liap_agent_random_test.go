package liap_test

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/liap"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

// agentRegret is the largest gain of one agent switching to a pure
// action, relative to the range of payoffs over plays, computed
// independently of the minimiser from the game's own expected payoffs.
func agentRegret(g *game.Game, b game.Behavior) float64 {
	base := g.Payoffs(b)
	worst := 0.0
	for p, sets := range g.Infosets {
		for i, s := range sets {
			keep := b[p][i]
			for act := range s.Actions {
				pure := make([]float64, len(s.Actions))
				pure[act] = 1
				b[p][i] = pure
				worst = math.Max(worst, g.Payoffs(b)[p]-base[p])
			}
			b[p][i] = keep
		}
	}
	if lo, hi := soltest.FltPlayRange(g); hi > lo {
		worst /= hi - lo
	}
	return worst
}

// checkAgentEquilibria fails the test for any profile whose agent regret
// exceeds Gambit's acceptance, 1e-4 of the payoff range.
func checkAgentEquilibria(t *testing.T, name string, g *game.Game, eqs []game.Behavior) {
	t.Helper()
	for _, b := range eqs {
		if r := agentRegret(g, b); !(r <= 1e-4+1e-12) {
			t.Errorf("%s: reported profile has relative agent regret %.3g", name, r)
		}
	}
}

// TestLiapAgentConformance runs liap -A with Gambit's flags (10 starts,
// seed 1) on every tree where Gambit's liap -A found an agent
// equilibrium: tablero's must find one too, and every profile it reports
// must be one.
func TestLiapAgentConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("liap -A over Gambit's samples takes a while")
	}
	rows, col := soltest.PeerIndex(t)
	games, found := 0, 0
	for _, row := range rows {
		if row[col["tool"]] != "liap-A" || row[col["status"]] != "ok" || row[col["n_equilibria"]] == "0" {
			continue
		}
		name := row[col["game"]]
		f, err := gambit.ReadFile(filepath.Join(soltest.PeerDir, row[col["file"]]))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		games++
		eqs, err := liap.LiapAgent(context.Background(), f.Tree, liap.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}})
		if err != nil {
			t.Errorf("%s: Gambit's liap -A finds %s agent equilibria, tablero's: %v", name, row[col["n_equilibria"]], err)
			continue
		}
		found += len(eqs)
		checkAgentEquilibria(t, name, f.Tree, eqs)
	}
	t.Logf("liap -A: %d agent equilibria on the %d trees where Gambit's finds one", found, games)
}

// TestLiapAgentRandomTrees runs liap -A on fresh random trees with two
// and three players, of perfect and imperfect information (with perfect
// recall), and checks that it finds an agent equilibrium on each, by
// agent regret.
func TestLiapAgentRandomTrees(t *testing.T) {
	for _, tc := range []struct {
		name    string
		players int
		pi      bool
	}{
		{"two players, perfect information", 2, true},
		{"two players, imperfect information", 2, false},
		{"three players, perfect information", 3, true},
		{"three players, imperfect information", 3, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			trees := gametest.RandomTrees(t, tc.players, tc.pi, gametest.SeedRange(1, 32))
			t.Logf("%d trees from 32 seeds", len(trees))
			for k, g := range trees {
				eqs, err := liap.LiapAgent(context.Background(), g, liap.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}})
				if err != nil {
					t.Errorf("tree %d: %v", k, err)
					continue
				}
				checkAgentEquilibria(t, tc.name, g, eqs)
			}
		})
	}
}

// TestLiapAgentReportsFailure checks the errors when no equilibrium is
// reached: a zero-sum matching-pennies tree whose only equilibrium is
// mixed (2/5 on H for both), which one iteration from each start does
// not reach, and a budget of a few steps stops the search.
func TestLiapAgentReportsFailure(t *testing.T) {
	second := gametest.Set(1, "H", "T")
	pennies := gametest.NewTree(t, 2, gametest.Move(gametest.Set(0, "H", "T"),
		gametest.Move(second, gametest.Leaf("2", "-2"), gametest.Leaf("-1", "1")),
		gametest.Move(second, gametest.Leaf("-1", "1"), gametest.Leaf("1", "-1"))))
	for _, tc := range []struct {
		name string
		opt  solve.FloatOptions
		want error
		text string
	}{
		{"iterations", solve.FloatOptions{Seed: 1, Starts: 2, MaxIter: 1}, solve.ErrNotFound, "20 starts of at most 1 iterations"},
		{"budget", solve.FloatOptions{Seed: 1, Budget: 50}, solve.ErrBudget, "budget"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eqs, err := liap.LiapAgent(context.Background(), pennies, liap.LiapOptions{FloatOptions: tc.opt})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("got %d profiles and error %v, want one wrapping %v and naming %q", len(eqs), err, tc.want, tc.text)
			}
		})
	}
	eqs, err := liap.LiapAgent(context.Background(), pennies, liap.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	checkAgentEquilibria(t, "matching pennies", pennies, eqs)
}
