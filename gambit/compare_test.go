package gambit

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/tablero-project/tablero/game"
)

// diffGames returns a description of the first structural difference
// between two validated trees, or nil if they are the same game: players,
// texts, tree shape, node labels, information-set membership, labels, ids,
// actions and probabilities, and outcomes with exact payoffs.
func diffGames(a, b *game.Game) error {
	switch {
	case a.Title != b.Title:
		return fmt.Errorf("title %q != %q", a.Title, b.Title)
	case a.Comment != b.Comment:
		return fmt.Errorf("comment %q != %q", a.Comment, b.Comment)
	case !slices.Equal(a.Players, b.Players):
		return fmt.Errorf("players %q != %q", a.Players, b.Players)
	case len(a.Nodes) != len(b.Nodes):
		return fmt.Errorf("%d nodes != %d", len(a.Nodes), len(b.Nodes))
	}
	sets := map[*game.Infoset]*game.Infoset{}
	outs := map[*game.Outcome]*game.Outcome{}
	for i, x := range a.Nodes {
		y := b.Nodes[i]
		if err := diffNode(x, y, sets, outs); err != nil {
			return fmt.Errorf("node %d: %w", i+1, err)
		}
	}
	if len(a.Outcomes) != len(b.Outcomes) {
		return fmt.Errorf("%d outcomes != %d", len(a.Outcomes), len(b.Outcomes))
	}
	for i, o := range a.Outcomes {
		if err := diffOutcome(o, b.Outcomes[i]); err != nil {
			return fmt.Errorf("outcome list entry %d: %w", i+1, err)
		}
	}
	return nil
}

// diffNode compares two nodes at the same pre-order position; sets and
// outs record the correspondence of information sets and outcomes, which
// must be one-to-one.
func diffNode(x, y *game.Node, sets map[*game.Infoset]*game.Infoset, outs map[*game.Outcome]*game.Outcome) error {
	if x.Label != y.Label {
		return fmt.Errorf("label %q != %q", x.Label, y.Label)
	}
	if x.Parent != nil && (x.Parent.Index != y.Parent.Index || x.Action != y.Action) {
		return fmt.Errorf("different parent or action")
	}
	if (x.Infoset == nil) != (y.Infoset == nil) {
		return fmt.Errorf("terminal in one game only")
	}
	if x.Infoset != nil {
		if err := matchOnce(sets, x.Infoset, y.Infoset, "information set"); err != nil {
			return err
		}
		if err := diffInfoset(x.Infoset, y.Infoset); err != nil {
			return err
		}
	}
	if (x.Outcome == nil) != (y.Outcome == nil) {
		return fmt.Errorf("outcome in one game only")
	}
	if x.Outcome != nil {
		if err := matchOnce(outs, x.Outcome, y.Outcome, "outcome"); err != nil {
			return err
		}
		return diffOutcome(x.Outcome, y.Outcome)
	}
	return nil
}

// matchOnce records that x corresponds to y, failing if x or y was
// matched to something else before.
func matchOnce[T comparable](m map[T]T, x, y T, what string) error {
	if prev, ok := m[x]; ok {
		if prev != y {
			return fmt.Errorf("%s membership differs", what)
		}
		return nil
	}
	for _, v := range m {
		if v == y {
			return fmt.Errorf("%s membership differs", what)
		}
	}
	m[x] = y
	return nil
}

func diffInfoset(x, y *game.Infoset) error {
	switch {
	case x.Label != y.Label || x.Player != y.Player || x.ID != y.ID:
		return fmt.Errorf("information set %d/%d %q != %d/%d %q", x.Player, x.ID, x.Label, y.Player, y.ID, y.Label)
	case len(x.Actions) != len(y.Actions):
		return fmt.Errorf("%d actions != %d", len(x.Actions), len(y.Actions))
	}
	for i, a := range x.Actions {
		b := y.Actions[i]
		if a.Label != b.Label || !sameProb(a.Prob, b.Prob) {
			return fmt.Errorf("action %d: %q %v != %q %v", i+1, a.Label, a.Prob, b.Label, b.Prob)
		}
	}
	return nil
}

func sameProb(a, b *big.Rat) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Cmp(b) == 0
}

func diffOutcome(x, y *game.Outcome) error {
	if x.ID != y.ID || x.Label != y.Label || !sameRats(x.Payoffs, y.Payoffs) {
		return fmt.Errorf("outcome %d %q %v != %d %q %v", x.ID, x.Label, x.Payoffs, y.ID, y.Label, y.Payoffs)
	}
	return nil
}

// diffNormals compares two strategic games: texts, players, strategies,
// the outcome list and the outcome of every cell (by position in the
// outcome list).
func diffNormals(a, b *game.Normal) error {
	switch {
	case a.Title != b.Title:
		return fmt.Errorf("title %q != %q", a.Title, b.Title)
	case a.Comment != b.Comment:
		return fmt.Errorf("comment %q != %q", a.Comment, b.Comment)
	case !slices.Equal(a.Players, b.Players):
		return fmt.Errorf("players %q != %q", a.Players, b.Players)
	case !slices.EqualFunc(a.Strategies, b.Strategies, slices.Equal):
		return fmt.Errorf("strategies %q != %q", a.Strategies, b.Strategies)
	case len(a.Outcomes) != len(b.Outcomes):
		return fmt.Errorf("%d outcomes != %d", len(a.Outcomes), len(b.Outcomes))
	case len(a.Cells) != len(b.Cells):
		return fmt.Errorf("%d cells != %d", len(a.Cells), len(b.Cells))
	}
	for i, o := range a.Outcomes {
		if err := diffOutcome(o, b.Outcomes[i]); err != nil {
			return err
		}
	}
	ia, ib := positions(a.Outcomes), positions(b.Outcomes)
	for i := range a.Cells {
		if x, y := ia[a.Cells[i]], ib[b.Cells[i]]; x != y {
			return fmt.Errorf("cell %d: outcome %d != %d", i+1, x, y)
		}
	}
	return nil
}

// positions maps each outcome to its first position (from 1) in outs, and
// nil (the null outcome) to 0. The readers put every cell's outcome in the
// list, so no lookup misses.
func positions(outs []*game.Outcome) map[*game.Outcome]int {
	m := map[*game.Outcome]int{nil: 0}
	for i := len(outs) - 1; i >= 0; i-- {
		m[outs[i]] = i + 1
	}
	return m
}
