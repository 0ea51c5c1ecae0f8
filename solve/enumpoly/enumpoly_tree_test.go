package enumpoly_test

import (
	"context"
	"errors"
	"math/big"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enumpoly"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/pure"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

// TestEnumPolyTreeRandom solves random 3-player trees, with perfect and
// imperfect information, and checks that every profile is a Nash
// equilibrium by exact regret, and that every pure equilibrium
// (PureNashTree) is found: a profile that plays its actions wherever it
// goes.
func TestEnumPolyTreeRandom(t *testing.T) {
	ctx := context.Background()
	solved, mixed := 0, 0
	seeds := uint64(40)
	if testing.Short() {
		seeds = 12
	}
	for seed := range seeds {
		rng := rand.New(rand.NewPCG(seed, 16))
		pi := seed%2 == 0
		g := gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 3, Depth: 4, Info: gametest.InfoOf(pi)})
		if g.PerfectRecall() != nil {
			continue
		}
		if seed%4 >= 2 {
			epTreeGeneric(g, rng) // isolated mixed equilibria are common
		}
		opt := enumpoly.EnumPolyOptions{}
		opt.Budget = 5e8
		start := time.Now()
		eqs, err := enumpoly.EnumPolyTree(ctx, g, opt)
		t.Logf("seed %d: %d equilibria in %v, %d nodes", seed, len(eqs), time.Since(start), len(g.Nodes))
		if errors.Is(err, solve.ErrBudget) {
			t.Logf("seed %d: budget spent (%d sets)", seed, len(g.Infosets[0])+len(g.Infosets[1])+len(g.Infosets[2]))
			continue
		}
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		solved++
		for _, b := range eqs {
			if !epTreeExactNash(t, g, b) {
				t.Errorf("seed %d: not an equilibrium: %v", seed, b.Flat())
			}
			if !epTreePure(b) {
				mixed++
			}
		}
		pure, err := pure.PureNashTree(ctx, g, 0)
		if err != nil && !errors.Is(err, solve.ErrNotFound) {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, p := range pure {
			if !epTreeHasPlay(g, eqs, p) {
				t.Errorf("seed %d (perfect information %v): pure equilibrium %v not found", seed, pi, p)
			}
		}
	}
	if solved < int(seeds)/2 {
		t.Errorf("only %d random trees solved", solved)
	}
	t.Logf("%d random 3-player trees solved, %d mixed equilibria among the results", solved, mixed)
}

