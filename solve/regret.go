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

// RegretMixed is RegretMixedRat in floating point. It is safe with
// payoffs anywhere in the range of float64: when the largest payoff in
// absolute value is beyond 2^±flScaleBound, the payoffs are multiplied by
// a power of two (exactly) before the expected values are summed, and
// the regret is scaled back, so sums and differences of payoffs near
// ±1e308 do not overflow to ±Inf or NaN. The result is +Inf when a
// payoff does not fit in a float64, when m holds NaN, or when the regret
// itself exceeds the largest float64.
func RegretMixed(n *game.Normal, m game.Mixed) float64 {
	e, ok := normalPayoffExp(n)
	if !ok {
		return math.Inf(1)
	}
	return math.Ldexp(regretMixedExp(n, m, e), e)
}

// regretMixedExp returns the regret of m in n with every payoff
// multiplied by 2^-e (+Inf for NaN in m).
func regretMixedExp(n *game.Normal, m game.Mixed, e int) float64 {
	worst := 0.0
	s := make([]int, len(n.Players))
	for p := range n.Players {
		vals := make([]float64, len(n.Strategies[p]))
		for idx, o := range n.Cells {
			if o == nil {
				continue
			}
			n.Profile(idx, s)
			w := 1.0
			for q, k := range s {
				if q != p {
					w *= m[q][k]
				}
			}
			f, _ := o.Payoffs[p].Float64()
			vals[s[p]] += w * math.Ldexp(f, -e)
		}
		cur, best := 0.0, math.Inf(-1)
		for k, v := range vals {
			cur += m[p][k] * v
			best = math.Max(best, v)
		}
		g := best - cur
		if math.IsNaN(g) {
			return math.Inf(1)
		}
		worst = math.Max(worst, g)
	}
	return worst
}

// flScaleBound bounds the payoffs the floating-point code uses as given:
// when the largest payoff in absolute value is above 2^flScaleBound or
// below 2^-flScaleBound, payoffs are multiplied by a power of two that
// brings it to [1/2, 1). Ordinary games are never rescaled.
const flScaleBound = 500

// payoffExp returns the exponent e such that payoffs of largest absolute
// value largest are used multiplied by 2^-e: 0 unless big is extreme.
func payoffExp(largest float64) int {
	if largest == 0 || (largest <= math.Ldexp(1, flScaleBound) && largest >= math.Ldexp(1, -flScaleBound)) {
		return 0
	}
	_, e := math.Frexp(largest)
	return e
}

// normalPayoffExp returns payoffExp of the payoffs of n, and false if one
// of them does not fit in a float64.
func normalPayoffExp(n *game.Normal) (int, bool) {
	largest := 0.0
	for _, o := range n.Cells {
		if o == nil {
			continue
		}
		for _, v := range o.Payoffs {
			f, _ := v.Float64()
			if math.IsInf(f, 0) {
				return 0, false
			}
			largest = math.Max(largest, math.Abs(f))
		}
	}
	return payoffExp(largest), true
}

// RegretBehavior returns the largest gain any player of the tree g gets by
// switching from its part of b to a best reply (a Nash, not agent, regret):
// 0 at a Nash equilibrium. The best reply is found over the player's own
// information sets bottom-up, which needs perfect recall. Like
// RegretMixed, it rescales extreme payoffs by a power of two while
// summing, and is +Inf when a payoff does not fit in a float64 or b holds
// NaN.
func RegretBehavior(g *game.Game, b game.Behavior) (float64, error) {
	if err := g.PerfectRecall(); err != nil {
		return 0, fmt.Errorf("regret: %w", err)
	}
	e, ok := treePayoffExp(g)
	if !ok {
		return math.Inf(1), nil
	}
	return math.Ldexp(regretBehaviorExp(g, b, e), e), nil
}

