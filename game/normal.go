package game

import (
	"fmt"
	"math/big"
	"strings"
)

// Normal is a finite game in strategic (normal) form.
//
// Cells holds the outcome of every pure-strategy profile, enumerated with
// player 1's strategy varying fastest (Gambit's order); a nil cell is the
// null outcome, paying zero to everyone.
type Normal struct {
	Title      string
	Comment    string
	Players    []string
	Strategies [][]string // Strategies[p] are player p's strategy labels
	Outcomes   []*Outcome
	Cells      []*Outcome
}

// NumProfiles returns the number of pure-strategy profiles.
func (n *Normal) NumProfiles() int {
	k := 1
	for _, s := range n.Strategies {
		k *= len(s)
	}
	return k
}

// Index returns the position in Cells of the pure profile s (one strategy
// index per player).
func (n *Normal) Index(s []int) int {
	idx, mul := 0, 1
	for p, k := range s {
		idx += k * mul
		mul *= len(n.Strategies[p])
	}
	return idx
}

// Profile writes into s the pure profile at position idx of Cells.
func (n *Normal) Profile(idx int, s []int) {
	for p := range n.Strategies {
		k := len(n.Strategies[p])
		s[p] = idx % k
		idx /= k
	}
}

var zero = new(big.Rat)

// Payoff returns player p's payoff at the pure profile in cell idx. The
// result must not be modified.
func (n *Normal) Payoff(idx, p int) *big.Rat {
	if o := n.Cells[idx]; o != nil {
		return o.Payoffs[p]
	}
	return zero
}

// Validate checks sizes: at least one player, at least one strategy each,
// one cell per profile, one payoff per player in every outcome.
func (n *Normal) Validate() error {
	if len(n.Players) == 0 {
		return fmt.Errorf("game: no players")
	}
	if len(n.Strategies) != len(n.Players) {
		return fmt.Errorf("game: %d strategy lists for %d players", len(n.Strategies), len(n.Players))
	}
	for p, s := range n.Strategies {
		if len(s) == 0 {
			return fmt.Errorf("game: player %d has no strategies", p+1)
		}
	}
	if len(n.Cells) != n.NumProfiles() {
		return fmt.Errorf("game: %d cells for %d strategy profiles", len(n.Cells), n.NumProfiles())
	}
	for i, o := range n.Cells {
		if o != nil && len(o.Payoffs) != len(n.Players) {
			return fmt.Errorf("game: cell %d: outcome %q has %d payoffs for %d players", i+1, o.Label, len(o.Payoffs), len(n.Players))
		}
	}
	return nil
}

// Mixed is a mixed-strategy profile: Mixed[p][s] is the probability that
// player p plays strategy s.
type Mixed [][]float64

// Flat returns the probabilities player by player: the order of Gambit's
// NE lines.
func (m Mixed) Flat() []float64 {
	var out []float64
	for _, s := range m {
		out = append(out, s...)
	}
	return out
}

// Payoffs returns each player's expected payoff under m.
func (n *Normal) Payoffs(m Mixed) []float64 {
	u := make([]float64, len(n.Players))
	s := make([]int, len(n.Players))
	for idx := range n.Cells {
		o := n.Cells[idx]
		if o == nil {
			continue
		}
		n.Profile(idx, s)
		w := 1.0
		for p, k := range s {
			w *= m[p][k]
		}
		if w == 0 {
			continue
		}
		for p, v := range o.Payoffs {
			f, _ := v.Float64()
			u[p] += w * f
		}
	}
	return u
}

// Tree returns n as an extensive game in which the players move one after
// another, each in a single information set that hides the earlier moves.
// Its behaviour profiles are n's mixed profiles, so tree algorithms (such
// as the agent logit QRE) apply to strategic games. The tree has one leaf
// per pure profile; maxNodes bounds its size.
func (n *Normal) Tree(maxNodes int) (*Game, error) {
	nodes, level := 1, 1
	for _, s := range n.Strategies {
		level *= len(s)
		nodes += level
		if nodes > maxNodes || nodes < 0 {
			return nil, fmt.Errorf("game: the tree form of a %s game needs more than %d nodes", sizes(n.Strategies), maxNodes)
		}
	}
	g := &Game{Title: n.Title, Comment: n.Comment, Players: append([]string(nil), n.Players...)}
	sets := make([]*Infoset, len(n.Players))
	for p, strats := range n.Strategies {
		sets[p] = &Infoset{Player: p, ID: 1, Actions: make([]Action, len(strats))}
		for k, label := range strats {
			sets[p].Actions[k].Label = label
		}
	}
	outcomes := map[*Outcome]*Outcome{}
	profile := make([]int, len(n.Players))
	var build func(p int) *Node
	build = func(p int) *Node {
		if p == len(n.Players) {
			o := n.Cells[n.Index(profile)]
			if o == nil {
				return &Node{}
			}
			if outcomes[o] == nil {
				outcomes[o] = cloneOutcome(o)
				g.Outcomes = append(g.Outcomes, outcomes[o])
			}
			return &Node{Outcome: outcomes[o]}
		}
		node := &Node{Infoset: sets[p]}
		for k := range n.Strategies[p] {
			profile[p] = k
			node.Children = append(node.Children, build(p+1))
		}
		return node
	}
	g.Root = build(0)
	return g, g.Validate()
}

func sizes(strats [][]string) string {
	parts := make([]string, len(strats))
	for i, s := range strats {
		parts[i] = fmt.Sprint(len(s))
	}
	return strings.Join(parts, "×")
}