// TestEnumPolyTreeSimultaneous solves random 3-player games played as
// trees of simultaneous moves (each player's one set spans the others'
// moves): behaviour and mixed profiles coincide, so EnumPolyTree must
// find every equilibrium EnumPoly finds on the strategic form, and only
// verified ones.
func TestEnumPolyTreeSimultaneous(t *testing.T) {
	ctx := context.Background()
	mixed := 0
	for seed := range uint64(6) {
		sizes := [][]int{{2, 2, 2}, {3, 2, 2}, {2, 3, 2}}[seed%3]
		n := gametest.RandomGeneric(rand.New(rand.NewPCG(seed+100, 3)), sizes)
		g, err := n.Tree(1000)
		if err != nil {
			t.Fatal(err)
		}
		want, err := enumpoly.EnumPoly(ctx, n, enumpoly.EnumPolyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := enumpoly.EnumPolyTree(ctx, g, enumpoly.EnumPolyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range got {
			if !epTreeExactNash(t, g, b) {
				t.Errorf("seed %d: not an equilibrium: %v", seed, b.Flat())
			}
			if !epTreePure(b) {
				mixed++
			}
		}
		for _, m := range want {
			if !epTreeContains(got, soltest.FltFlat(m)) {
				t.Errorf("seed %d %v: strategic equilibrium %v not found among %d", seed, sizes, soltest.FltFlat(m), len(got))
			}
		}
		if len(got) != len(want) {
			t.Errorf("seed %d %v: %d equilibria, strategic form %d", seed, sizes, len(got), len(want))
		}
	}
	if mixed == 0 {
		t.Error("no mixed equilibrium: the homotopy was not exercised")
	}
	t.Logf("%d mixed equilibria", mixed)
}

// epTreeGeneric gives the outcomes of g random payoffs 0…99, without
// the ties of randomTree's.
func epTreeGeneric(g *game.Game, rng *rand.Rand) {
	for _, n := range g.Nodes {
		if o := n.Outcome; o != nil {
			for p := range o.Payoffs {
				o.Payoffs[p] = big.NewRat(rng.Int64N(100), 1)
			}
		}
	}
}

// epTreePure reports whether b is pure.
func epTreePure(b game.Behavior) bool {
	for _, x := range b.Flat() {
		if x != 0 && x != 1 {
			return false
		}
	}
	return true
}

// epTreeHasPlay reports whether some profile of eqs takes p's action at
// every set p reaches (chance's moves all counting as possible).
func epTreeHasPlay(g *game.Game, eqs []game.Behavior, p pure.PureBehavior) bool {
	var reached []*game.Infoset
	var walk func(n *game.Node)
	walk = func(n *game.Node) {
		s := n.Infoset
		if s == nil {
			return
		}
		if s.Player == game.Chance {
			for _, c := range n.Children {
				walk(c)
			}
			return
		}
		a := p[s.Player][s.Index]
		if a < 0 {
			return // unspecified: reached only through chance moves of probability 0
		}
		reached = append(reached, s)
		walk(n.Children[a])
	}
	walk(g.Root)
	for _, b := range eqs {
		ok := true
		for _, s := range reached {
			if b[s.Player][s.Index][p[s.Player][s.Index]] != 1 {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// TestEnumPolyTreeErrors checks refusals and budgets.
func TestEnumPolyTreeErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := enumpoly.EnumPolyTree(ctx, nil, enumpoly.EnumPolyOptions{}); err == nil {
		t.Error("nil game accepted")
	}
	absent := gametest.ReadEFG(t, `EFG 2 R "" { "1" "2" }
p "" 1 1 "" { "a" "b" } 0
p "" 1 2 "" { "c" "d" } 0
t "" 1 "" { 1, 0 }
t "" 2 "" { 0, 1 }
p "" 1 2 "" { "c" "d" } 0
t "" 3 "" { 2, 0 }
t "" 4 "" { 0, 2 }
`)
	if _, err := enumpoly.EnumPolyTree(ctx, absent, enumpoly.EnumPolyOptions{}); err == nil {
		t.Error("imperfect recall accepted")
	}
	rng := rand.New(rand.NewPCG(3, 16))
	g := gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 3, Depth: 5, Info: gametest.Perfect})
	opt := enumpoly.EnumPolyOptions{}
	opt.Budget = 10
	if _, err := enumpoly.EnumPolyTree(ctx, g, opt); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("budget 10: %v, want ErrBudget", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := enumpoly.EnumPolyTree(cancelled, g, enumpoly.EnumPolyOptions{}); err == nil {
		t.Error("cancelled context: no error")
	}
}

// TestEnumPolyTreeMixed checks a tree whose only equilibrium is mixed
// (matching pennies played in sequence, the second mover uninformed),
// and StopAfter.
func TestEnumPolyTreeMixed(t *testing.T) {
	g := gametest.ReadEFG(t, `EFG 2 R "" { "1" "2" }
p "" 1 1 "" { "H" "T" } 0
p "" 2 1 "" { "h" "t" } 0
t "" 1 "" { 1, -1 }
t "" 2 "" { -1, 1 }
p "" 2 1 "" { "h" "t" } 0
t "" 3 "" { -1, 1 }
t "" 4 "" { 1, -1 }
`)
	eqs, err := enumpoly.EnumPolyTree(context.Background(), g, enumpoly.EnumPolyOptions{})
	if err != nil || len(eqs) != 1 {
		t.Fatalf("got %v, %v; want one equilibrium", eqs, err)
	}
	for _, x := range eqs[0].Flat() {
		if x < 0.5-1e-12 || x > 0.5+1e-12 {
			t.Errorf("got %v, want all 1/2", eqs[0].Flat())
		}
	}
	rng := rand.New(rand.NewPCG(4, 16))
	h := gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 3, Depth: 4, Info: gametest.Perfect})
	all, err := enumpoly.EnumPolyTree(context.Background(), h, enumpoly.EnumPolyOptions{})
	if err != nil || len(all) < 2 {
		t.Skipf("random tree with %d equilibria (%v): StopAfter not exercised", len(all), err)
	}
	opt := enumpoly.EnumPolyOptions{StopAfter: 1}
	one, err := enumpoly.EnumPolyTree(context.Background(), h, opt)
	if err != nil || len(one) != 1 {
		t.Errorf("StopAfter 1: %d equilibria, %v", len(one), err)
	}
}

// epTreeBenchGames are the 3-player sample trees of the benchmarks.
var epTreeBenchGames = []string{
	"contrib/games/condjury", "contrib/games/jury_mr", "contrib/games/jury_un",
	"contrib/games/my_2-8", "contrib/games/2s2x2x2", "contrib/games/e08",
	"tests/test_games/3_player", "catalog/journals/ijgt/selten1975/fig1",
	"catalog/journals/ijgt/selten1975/fig3",
}

// BenchmarkEnumPolyTree solves the 3-player sample trees in behaviour
// strategies (figures beside Gambit's in docs/benchmarks.md).
func BenchmarkEnumPolyTree(b *testing.B) {
	for _, name := range epTreeBenchGames {
		f, err := gambit.ReadFile(filepath.Join(soltest.PeerDir, "games", name+".efg"))
		if err != nil {
			if strings.Contains(err.Error(), "no such file") {
				b.Skip("../shared/peers/gambit not found: peer benchmarks need the shared reference data")
			}
			b.Fatal(err)
		}
		b.Run(filepath.Base(name), func(b *testing.B) {
			opt := enumpoly.EnumPolyOptions{}
			for b.Loop() {
				if _, err := enumpoly.EnumPolyTree(context.Background(), f.Tree, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
