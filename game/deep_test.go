package game

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/testmem"
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

func TestPerfectRecallDeepChain(t *testing.T) {
	g := chain(t, 100_000)
	var err error
	start := time.Now()
	peak := testmem.PeakHeap(func() { err = g.PerfectRecall() })
	if err != nil {
		t.Fatalf("PerfectRecall on a chain: %v", err)
	}
	// The check used to copy each player's history per information set:
	// 4.5 GB and more for this chain.
	if peak > 200<<20 {
		t.Errorf("PerfectRecall took a peak heap of %d MB on a chain of 10^5 nodes, want < 200 MB", peak>>20)
	}
	t.Logf("chain of 10^5 nodes: %v, peak heap %d MB", time.Since(start), peak>>20)
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

func TestJSONDeepChain(t *testing.T) {
	for _, depth := range []int{10, 5_000, 100_000} {
		g := chain(t, depth)
		data, err := json.Marshal(g)
		if err != nil {
			t.Fatalf("depth %d: Marshal: %v", depth, err)
		}
		flat := bytes.Contains(data, []byte(`"nodes":`))
		if want := depth > maxNestedDepth; flat != want {
			t.Errorf("depth %d: flat form is %v, want %v", depth, flat, want)
		}
		var indented bytes.Buffer // as tablero convert --to json writes it
		if err := json.Indent(&indented, data, "", "  "); err != nil {
			t.Fatalf("depth %d: Indent: %v", depth, err)
		}
		var back Game
		if err := json.Unmarshal(indented.Bytes(), &back); err != nil {
			t.Fatalf("depth %d: Unmarshal: %v", depth, err)
		}
		if len(back.Nodes) != len(g.Nodes) || len(back.Outcomes) != len(g.Outcomes) || len(back.Infosets[1]) != len(g.Infosets[1]) {
			t.Fatalf("depth %d: round trip has %d nodes, %d outcomes, %d sets of player 2; want %d, %d, %d", depth,
				len(back.Nodes), len(back.Outcomes), len(back.Infosets[1]), len(g.Nodes), len(g.Outcomes), len(g.Infosets[1]))
		}
		last := back.Nodes[len(back.Nodes)-2].Outcome
		if want := g.Nodes[len(g.Nodes)-2].Outcome; last.Payoffs[0].Cmp(want.Payoffs[0]) != 0 {
			t.Errorf("depth %d: deepest outcome pays %v, want %v", depth, last.Payoffs[0], want.Payoffs[0])
		}
	}
}

func TestJSONFlatErrors(t *testing.T) {
	const head = `{"title":"","players":["1"],`
	leaf := `{"outcome":{"id":1,"payoffs":["0"]}}`
	move := func(kids string) string {
		return `{"player":1,"infoset":1,"actions":[{"label":"a"},{"label":"b"}],"children":` + kids + `}`
	}
	tests := []struct {
		name, doc, want string
	}{
		{"good", head + `"nodes":[` + move("[1,2]") + `,` + leaf + `,` + leaf + `]}`, ""},
		{"no tree", head + `"nodes":[]}`, "without a root"},
		{"both", head + `"root":` + leaf + `,"nodes":[` + leaf + `]}`, "both"},
		{"backwards", head + `"nodes":[` + move("[1,0]") + `,` + leaf + `]}`, "not a node listed after it"},
		{"out of range", head + `"nodes":[` + move("[1,5]") + `,` + leaf + `]}`, "not a node listed after it"},
		{"two parents", head + `"nodes":[` + move("[1,1]") + `,` + leaf + `]}`, "another parent"},
		{"orphan", head + `"nodes":[` + move("[1,2]") + `,` + leaf + `,` + leaf + `,` + leaf + `]}`, "no node's child"},
		{"null", head + `"nodes":[null]}`, "null"},
		{"null child", head + `"root":{"player":1,"infoset":1,"actions":[{"label":"a"}],"children":[null]}}`, "null"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var g Game
			err := json.Unmarshal([]byte(tc.doc), &g)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Unmarshal: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("Unmarshal: %v, want an error about %q", err, tc.want)
			}
		})
	}
}

// chanceChain builds a validated game of depth chance nodes between two
// decisions: player 1 at the root ends the game or enters the chain, each
// chance node ends it with probability zero or goes on with probability
// one, and player 2 chooses between two outcomes at the bottom. Each
// player has two reduced strategies, each walking the whole chain.
func chanceChain(t testing.TB, depth int) *Game {
	t.Helper()
	g := &Game{Players: []string{"1", "2"}}
	leaf := func(a, b int64) *Node {
		o := &Outcome{ID: len(g.Outcomes) + 1, Payoffs: []*big.Rat{big.NewRat(a, 1), big.NewRat(b, 1)}}
		g.Outcomes = append(g.Outcomes, o)
		return &Node{Outcome: o}
	}
	stop := leaf(0, 0).Outcome
	top := &Node{}
	g.Root = &Node{Infoset: &Infoset{Player: 0, ID: 1, Actions: []Action{{Label: "out"}, {Label: "in"}}}, Children: []*Node{leaf(1, 1), top}}
	chance := &Infoset{Player: Chance, ID: 1, Actions: []Action{{Label: "stop", Prob: new(big.Rat)}, {Label: "go", Prob: big.NewRat(1, 1)}}}
	n := top
	for range depth {
		next := &Node{}
		n.Infoset, n.Children = chance, nil
		n.Children = []*Node{{Outcome: stop}, next}
		n = next
	}
	n.Infoset = &Infoset{Player: 1, ID: 1, Actions: []Action{{Label: "l"}, {Label: "r"}}}
	n.Children = []*Node{leaf(2, 0), leaf(0, 2)}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	return g
}

// deepStack bounds the stack in the tests of deep trees: a recursion
// through a chain of 10^5 nodes needs several megabytes.
const deepStack = 1 << 20

func TestReducedStrategiesDeepChain(t *testing.T) {
	g := chanceChain(t, 100_000)
	var (
		choices [][][]int
		err     error
		pay     []*big.Rat
	)
	peak := testmem.PeakHeap(func() {
		testmem.ShallowStack(deepStack, func() {
			choices, err = g.ReducedStrategies(context.Background(), 0)
			pay = g.PayoffsRat([][]int{{1}, {1}})
		})
	})
	if err != nil {
		t.Fatalf("ReducedStrategies: %v", err)
	}
	want := [][][]int{{{0}, {1}}, {{0}, {1}}}
	if fmt.Sprint(choices) != fmt.Sprint(want) {
		t.Errorf("ReducedStrategies = %v, want %v", choices, want)
	}
	if pay[0].Sign() != 0 || pay[1].Cmp(big.NewRat(2, 1)) != 0 {
		t.Errorf("PayoffsRat(in, r) = %v, want [0 2]", pay)
	}
	if peak > 100<<20 {
		t.Errorf("ReducedStrategies took a peak heap of %d MB on a chain of 10^5 nodes, want < 100 MB", peak>>20)
	}
}

func TestReducedCountDeepChain(t *testing.T) {
	// The count of strategies finds every information set's parent move
	// in one pass (it used to walk up from each set: quadratic in depth).
	g := chain(t, 100_000)
	_, err := g.ReducedStrategies(context.Background(), 1000)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "50001 × 50001") {
		t.Fatalf("ReducedStrategies on an alternating chain of 10^5 nodes: %v, want ErrTooLarge for 50001 × 50001 profiles", err)
	}
}
