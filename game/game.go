// Package game represents finite games: extensive form (trees with chance
// moves, information sets and outcomes) and strategic (normal) form.
//
// The package holds representation only. Algorithms that solve games live in
// package solve, and file formats in package gambit, following the split
// between a game and its solvers used by Gambit and OpenSpiel.
//
// Payoffs and chance probabilities are exact rationals (math/big.Rat), so
// games read from files keep their numbers exactly; float inputs are
// converted with Rat, which keeps their shortest decimal form.
package game

import (
	"fmt"
	"math/big"
	"strconv"
)

// Chance is the player index of chance (nature) moves.
const Chance = -1

// Game is a finite game in extensive form.
//
// After building or changing a tree, call Validate: it checks the tree and
// fills the derived fields (parents, node indices, information-set members
// and orders) that solvers rely on.
type Game struct {
	Title   string
	Comment string
	// Players holds the players' labels; players are indexed from 0.
	Players []string
	Root    *Node
	// Outcomes lists every outcome of the game, in order of definition.
	Outcomes []*Outcome

	// Derived by Validate.

	// Infosets[p] lists player p's information sets in order of first
	// visit in a depth-first pre-order walk of the tree: the order Gambit
	// uses for behaviour profiles.
	Infosets [][]*Infoset
	// ChanceInfosets lists chance information sets in the same order.
	ChanceInfosets []*Infoset
	// Nodes lists every node in depth-first pre-order; Nodes[i].Index == i.
	Nodes []*Node
}

// Node is a node of a game tree. A node without an information set is
// terminal. An outcome may sit on any node: the payoff of a play is the sum
// of the outcomes along its path.
type Node struct {
	Label    string
	Infoset  *Infoset // nil at terminal nodes
	Children []*Node  // one per action of Infoset, in action order
	Outcome  *Outcome // nil for none

	// Derived by Validate.
	Parent *Node
	Index  int // position in Game.Nodes
	// Action is the index of the action of Parent that leads here.
	Action int
}

// IsTerminal reports whether the node has no move.
func (n *Node) IsTerminal() bool { return n.Infoset == nil }

// Player returns the player who moves at n, Chance for a chance node, or
// -2 for a terminal node.
func (n *Node) Player() int {
	if n.Infoset == nil {
		return -2
	}
	return n.Infoset.Player
}

// Infoset is an information set: a set of nodes the moving player cannot
// tell apart. Chance information sets carry the probabilities of their
// actions.
type Infoset struct {
	Label   string
	Player  int // Chance or a player index
	ID      int // number within its player, as in .efg files (1-based)
	Actions []Action

	// Derived by Validate.
	Members []*Node // in pre-order
	Index   int     // position in Game.Infosets[Player] or Game.ChanceInfosets
}

// Action is a move available at an information set.
type Action struct {
	Label string
	// Prob is the probability of a chance action; nil for players' actions.
	Prob *big.Rat
}

// Outcome is a labelled payoff vector, one payoff per player.
type Outcome struct {
	ID      int // 1-based number, as in Gambit files
	Label   string
	Payoffs []*big.Rat
}

// Rat converts f to a rational through its shortest decimal representation,
// so that 0.1 becomes 1/10 rather than the binary fraction nearest to it.
// It returns an error for NaN and infinities.
func Rat(f float64) (*big.Rat, error) {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("game: %v is not a finite number", f)
	}
	return r, nil
}

// NumPlayers returns the number of (non-chance) players.
func (g *Game) NumPlayers() int { return len(g.Players) }

// Validate checks the structure of the tree and fills the derived fields.
// Errors name the offending node by its pre-order index and label.
func (g *Game) Validate() error {
	if len(g.Players) == 0 {
		return fmt.Errorf("game: no players")
	}
	if g.Root == nil {
		return fmt.Errorf("game: no root node")
	}
	for _, o := range g.Outcomes {
		if err := g.checkOutcome(o); err != nil {
			return err
		}
	}
	g.Infosets = make([][]*Infoset, len(g.Players))
	g.ChanceInfosets = nil
	g.Nodes = g.Nodes[:0]
	seen := map[*Infoset]bool{}
	// The walk is iterative, so deep trees need no deep call stack.
	type visit struct {
		n, parent *Node
		action    int
	}
	stack := []visit{{g.Root, nil, -1}}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if err := g.validateNode(v.n, v.parent, v.action, seen); err != nil {
			return err
		}
		for i := len(v.n.Children) - 1; i >= 0; i-- {
			stack = append(stack, visit{v.n.Children[i], v.n, i})
		}
	}
	return nil
}

