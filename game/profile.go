package game

import "math/big"

// Behavior is a behaviour-strategy profile in floating point:
// Behavior[p][i][a] is the probability that player p plays action a at its
// i-th information set (in the order of Game.Infosets).
type Behavior [][][]float64

// UniformBehavior returns the profile in which every player mixes uniformly
// at every information set.
func (g *Game) UniformBehavior() Behavior {
	b := make(Behavior, len(g.Players))
	for p, sets := range g.Infosets {
		b[p] = make([][]float64, len(sets))
		for i, s := range sets {
			b[p][i] = make([]float64, len(s.Actions))
			for a := range s.Actions {
				b[p][i][a] = 1 / float64(len(s.Actions))
			}
		}
	}
	return b
}

// Flat returns the profile's probabilities player by player, information
// set by information set: the order of Gambit's NE lines.
func (b Behavior) Flat() []float64 {
	var out []float64
	for _, sets := range b {
		for _, probs := range sets {
			out = append(out, probs...)
		}
	}
	return out
}

// ActionProb returns the probability of taking action a at node n under b,
// with chance probabilities taken from the game.
func (g *Game) ActionProb(b Behavior, n *Node, a int) float64 {
	s := n.Infoset
	if s.Player == Chance {
		f, _ := s.Actions[a].Prob.Float64()
		return f
	}
	return b[s.Player][s.Index][a]
}

// Realization returns, for every node (indexed as Game.Nodes), the
// probability that play reaches it under b.
func (g *Game) Realization(b Behavior) []float64 {
	r := make([]float64, len(g.Nodes))
	r[0] = 1
	for _, n := range g.Nodes {
		for a, c := range n.Children {
			r[c.Index] = r[n.Index] * g.ActionProb(b, n, a)
		}
	}
	return r
}

// Payoffs returns each player's expected payoff under b.
func (g *Game) Payoffs(b Behavior) []float64 {
	reach := g.Realization(b)
	u := make([]float64, len(g.Players))
	for _, n := range g.Nodes {
		if n.Outcome == nil || reach[n.Index] == 0 {
			continue
		}
		for p, v := range n.Outcome.Payoffs {
			f, _ := v.Float64()
			u[p] += reach[n.Index] * f
		}
	}
	return u
}

// PayoffsRat returns each player's exact expected payoff under a pure
// behaviour profile given as one action index per information set
// (pure[p][i]). Chance moves are averaged exactly.
func (g *Game) PayoffsRat(pure [][]int) []*big.Rat {
	u := make([]*big.Rat, len(g.Players))
	for p := range u {
		u[p] = new(big.Rat)
	}
	type entry struct {
		n *Node
		w *big.Rat // chance probability of reaching n
	}
	stack := []entry{{g.Root, big.NewRat(1, 1)}}
	t := new(big.Rat)
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e.n.Outcome != nil {
			for p, v := range e.n.Outcome.Payoffs {
				u[p].Add(u[p], t.Mul(e.w, v))
			}
		}
		switch s := e.n.Infoset; {
		case s == nil:
		case s.Player == Chance:
			for a, c := range e.n.Children {
				if s.Actions[a].Prob.Sign() > 0 {
					stack = append(stack, entry{c, new(big.Rat).Mul(e.w, s.Actions[a].Prob)})
				}
			}
		default:
			stack = append(stack, entry{e.n.Children[pure[s.Player][s.Index]], e.w})
		}
	}
	return u
}
