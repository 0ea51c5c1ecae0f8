package solve_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lcp"
	"github.com/tablero-project/tablero/solve/lp"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

// pokerEFG is Gambit's doc/poker.efg: a one-card poker game with chance,
// imperfect information and perfect recall.
const pokerEFG = `EFG 2 R "A simple poker example" { "Alice" "Bob" }
""
c "" 1 "" { "Red" 1/2 "Black" 1/2 } 0
p "" 1 1 "" { "Raise" "Fold" } 0
p "" 2 1 "" { "Meet" "Pass" } 0
t "" 1 "Alice wins big" { 2, -2 }
t "" 2 "Alice wins" { 1, -1 }
t "" 4 "Bob wins" { -1, 1 }
p "" 1 2 "" { "Raise" "Fold" } 0
p "" 2 1 "" { "Meet" "Pass" } 0
t "" 3 "Bob wins big" { -2, 2 }
t "" 2 "Alice wins" { 1, -1 }
t "" 4 "Bob wins" { -1, 1 }
`

func checkBehaviorNash(t *testing.T, what string, g *game.Game, b game.BehaviorRat) {
	t.Helper()
	r, err := solve.RegretBehaviorRat(g, b)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if r.Sign() != 0 {
		t.Fatalf("%s: %s has regret %s", what, gambit.FormatRats("NE", b.Flat()), r.RatString())
	}
	soltest.CheckBehaviorSums(t, what, b)
}

func TestSequencePoker(t *testing.T) {
	g := gametest.ReadEFG(t, pokerEFG)
	for name, method := range map[string]soltest.SeqMethod{"lcp": lcp.SequenceLCP, "lp": lp.SequenceLP} {
		b, err := method(context.Background(), g, 0)
		if err != nil {
			t.Fatal(err)
		}
		checkBehaviorNash(t, name, g, b)
		if got := gambit.FormatRats("NE", b.Flat()); got != "NE,1,0,1/3,2/3,2/3,1/3" {
			t.Errorf("%s: %s, Gambit's NE,1,0,1/3,2/3,2/3,1/3", name, got)
		}
	}
}

// TestSequenceRandomTrees checks SequenceLCP on random trees and
// SequenceLP on random zero-sum trees: exact equilibria, and for zero-sum
// games the value of the reduced strategic form's LP.
func TestSequenceRandomTrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for iter := range 150 {
		zs := iter%2 == 1
		span := int64(10)
		if iter%4 >= 2 {
			span = 2 // ties
		}
		g := gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 2, Depth: 2 + rng.IntN(3), Info: gametest.Recall, Span: span, ZeroSum: zs})
		if g.PerfectRecall() != nil {
			t.Fatal("generator made a game without perfect recall")
		}
		b, err := lcp.SequenceLCP(context.Background(), g, 0)
		if err != nil {
			t.Fatalf("tree %d: %v", iter, err)
		}
		checkBehaviorNash(t, fmt.Sprintf("tree %d lcp", iter), g, b)
		if !zs {
			continue
		}
		b, err = lp.SequenceLP(context.Background(), g, 0)
		if err != nil {
			t.Fatalf("tree %d: %v", iter, err)
		}
		checkBehaviorNash(t, fmt.Sprintf("tree %d lp", iter), g, b)
		r, err := g.Reduce(100_000)
		if err != nil {
			t.Fatal(err)
		}
		eq, err := lp.LP(context.Background(), r.Normal, 0)
		if err != nil {
			t.Fatal(err)
		}
		if v, w := soltest.PayoffRat(r.Normal, eq), treeValue(g, b); v.Cmp(w) != 0 {
			t.Fatalf("tree %d: value %s on the sequence form, %s on the strategic form", iter, w.RatString(), v.RatString())
		}
	}
}

// treeValue returns player 1's exact expected payoff under b.
func treeValue(g *game.Game, b game.BehaviorRat) *big.Rat {
	var visit func(n *game.Node, pr *big.Rat) *big.Rat
	visit = func(n *game.Node, pr *big.Rat) *big.Rat {
		sum := new(big.Rat)
		if n.Outcome != nil {
			sum.Mul(pr, n.Outcome.Payoffs[0])
		}
		for a, c := range n.Children {
			var q *big.Rat
			if s := n.Infoset; s.Player == game.Chance {
				q = s.Actions[a].Prob
			} else {
				q = b[s.Player][s.Index][a]
			}
			sum.Add(sum, visit(c, new(big.Rat).Mul(pr, q)))
		}
		return sum
	}
	return visit(g.Root, big.NewRat(1, 1))
}

