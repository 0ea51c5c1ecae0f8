package game

import (
	"context"
	"errors"
	"math/big"
	"runtime"
	"strings"
	"testing"
	"time"
)

// chain builds a validated game of depth personal nodes, players 1 and 2
// alternating, each with its own information set: action 1 ends the game,
// action 2 goes on.
func chain(t testing.TB, depth int) *Game {
	t.Helper()
	g := &Game{Players: []string{"1", "2"}}
	leaf := func(i int) *Node {
		o := &Outcome{ID: i + 1, Payoffs: []*big.Rat{big.NewRat(int64(i), 1), big.NewRat(int64(-i), 1)}}
		g.Outcomes = append(g.Outcomes, o)
		return &Node{Outcome: o}
	}
	g.Root = &Node{}
	n := g.Root
	for i := range depth {
		s := &Infoset{Player: i % 2, ID: i/2 + 1, Actions: []Action{{Label: "stop"}, {Label: "go"}}}
		next := &Node{}
		n.Infoset, n.Children = s, []*Node{leaf(i), next}
		n = next
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	return g
}

// allocated runs f and returns the bytes it allocated, an upper bound on
// the heap it can have grown by.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestPerfectRecallDeepChain(t *testing.T) {
	g := chain(t, 100_000)
	var err error
	start := time.Now()
	bytes := allocated(func() { err = g.PerfectRecall() })
	if err != nil {
		t.Fatalf("PerfectRecall on a chain: %v", err)
	}
	// The check used to copy each player's history per information set:
	// 4.5 GB and more for this chain.
	if bytes > 200<<20 {
		t.Errorf("PerfectRecall allocated %d MB on a chain of 10^5 nodes, want < 200 MB", bytes>>20)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("PerfectRecall took %v on a chain of 10^5 nodes", d)
	}
	t.Logf("chain of 10^5 nodes: %v, %d MB allocated", time.Since(start), bytes>>20)
}

func TestPerfectRecallCancelled(t *testing.T) {
	g := chain(t, 100_000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := g.PerfectRecallContext(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("PerfectRecallContext with a cancelled context: got %v, want context.Canceled", err)
	}
}

func TestPerfectRecallFaults(t *testing.T) {
	// forget: player 1 reaches one information set after either of its
	// two actions.
	forget := func() *Game {
		g := &Game{Players: []string{"1"}}
		o := &Outcome{ID: 1, Payoffs: []*big.Rat{new(big.Rat)}}
		g.Outcomes = []*Outcome{o}
		a := &Infoset{Player: 0, ID: 1, Label: "a", Actions: []Action{{Label: "x"}, {Label: "y"}}}
		b := &Infoset{Player: 0, ID: 2, Label: "b", Actions: []Action{{Label: "l"}, {Label: "r"}}}
		leaf := func() *Node { return &Node{Outcome: o} }
		g.Root = &Node{Infoset: a, Children: []*Node{
			{Infoset: b, Children: []*Node{leaf(), leaf()}},
			{Infoset: b, Children: []*Node{leaf(), leaf()}},
		}}
		return g
	}
	absent := func() *Game {
		g := &Game{Players: []string{"1"}}
		o := &Outcome{ID: 1, Payoffs: []*big.Rat{new(big.Rat)}}
		g.Outcomes = []*Outcome{o}
		a := &Infoset{Player: 0, ID: 1, Label: "a", Actions: []Action{{Label: "x"}, {Label: "y"}}}
		leaf := func() *Node { return &Node{Outcome: o} }
		g.Root = &Node{Infoset: a, Children: []*Node{leaf(), {Infoset: a, Children: []*Node{leaf(), leaf()}}}}
		return g
	}
	tests := []struct {
		name string
		g    *Game
		want string // "" for perfect recall
	}{
		{"chain", chain(t, 10), ""},
		{"forgets", forget(), "imperfect recall"},
		{"absent-minded", absent(), "absent-minded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.g.Validate(); err != nil {
				t.Fatal(err)
			}
			err := tc.g.PerfectRecall()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("PerfectRecall: %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("PerfectRecall: %v, want an error about %s", err, tc.want)
			}
		})
	}
}

func TestCloneDeepChain(t *testing.T) {
	g := chain(t, 100_000)
	c := g.Clone()
	if len(c.Nodes) != len(g.Nodes) {
		t.Fatalf("Clone has %d nodes, want %d", len(c.Nodes), len(g.Nodes))
	}
}
