package solve_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
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
	if lo, hi := fltPlayRange(g); hi > lo {
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
	rows, col := peerIndex(t)
	games, found := 0, 0
	for _, row := range rows {
		if row[col["tool"]] != "liap-A" || row[col["status"]] != "ok" || row[col["n_equilibria"]] == "0" {
			continue
		}
		name := row[col["game"]]
		f, err := gambit.ReadFile(filepath.Join(peerDir, row[col["file"]]))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		games++
		eqs, err := solve.LiapAgent(context.Background(), f.Tree, solve.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}})
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
			trees := randomTrees(t, tc.players, tc.pi, seedRange(1, 32))
			t.Logf("%d trees from 32 seeds", len(trees))
			for k, g := range trees {
				eqs, err := solve.LiapAgent(context.Background(), g, solve.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}})
				if err != nil {
					t.Errorf("tree %d: %v", k, err)
					continue
				}
				checkAgentEquilibria(t, tc.name, g, eqs)
			}
		})
	}
}

// randomTrees returns the random trees of depth 4 (randomTree) drawn with
// the given seeds that have perfect recall, at least one move of player 1
// and a reduced strategic form of at most 50000 profiles.
func randomTrees(t testing.TB, players int, pi bool, seeds []uint64) []*game.Game {
	t.Helper()
	var out []*game.Game
	for _, seed := range seeds {
		g := randomTree(t, rand.New(rand.NewPCG(seed, 16)), players, 4, pi)
		if g.PerfectRecall() != nil || len(g.Infosets[0]) == 0 {
			continue
		}
		if _, err := g.Reduce(50000); err == nil {
			out = append(out, g)
		}
	}
	return out
}

// seedRange returns the seeds from, from+1, …, to.
func seedRange(from, to uint64) []uint64 {
	var out []uint64
	for s := from; s <= to; s++ {
		out = append(out, s)
	}
	return out
}

// TestLiapAgentReportsFailure checks the errors when no equilibrium is
// reached: a zero-sum matching-pennies tree whose only equilibrium is
// mixed (2/5 on H for both), which one iteration from each start does
// not reach, and a budget of a few steps stops the search.
func TestLiapAgentReportsFailure(t *testing.T) {
	second := set(1, "H", "T")
	pennies := newTree(t, 2, move(set(0, "H", "T"),
		move(second, leaf("2", "-2"), leaf("-1", "1")),
		move(second, leaf("-1", "1"), leaf("1", "-1"))))
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
			eqs, err := solve.LiapAgent(context.Background(), pennies, solve.LiapOptions{FloatOptions: tc.opt})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("got %d profiles and error %v, want one wrapping %v and naming %q", len(eqs), err, tc.want, tc.text)
			}
		})
	}
	eqs, err := solve.LiapAgent(context.Background(), pennies, solve.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	checkAgentEquilibria(t, "matching pennies", pennies, eqs)
}
