package gametest

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// Rat parses a rational ("1/3", "2", "0.5"), panicking on a bad one.
func Rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad number " + s)
	}
	return r
}

// Set returns an information set of player with the labelled actions.
func Set(player int, actions ...string) *game.Infoset {
	s := &game.Infoset{Player: player}
	for _, a := range actions {
		s.Actions = append(s.Actions, game.Action{Label: a})
	}
	return s
}

// ChanceSet takes probabilities as strings ("1/3").
func ChanceSet(probs ...string) *game.Infoset {
	s := &game.Infoset{Player: game.Chance}
	for _, p := range probs {
		s.Actions = append(s.Actions, game.Action{Label: p, Prob: Rat(p)})
	}
	return s
}

// Move returns a node of s with the given children, one per action.
func Move(s *game.Infoset, kids ...*game.Node) *game.Node {
	return &game.Node{Infoset: s, Children: kids}
}

// Outcome returns an outcome with the given payoffs, one per player.
func Outcome(pay ...string) *game.Outcome {
	o := &game.Outcome{}
	for _, p := range pay {
		o.Payoffs = append(o.Payoffs, Rat(p))
	}
	return o
}

// Leaf returns a terminal node with the payoffs pay.
func Leaf(pay ...string) *game.Node { return &game.Node{Outcome: Outcome(pay...)} }

// NewTree returns the validated tree of players players named 1, 2, …
// rooted at root.
func NewTree(t testing.TB, players int, root *game.Node) *game.Game {
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

// Normal builds a strategic game from sizes and payoff vectors given
// profile by profile, player 1 fastest ("" for the null outcome).
func Normal(t testing.TB, sizes []int, cells ...string) *game.Normal {
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
		o := Outcome(strings.Split(c, ",")...)
		n.Outcomes = append(n.Outcomes, o)
		n.Cells = append(n.Cells, o)
	}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	return n
}
