package gametest

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// RandomNormal returns a strategic game with len(sizes) players, player p
// having sizes[p] strategies, and integer payoffs drawn uniformly from
// 0..span-1, cell by cell (player 1's strategy fastest) and player by
// player within a cell. Small spans make ties, and degenerate games,
// common.
func RandomNormal(rng *rand.Rand, sizes []int, span int64) *game.Normal {
	return randomNormal(sizes, func() *big.Rat { return big.NewRat(rng.Int64N(span), 1) })
}

// RandomGeneric returns a strategic game like RandomNormal's with payoffs
// drawn uniformly from [0, 100) in float64 (each the decimal game.Rat
// gives): a generic game, without ties.
func RandomGeneric(rng *rand.Rand, sizes []int) *game.Normal {
	return randomNormal(sizes, func() *big.Rat {
		r, _ := game.Rat(100 * rng.Float64())
		return r
	})
}

func randomNormal(sizes []int, pay func() *big.Rat) *game.Normal {
	n := &game.Normal{}
	total := 1
	for p, k := range sizes {
		n.Players = append(n.Players, string(rune('1'+p)))
		n.Strategies = append(n.Strategies, make([]string, k))
		total *= k
	}
	n.Cells = make([]*game.Outcome, total)
	for c := range n.Cells {
		o := &game.Outcome{}
		for range sizes {
			o.Payoffs = append(o.Payoffs, pay())
		}
		n.Cells[c] = o
	}
	return n
}

// Info is the information structure of a random tree.
type Info int

const (
	// Perfect information: every information set is one node.
	Perfect Info = iota
	// Recall: a player's nodes that follow the same own earlier moves
	// share an information set, so players do not see the others' moves
	// or chance's but forget nothing (perfect recall). Two players.
	Recall
	// Imperfect: a player's information set may span several nodes at
	// the same depth whatever came before, so perfect recall can fail.
	Imperfect
)

// TreeSpec describes the random trees RandomTree draws.
type TreeSpec struct {
	// Players is the number of players (Recall trees have two).
	Players int
	// Depth is the length of the longest play.
	Depth int
	// Info is the information structure.
	Info Info
	// Branch, if positive, asks for a complete tree of perfect
	// information: every node above Depth has Branch actions, every
	// fourth level is a chance move with equal probabilities, the others
	// cycle through the players. Otherwise plays end at random depths
	// and nodes have 2 or 3 actions.
	Branch int
	// Span, if positive, draws the payoffs of plays as integers in
	// 0..Span-1 (with Branch, or for Recall trees). Otherwise (Perfect
	// and Imperfect trees without Branch) payoffs come from {0, 1, 2,
	// 1/2, −1}, so ties are common, chance probabilities may be zero and
	// some interior nodes carry outcomes too.
	Span int64
	// ZeroSum makes player 2's payoff the negative of player 1's (Recall
	// trees).
	ZeroSum bool
}

