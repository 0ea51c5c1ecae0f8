package solve_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// Helpers to build small games by hand.

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad number " + s)
	}
	return r
}

func set(player int, actions ...string) *game.Infoset {
	s := &game.Infoset{Player: player}
	for _, a := range actions {
		s.Actions = append(s.Actions, game.Action{Label: a})
	}
	return s
}

// chanceSet takes probabilities as strings ("1/3").
func chanceSet(probs ...string) *game.Infoset {
	s := &game.Infoset{Player: game.Chance}
	for _, p := range probs {
		s.Actions = append(s.Actions, game.Action{Label: p, Prob: rat(p)})
	}
	return s
}

func move(s *game.Infoset, kids ...*game.Node) *game.Node {
	return &game.Node{Infoset: s, Children: kids}
}

func outcome(pay ...string) *game.Outcome {
	o := &game.Outcome{}
	for _, p := range pay {
		o.Payoffs = append(o.Payoffs, rat(p))
	}
	return o
}

func leaf(pay ...string) *game.Node { return &game.Node{Outcome: outcome(pay...)} }

func newTree(t testing.TB, players int, root *game.Node) *game.Game {
	t.Helper()
	g := &game.Game{Root: root}
	for p := range players {
		g.Players = append(g.Players, fmt.Sprint(p+1))
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	return g
}

// normal builds a strategic game from sizes and payoff vectors given
// profile by profile, player 1 fastest ("" for the null outcome).
func normal(t testing.TB, sizes []int, cells ...string) *game.Normal {
	t.Helper()
	n := &game.Normal{}
	for p, k := range sizes {
		n.Players = append(n.Players, fmt.Sprint(p+1))
		var labels []string
		for s := range k {
			labels = append(labels, fmt.Sprint(s+1))
		}
		n.Strategies = append(n.Strategies, labels)
	}
	for _, c := range cells {
		if c == "" {
			n.Cells = append(n.Cells, nil)
			continue
		}
		o := outcome(strings.Split(c, ",")...)
		n.Outcomes = append(n.Outcomes, o)
		n.Cells = append(n.Cells, o)
	}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	return n
}

// seltenFig2 is Selten's (IJGT 1975) Figure 2 game, Gambit's
// catalog/journals/ijgt/selten1975/fig2.efg.
func seltenFig2(t testing.TB) *game.Game {
	p1a, p2, p1b := set(0, "R", "L"), set(1, "R", "L"), set(0, "r", "l")
	return newTree(t, 2, move(p1a,
		leaf("1", "1"),
		move(p2, leaf("0", "2"), move(p1b, leaf("0", "3"), leaf("2", "0")))))
}

// driver is the absent-minded driver: one information set crossed twice.
func driver(t testing.TB) *game.Game {
	x := set(0, "exit", "continue")
	return newTree(t, 1, move(x, leaf("0"), move(x, leaf("4"), leaf("1"))))
}

// forgetful: player 1 forgets its first move (no absent-mindedness).
func forgetful(t testing.TB) *game.Game {
	second := set(0, "l", "r")
	return newTree(t, 2, move(set(0, "U", "D"),
		move(second, leaf("3", "0"), leaf("0", "1")),
		move(second, leaf("0", "0"), leaf("2", "1"))))
}

func TestPureNash(t *testing.T) {
	tests := []struct {
		name string
		game *game.Normal
		want [][]int
	}{
		{"prisoners dilemma", normal(t, []int{2, 2}, "3,3", "5,0", "0,5", "1,1"), [][]int{{1, 1}}},
		{"matching pennies", normal(t, []int{2, 2}, "1,-1", "-1,1", "-1,1", "1,-1"), nil},
		{"coordination", normal(t, []int{2, 2}, "2,1", "0,0", "0,0", "1,2"), [][]int{{0, 0}, {1, 1}}},
		{"all ties", normal(t, []int{2, 1}, "", "0,0"), [][]int{{0, 0}, {1, 0}}},
		{"rationals", normal(t, []int{2, 2}, "1/3,1/2", "2/7,0", "0,1/3", "0.3,1/3"), [][]int{{0, 0}, {1, 1}}},
		{"three players", normal(t, []int{2, 2, 2},
			"1,1,1", "0,0,0", "0,0,0", "0,0,0", "0,0,0", "0,0,0", "0,0,0", "1,1,1"),
			[][]int{{0, 0, 0}, {1, 1, 1}}},
		{"one player", normal(t, []int{3}, "1", "5", "5"), [][]int{{1}, {2}}},
		{"huge payoffs", normal(t, []int{2, 1}, "100000000000000000000,0", "100000000000000000001,0"), [][]int{{1, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := solve.PureNash(context.Background(), tt.game, 0)
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
	n := normal(t, []int{2, 2}, "3,3", "5,0", "0,5", "1,1")
	if _, err := solve.PureNash(context.Background(), n, 3); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("budget 3 for 4 profiles: err = %v, want ErrBudget", err)
	}
	if _, err := solve.PureNash(context.Background(), n, 4); err != nil {
		t.Errorf("budget 4 for 4 profiles: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := solve.PureNash(ctx, n, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	g := seltenFig2(t)
	if _, err := solve.PureNashTree(ctx, g, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("PureNashTree cancelled: err = %v", err)
	}
	if _, err := solve.AgentPureNash(ctx, g, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("AgentPureNash cancelled: err = %v", err)
	}
	if _, err := solve.PureNashTree(context.Background(), g, 5); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("PureNashTree budget 5 for 6 profiles: err = %v", err)
	}
	if _, err := solve.AgentPureNash(context.Background(), g, 5); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("AgentPureNash budget 5: err = %v", err)
	}
}

// probs formats a profile as Gambit's NE line.
func probs(g *game.Game, b solve.PureBehavior) string {
	var s []string
	for _, v := range b.Probs(g) {
		s = append(s, v.RatString())
	}
	return "NE," + strings.Join(s, ",")
}

func lines(g *game.Game, bs []solve.PureBehavior) []string {
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
			a := set(0, "a", "b")
			return newTree(t, 2, move(chanceSet("1/3", "2/3"),
				move(a, leaf("3", "0"), leaf("0", "3")),
				move(set(1, "x", "y"), leaf("1", "1"), move(a, leaf("0", "2"), leaf("1", "0")))))
		}, []string{"NE,1,0,0,1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.game(t)
			got, err := solve.PureNashTree(context.Background(), g, 0)
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
		_, err := solve.PureNashTree(context.Background(), g, 0)
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
			got, err := solve.AgentPureNash(context.Background(), g, 0)
			if err != nil {
				t.Fatal(err)
			}
			if l := lines(g, got); !reflect.DeepEqual(l, tt.want) {
				t.Errorf("got %v, want %v", l, tt.want)
			}
		})
	}
}

// randomTree builds a random tree with players' information sets that
// may span several nodes at the same depth (so perfect recall can fail),
// chance nodes with probabilities that may be zero, and outcomes on some
// interior nodes. Payoffs are small integers, so ties are common.
func randomTree(t testing.TB, rng *rand.Rand, players, depth int, pi bool) *game.Game {
	sets := map[[2]int][]*game.Infoset{} // by player and depth
	var build func(d int) *game.Node
	build = func(d int) *game.Node {
		if d == depth || (d > 0 && rng.IntN(4) == 0) {
			return leaf(randPay(rng, players)...)
		}
		var n *game.Node
		if rng.IntN(5) == 0 {
			probs := [][]string{{"1/2", "1/2"}, {"1/3", "0", "2/3"}, {"1", "0"}}[rng.IntN(3)]
			n = move(chanceSet(probs...))
		} else {
			p := rng.IntN(players)
			key := [2]int{p, d}
			k := 2 + rng.IntN(2)
			var s *game.Infoset
			if old := sets[key]; !pi && len(old) > 0 && rng.IntN(2) == 0 {
				s = old[rng.IntN(len(old))]
			} else {
				s = set(p, []string{"a", "b", "c"}[:k]...)
				sets[key] = append(sets[key], s)
			}
			n = move(s)
		}
		for range n.Infoset.Actions {
			n.Children = append(n.Children, build(d+1))
		}
		if rng.IntN(6) == 0 {
			n.Outcome = outcome(randPay(rng, players)...)
		}
		return n
	}
	return newTree(t, players, build(0))
}

func randPay(rng *rand.Rand, players int) []string {
	out := make([]string, players)
	for p := range out {
		out[p] = []string{"0", "1", "2", "1/2", "-1"}[rng.IntN(5)]
	}
	return out
}

// TestPureNashTreeMatchesReduce cross-checks PureNashTree against PureNash
// on the strategic form built by game.Reduce (independent payoff code).
func TestPureNashTreeMatchesReduce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for range 1000 {
		g := randomTree(t, rng, 2+rng.IntN(2), 5, false)
		if g.PerfectRecall() != nil {
			continue
		}
		r, err := g.Reduce(100000)
		if err != nil {
			continue
		}
		want, err := solve.PureNash(context.Background(), r.Normal, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := solve.PureNashTree(context.Background(), g, 0)
		if err != nil {
			t.Fatal(err)
		}
		var wantLines []string
		seen := map[string]bool{}
		for _, prof := range want {
			b := make(solve.PureBehavior, len(prof))
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
		g := randomTree(t, rng, 2+rng.IntN(2), 4, false)
		profiles := 1
		for _, sets := range g.Infosets {
			for _, s := range sets {
				profiles *= len(s.Actions)
			}
		}
		if profiles > 1<<11 {
			continue
		}
		got, err := solve.AgentPureNash(context.Background(), g, 0)
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

func bruteAgent(g *game.Game) []solve.PureBehavior {
	var out []solve.PureBehavior
	b := make(solve.PureBehavior, len(g.Infosets))
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
		c := make(solve.PureBehavior, len(b))
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
	eqs, err := solve.PureNash(context.Background(), n, 0)
	if err != nil {
		panic(err)
	}
	for _, e := range eqs {
		fmt.Println(n.Strategies[0][e[0]], n.Strategies[1][e[1]])
	}
	// Output: D D
}
