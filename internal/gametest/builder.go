package gametest

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// QreBuilder collects the outcomes of a tree under construction.
type QreBuilder struct {
	G *game.Game
}

func NewQREBuilder(players ...string) *QreBuilder {
	return &QreBuilder{G: &game.Game{Players: players}}
}

// Leaf returns a terminal node with a fresh outcome paying pay.
func (b *QreBuilder) Leaf(pay ...float64) *game.Node {
	return &game.Node{Outcome: b.Outcome(pay...)}
}

func (b *QreBuilder) Outcome(pay ...float64) *game.Outcome {
	o := &game.Outcome{ID: len(b.G.Outcomes) + 1}
	for _, f := range pay {
		r, err := game.Rat(f)
		if err != nil {
			panic(err)
		}
		o.Payoffs = append(o.Payoffs, r)
	}
	b.G.Outcomes = append(b.G.Outcomes, o)
	return o
}

// QreSet returns a player's information set with n actions.
func QreSet(player, n int) *game.Infoset {
	s := &game.Infoset{Player: player}
	for a := 0; a < n; a++ {
		s.Actions = append(s.Actions, game.Action{Label: fmt.Sprint(a + 1)})
	}
	return s
}

// QreChance returns a chance information set with the given probabilities
// (as fractions "1/3").
func QreChance(probs ...string) *game.Infoset {
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

// QreNode returns a decision node of s with the given children.
func QreNode(s *game.Infoset, kids ...*game.Node) *game.Node {
	return &game.Node{Infoset: s, Children: kids}
}

// Done validates the tree rooted at root.
func (b *QreBuilder) Done(t testing.TB, root *game.Node) *game.Game {
	t.Helper()
	b.G.Root = root
	if err := b.G.Validate(); err != nil {
		t.Fatal(err)
	}
	return b.G
}

// QrePoker is Myerson's one-card poker (Gambit's doc/poker.efg).
func QrePoker(t testing.TB) *game.Game {
	b := NewQREBuilder("Alice", "Bob")
	king, queen, bob := QreSet(0, 2), QreSet(0, 2), QreSet(1, 2)
	win2, win1, lose1, lose2 := b.Outcome(2, -2), b.Outcome(1, -1), b.Outcome(-1, 1), b.Outcome(-2, 2)
	leaf := func(o *game.Outcome) *game.Node { return &game.Node{Outcome: o} }
	root := QreNode(QreChance("1/2", "1/2"),
		QreNode(king, QreNode(bob, leaf(win2), leaf(win1)), leaf(lose1)),
		QreNode(queen, QreNode(bob, leaf(lose2), leaf(win1)), leaf(lose1)))
	return b.Done(t, root)
}

// QreBimatrix returns the 2×2 game with payoffs a (row player) and c
// (column player) as a tree: the column player moves second without
// seeing the row player's move.
func QreBimatrix(t testing.TB, a, c [2][2]float64) *game.Game {
	b := NewQREBuilder("Row", "Column")
	row, col := QreSet(0, 2), QreSet(1, 2)
	var kids []*game.Node
	for i := 0; i < 2; i++ {
		kids = append(kids, QreNode(col, b.Leaf(a[i][0], c[i][0]), b.Leaf(a[i][1], c[i][1])))
	}
	return b.Done(t, QreNode(row, kids...))
}

// QreSignalling is a Beer–Quiche style signalling game: chance draws a
// strong (2/3) or weak sender, who picks one of two signals; the receiver
// sees the signal only and fights or not. A non-terminal outcome pays the
// sender 1 for the signal matching its type.
func QreSignalling(t testing.TB) *game.Game {
	b := NewQREBuilder("Sender", "Receiver")
	strong, weak := QreSet(0, 2), QreSet(0, 2)
	afterBeer, afterQuiche := QreSet(1, 2), QreSet(1, 2)
	pref := func(n *game.Node, o *game.Outcome) *game.Node { n.Outcome = o; return n }
	bonus := b.Outcome(1, 0)
	root := QreNode(QreChance("2/3", "1/3"),
		QreNode(strong,
			pref(QreNode(afterBeer, b.Leaf(0, -1), b.Leaf(2, 0)), bonus),
			QreNode(afterQuiche, b.Leaf(0, -1), b.Leaf(2, 0))),
		QreNode(weak,
			QreNode(afterBeer, b.Leaf(0, 1), b.Leaf(2, 0)),
			pref(QreNode(afterQuiche, b.Leaf(0, 1), b.Leaf(2, 0)), bonus)))
	return b.Done(t, root)
}

// QreThreePlayers has three players, chance in the middle, an information
// set spanning chance outcomes and a zero-probability chance action that
// alone leads to one of player 3's information sets.
func QreThreePlayers(t testing.TB) *game.Game {
	b := NewQREBuilder("A", "B", "C")
	a1, b1, c1, c2 := QreSet(0, 2), QreSet(1, 3), QreSet(2, 2), QreSet(2, 2)
	a2 := QreSet(0, 2)
	root := QreNode(a1,
		QreNode(QreChance("1/4", "3/4", "0"),
			QreNode(b1, b.Leaf(3, 1, 0), QreNode(c1, b.Leaf(0, 2, 1), b.Leaf(1, 0, 3)), b.Leaf(2, 2, 2)),
			QreNode(b1, QreNode(c1, b.Leaf(1, 1, 1), b.Leaf(4, 0, 0)), b.Leaf(0, 3, 1), b.Leaf(1, 1, 4)),
			QreNode(c2, b.Leaf(5, 5, 0), b.Leaf(0, 0, 5))),
		QreNode(b1,
			QreNode(a2, b.Leaf(2, 0, 1), b.Leaf(0, 2, 2)),
			b.Leaf(1, 1, 1),
			QreNode(c1, b.Leaf(0, 0, 0), QreNode(a2, b.Leaf(3, 3, 3), b.Leaf(1, 4, 0)))))
	return b.Done(t, root)
}
