package pure_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/pure"

	"github.com/tablero-project/tablero/game"
)

// Helpers to build small games by hand.

// seltenFig2 is Selten's (IJGT 1975) Figure 2 game, Gambit's
// catalog/journals/ijgt/selten1975/fig2.efg.
func seltenFig2(t testing.TB) *game.Game {
	p1a, p2, p1b := gametest.Set(0, "R", "L"), gametest.Set(1, "R", "L"), gametest.Set(0, "r", "l")
	return gametest.NewTree(t, 2, gametest.Move(p1a,
		gametest.Leaf("1", "1"),
		gametest.Move(p2, gametest.Leaf("0", "2"), gametest.Move(p1b, gametest.Leaf("0", "3"), gametest.Leaf("2", "0")))))
}

// driver is the absent-minded driver: one information set crossed twice.
func driver(t testing.TB) *game.Game {
	x := gametest.Set(0, "exit", "continue")
	return gametest.NewTree(t, 1, gametest.Move(x, gametest.Leaf("0"), gametest.Move(x, gametest.Leaf("4"), gametest.Leaf("1"))))
}

// forgetful: player 1 forgets its first move (no absent-mindedness).
func forgetful(t testing.TB) *game.Game {
	second := gametest.Set(0, "l", "r")
	return gametest.NewTree(t, 2, gametest.Move(gametest.Set(0, "U", "D"),
		gametest.Move(second, gametest.Leaf("3", "0"), gametest.Leaf("0", "1")),
		gametest.Move(second, gametest.Leaf("0", "0"), gametest.Leaf("2", "1"))))
}

