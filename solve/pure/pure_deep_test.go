package pure

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/gambit"
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
// equilibrium, and on the game of zeros, whose 2·10^6 profiles are all
// equilibria of 10^6 probabilities each (it used to build them,
// gigabytes of fractions), streams them until the budget runs out, with
// allocations that do not grow with the number of profiles.
func TestPureNashWide(t *testing.T) {
	var (
		eqs [][]int
		err error
	)
	alloc := totalAlloc(func() { eqs, err = PureNash(context.Background(), wideNormal(true), 0) })
	if err != nil || len(eqs) != 1 || eqs[0][0] != 0 || eqs[0][1] != 0 {
		t.Fatalf("PureNash on the 10^6×2 game with one equilibrium: %v, %v", eqs, err)
	}
	const build = 64 << 20 // wideNormal's cells and outcomes
	if alloc > build {
		t.Errorf("PureNash allocated %d MB with the game, want < %d MB", alloc>>20, build>>20)
	}
	n := wideNormal(false)
	found := 0
	alloc = totalAlloc(func() {
		err = PureNashFunc(context.Background(), n, 0, func(s []int) error {
			if s[0] != found || s[1] != 0 {
				t.Errorf("equilibrium %d is %v, want [%d 0]", found, s, found)
			}
			found++
			return nil
		})
	})
	if !errors.Is(err, solve.ErrBudget) || !strings.Contains(err.Error(), fmt.Sprintf("after %d equilibria", found)) {
		t.Fatalf("PureNashFunc on the 10^6×2 game of zeros: %v, want ErrBudget after the %d equilibria found", err, found)
	}
	// Player 1's best in the first column takes 10^6 steps, and each
	// equilibrium 3 comparisons and its 10^6+2 probabilities.
	if want := (solve.DefaultBudget - 1_000_000) / (3 + 1_000_002); found != want {
		t.Errorf("PureNashFunc streamed %d equilibria of 10^6 probabilities within the budget, want %d", found, want)
	}
	if alloc > 64<<10 {
		t.Errorf("PureNashFunc allocated %d KB, want < 64 KB whatever the number of profiles", alloc>>10)
	}
}

// chanceChainEFG writes a tree in which player 1 chooses between a chain
// of depth chance moves, each going on with probability on and otherwise
// (off) ending with payoff 1 to player 1, and a payoff of 1 to
// player 2: the chance weights along the chain are fractions whose size
// grows with the depth.
func chanceChainEFG(depth int, on, off string) string {
	var b strings.Builder
	b.WriteString("EFG 2 R \"chance chain\" { \"1\" \"2\" }\n\"\"\n\n")
	b.WriteString("p \"\" 1 1 \"\" { \"in\" \"out\" } 0\n")
	for range depth {
		fmt.Fprintf(&b, "c \"\" 1 \"\" { \"on\" %s \"off\" %s } 0\n", on, off)
		b.WriteString("t \"\" 1 \"\" { 1, 0 }\n")
	}
	b.WriteString("t \"\" 2 \"\" { 0, 1 }\nt \"\" 3 \"\" { 0, 0 }\n")
	return b.String()
}

// totalAlloc returns the bytes f allocates.
func totalAlloc(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestChanceChainBudget checks that the exact weights of a chain of
// 20,000 chance moves count against the budget: they used to be built
// whole (about a gigabyte of fractions for 999999/1000000) whatever the
// budget. Each method must refuse with the budget's error, allocating
// a small multiple of the budget's words.
func TestChanceChainBudget(t *testing.T) {
	const budget = 1_000_000 // steps: 64-bit words, 8 MB
	methods := map[string]func(context.Context, *game.Game, int) ([]PureBehavior, error){
		"enumpure": PureNashTree, "enumpure -A": AgentPureNash, "spe": SPE,
	}
	for _, probs := range [][2]string{{"999999/1000000", "1/1000000"}, {"2/3", "1/3"}} {
		g, err := gambit.ReadEFG(strings.NewReader(chanceChainEFG(20_000, probs[0], probs[1])))
		if err != nil {
			t.Fatal(err)
		}
		for name, find := range methods {
			var err error
			alloc := totalAlloc(func() { _, err = find(context.Background(), g, budget) })
			if !errors.Is(err, solve.ErrBudget) || !strings.Contains(err.Error(), "exact chance weights") {
				t.Errorf("%s on a chain of chance moves of %s: %v, want the budget's error on the exact weights", name, probs[0], err)
			}
			if limit := uint64(8 * 8 * budget); alloc > limit {
				t.Errorf("%s on a chain of chance moves of %s allocated %d MB, want < %d MB", name, probs[0], alloc>>20, limit>>20)
			}
			t.Logf("%s, %s: %d MB allocated: %v", name, probs[0], alloc>>20, err)
		}
	}
}

// zeroTreeEFG writes a complete binary tree of perfect information, the
// players alternating by level, in which every play pays 0: every pure
// profile is an equilibrium of every kind.
func zeroTreeEFG(depth int) string {
	var b strings.Builder
	b.WriteString("EFG 2 R \"zeros\" { \"1\" \"2\" }\n\"\"\n\n")
	sets := [2]int{}
	var node func(level int)
	node = func(level int) {
		if level == depth {
			b.WriteString("t \"\" 1 \"\" { 0, 0 }\n")
			return
		}
		p := level % 2
		sets[p]++
		fmt.Fprintf(&b, "p \"\" %d %d \"\" { \"L\" \"R\" } 0\n", p+1, sets[p])
		node(level + 1)
		node(level + 1)
	}
	node(0)
	return b.String()
}

// TestMemoryWithinBudget checks that what enumpure, enumpure -A and spe
// allocate on large trees is bounded by their budget, beyond a constant
// per node of the tree (its compiled copy and the walks' tables): a long
// chain of moves, a chain of chance moves whose weights grow and a
// complete tree in which every profile is an equilibrium. Each either
// finishes or stops at the budget.
func TestMemoryWithinBudget(t *testing.T) {
	games := map[string]*game.Game{"deep chain": gametest.DeepChain(t, 100_000)}
	for name, src := range map[string]string{
		"chance chain of 2/3": chanceChainEFG(5_000, "2/3", "1/3"),
		"zero tree":           zeroTreeEFG(14),
	} {
		g, err := gambit.ReadEFG(strings.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		games[name] = g
	}
	methods := map[string]func(context.Context, *game.Game, int) ([]PureBehavior, error){
		"enumpure": PureNashTree, "enumpure -A": AgentPureNash, "spe": SPE,
	}
	const perStep, perNode = 64, 2048 // bytes
	for name, g := range games {
		for mname, find := range methods {
			for _, budget := range []int{100_000, 10_000_000} {
				var err error
				alloc := totalAlloc(func() { _, err = find(context.Background(), g, budget) })
				if err != nil && !errors.Is(err, solve.ErrBudget) {
					t.Errorf("%s on the %s, budget %d: %v", mname, name, budget, err)
				}
				if limit := uint64(perStep*budget + perNode*len(g.Nodes)); alloc > limit {
					t.Errorf("%s on the %s (%d nodes), budget %d: allocated %d KB, want < %d KB", mname, name, len(g.Nodes), budget, alloc>>10, limit>>10)
				}
				t.Logf("%s on the %s (%d nodes), budget %d: %d KB; %v", mname, name, len(g.Nodes), budget, alloc>>10, err)
			}
		}
	}
}
