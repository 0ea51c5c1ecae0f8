package liap

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/soltest"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

func TestLiapAgentSignalling(t *testing.T) {
	g := gametest.Signalling(t)
	eqs, err := LiapAgent(context.Background(), g, LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	a := newAgentLiap(g)
	for _, b := range eqs {
		if r := deviationRegret(g, b); r > 1e-4*a.payoffRange() {
			t.Errorf("reported profile has agent regret %v", r)
		}
	}
}

// deviationRegret is the largest gain of one agent switching to a pure
// action, computed independently of the minimiser from the game's own
// expected payoffs.
func deviationRegret(g *game.Game, b game.Behavior) float64 {
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
	return worst
}

// TestLiapAgentConformance runs liap -A on every tree Gambit ran it on and
// checks that every profile reported is an agent equilibrium (agent
// regret within Gambit's acceptance, 1e-4 of the payoff range).
func TestLiapAgentConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("liap -A over Gambit's samples takes a while")
	}
	rows, col := soltest.PeerIndex(t)
	games, found, solved := 0, 0, 0
	for _, row := range rows {
		if row[col["tool"]] != "liap-A" || row[col["status"]] != "ok" {
			continue
		}
		g, err := gambit.ReadFile(filepath.Join(soltest.PeerDir, row[col["file"]]))
		if err != nil || g.Tree == nil || len(g.Tree.Nodes) > 400 {
			continue
		}
		games++
		eqs, err := LiapAgent(context.Background(), g.Tree, LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1, Starts: 3, MaxIter: 300}})
		if err != nil {
			continue // none found from these starts: Gambit often finds none either
		}
		solved++
		a := newAgentLiap(g.Tree)
		for _, b := range eqs {
			found++
			if r := deviationRegret(g.Tree, b); r > 1e-4*a.payoffRange()+1e-9 {
				t.Errorf("%s: profile with agent regret %v", row[col["game"]], r)
			}
		}
	}
	t.Logf("liap -A: %d agent equilibria on %d of %d trees Gambit ran it on (trees up to 400 nodes)", found, solved, games)
}
