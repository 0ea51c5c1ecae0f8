package solve

import (
	"context"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/tablero-project/tablero/game"
)

// deepChain builds a validated chain of depth personal nodes, players 1
// and 2 alternating, each with its own information set: action 1 ends the
// game, action 2 goes on.
func deepChain(t testing.TB, depth int) *game.Game {
	t.Helper()
	g := &game.Game{Players: []string{"1", "2"}}
	g.Root = &game.Node{}
	n := g.Root
	for i := range depth {
		o := &game.Outcome{ID: i + 1, Payoffs: []*big.Rat{big.NewRat(int64(i), 1), big.NewRat(int64(-i), 1)}}
		g.Outcomes = append(g.Outcomes, o)
		next := &game.Node{}
		s := &game.Infoset{Player: i % 2, ID: i/2 + 1, Actions: []game.Action{{Label: "stop"}, {Label: "go"}}}
		n.Infoset, n.Children = s, []*game.Node{{Outcome: o}, next}
		n = next
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestPureNashTreeDeepChain checks that enumpure refuses deep chains up
// front: at 5,000 nodes it used to run for minutes within its budget of
// profiles, each evaluation walking the whole chain.
func TestPureNashTreeDeepChain(t *testing.T) {
	for _, depth := range []int{5_000, 20_000, 100_000} {
		g := deepChain(t, depth)
		start := time.Now()
		_, err := PureNashTree(context.Background(), g, 0)
		if !errors.Is(err, ErrBudget) {
			t.Fatalf("depth %d: PureNashTree: %v, want ErrBudget", depth, err)
		}
		t.Logf("depth %d: refused in %v: %v", depth, time.Since(start), err)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("depth %d: PureNashTree took %v to refuse", depth, d)
		}
	}
}

func TestPureNashTreeSmallChain(t *testing.T) {
	eqs, err := PureNashTree(context.Background(), deepChain(t, 6), 0)
	if err != nil || len(eqs) == 0 {
		t.Fatalf("PureNashTree on a chain of 6: %v, %v", eqs, err)
	}
}

func TestPureNashTreeCancelled(t *testing.T) {
	g := deepChain(t, 100_000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PureNashTree(ctx, g, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("PureNashTree with a cancelled context: %v, want context.Canceled", err)
	}
}
