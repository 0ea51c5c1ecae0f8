package solve

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// Builders for hand-made test trees.

// qreBuilder collects the outcomes of a tree under construction.
type qreBuilder struct {
	g *game.Game
}

func newQREBuilder(players ...string) *qreBuilder {
	return &qreBuilder{g: &game.Game{Players: players}}
}

// leaf returns a terminal node with a fresh outcome paying pay.
func (b *qreBuilder) leaf(pay ...float64) *game.Node {
	return &game.Node{Outcome: b.outcome(pay...)}
}

func (b *qreBuilder) outcome(pay ...float64) *game.Outcome {
	o := &game.Outcome{ID: len(b.g.Outcomes) + 1}
	for _, f := range pay {
		r, err := game.Rat(f)
		if err != nil {
			panic(err)
		}
		o.Payoffs = append(o.Payoffs, r)
	}
	b.g.Outcomes = append(b.g.Outcomes, o)
	return o
}

// qreSet returns a player's information set with n actions.
func qreSet(player, n int) *game.Infoset {
	s := &game.Infoset{Player: player}
	for a := 0; a < n; a++ {
		s.Actions = append(s.Actions, game.Action{Label: fmt.Sprint(a + 1)})
	}
	return s
}

// qreChance returns a chance information set with the given probabilities
// (as fractions "1/3").
func qreChance(probs ...string) *game.Infoset {
	s := &game.Infoset{Player: game.Chance}
	for _, p := range probs {
		r, ok := new(big.Rat).SetString(p)
		if !ok {
			panic(p)
		}
		s.Actions = append(s.Actions, game.Action{Label: p, Prob: r})
	}
	return s
}

// qreNode returns a decision node of s with the given children.
func qreNode(s *game.Infoset, kids ...*game.Node) *game.Node {
	return &game.Node{Infoset: s, Children: kids}
}

// done validates the tree rooted at root.
func (b *qreBuilder) done(t testing.TB, root *game.Node) *game.Game {
	t.Helper()
	b.g.Root = root
	if err := b.g.Validate(); err != nil {
		t.Fatal(err)
	}
	return b.g
}

// qrePoker is Myerson's one-card poker (Gambit's doc/poker.efg).
func qrePoker(t testing.TB) *game.Game {
	b := newQREBuilder("Alice", "Bob")
	king, queen, bob := qreSet(0, 2), qreSet(0, 2), qreSet(1, 2)
	win2, win1, lose1, lose2 := b.outcome(2, -2), b.outcome(1, -1), b.outcome(-1, 1), b.outcome(-2, 2)
	leaf := func(o *game.Outcome) *game.Node { return &game.Node{Outcome: o} }
	root := qreNode(qreChance("1/2", "1/2"),
		qreNode(king, qreNode(bob, leaf(win2), leaf(win1)), leaf(lose1)),
		qreNode(queen, qreNode(bob, leaf(lose2), leaf(win1)), leaf(lose1)))
	return b.done(t, root)
}

// qreBimatrix returns the 2×2 game with payoffs a (row player) and c
// (column player) as a tree: the column player moves second without
// seeing the row player's move.
func qreBimatrix(t testing.TB, a, c [2][2]float64) *game.Game {
	b := newQREBuilder("Row", "Column")
	row, col := qreSet(0, 2), qreSet(1, 2)
	var kids []*game.Node
	for i := 0; i < 2; i++ {
		kids = append(kids, qreNode(col, b.leaf(a[i][0], c[i][0]), b.leaf(a[i][1], c[i][1])))
	}
	return b.done(t, qreNode(row, kids...))
}

// qreSignalling is a Beer–Quiche style signalling game: chance draws a
// strong (2/3) or weak sender, who picks one of two signals; the receiver
// sees the signal only and fights or not. A non-terminal outcome pays the
// sender 1 for the signal matching its type.
func qreSignalling(t testing.TB) *game.Game {
	b := newQREBuilder("Sender", "Receiver")
	strong, weak := qreSet(0, 2), qreSet(0, 2)
	afterBeer, afterQuiche := qreSet(1, 2), qreSet(1, 2)
	pref := func(n *game.Node, o *game.Outcome) *game.Node { n.Outcome = o; return n }
	bonus := b.outcome(1, 0)
	root := qreNode(qreChance("2/3", "1/3"),
		qreNode(strong,
			pref(qreNode(afterBeer, b.leaf(0, -1), b.leaf(2, 0)), bonus),
			qreNode(afterQuiche, b.leaf(0, -1), b.leaf(2, 0))),
		qreNode(weak,
			qreNode(afterBeer, b.leaf(0, 1), b.leaf(2, 0)),
			pref(qreNode(afterQuiche, b.leaf(0, 1), b.leaf(2, 0)), bonus)))
	return b.done(t, root)
}

