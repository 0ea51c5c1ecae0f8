package pure

import (
	"context"
	"math/big"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"

	"github.com/tablero-project/tablero/game"
)

// pureMethod solves a tree by the first pure agent-form equilibrium.
func pureMethod(ctx context.Context, g *game.Game) (game.BehaviorRat, error) {
	eqs, err := AgentPureNash(ctx, g, 0)
	if err != nil || len(eqs) == 0 {
		return nil, err
	}
	return pureRat(g, eqs[0]), nil
}

func pureRat(g *game.Game, pb PureBehavior) game.BehaviorRat {
	b := make(game.BehaviorRat, len(g.Players))
	for p, sets := range g.Infosets {
		b[p] = make([][]*big.Rat, len(sets))
		for i, s := range sets {
			b[p][i] = make([]*big.Rat, len(s.Actions))
			for a := range s.Actions {
				b[p][i][a] = new(big.Rat)
			}
			b[p][i][pb[p][i]].SetInt64(1)
		}
	}
	return b
}

// entryCoordination is an entry game whose entry leads to a simultaneous
// coordination subgame: (Out, ·) is a Nash equilibrium sustained by a
// threat to miscoordinate, which subgame perfection rules out only when the
// subgame is solved first.
func entryCoordination(t *testing.T) *game.Game {
	b := gametest.NewBuilder("Entrant", "Incumbent")
	entry, e2 := gametest.SetN(0, 2), gametest.SetN(0, 2)
	inc := gametest.SetN(1, 2)
	root := gametest.Move(entry,
		gametest.Move(e2,
			gametest.Move(inc, b.Leaf(3, 1), b.Leaf(0, 0)),
			gametest.Move(inc, b.Leaf(0, 0), b.Leaf(1, 3))),
		b.Leaf(2, 2))
	return b.Done(t, root)
}

func TestSubgameRoots(t *testing.T) {
	g := entryCoordination(t)
	roots := SubgameRoots(g)
	if len(roots) != 2 || roots[0] != g.Root || roots[1] != g.Root.Children[0] {
		t.Fatalf("subgame roots %v, want the root and the entry node", roots)
	}
	if got := len(SubgameRoots(gametest.Signalling(t))); got != 1 {
		t.Errorf("the signalling game has %d subgames, want only itself", got)
	}
}

func TestSubgamePerfect(t *testing.T) {
	ctx := context.Background()
	g := entryCoordination(t)
	b, err := SubgamePerfect(ctx, g, pureMethod)
	if err != nil {
		t.Fatal(err)
	}
	// The subgame's first pure equilibrium is (top, left): worth 3 > 2 to
	// the entrant, who therefore enters.
	if b[0][0][0].Cmp(big.NewRat(1, 1)) != 0 {
		t.Errorf("entrant stays out: %v", b.Flat())
	}
	if r, _ := solve.RegretBehavior(g, b.Float()); r > 1e-12 {
		t.Errorf("result has regret %v", r)
	}
	// On a perfect-information tree every subgame is solved by backward
	// induction: the result is one of the SPE.
	pi := qreThreePlayersPI(t)
	got, err := SubgamePerfect(ctx, pi, pureMethod)
	if err != nil {
		t.Fatal(err)
	}
	spes, _ := SPE(ctx, pi, 0)
	found := false
	for _, s := range spes {
		if gambitLine(pureRat(pi, s).Flat()) == gambitLine(got.Flat()) {
			found = true
		}
	}
	if !found {
		t.Errorf("%v is not among the %d SPE", got.Flat(), len(spes))
	}
}

// qreThreePlayersPI is a small three-player perfect-information tree with
// a chance move.
func qreThreePlayersPI(t *testing.T) *game.Game {
	b := gametest.NewBuilder("A", "B", "C")
	root := gametest.Move(gametest.SetN(0, 2),
		gametest.Move(gametest.ChanceSet("1/3", "2/3"),
			gametest.Move(gametest.SetN(1, 2), b.Leaf(1, 2, 0), gametest.Move(gametest.SetN(2, 2), b.Leaf(0, 0, 3), b.Leaf(4, 1, 1))),
			gametest.Move(gametest.SetN(2, 2), b.Leaf(2, 2, 2), b.Leaf(3, 0, 1))),
		gametest.Move(gametest.SetN(1, 2), b.Leaf(2, 1, 0), b.Leaf(1, 3, 3)))
	return b.Done(t, root)
}

func gambitLine(v []*big.Rat) string {
	s := ""
	for _, r := range v {
		s += r.RatString() + ","
	}
	return s
}