// RandomTree returns a validated random tree drawn from rng as spec asks.
func RandomTree(t testing.TB, rng *rand.Rand, spec TreeSpec) *game.Game {
	t.Helper()
	var g *game.Game
	switch {
	case spec.Branch > 0:
		g = completeTree(rng, spec)
	case spec.Info == Recall:
		g = recallTree(rng, spec)
	default:
		return shapedTree(t, rng, spec.Players, spec.Depth, spec.Info == Perfect)
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	return g
}

// shapedTree builds a tree of random shape with players' information sets
// that may span several nodes at the same depth unless pi (so perfect
// recall can fail), chance nodes with probabilities that may be zero, and
// outcomes on some interior nodes.
func shapedTree(t testing.TB, rng *rand.Rand, players, depth int, pi bool) *game.Game {
	sets := map[[2]int][]*game.Infoset{} // by player and depth
	var build func(d int) *game.Node
	build = func(d int) *game.Node {
		if d == depth || (d > 0 && rng.IntN(4) == 0) {
			return Leaf(randPay(rng, players)...)
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
			n.Outcome = Outcome(randPay(rng, players)...)
		}
		return n
	}
	return NewTree(t, players, build(0))
}

// randPay draws one small payoff per player.
func randPay(rng *rand.Rand, players int) []string {
	out := make([]string, players)
	for p := range out {
		out[p] = []string{"0", "1", "2", "1/2", "-1"}[rng.IntN(5)]
	}
	return out
}

// completeTree builds the complete perfect-information trees of
// TreeSpec.Branch.
func completeTree(rng *rand.Rand, spec TreeSpec) *game.Game {
	players, branch := spec.Players, spec.Branch
	var build func(d int) *game.Node
	build = func(d int) *game.Node {
		if d == spec.Depth {
			o := &game.Outcome{}
			for range players {
				o.Payoffs = append(o.Payoffs, big.NewRat(rng.Int64N(spec.Span), 1))
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
	return g
}

// recallTree builds the two-player trees of perfect recall of Recall:
// decision nodes join one information set when they belong to the same
// player and follow the same own earlier moves.
func recallTree(rng *rand.Rand, spec TreeSpec) *game.Game {
	g := &game.Game{Players: []string{"1", "2"}}
	sets := map[string]*game.Infoset{}
	var build func(d int, hist [2]string) *game.Node
	build = func(d int, hist [2]string) *game.Node {
		if d == spec.Depth || (d > 1 && rng.IntN(5) == 0) {
			a := rng.Int64N(spec.Span)
			b := rng.Int64N(spec.Span)
			if spec.ZeroSum {
				b = -a
			}
			o := &game.Outcome{Payoffs: []*big.Rat{big.NewRat(a, 1), big.NewRat(b, 1)}}
			g.Outcomes = append(g.Outcomes, o)
			return &game.Node{Outcome: o}
		}
		if rng.IntN(6) == 0 {
			s := &game.Infoset{Player: game.Chance, Actions: []game.Action{{Prob: big.NewRat(1, 3)}, {Prob: big.NewRat(2, 3)}}}
			n := &game.Node{Infoset: s}
			for range 2 {
				n.Children = append(n.Children, build(d+1, hist))
			}
			return n
		}
		p := rng.IntN(2)
		key := fmt.Sprint(p, hist[p])
		s := sets[key]
		if s == nil {
			s = &game.Infoset{Player: p, ID: len(sets) + 1, Actions: make([]game.Action, 2+rng.IntN(2))}
			sets[key] = s
		}
		n := &game.Node{Infoset: s}
		for a := range s.Actions {
			next := hist
			next[p] += fmt.Sprintf("%s:%d;", key, a)
			n.Children = append(n.Children, build(d+1, next))
		}
		return n
	}
	g.Root = build(0, [2]string{})
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

// RandomTrees returns the random trees of depth 4 (RandomTree, Perfect or
// Imperfect information as pi says) drawn with the given seeds that have
// perfect recall, at least one move of player 1 and a reduced strategic
// form of at most 50000 profiles.
func RandomTrees(t testing.TB, players int, pi bool, seeds []uint64) []*game.Game {
	t.Helper()
	var out []*game.Game
	for _, seed := range seeds {
		g := RandomTree(t, rand.New(rand.NewPCG(seed, 16)), TreeSpec{Players: players, Depth: 4, Info: InfoOf(pi)})
		if g.PerfectRecall() != nil || len(g.Infosets[0]) == 0 {
			continue
		}
		if _, err := g.Reduce(50000); err == nil {
			out = append(out, g)
		}
	}
	return out
}

// InfoOf returns Perfect if pi, else Imperfect: the information of the
// trees a test asks for by a flag.
func InfoOf(pi bool) Info {
	if pi {
		return Perfect
	}
	return Imperfect
}

// SeedRange returns the seeds from, from+1, …, to.
func SeedRange(from, to uint64) []uint64 {
	var out []uint64
	for s := from; s <= to; s++ {
		out = append(out, s)
	}
	return out
}