// qreThreePlayers has three players, chance in the middle, an information
// set spanning chance outcomes and a zero-probability chance action that
// alone leads to one of player 3's information sets.
func qreThreePlayers(t testing.TB) *game.Game {
	b := newQREBuilder("A", "B", "C")
	a1, b1, c1, c2 := qreSet(0, 2), qreSet(1, 3), qreSet(2, 2), qreSet(2, 2)
	a2 := qreSet(0, 2)
	root := qreNode(a1,
		qreNode(qreChance("1/4", "3/4", "0"),
			qreNode(b1, b.leaf(3, 1, 0), qreNode(c1, b.leaf(0, 2, 1), b.leaf(1, 0, 3)), b.leaf(2, 2, 2)),
			qreNode(b1, qreNode(c1, b.leaf(1, 1, 1), b.leaf(4, 0, 0)), b.leaf(0, 3, 1), b.leaf(1, 1, 4)),
			qreNode(c2, b.leaf(5, 5, 0), b.leaf(0, 0, 5))),
		qreNode(b1,
			qreNode(a2, b.leaf(2, 0, 1), b.leaf(0, 2, 2)),
			b.leaf(1, 1, 1),
			qreNode(c1, b.leaf(0, 0, 0), qreNode(a2, b.leaf(3, 3, 3), b.leaf(1, 4, 0)))))
	return b.done(t, root)
}

// aqreResidual returns the largest violation of the logit equations by b
// at precision lambda, computed independently of the solver: realisation
// probabilities from the game package, node values by recursion, beliefs
// uniform where chance never reaches a set.
func aqreResidual(g *game.Game, b game.Behavior, lambda float64) float64 {
	reach := g.Realization(b)
	np := len(g.Players)
	var value func(n *game.Node) []float64
	value = func(n *game.Node) []float64 {
		v := make([]float64, np)
		if n.Outcome != nil {
			for i, r := range n.Outcome.Payoffs {
				v[i], _ = r.Float64()
			}
		}
		for a, c := range n.Children {
			w := g.ActionProb(b, n, a)
			for i, cv := range value(c) {
				v[i] += w * cv
			}
		}
		return v
	}
	worst := 0.0
	for p, sets := range g.Infosets {
		for i, s := range sets {
			total := 0.0
			for _, h := range s.Members {
				total += reach[h.Index]
			}
			vals := make([]float64, len(s.Actions))
			for _, h := range s.Members {
				beta := 1 / float64(len(s.Members))
				if total > 0 {
					beta = reach[h.Index] / total
				}
				for a, c := range h.Children {
					vals[a] += beta * value(c)[p]
				}
			}
			hi := math.Inf(-1)
			for _, v := range vals {
				hi = math.Max(hi, lambda*v)
			}
			sum := 0.0
			for _, v := range vals {
				sum += math.Exp(lambda*v - hi)
			}
			for a, v := range vals {
				want := math.Exp(lambda*v-hi) / sum
				worst = math.Max(worst, math.Abs(b[p][i][a]-want))
			}
		}
	}
	return worst
}

// qreNashRegret returns the largest gain a player makes by deviating from b
// to any pure behaviour strategy, by brute force over the player's pure
// strategies (small games only).
func qreNashRegret(g *game.Game, b game.Behavior) float64 {
	base := g.Payoffs(b)
	worst := 0.0
	for p, sets := range g.Infosets {
		choice := make([]int, len(sets))
		for {
			dev := make(game.Behavior, len(b))
			copy(dev, b)
			dev[p] = make([][]float64, len(sets))
			for i, s := range sets {
				dev[p][i] = make([]float64, len(s.Actions))
				dev[p][i][choice[i]] = 1
			}
			worst = math.Max(worst, g.Payoffs(dev)[p]-base[p])
			k := 0
			for ; k < len(sets); k++ {
				if choice[k]++; choice[k] < len(sets[k].Actions) {
					break
				}
				choice[k] = 0
			}
			if k == len(sets) {
				break
			}
		}
	}
	return worst
}
