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

// upstreamTie: player 2 is indifferent after R, but her choice decides
// whether player 1 prefers R to L, so there are two SPE.
func upstreamTie(t testing.TB) *game.Game {
	return gametest.NewTree(t, 2, gametest.Move(gametest.Set(0, "L", "R"),
		gametest.Leaf("1", "0"),
		gametest.Move(gametest.Set(1, "x", "y"), gametest.Leaf("0", "1"), gametest.Leaf("2", "1"))))
}

// offPathTie: player 1 strictly prefers L; player 2 is indifferent at the
// node after R, which is never reached, and at the node after L.
func offPathTie(t testing.TB) *game.Game {
	return gametest.NewTree(t, 2, gametest.Move(gametest.Set(0, "L", "R"),
		gametest.Move(gametest.Set(1, "a", "b"), gametest.Leaf("3", "0"), gametest.Leaf("3", "0")),
		gametest.Move(gametest.Set(1, "c", "d"), gametest.Leaf("0", "5"), gametest.Leaf("1", "5"))))
}

// chanceSPE has a chance move, a branch of probability zero in which
// player 1 must still play optimally, and outcomes on interior nodes.
func chanceSPE(t testing.TB) *game.Game {
	root := gametest.Move(gametest.ChanceSet("1/3", "0", "2/3"),
		gametest.Move(gametest.Set(0, "a", "b"), gametest.Leaf("1", "0"), gametest.Leaf("2", "0")),
		gametest.Move(gametest.Set(0, "c", "d"), gametest.Leaf("5", "0"), gametest.Leaf("4", "0")),
		gametest.Move(gametest.Set(1, "x", "y"), gametest.Leaf("0", "1"), gametest.Move(gametest.Set(0, "e", "f"), gametest.Leaf("1", "1/2"), gametest.Leaf("1", "0"))))
	root.Outcome = gametest.Outcome("10", "10")
	root.Children[2].Children[1].Outcome = gametest.Outcome("0", "1/2")
	return gametest.NewTree(t, 2, root)
}

func TestSPE(t *testing.T) {
	tests := []struct {
		name string
		game func(testing.TB) *game.Game
		want []string // PureBehavior, formatted with %v
		pay  []string // payoffs of each, "u1,u2"
	}{
		{"upstream tie", upstreamTie, []string{"[[0] [0]]", "[[1] [1]]"}, []string{"1,0", "2,1"}},
		{"off-path tie", offPathTie,
			[]string{"[[0] [0 0]]", "[[0] [0 1]]", "[[0] [1 0]]", "[[0] [1 1]]"},
			[]string{"3,0", "3,0", "3,0", "3,0"}},
		// Player 2 at x/y: x gives 1, y gives 1/2 + (e: 1/2, f: 0), so e
		// makes her indifferent and f makes her choose x.
		{"chance", chanceSPE,
			[]string{"[[1 0 0] [0]]", "[[1 0 0] [1]]", "[[1 0 1] [0]]"},
			[]string{"32/3,32/3", "34/3,32/3", "32/3,32/3"}},
		{"one node", func(t testing.TB) *game.Game { return gametest.NewTree(t, 1, gametest.Leaf("7")) },
			[]string{"[[]]"}, []string{"7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.game(t)
			got, err := pure.SPE(context.Background(), g, 0)
			if err != nil {
				t.Fatal(err)
			}
			var gs, ps []string
			for _, b := range got {
				gs = append(gs, fmt.Sprint(b))
				var u []string
				for _, v := range b.Payoffs(g) {
					u = append(u, v.RatString())
				}
				ps = append(ps, strings.Join(u, ","))
			}
			if !reflect.DeepEqual(gs, tt.want) {
				t.Errorf("got %v, want %v", gs, tt.want)
			}
			if !reflect.DeepEqual(ps, tt.pay) {
				t.Errorf("payoffs %v, want %v", ps, tt.pay)
			}
		})
	}
}