// TestSequenceStrategicTree solves random bimatrix games written as trees
// (player 2 does not see player 1's move): the behaviour profile is then a
// mixed profile, and must be an equilibrium of the strategic game too.
func TestSequenceStrategicTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for iter := range 60 {
		n := gametest.RandomNormal(rng, []int{1 + rng.IntN(5), 1 + rng.IntN(5)}, 6)
		g, err := n.Tree(10_000)
		if err != nil {
			t.Fatal(err)
		}
		b, err := lcp.SequenceLCP(context.Background(), g, 0)
		if err != nil {
			t.Fatalf("game %d: %v", iter, err)
		}
		checkBehaviorNash(t, "tree", g, b)
		m := game.MixedRat{b[0][0], b[1][0]}
		if r := solve.RegretMixedRat(n, m); r.Sign() != 0 {
			t.Fatalf("game %d: %s has strategic regret %s", iter, soltest.MixedLine(m), r.RatString())
		}
	}
}

// TestRegretBehaviorRat compares the exact regret with the float one on
// random behaviour profiles of random trees.
func TestRegretBehaviorRat(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 46))
	for range 50 {
		g := gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 2, Depth: 3, Info: gametest.Recall, Span: 10})
		b := make(game.BehaviorRat, 2)
		for p, sets := range g.Infosets {
			for _, s := range sets {
				probs := make([]*big.Rat, len(s.Actions))
				left := int64(12)
				for a := range probs {
					k := rng.Int64N(left + 1)
					if a == len(probs)-1 {
						k = left
					}
					left -= k
					probs[a] = big.NewRat(k, 12)
				}
				b[p] = append(b[p], probs)
			}
		}
		exact, err := solve.RegretBehaviorRat(g, b)
		if err != nil {
			t.Fatal(err)
		}
		float, err := solve.RegretBehavior(g, b.Float())
		if err != nil {
			t.Fatal(err)
		}
		if f, _ := exact.Float64(); f-float > 1e-9 || float-f > 1e-9 {
			t.Fatalf("exact regret %s, float %v", exact.RatString(), float)
		}
	}
}

func TestSequenceErrors(t *testing.T) {
	three := gametest.ReadEFG(t, `EFG 2 R "" { "1" "2" "3" } ""
p "" 1 1 "" { "a" "b" } 0
t "" 1 "" { 1, 2, 3 }
t "" 2 "" { 3, 2, 1 }
`)
	absentMinded := gametest.ReadEFG(t, `EFG 2 R "" { "1" "2" } ""
p "" 1 1 "" { "a" "b" } 0
p "" 1 1 "" { "a" "b" } 0
t "" 1 "" { 1, 0 }
t "" 2 "" { 0, 1 }
t "" 3 "" { 2, 2 }
`)
	for name, method := range map[string]soltest.SeqMethod{"lcp": lcp.SequenceLCP, "lp": lp.SequenceLP} {
		if _, err := method(context.Background(), three, 0); err == nil || !strings.Contains(err.Error(), "two-player") {
			t.Errorf("%s, three players: %v", name, err)
		}
		if _, err := method(context.Background(), absentMinded, 0); err == nil || !strings.Contains(err.Error(), "imperfect recall") {
			t.Errorf("%s, absent-minded: %v", name, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := method(ctx, gametest.ReadEFG(t, pokerEFG), 0); !errors.Is(err, context.Canceled) {
			t.Errorf("%s, cancelled: %v", name, err)
		}
	}
	if _, err := lp.SequenceLP(context.Background(), gametest.RandomTree(t, rand.New(rand.NewPCG(1, 2)), gametest.TreeSpec{Players: 2, Depth: 3, Info: gametest.Recall, Span: 10}), 0); !errors.Is(err, lp.ErrNotConstantSum) {
		t.Errorf("lp, general-sum: %v", err)
	}
	g := gametest.RandomTree(t, rand.New(rand.NewPCG(5, 6)), gametest.TreeSpec{Players: 2, Depth: 4, Info: gametest.Recall, Span: 10, ZeroSum: true})
	if _, err := lcp.SequenceLCP(context.Background(), g, 1); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("lcp, tiny budget: %v", err)
	}
	if _, err := lp.SequenceLP(context.Background(), g, 1); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("lp, tiny budget: %v", err)
	}
}
