package gametest

import (
	"fmt"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// Builder builds a tree with float payoffs, numbering and collecting its
// outcomes (which trees of package gambit have, and the logit tests use).
type Builder struct {
	G *game.Game
}

// NewBuilder starts a tree of the named players.
func NewBuilder(players ...string) *Builder {
	return &Builder{G: &game.Game{Players: players}}
}

// Leaf returns a terminal node with a fresh outcome paying pay.
func (b *Builder) Leaf(pay ...float64) *game.Node {
	return &game.Node{Outcome: b.Outcome(pay...)}
}

// Outcome returns a fresh outcome paying pay (one payoff per player).
func (b *Builder) Outcome(pay ...float64) *game.Outcome {
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

// SetN returns a player's information set with n actions labelled 1…n.
func SetN(player, n int) *game.Infoset {
	labels := make([]string, n)
	for a := range labels {
		labels[a] = fmt.Sprint(a + 1)
	}
	return Set(player, labels...)
}

// Done validates the tree rooted at root.
func (b *Builder) Done(t testing.TB, root *game.Node) *game.Game {
	t.Helper()
	b.G.Root = root
	if err := b.G.Validate(); err != nil {
		t.Fatal(err)
	}
	return b.G
}

// Poker is Myerson's one-card poker (Gambit's doc/poker.efg).
func Poker(t testing.TB) *game.Game {
	b := NewBuilder("Alice", "Bob")
	king, queen, bob := SetN(0, 2), SetN(0, 2), SetN(1, 2)
	win2, win1, lose1, lose2 := b.Outcome(2, -2), b.Outcome(1, -1), b.Outcome(-1, 1), b.Outcome(-2, 2)
	leaf := func(o *game.Outcome) *game.Node { return &game.Node{Outcome: o} }
	root := Move(ChanceSet("1/2", "1/2"),
		Move(king, Move(bob, leaf(win2), leaf(win1)), leaf(lose1)),
		Move(queen, Move(bob, leaf(lose2), leaf(win1)), leaf(lose1)))
	return b.Done(t, root)
}

// BimatrixTree returns the 2×2 game with payoffs a (row player) and c
// (column player) as a tree: the column player moves second without
// seeing the row player's move.
func BimatrixTree(t testing.TB, a, c [2][2]float64) *game.Game {
	b := NewBuilder("Row", "Column")
	row, col := SetN(0, 2), SetN(1, 2)
	var kids []*game.Node
	for i := 0; i < 2; i++ {
		kids = append(kids, Move(col, b.Leaf(a[i][0], c[i][0]), b.Leaf(a[i][1], c[i][1])))
	}
	return b.Done(t, Move(row, kids...))
}

// Signalling is a Beer–Quiche style signalling game: chance draws a
// strong (2/3) or weak sender, who picks one of two signals; the receiver
// sees the signal only and fights or not. A non-terminal outcome pays the
// sender 1 for the signal matching its type.
func Signalling(t testing.TB) *game.Game {
	b := NewBuilder("Sender", "Receiver")
	strong, weak := SetN(0, 2), SetN(0, 2)
	afterBeer, afterQuiche := SetN(1, 2), SetN(1, 2)
	pref := func(n *game.Node, o *game.Outcome) *game.Node { n.Outcome = o; return n }
	bonus := b.Outcome(1, 0)
	root := Move(ChanceSet("2/3", "1/3"),
		Move(strong,
			pref(Move(afterBeer, b.Leaf(0, -1), b.Leaf(2, 0)), bonus),
			Move(afterQuiche, b.Leaf(0, -1), b.Leaf(2, 0))),
		Move(weak,
			Move(afterBeer, b.Leaf(0, 1), b.Leaf(2, 0)),
			pref(Move(afterQuiche, b.Leaf(0, 1), b.Leaf(2, 0)), bonus)))
	return b.Done(t, root)
}

// ThreePlayers has three players, chance in the middle, an information
// set spanning chance outcomes and a zero-probability chance action that
// alone leads to one of player 3's information sets.
func ThreePlayers(t testing.TB) *game.Game {
	b := NewBuilder("A", "B", "C")
	a1, b1, c1, c2 := SetN(0, 2), SetN(1, 3), SetN(2, 2), SetN(2, 2)
	a2 := SetN(0, 2)
	root := Move(a1,
		Move(ChanceSet("1/4", "3/4", "0"),
			Move(b1, b.Leaf(3, 1, 0), Move(c1, b.Leaf(0, 2, 1), b.Leaf(1, 0, 3)), b.Leaf(2, 2, 2)),
			Move(b1, Move(c1, b.Leaf(1, 1, 1), b.Leaf(4, 0, 0)), b.Leaf(0, 3, 1), b.Leaf(1, 1, 4)),
			Move(c2, b.Leaf(5, 5, 0), b.Leaf(0, 0, 5))),
		Move(b1,
			Move(a2, b.Leaf(2, 0, 1), b.Leaf(0, 2, 2)),
			b.Leaf(1, 1, 1),
			Move(c1, b.Leaf(0, 0, 0), Move(a2, b.Leaf(3, 3, 3), b.Leaf(1, 4, 0)))))
	return b.Done(t, root)
}
