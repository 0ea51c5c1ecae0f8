package pure

import (
	"context"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/seqform"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/testmem"
)

// TestPureNashTreeDeepChain checks that enumpure refuses deep chains up
// front: at 5,000 nodes it used to run for minutes within its budget of
// profiles, each evaluation walking the whole chain.
func TestPureNashTreeDeepChain(t *testing.T) {
	for _, depth := range []int{5_000, 20_000, 100_000} {
		g := gametest.DeepChain(t, depth)
		start := time.Now()
		_, err := PureNashTree(context.Background(), g, 0)
		if !errors.Is(err, solve.ErrBudget) {
			t.Fatalf("depth %d: PureNashTree: %v, want ErrBudget", depth, err)
		}
		t.Logf("depth %d: refused in %v: %v", depth, time.Since(start), err)
	}
}

func TestPureNashTreeSmallChain(t *testing.T) {
	eqs, err := PureNashTree(context.Background(), gametest.DeepChain(t, 6), 0)
	if err != nil || len(eqs) == 0 {
		t.Fatalf("PureNashTree on a chain of 6: %v, %v", eqs, err)
	}
}

func TestPureNashTreeCancelled(t *testing.T) {
	g := gametest.DeepChain(t, 100_000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PureNashTree(ctx, g, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("PureNashTree with a cancelled context: %v, want context.Canceled", err)
	}
}

// TestSPEDeepChain checks backward induction and the listing of its
// equilibrium on a chain of 10^5 nodes, with a small stack and heap.
func TestSPEDeepChain(t *testing.T) {
	const depth = 100_000
	g := gametest.DeepChain(t, depth)
	var (
		eqs []PureBehavior
		err error
	)
	peak := testmem.PeakHeap(func() {
		testmem.ShallowStack(gametest.DeepStack, func() { eqs, err = SPE(context.Background(), g, 0) })
	})
	if err != nil {
		t.Fatalf("SPE: %v", err)
	}
	if len(eqs) != 1 {
		t.Fatalf("SPE found %d equilibria, want 1 (no player is ever indifferent)", len(eqs))
	}
	// Backward induction by hand: the value (to players 1 and 2) of the
	// subgame at each node, and at each the action taken must be best.
	v1, v2 := int64(0), int64(0) // the end of the chain pays nothing
	for i := depth - 1; i >= 0; i-- {
		p := i % 2
		stop, goOn := [2]int64{int64(i), int64(-i)}, [2]int64{v1, v2}
		a := eqs[0][p][i/2]
		best := goOn[p] > stop[p]
		if (a == 1) != best {
			t.Fatalf("node %d: player %d takes action %d, but stopping pays %d and going on %d", i+1, p+1, a+1, stop[p], goOn[p])
		}
		if a == 0 {
			v1, v2 = stop[0], stop[1]
		}
	}
	if peak > 200<<20 {
		t.Errorf("SPE took a peak heap of %d MB on a chain of 10^5 nodes, want < 200 MB", peak>>20)
	}
}

// TestAgentPureNashDeepChain checks that the agent-form search on a chain
// of 10^5 nodes stops at its budget with a small stack and heap (it used
// to store every node's path: 10^10 moves).
func TestAgentPureNashDeepChain(t *testing.T) {
	g := gametest.DeepChain(t, 100_000)
	var err error
	peak := testmem.PeakHeap(func() {
		testmem.ShallowStack(gametest.DeepStack, func() { _, err = AgentPureNash(context.Background(), g, 1_000_000) })
	})
	if !errors.Is(err, solve.ErrBudget) {
		t.Fatalf("AgentPureNash: %v, want ErrBudget", err)
	}
	if peak > 200<<20 {
		t.Errorf("AgentPureNash took a peak heap of %d MB on a chain of 10^5 nodes, want < 200 MB", peak>>20)
	}
}

// TestAgentPureNashSmallChain checks the iterative search against the
// unique subgame-perfect equilibrium, which is an agent equilibrium.
func TestAgentPureNashSmallChain(t *testing.T) {
	g := gametest.DeepChain(t, 8)
	agent, err := AgentPureNash(context.Background(), g, 0)
	if err != nil {
		t.Fatal(err)
	}
	spe, err := SPE(context.Background(), g, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(agent, func(b PureBehavior) bool { return comparePure(b, spe[0]) == 0 }) {
		t.Errorf("agent equilibria %v do not include the subgame-perfect one %v", agent, spe[0])
	}
}

// TestTreeWalksDeepChain runs the walks of the sequence form, the regret
// checks and the subgame extraction over a chain of 10^5 nodes with a
// small stack.
func TestTreeWalksDeepChain(t *testing.T) {
	g := gametest.DeepChain(t, 100_000)
	// Everyone goes on: exact probabilities stay small.
	b := make(game.Behavior, 2)
	br := make(game.BehaviorRat, 2)
	for p, sets := range g.Infosets {
		for range sets {
			b[p] = append(b[p], []float64{0, 1})
			br[p] = append(br[p], []*big.Rat{new(big.Rat), big.NewRat(1, 1)})
		}
	}
	testmem.ShallowStack(gametest.DeepStack, func() {
		sf := seqform.New(g)
		if len(sf.Cells) != len(g.Outcomes)+1 {
			t.Errorf("sequence form has %d cells, want one per play: %d", len(sf.Cells), len(g.Outcomes)+1)
		}
		if _, play := seqform.MaxPayoff(g); play.Cmp(big.NewRat(99_999, 1)) != 0 {
			t.Errorf("largest play payoff %v, want 99999", play)
		}
		if _, err := solve.RegretBehavior(g, b); err != nil {
			t.Errorf("RegretBehavior: %v", err)
		}
		if _, err := solve.RegretBehaviorRat(g, br); err != nil {
			t.Errorf("RegretBehaviorRat: %v", err)
		}
		sub, _ := extract(g, g.Root, map[*game.Node]bool{}, nil)
		if len(sub.Nodes) != len(g.Nodes) {
			t.Errorf("extracted %d nodes, want %d", len(sub.Nodes), len(g.Nodes))
		}
		if u := payoffsRat(sub, br); u[0].Sign() != 0 || u[1].Sign() != 0 {
			t.Errorf("payoffsRat = %v, want the end of the chain's [0 0]", u)
		}
	})
}

// wideNormal builds a 10^6×2 game whose cells share four outcomes: with
// unique, each player gains 1 from its first strategy, so the profile of
// first strategies is the only equilibrium; without, every payoff is
// zero and every profile is one.
func wideNormal(unique bool) *game.Normal {
	const k = 1_000_000
	n := &game.Normal{Players: []string{"1", "2"}, Strategies: [][]string{make([]string, k), make([]string, 2)}}
	n.Cells = make([]*game.Outcome, 2*k)
	if !unique {
		return n
	}
	out := func(a, b int64) *game.Outcome {
		o := &game.Outcome{ID: len(n.Outcomes) + 1, Payoffs: []*big.Rat{big.NewRat(a, 1), big.NewRat(b, 1)}}
		n.Outcomes = append(n.Outcomes, o)
		return o
	}
	both, first, second, none := out(1, 1), out(1, 0), out(0, 1), out(0, 0)
	for s1 := range k {
		n.Cells[s1], n.Cells[s1+k] = second, none
	}
	n.Cells[0], n.Cells[k] = both, first
	return n
}

// TestPureNashWide checks enumpure on a 10^6×2 game: it finds the one
// equilibrium, and refuses up front to list 2·10^6 equilibria of 10^6
// probabilities each (it used to build them, gigabytes of fractions).
func TestPureNashWide(t *testing.T) {
	var (
		eqs [][]int
		err error
	)
	peak := testmem.PeakHeap(func() { eqs, err = PureNash(context.Background(), wideNormal(true), 0) })
	if err != nil || len(eqs) != 1 || eqs[0][0] != 0 || eqs[0][1] != 0 {
		t.Fatalf("PureNash on the 10^6×2 game with one equilibrium: %v, %v", eqs, err)
	}
	if peak > 200<<20 {
		t.Errorf("PureNash took a peak heap of %d MB, want < 200 MB", peak>>20)
	}
	peak = testmem.PeakHeap(func() { _, err = PureNash(context.Background(), wideNormal(false), 0) })
	if !errors.Is(err, solve.ErrBudget) || !strings.Contains(err.Error(), "2000000 pure Nash equilibria") {
		t.Fatalf("PureNash on the 10^6×2 game of zeros: %v, want ErrBudget naming 2000000 equilibria", err)
	}
	if peak > 200<<20 {
		t.Errorf("PureNash took a peak heap of %d MB to refuse, want < 200 MB", peak>>20)
	}
}
