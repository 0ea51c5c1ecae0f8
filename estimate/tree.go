package estimate

import (
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/game"
)

// Tree is a statistical strategic model: a finite game tree of perfect
// information in which every player's move is a choice between two actions,
// and a list of the utilities to estimate, each a linear function of
// covariates. Every other utility is fixed at zero (the normalisation that
// identifies the model, as in Signorino's and the games package's models).
//
// Any such tree the game package can hold converts with FromGame; the games
// package's models are the constructors Egame12, Egame122 and Egame123.
type Tree struct {
	// Name is the model's name (egame12, ..., or the game's title).
	Name    string
	Players []string
	// Nodes in depth-first pre-order; Nodes[0] is the root.
	Nodes []TreeNode
	// Outcomes lists the terminal nodes from left to right: outcome k is
	// Nodes[Outcomes[k]].
	Outcomes []int
	// Utilities lists the estimated utilities in the order the formula's
	// equations give them.
	Utilities []Utility

	paths []treePath // the moves to each outcome
}

// treePath is the sequence of decision nodes and actions leading to an
// outcome.
type treePath struct{ nodes, acts []int }

// TreeNode is a decision node (Player >= 0, two children) or a terminal
// node (Player < 0, Outcome its index in Tree.Outcomes).
type TreeNode struct {
	Label    string
	Player   int
	Actions  [2]string
	Children [2]int
	Outcome  int
	// Depth is the number of moves on the path from the root.
	Depth int
}

// Utility names the utility of Player at outcome Outcome.
type Utility struct{ Player, Outcome int }

// FromGame converts a validated game tree into a Tree whose estimated
// utilities are utils. The tree must be of perfect information, without
// chance moves, with two actions at every move; the payoffs of g are not
// used. Outcomes are numbered left to right from 0.
func FromGame(g *game.Game, utils []Utility) (*Tree, error) {
	if g.Root == nil {
		return nil, fmt.Errorf("estimate: the game has no tree")
	}
	t := &Tree{Name: g.Title, Players: append([]string(nil), g.Players...)}
	var walk func(n *game.Node, depth int) (int, error)
	walk = func(n *game.Node, depth int) (int, error) {
		idx := len(t.Nodes)
		t.Nodes = append(t.Nodes, TreeNode{Label: n.Label, Player: -1, Outcome: -1, Depth: depth})
		if n.IsTerminal() {
			t.Nodes[idx].Outcome = len(t.Outcomes)
			t.Outcomes = append(t.Outcomes, idx)
			return idx, nil
		}
		switch {
		case n.Player() == game.Chance:
			return 0, fmt.Errorf("estimate: node %s is a chance move; statistical strategic models here have players' moves only", n)
		case len(n.Infoset.Members) > 1:
			return 0, fmt.Errorf("estimate: node %s shares an information set; the model needs perfect information", n)
		case len(n.Children) != 2:
			return 0, fmt.Errorf("estimate: node %s has %d actions; every move must be a choice between two", n, len(n.Children))
		}
		node := TreeNode{Label: n.Label, Player: n.Player(), Outcome: -1, Depth: depth}
		for a, c := range n.Children {
			node.Actions[a] = n.Infoset.Actions[a].Label
			ci, err := walk(c, depth+1)
			if err != nil {
				return 0, err
			}
			node.Children[a] = ci
		}
		t.Nodes[idx] = node
		return idx, nil
	}
	if _, err := walk(g.Root, 0); err != nil {
		return nil, err
	}
	seen := map[Utility]bool{}
	for _, u := range utils {
		if u.Player < 0 || u.Player >= len(t.Players) || u.Outcome < 0 || u.Outcome >= len(t.Outcomes) {
			return nil, fmt.Errorf("estimate: utility of player %d at outcome %d: no such player or outcome (%d players, %d outcomes)", u.Player+1, u.Outcome+1, len(t.Players), len(t.Outcomes))
		}
		if seen[u] {
			return nil, fmt.Errorf("estimate: utility of player %d at outcome %d listed twice", u.Player+1, u.Outcome+1)
		}
		seen[u] = true
	}
	t.Utilities = append([]Utility(nil), utils...)
	for k := range t.Outcomes {
		nodes, acts := t.path(k)
		t.paths = append(t.paths, treePath{nodes, acts})
	}
	return t, nil
}

// Game returns the tree as a game of the game package, with zero payoffs:
// the structure estimation works on, for display or conversion.
func (t *Tree) Game() (*game.Game, error) {
	g := &game.Game{Title: t.Name, Players: append([]string(nil), t.Players...)}
	var build func(i int) *game.Node
	build = func(i int) *game.Node {
		tn := t.Nodes[i]
		n := &game.Node{Label: tn.Label}
		if tn.Player < 0 {
			pay := make([]*big.Rat, len(t.Players))
			for p := range pay {
				pay[p] = new(big.Rat)
			}
			o := &game.Outcome{ID: tn.Outcome + 1, Label: tn.Label, Payoffs: pay}
			g.Outcomes = append(g.Outcomes, o)
			n.Outcome = o
			return n
		}
		n.Infoset = &game.Infoset{Player: tn.Player, Actions: []game.Action{{Label: tn.Actions[0]}, {Label: tn.Actions[1]}}}
		n.Children = []*game.Node{build(tn.Children[0]), build(tn.Children[1])}
		return n
	}
	g.Root = build(0)
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return g, nil
}

