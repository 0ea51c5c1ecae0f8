package solve

import (
	"fmt"
	"math"
	"math/big"

	"github.com/tablero-project/tablero/game"
)

// This file holds the independent checkers of equilibria: the largest gain
// a player gets by deviating to a best reply. Every method's results can be
// verified with them, exactly where the method is exact.

// RegretMixedRat returns the largest gain any player of n gets by switching
// from its part of m to a best pure strategy: exactly 0 at a Nash
// equilibrium.
func RegretMixedRat(n *game.Normal, m game.MixedRat) *big.Rat {
	worst := new(big.Rat)
	for p := range n.Players {
		vals := n.StrategyValuesRat(m, p)
		cur, best := new(big.Rat), vals[0]
		for k, v := range vals {
			cur.Add(cur, new(big.Rat).Mul(m[p][k], v))
			if v.Cmp(best) > 0 {
				best = v
			}
		}
		if g := new(big.Rat).Sub(best, cur); g.Cmp(worst) > 0 {
			worst = g
		}
	}
	return worst
}

// RegretMixed is RegretMixedRat in floating point.
func RegretMixed(n *game.Normal, m game.Mixed) float64 {
	worst := 0.0
	for p := range n.Players {
		vals := n.StrategyValues(m, p)
		cur, best := 0.0, math.Inf(-1)
		for k, v := range vals {
			cur += m[p][k] * v
			best = math.Max(best, v)
		}
		worst = math.Max(worst, best-cur)
	}
	return worst
}

// RegretBehavior returns the largest gain any player of the tree g gets by
// switching from its part of b to a best reply (a Nash, not agent, regret):
// 0 at a Nash equilibrium. The best reply is found over the player's own
// information sets bottom-up, which needs perfect recall.
func RegretBehavior(g *game.Game, b game.Behavior) (float64, error) {
	if err := g.PerfectRecall(); err != nil {
		return 0, fmt.Errorf("regret: %w", err)
	}
	worst := 0.0
	for p := range g.Players {
		cur, best := 0.0, 0.0
		q := make([][]float64, len(g.Infosets[p])) // value of each action of p's sets
		for i, s := range g.Infosets[p] {
			q[i] = make([]float64, len(s.Actions))
		}
		walkPlays(g, p, b, func(_ *game.Node, other float64, own *seq, pay []float64) {
			v := other * pay[p]
			cur += v * own.prob(b)
			if own == nil {
				best += v
			} else {
				q[own.set.Index][own.action] += v
			}
		})
		best += bestReplyValue(g, p, q)
		worst = math.Max(worst, best-cur)
	}
	return worst, nil
}

// bestReplyValue folds action values bottom-up: each information set's
// best action value is added to the action of p that precedes it.
func bestReplyValue(g *game.Game, p int, q [][]float64) float64 {
	parents := ownParents(g, p)
	total := 0.0
	for i := len(g.Infosets[p]) - 1; i >= 0; i-- {
		best := math.Inf(-1)
		for _, v := range q[i] {
			best = math.Max(best, v)
		}
		if par := parents[i]; par != nil {
			q[par.set.Index][par.action] += best
		} else {
			total += best
		}
	}
	return total
}

// seq is a player's last move on a path: an information set and action.
type seq struct {
	set    *game.Infoset
	action int
	parent *seq
}

// prob returns the probability that b plays the whole sequence.
func (s *seq) prob(b game.Behavior) float64 {
	pr := 1.0
	for ; s != nil; s = s.parent {
		pr *= b[s.set.Player][s.set.Index][s.action]
	}
	return pr
}

// walkPlays calls f for every terminal node z with the probability of
// the others' (under b) and chance's moves on its path, p's last move
// there, and the play's total payoffs (the sum of the outcomes on the path).
func walkPlays(g *game.Game, p int, b game.Behavior, f func(z *game.Node, other float64, own *seq, pay []float64)) {
	pay := make([]float64, len(g.Players))
	var visit func(n *game.Node, other float64, own *seq)
	visit = func(n *game.Node, other float64, own *seq) {
		addOutcome(pay, n.Outcome, 1)
		defer addOutcome(pay, n.Outcome, -1)
		s := n.Infoset
		if s == nil {
			f(n, other, own, pay)
			return
		}
		for a, c := range n.Children {
			switch s.Player {
			case p:
				visit(c, other, &seq{set: s, action: a, parent: own})
			case game.Chance:
				pr, _ := s.Actions[a].Prob.Float64()
				visit(c, other*pr, own)
			default:
				visit(c, other*b[s.Player][s.Index][a], own)
			}
		}
	}
	visit(g.Root, 1, nil)
}

func addOutcome(pay []float64, o *game.Outcome, sign float64) {
	if o == nil {
		return
	}
	for i, v := range o.Payoffs {
		x, _ := v.Float64()
		pay[i] += sign * x
	}
}

// ownParents returns, for each information set of p, p's move that
// precedes it (nil for none); perfect recall makes it unique.
func ownParents(g *game.Game, p int) []*seq {
	parents := make([]*seq, len(g.Infosets[p]))
	var visit func(n *game.Node, own *seq)
	visit = func(n *game.Node, own *seq) {
		s := n.Infoset
		if s == nil {
			return
		}
		if s.Player == p {
			parents[s.Index] = own
		}
		for a, c := range n.Children {
			if s.Player == p {
				visit(c, &seq{set: s, action: a})
			} else {
				visit(c, own)
			}
		}
	}
	visit(g.Root, nil)
	return parents
}