// validateNode checks n, the child action of parent, appends it to
// g.Nodes and fills its derived fields; seen records the information sets
// met so far.
func (g *Game) validateNode(n, parent *Node, action int, seen map[*Infoset]bool) error {
	if n == nil {
		return fmt.Errorf("game: node %d (child %d of %s): missing node", len(g.Nodes), action+1, parent)
	}
	n.Parent, n.Action, n.Index = parent, action, len(g.Nodes)
	g.Nodes = append(g.Nodes, n)
	if n.Outcome != nil {
		if err := g.checkOutcome(n.Outcome); err != nil {
			return fmt.Errorf("%s: %w", n, err)
		}
	}
	s := n.Infoset
	if s == nil {
		if len(n.Children) != 0 {
			return fmt.Errorf("game: %s: has children but no information set", n)
		}
		return nil
	}
	if !seen[s] {
		if err := g.addInfoset(s, n); err != nil {
			return err
		}
		seen[s] = true
	}
	s.Members = append(s.Members, n)
	if len(n.Children) != len(s.Actions) {
		return fmt.Errorf("game: %s: %d children for %d actions of information set %q", n, len(n.Children), len(s.Actions), s.Label)
	}
	return nil
}

func (g *Game) addInfoset(s *Infoset, n *Node) error {
	s.Members = s.Members[:0]
	if len(s.Actions) == 0 {
		return fmt.Errorf("game: %s: information set %q has no actions", n, s.Label)
	}
	if s.Player == Chance {
		sum := new(big.Rat)
		for _, a := range s.Actions {
			if a.Prob == nil || a.Prob.Sign() < 0 {
				return fmt.Errorf("game: %s: chance action %q needs a non-negative probability", n, a.Label)
			}
			sum.Add(sum, a.Prob)
		}
		if sum.Cmp(big.NewRat(1, 1)) != 0 {
			return fmt.Errorf("game: %s: chance probabilities sum to %s, not 1", n, sum.RatString())
		}
		s.Index = len(g.ChanceInfosets)
		g.ChanceInfosets = append(g.ChanceInfosets, s)
		return nil
	}
	if s.Player < 0 || s.Player >= len(g.Players) {
		return fmt.Errorf("game: %s: player %d does not exist (the game has %d)", n, s.Player+1, len(g.Players))
	}
	s.Index = len(g.Infosets[s.Player])
	g.Infosets[s.Player] = append(g.Infosets[s.Player], s)
	return nil
}

func (g *Game) checkOutcome(o *Outcome) error {
	if len(o.Payoffs) != len(g.Players) {
		return fmt.Errorf("game: outcome %q has %d payoffs for %d players", o.Label, len(o.Payoffs), len(g.Players))
	}
	for i, p := range o.Payoffs {
		if p == nil {
			return fmt.Errorf("game: outcome %q: payoff of player %d is missing", o.Label, i+1)
		}
	}
	return nil
}

// String names the node for error messages: its pre-order number (from 1)
// and its label when it has one.
func (n *Node) String() string {
	if n == nil {
		return "root"
	}
	if n.Label != "" {
		return fmt.Sprintf("node %d %q", n.Index+1, n.Label)
	}
	return fmt.Sprintf("node %d", n.Index+1)
}

// NumActions returns the total number of actions of player p over all its
// information sets: the length of p's part of a behaviour profile.
func (g *Game) NumActions(p int) int {
	n := 0
	for _, s := range g.Infosets[p] {
		n += len(s.Actions)
	}
	return n
}

// IsPerfectInformation reports whether every information set of every
// player (and of chance) is a single node.
func (g *Game) IsPerfectInformation() bool {
	for _, sets := range g.Infosets {
		for _, s := range sets {
			if len(s.Members) != 1 {
				return false
			}
		}
	}
	return true
}