// regretBehaviorExp is RegretBehavior with payoffs times 2^-e.
func regretBehaviorExp(g *game.Game, b game.Behavior, e int) float64 {
	worst := 0.0
	for p := range g.Players {
		cur, best := 0.0, 0.0
		q := make([][]float64, len(g.Infosets[p])) // value of each action of p's sets
		for i, s := range g.Infosets[p] {
			q[i] = make([]float64, len(s.Actions))
		}
		walkPlaysExp(g, p, b, e, func(_ *game.Node, other float64, own *seq, ownProb float64, pay []float64) {
			v := other * pay[p]
			cur += v * ownProb
			if own == nil {
				best += v
			} else {
				q[own.set.Index][own.action] += v
			}
		})
		best += bestReplyValue(g, p, q)
		gain := best - cur
		if math.IsNaN(gain) {
			return math.Inf(1)
		}
		worst = math.Max(worst, gain)
	}
	return worst
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
}

// walkPlaysExp calls f for every terminal node z with the probability of
// the others' (under b) and chance's moves on its path, p's last move
// there and the probability that b plays p's moves on the path, and the
// play's total payoffs (the sum of the outcomes on the path), every payoff
// multiplied by 2^-e.
func walkPlaysExp(g *game.Game, p int, b game.Behavior, e int, f func(z *game.Node, other float64, own *seq, ownProb float64, pay []float64)) {
	pay := make([]float64, len(g.Players))
	// A depth-first walk with an explicit stack: a node's outcome is added
	// to pay when the walk enters the node and taken off when its exit
	// entry is popped, after its subtree.
	type entry struct {
		n       *game.Node
		other   float64
		own     *seq
		ownProb float64 // the probability that b plays own
		exit    bool
	}
	stack := []entry{{n: g.Root, other: 1, ownProb: 1}}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x.exit {
			addOutcomeExp(pay, x.n.Outcome, -1, e)
			continue
		}
		addOutcomeExp(pay, x.n.Outcome, 1, e)
		s := x.n.Infoset
		if s == nil {
			f(x.n, x.other, x.own, x.ownProb, pay)
			addOutcomeExp(pay, x.n.Outcome, -1, e)
			continue
		}
		stack = append(stack, entry{n: x.n, exit: true})
		for a := len(x.n.Children) - 1; a >= 0; a-- {
			c := x.n.Children[a]
			switch s.Player {
			case p:
				stack = append(stack, entry{n: c, other: x.other, own: &seq{set: s, action: a}, ownProb: x.ownProb * b[p][s.Index][a]})
			case game.Chance:
				pr, _ := s.Actions[a].Prob.Float64()
				stack = append(stack, entry{n: c, other: x.other * pr, own: x.own, ownProb: x.ownProb})
			default:
				stack = append(stack, entry{n: c, other: x.other * b[s.Player][s.Index][a], own: x.own, ownProb: x.ownProb})
			}
		}
	}
}

func addOutcome(pay []float64, o *game.Outcome, sign float64) {
	addOutcomeExp(pay, o, sign, 0)
}

// addOutcomeExp adds sign times o's payoffs times 2^-e to pay.
func addOutcomeExp(pay []float64, o *game.Outcome, sign float64, e int) {
	if o == nil {
		return
	}
	for i, v := range o.Payoffs {
		x, _ := v.Float64()
		pay[i] += sign * math.Ldexp(x, -e)
	}
}

// treePayoffExp returns payoffExp of the outcomes' payoffs of g, and
// false if one of them does not fit in a float64.
func treePayoffExp(g *game.Game) (int, bool) {
	largest := 0.0
	for _, n := range g.Nodes {
		if n.Outcome == nil {
			continue
		}
		for _, v := range n.Outcome.Payoffs {
			f, _ := v.Float64()
			if math.IsInf(f, 0) {
				return 0, false
			}
			largest = math.Max(largest, math.Abs(f))
		}
	}
	return payoffExp(largest), true
}

// ownParents returns, for each information set of p, p's move that
// precedes it (nil for none); perfect recall makes it unique.
func ownParents(g *game.Game, p int) []*seq {
	parents := make([]*seq, len(g.Infosets[p]))
	type entry struct {
		n   *game.Node
		own *seq
	}
	stack := []entry{{g.Root, nil}}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		s := e.n.Infoset
		if s == nil {
			continue
		}
		if s.Player == p {
			parents[s.Index] = e.own
		}
		for a, c := range e.n.Children {
			if s.Player == p {
				stack = append(stack, entry{c, &seq{set: s, action: a}})
			} else {
				stack = append(stack, entry{c, e.own})
			}
		}
	}
	return parents
}