// sketch describes a tree for the built-in models: a mover and two
// subtrees, nil for an outcome.
type sketch struct {
	player int
	kids   [2]*sketch
}

func (s *sketch) node() *game.Node {
	if s == nil {
		return &game.Node{}
	}
	return &game.Node{
		Infoset:  &game.Infoset{Player: s.player, Actions: []game.Action{{Label: "L"}, {Label: "R"}}},
		Children: []*game.Node{s.kids[0].node(), s.kids[1].node()},
	}
}

// fromSketch builds a built-in model's tree through the game package, the
// path any other tree takes.
func fromSketch(name string, players []string, root *sketch, utils []Utility) *Tree {
	g := &game.Game{Title: name, Players: players, Root: root.node()}
	if err := g.Validate(); err != nil {
		panic("estimate: built-in tree invalid: " + err.Error())
	}
	t, err := FromGame(g, utils)
	if err != nil {
		panic("estimate: built-in tree invalid: " + err.Error())
	}
	return t
}

// move is a move of player p with subtrees l and r.
func move(p int, l, r *sketch) *sketch { return &sketch{player: p, kids: [2]*sketch{l, r}} }

// Egame12 is the games package's egame12: player 1 chooses L (outcome 1)
// or R, then player 2 chooses L (outcome 2) or R (outcome 3). Estimated, in
// formula order: u11, u13, u14 and u24 in games' names, which number the
// tree's nodes (node 2 is player 2's move, nodes 3 and 4 its outcomes):
// player 1's utilities at the three outcomes and player 2's at the last;
// player 2's utility at outcome 2 (u23) is fixed at zero.
func Egame12() *Tree {
	return fromSketch("egame12", []string{"1", "2"}, move(0, nil, move(1, nil, nil)),
		[]Utility{{0, 0}, {0, 1}, {0, 2}, {1, 2}})
}

// Egame122 is the games package's egame122: player 1 chooses L or R and
// player 2 then chooses L or R, four outcomes. Estimated: u11, u12, u13,
// u14, u22, u24; u21 and u23 are fixed at zero.
func Egame122() *Tree {
	return fromSketch("egame122", []string{"1", "2"}, move(0, move(1, nil, nil), move(1, nil, nil)),
		[]Utility{{0, 0}, {0, 1}, {0, 2}, {0, 3}, {1, 1}, {1, 3}})
}

// Egame123 is the games package's egame123: three players move in turn,
// each ending the game (L) or passing it on (R); four outcomes. Estimated:
// u11, u13, u15, u16, u23, u25, u26, u36 (the games package's numbering of
// the outcomes 1, 3, 5, 6), i.e. player 1 at outcomes 1-4, player 2 at
// outcomes 2-4 and player 3 at outcome 4.
func Egame123() *Tree {
	return fromSketch("egame123", []string{"1", "2", "3"}, move(0, nil, move(1, nil, move(2, nil, nil))),
		[]Utility{{0, 0}, {0, 1}, {0, 2}, {0, 3}, {1, 1}, {1, 2}, {1, 3}, {2, 3}})
}

// path returns the decision nodes and actions from the root to outcome k.
func (t *Tree) path(k int) (nodes, acts []int) {
	target := t.Outcomes[k]
	var walk func(i int) bool
	walk = func(i int) bool {
		if i == target {
			return true
		}
		n := t.Nodes[i]
		if n.Player < 0 {
			return false
		}
		for a, c := range n.Children {
			nodes = append(nodes, i)
			acts = append(acts, a)
			if walk(c) {
				return true
			}
			nodes, acts = nodes[:len(nodes)-1], acts[:len(acts)-1]
		}
		return false
	}
	walk(0)
	return nodes, acts
}

// subtreeOutcomes lists the outcomes below node i.
func (t *Tree) subtreeOutcomes(i int) []int {
	n := t.Nodes[i]
	if n.Player < 0 {
		return []int{n.Outcome}
	}
	return append(t.subtreeOutcomes(n.Children[0]), t.subtreeOutcomes(n.Children[1])...)
}

// firstMoves lists, for player p, the nodes where p moves with no earlier
// move of p above them.
func (t *Tree) firstMoves(p int) []int {
	var out []int
	var walk func(i int)
	walk = func(i int) {
		n := t.Nodes[i]
		if n.Player < 0 {
			return
		}
		if n.Player == p {
			out = append(out, i)
			return
		}
		walk(n.Children[0])
		walk(n.Children[1])
	}
	walk(0)
	return out
}
