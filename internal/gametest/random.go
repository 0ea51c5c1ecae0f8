package gametest

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// RandomBimatrix returns an m×k game with integer payoffs in 0..span-1.
func RandomBimatrix(m, k int, span int64, rng *rand.Rand) *game.Normal {
	n := &game.Normal{Players: []string{"1", "2"}, Strategies: [][]string{make([]string, m), make([]string, k)}}
	n.Cells = make([]*game.Outcome, m*k)
	for i := range n.Cells {
		n.Cells[i] = &game.Outcome{Payoffs: []*big.Rat{big.NewRat(rng.Int64N(span), 1), big.NewRat(rng.Int64N(span), 1)}}
	}
	return n
}

// RandomTree builds a random tree with players' information sets that
// may span several nodes at the same depth (so perfect recall can fail),
// chance nodes with probabilities that may be zero, and outcomes on some
// interior nodes. Payoffs are small integers, so ties are common.
func RandomTree(t testing.TB, rng *rand.Rand, players, depth int, pi bool) *game.Game {
	sets := map[[2]int][]*game.Infoset{} // by player and depth
	var build func(d int) *game.Node
	build = func(d int) *game.Node {
		if d == depth || (d > 0 && rng.IntN(4) == 0) {
			return Leaf(RandPay(rng, players)...)
		}
		var n *game.Node
		if rng.IntN(5) == 0 {
			probs := [][]string{{"1/2", "1/2"}, {"1/3", "0", "2/3"}, {"1", "0"}}[rng.IntN(3)]
			n = Move(ChanceSet(probs...))
		} else {
			p := rng.IntN(players)
			key := [2]int{p, d}
			k := 2 + rng.IntN(2)
			var s *game.Infoset
			if old := sets[key]; !pi && len(old) > 0 && rng.IntN(2) == 0 {
				s = old[rng.IntN(len(old))]
			} else {
				s = Set(p, []string{"a", "b", "c"}[:k]...)
				sets[key] = append(sets[key], s)
			}
			n = Move(s)
		}
		for range n.Infoset.Actions {
			n.Children = append(n.Children, build(d+1))
		}
		if rng.IntN(6) == 0 {
			n.Outcome = Outcome(RandPay(rng, players)...)
		}
		return n
	}
	return NewTree(t, players, build(0))
}

func RandPay(rng *rand.Rand, players int) []string {
	out := make([]string, players)
	for p := range out {
		out[p] = []string{"0", "1", "2", "1/2", "-1"}[rng.IntN(5)]
	}
	return out
}

// RandomNormal builds a strategic game with integer payoffs in 0..99.
func RandomNormal(sizes []int, seed uint64) *game.Normal {
	rng := rand.New(rand.NewPCG(seed, 1))
	n := &game.Normal{}
	total := 1
	for p, k := range sizes {
		n.Players = append(n.Players, string(rune('1'+p)))
		n.Strategies = append(n.Strategies, make([]string, k))
		total *= k
	}
	for range total {
		o := &game.Outcome{}
		for range sizes {
			o.Payoffs = append(o.Payoffs, big.NewRat(rng.Int64N(100), 1))
		}
		n.Cells = append(n.Cells, o)
	}
	return n
}

// RandomPITree builds a complete perfect-information tree of the given
// depth and branching; every fourth level is a chance move, and payoffs
// are integers in 0..payRange-1 (a small range makes ties frequent).
func RandomPITree(b *testing.B, players, depth, branch int, payRange int64, seed uint64) *game.Game {
	rng := rand.New(rand.NewPCG(seed, 2))
	var build func(d int) *game.Node
	build = func(d int) *game.Node {
		if d == depth {
			o := &game.Outcome{}
			for range players {
				o.Payoffs = append(o.Payoffs, big.NewRat(rng.Int64N(payRange), 1))
			}
			return &game.Node{Outcome: o}
		}
		var s *game.Infoset
		if d%4 == 3 {
			s = &game.Infoset{Player: game.Chance}
			for range branch {
				s.Actions = append(s.Actions, game.Action{Prob: big.NewRat(1, int64(branch))})
			}
		} else {
			s = &game.Infoset{Player: d % players, Actions: make([]game.Action, branch)}
		}
		n := &game.Node{Infoset: s}
		for range branch {
			n.Children = append(n.Children, build(d+1))
		}
		return n
	}
	g := &game.Game{Root: build(0)}
	for p := range players {
		g.Players = append(g.Players, string(rune('1'+p)))
	}
	if err := g.Validate(); err != nil {
		b.Fatal(err)
	}
	return g
}

// DeepChain builds a validated chain of depth personal nodes, players 1
// and 2 alternating, each with its own information set: action 1 ends the
// game, action 2 goes on.
func DeepChain(t testing.TB, depth int) *game.Game {
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

// DeepStack bounds the stack in the tests of deep trees: a recursion
// through a chain of 10^5 nodes needs several megabytes.
const DeepStack = 1 << 20