func TestSPEErrors(t *testing.T) {
	_, err := pure.SPE(context.Background(), forgetful(t), 0)
	if err == nil || !strings.Contains(err.Error(), "perfect information") || !strings.Contains(err.Error(), "information set 2") {
		t.Errorf("imperfect information: err = %v", err)
	}
	// n independent indifferent moves give 2^n equilibria, which take
	// n*2^n steps to list.
	n := 12
	var kids []*game.Node
	var ps []string
	for range n {
		kids = append(kids, gametest.Move(gametest.Set(0, "a", "b"), gametest.Leaf("1"), gametest.Leaf("1")))
		ps = append(ps, fmt.Sprintf("1/%d", n))
	}
	g := gametest.NewTree(t, 1, gametest.Move(gametest.ChanceSet(ps...), kids...))
	if _, err := pure.SPE(context.Background(), g, n<<n-1); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("2^%d SPE with budget %d: err = %v", n, n<<n-1, err)
	}
	got, err := pure.SPE(context.Background(), g, n<<n)
	if err != nil || len(got) != 1<<n {
		t.Errorf("2^%d SPE with budget %d: %d, %v", n, n<<n, len(got), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := pure.SPE(ctx, g, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

// TestSPEBruteForce compares SPE on random perfect-information trees with
// ties, chance and zero probabilities against a check of every pure
// profile by the one-shot deviation principle, in exact arithmetic.
func TestSPEBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	multi, checked := 0, 0
	for range 1000 {
		g := gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 1 + rng.IntN(3), Depth: 4})
		want, ok := bruteSPE(g, 1<<11)
		if !ok {
			continue
		}
		got, err := pure.SPE(context.Background(), g, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v\nwant %v", got, want)
		}
		if checked++; len(got) > 1 {
			multi++
		}
	}
	if checked < 300 || multi < 100 {
		t.Errorf("only %d random games checked, %d with several SPE", checked, multi)
	}
}

// bruteSPE lists, in lexicographic order, the profiles in which every
// mover's action is optimal for it at every node given the profile.
func bruteSPE(g *game.Game, limit int) ([]pure.PureBehavior, bool) {
	var sets []*game.Infoset
	total := 1
	for _, ps := range g.Infosets {
		sets = append(sets, ps...)
		for _, s := range ps {
			if total *= len(s.Actions); total > limit {
				return nil, false
			}
		}
	}
	var out []pure.PureBehavior
	b := make(pure.PureBehavior, len(g.Infosets))
	for p, sets := range g.Infosets {
		b[p] = make([]int, len(sets))
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
		if subgamePerfect(g, b) {
			c := make(pure.PureBehavior, len(b))
			for p := range b {
				c[p] = append([]int{}, b[p]...)
			}
			out = append(out, c)
		}
	}
	rec(0)
	return out, true
}

func subgamePerfect(g *game.Game, b pure.PureBehavior) bool {
	ok := true
	var value func(n *game.Node) []*big.Rat
	value = func(n *game.Node) []*big.Rat {
		v := make([]*big.Rat, len(g.Players))
		for p := range v {
			v[p] = new(big.Rat)
			if n.Outcome != nil {
				v[p].Set(n.Outcome.Payoffs[p])
			}
		}
		if n.Infoset == nil {
			return v
		}
		kids := make([][]*big.Rat, len(n.Children))
		for a, c := range n.Children {
			kids[a] = value(c)
		}
		if p := n.Infoset.Player; p == game.Chance {
			for a, kv := range kids {
				for q := range v {
					v[q].Add(v[q], new(big.Rat).Mul(n.Infoset.Actions[a].Prob, kv[q]))
				}
			}
		} else {
			chosen := kids[b[p][n.Infoset.Index]]
			for _, kv := range kids {
				if kv[p].Cmp(chosen[p]) > 0 {
					ok = false
				}
			}
			for q := range v {
				v[q].Add(v[q], chosen[q])
			}
		}
		return v
	}
	value(g.Root)
	return ok
}

func ExampleSPE() {
	// Player 1 chooses L (payoffs 1, 0) or R; after R player 2 chooses x
	// (0, 1) or y (2, 1). Player 2 is indifferent, and her choice decides
	// what player 1 should do, so there are two subgame-perfect equilibria.
	x1 := &game.Infoset{Player: 0, Actions: []game.Action{{Label: "L"}, {Label: "R"}}}
	x2 := &game.Infoset{Player: 1, Actions: []game.Action{{Label: "x"}, {Label: "y"}}}
	leaf := func(u1, u2 int64) *game.Node {
		return &game.Node{Outcome: &game.Outcome{Payoffs: []*big.Rat{big.NewRat(u1, 1), big.NewRat(u2, 1)}}}
	}
	g := &game.Game{
		Players: []string{"1", "2"},
		Root: &game.Node{Infoset: x1, Children: []*game.Node{
			leaf(1, 0),
			{Infoset: x2, Children: []*game.Node{leaf(0, 1), leaf(2, 1)}},
		}},
	}
	if err := g.Validate(); err != nil {
		panic(err)
	}
	eqs, err := pure.SPE(context.Background(), g, 0)
	if err != nil {
		panic(err)
	}
	for _, e := range eqs {
		u := e.Payoffs(g)
		fmt.Printf("player 1 %s, player 2 %s: payoffs %s, %s\n",
			x1.Actions[e[0][0]].Label, x2.Actions[e[1][0]].Label, u[0].RatString(), u[1].RatString())
	}
	// Output:
	// player 1 L, player 2 x: payoffs 1, 0
	// player 1 R, player 2 y: payoffs 2, 1
}