func TestPureNash(t *testing.T) {
	tests := []struct {
		name string
		game *game.Normal
		want [][]int
	}{
		{"prisoners dilemma", gametest.Normal(t, []int{2, 2}, "3,3", "5,0", "0,5", "1,1"), [][]int{{1, 1}}},
		{"matching pennies", gametest.Normal(t, []int{2, 2}, "1,-1", "-1,1", "-1,1", "1,-1"), nil},
		{"coordination", gametest.Normal(t, []int{2, 2}, "2,1", "0,0", "0,0", "1,2"), [][]int{{0, 0}, {1, 1}}},
		{"all ties", gametest.Normal(t, []int{2, 1}, "", "0,0"), [][]int{{0, 0}, {1, 0}}},
		{"rationals", gametest.Normal(t, []int{2, 2}, "1/3,1/2", "2/7,0", "0,1/3", "0.3,1/3"), [][]int{{0, 0}, {1, 1}}},
		{"three players", gametest.Normal(t, []int{2, 2, 2},
			"1,1,1", "0,0,0", "0,0,0", "0,0,0", "0,0,0", "0,0,0", "0,0,0", "1,1,1"),
			[][]int{{0, 0, 0}, {1, 1, 1}}},
		{"one player", gametest.Normal(t, []int{3}, "1", "5", "5"), [][]int{{1}, {2}}},
		{"huge payoffs", gametest.Normal(t, []int{2, 1}, "100000000000000000000,0", "100000000000000000001,0"), [][]int{{1, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pure.PureNash(context.Background(), tt.game, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPureNashBudgetAndCancel(t *testing.T) {
	n := gametest.Normal(t, []int{2, 2}, "3,3", "5,0", "0,5", "1,1")
	// 8 comparisons find and check player 1's best replies, 4 check
	// player 2's at the two profiles that pass, and the equilibrium's
	// line has 4 probabilities: 16 steps.
	for _, tt := range []struct {
		budget int
		ok     bool
	}{{7, false}, {15, false}, {16, true}} {
		if _, err := pure.PureNash(context.Background(), n, tt.budget); (err == nil) != tt.ok || err != nil && !errors.Is(err, solve.ErrBudget) {
			t.Errorf("budget %d: err = %v, want ok %v or ErrBudget", tt.budget, err, tt.ok)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := pure.PureNash(ctx, n, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	g := seltenFig2(t)
	if _, err := pure.PureNashTree(ctx, g, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("PureNashTree cancelled: err = %v", err)
	}
	if _, err := pure.AgentPureNash(ctx, g, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("AgentPureNash cancelled: err = %v", err)
	}
	if _, err := pure.PureNashTree(context.Background(), g, 5); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("PureNashTree budget 5 for 6 profiles: err = %v", err)
	}
	if _, err := pure.AgentPureNash(context.Background(), g, 5); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("AgentPureNash budget 5: err = %v", err)
	}
}

// probs formats a profile as Gambit's NE line.
func probs(g *game.Game, b pure.PureBehavior) string {
	var s []string
	for _, v := range b.Probs(g) {
		s = append(s, v.RatString())
	}
	return "NE," + strings.Join(s, ",")
}

func lines(g *game.Game, bs []pure.PureBehavior) []string {
	var out []string
	for _, b := range bs {
		out = append(out, probs(g, b))
	}
	return out
}

func TestPureNashTree(t *testing.T) {
	tests := []struct {
		name string
		game func(testing.TB) *game.Game
		want []string
	}{
		// Gambit: reference/catalog/journals/ijgt/selten1975/fig2.efg.enumpure.txt
		{"selten fig2", seltenFig2, []string{"NE,1,0,0,0,1,0"}},
		{"chance", func(t testing.TB) *game.Game {
			a := gametest.Set(0, "a", "b")
			return gametest.NewTree(t, 2, gametest.Move(gametest.ChanceSet("1/3", "2/3"),
				gametest.Move(a, gametest.Leaf("3", "0"), gametest.Leaf("0", "3")),
				gametest.Move(gametest.Set(1, "x", "y"), gametest.Leaf("1", "1"), gametest.Move(a, gametest.Leaf("0", "2"), gametest.Leaf("1", "0")))))
		}, []string{"NE,1,0,0,1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.game(t)
			got, err := pure.PureNashTree(context.Background(), g, 0)
			if err != nil {
				t.Fatal(err)
			}
			if l := lines(g, got); !reflect.DeepEqual(l, tt.want) {
				t.Errorf("got %v, want %v", l, tt.want)
			}
		})
	}
}

func TestPureNashTreeRefusesImperfectRecall(t *testing.T) {
	for _, g := range []*game.Game{driver(t), forgetful(t)} {
		_, err := pure.PureNashTree(context.Background(), g, 0)
		if err == nil || !strings.Contains(err.Error(), "perfect recall") {
			t.Errorf("err = %v, want a perfect-recall error", err)
		}
	}
}

func TestAgentPureNash(t *testing.T) {
	tests := []struct {
		name string
		game func(testing.TB) *game.Game
		want []string
	}{
		// Gambit: reference/catalog/journals/ijgt/selten1975/fig2.efg.enumpure-A.txt, same order.
		{"selten fig2", seltenFig2, []string{"NE,1,0,1,0,1,0", "NE,1,0,1,0,0,1", "NE,1,0,0,1,1,0"}},
		{"absent-minded driver", driver, []string{"NE,0,1"}},
		{"forgetful", forgetful, []string{"NE,1,0,1,0", "NE,0,1,0,1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.game(t)
			got, err := pure.AgentPureNash(context.Background(), g, 0)
			if err != nil {
				t.Fatal(err)
			}
			if l := lines(g, got); !reflect.DeepEqual(l, tt.want) {
				t.Errorf("got %v, want %v", l, tt.want)
			}
		})
	}
}

// TestPureNashTreeMatchesReduce cross-checks PureNashTree against PureNash
// on the strategic form built by game.Reduce (independent payoff code).
func TestPureNashTreeMatchesReduce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for range 1000 {
		g := gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 2 + rng.IntN(2), Depth: 5, Info: gametest.Imperfect})
		if g.PerfectRecall() != nil {
			continue
		}
		r, err := g.Reduce(100000)
		if err != nil {
			continue
		}
		want, err := pure.PureNash(context.Background(), r.Normal, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pure.PureNashTree(context.Background(), g, 0)
		if err != nil {
			t.Fatal(err)
		}
		var wantLines []string
		seen := map[string]bool{}
		for _, prof := range want {
			b := make(pure.PureBehavior, len(prof))
			for p, s := range prof {
				b[p] = positiveReach(g, p, r.Choices[p][s])
			}
			if l := probs(g, b); !seen[l] {
				seen[l] = true
				wantLines = append(wantLines, l)
			}
		}
		if gl := lines(g, got); !reflect.DeepEqual(gl, wantLines) {
			t.Fatalf("from the tree %v\nfrom the strategic form %v", gl, wantLines)
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("only %d random games checked", checked)
	}
}

// positiveReach keeps a reduced strategy's actions only at the sets that
// some member reached with positive probability by the player's own
// actions and chance (others' moves all allowed).
func positiveReach(g *game.Game, p int, choice []int) []int {
	out := make([]int, len(choice))
	for i := range out {
		out[i] = -1
	}
	var walk func(n *game.Node, prob *big.Rat)
	walk = func(n *game.Node, prob *big.Rat) {
		if n.Infoset == nil || prob.Sign() == 0 {
			return
		}
		for a, c := range n.Children {
			q := prob
			switch s := n.Infoset; {
			case s.Player == game.Chance:
				q = new(big.Rat).Mul(prob, s.Actions[a].Prob)
			case s.Player == p && a != choice[s.Index]:
				continue
			}
			if s := n.Infoset; s.Player == p {
				out[s.Index] = choice[s.Index]
			}
			walk(c, q)
		}
	}
	walk(g.Root, big.NewRat(1, 1))
	return out
}

// TestAgentPureNashBruteForce checks AgentPureNash against a direct
// evaluation of every one-set deviation with Game.PayoffsRat.
func TestAgentPureNashBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	checked := 0
	for range 200 {
		g := gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 2 + rng.IntN(2), Depth: 4, Info: gametest.Imperfect})
		profiles := 1
		for _, sets := range g.Infosets {
			for _, s := range sets {
				profiles *= len(s.Actions)
			}
		}
		if profiles > 1<<11 {
			continue
		}
		got, err := pure.AgentPureNash(context.Background(), g, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := bruteAgent(g)
		if !reflect.DeepEqual(lines(g, got), lines(g, want)) {
			t.Fatalf("got %v\nwant %v", lines(g, got), lines(g, want))
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("only %d random games checked", checked)
	}
}

func bruteAgent(g *game.Game) []pure.PureBehavior {
	var out []pure.PureBehavior
	b := make(pure.PureBehavior, len(g.Infosets))
	for p, sets := range g.Infosets {
		b[p] = make([]int, len(sets))
	}
	var sets []*game.Infoset
	for _, ps := range g.Infosets {
		sets = append(sets, ps...)
	}
	var rec func(k int)
	rec = func(k int) {
		if k < len(sets) {
			for a := range sets[k].Actions {
				b[sets[k].Player][sets[k].Index] = a
				rec(k + 1)
			}
			return
		}
		base := g.PayoffsRat(b)
		for _, s := range sets {
			old := b[s.Player][s.Index]
			for a := range s.Actions {
				b[s.Player][s.Index] = a
				dev := g.PayoffsRat(b)
				b[s.Player][s.Index] = old
				if dev[s.Player].Cmp(base[s.Player]) > 0 {
					return
				}
			}
		}
		c := make(pure.PureBehavior, len(b))
		for p := range b {
			c[p] = append([]int(nil), b[p]...)
		}
		out = append(out, c)
	}
	rec(0)
	return out
}

func ExamplePureNash() {
	// The prisoner's dilemma: strategy 0 cooperates, 1 defects. Payoffs
	// are listed profile by profile, player 1's strategy varying fastest.
	pay := [][2]int64{{3, 3}, {5, 0}, {0, 5}, {1, 1}}
	n := &game.Normal{
		Players:    []string{"Row", "Column"},
		Strategies: [][]string{{"C", "D"}, {"C", "D"}},
	}
	for _, v := range pay {
		n.Cells = append(n.Cells, &game.Outcome{Payoffs: []*big.Rat{big.NewRat(v[0], 1), big.NewRat(v[1], 1)}})
	}
	eqs, err := pure.PureNash(context.Background(), n, 0)
	if err != nil {
		panic(err)
	}
	for _, e := range eqs {
		fmt.Println(n.Strategies[0][e[0]], n.Strategies[1][e[1]])
	}
	// Output: D D
}
