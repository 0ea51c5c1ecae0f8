package payoff

import (
	"math"

	"github.com/tablero-project/tablero/game"
)

// MixedRegret returns the regret of m in n with every payoff
// multiplied by 2^-e (+Inf for NaN in m).
func MixedRegret(n *game.Normal, m game.Mixed, e int) float64 {
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

// ScaleBound bounds the payoffs the floating-point code uses as given:
// when the largest payoff in absolute value is above 2^flScaleBound or
// below 2^-flScaleBound, payoffs are multiplied by a power of two that
// brings it to [1/2, 1). Ordinary games are never rescaled.
const ScaleBound = 500

// Exp returns the exponent e such that payoffs of largest absolute
// value largest are used multiplied by 2^-e: 0 unless big is extreme.
func Exp(largest float64) int {
	if largest == 0 || (largest <= math.Ldexp(1, ScaleBound) && largest >= math.Ldexp(1, -ScaleBound)) {
		return 0
	}
	_, e := math.Frexp(largest)
	return e
}

// NormalExp returns Exp of the payoffs of n, and false if one
// of them does not fit in a float64.
func NormalExp(n *game.Normal) (int, bool) {
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
	return Exp(largest), true
}

// Seq is a player's last move on a path: an information set and action.
type Seq struct {
	Set    *game.Infoset
	Action int
}

// WalkPlays calls f for every terminal node z with the probability of
// the others' (under b) and chance's moves on its path, p's last move
// there and the probability that b plays p's moves on the path, and the
// play's total payoffs (the sum of the outcomes on the path), every payoff
// multiplied by 2^-e.
func WalkPlays(g *game.Game, p int, b game.Behavior, e int, f func(z *game.Node, other float64, own *Seq, ownProb float64, pay []float64)) {
	pay := make([]float64, len(g.Players))
	// A depth-first walk with an explicit stack: a node's outcome is added
	// to pay when the walk enters the node and taken off when its exit
	// entry is popped, after its subtree.
	type entry struct {
		n       *game.Node
		other   float64
		own     *Seq
		ownProb float64 // the probability that b plays own
		exit    bool
	}
	stack := []entry{{n: g.Root, other: 1, ownProb: 1}}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x.exit {
			AddOutcomeExp(pay, x.n.Outcome, -1, e)
			continue
		}
		AddOutcomeExp(pay, x.n.Outcome, 1, e)
		s := x.n.Infoset
		if s == nil {
			f(x.n, x.other, x.own, x.ownProb, pay)
			AddOutcomeExp(pay, x.n.Outcome, -1, e)
			continue
		}
		stack = append(stack, entry{n: x.n, exit: true})
		for a := len(x.n.Children) - 1; a >= 0; a-- {
			c := x.n.Children[a]
			switch s.Player {
			case p:
				stack = append(stack, entry{n: c, other: x.other, own: &Seq{Set: s, Action: a}, ownProb: x.ownProb * b[p][s.Index][a]})
			case game.Chance:
				pr, _ := s.Actions[a].Prob.Float64()
				stack = append(stack, entry{n: c, other: x.other * pr, own: x.own, ownProb: x.ownProb})
			default:
				stack = append(stack, entry{n: c, other: x.other * b[s.Player][s.Index][a], own: x.own, ownProb: x.ownProb})
			}
		}
	}
}

func AddOutcome(pay []float64, o *game.Outcome, sign float64) {
	AddOutcomeExp(pay, o, sign, 0)
}

// AddOutcomeExp adds sign times o's payoffs times 2^-e to pay.
func AddOutcomeExp(pay []float64, o *game.Outcome, sign float64, e int) {
	if o == nil {
		return
	}
	for i, v := range o.Payoffs {
		x, _ := v.Float64()
		pay[i] += sign * math.Ldexp(x, -e)
	}
}

// TreeExp returns Exp of the outcomes' payoffs of g, and
// false if one of them does not fit in a float64.
func TreeExp(g *game.Game) (int, bool) {
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
	return Exp(largest), true
}

// OwnParents returns, for each information set of p, p's move that
// precedes it (nil for none); perfect recall makes it unique.
func OwnParents(g *game.Game, p int) []*Seq {
	parents := make([]*Seq, len(g.Infosets[p]))
	type entry struct {
		n   *game.Node
		own *Seq
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
				stack = append(stack, entry{c, &Seq{Set: s, Action: a}})
			} else {
				stack = append(stack, entry{c, e.own})
			}
		}
	}
	return parents
}
