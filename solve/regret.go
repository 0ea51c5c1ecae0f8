package solve

import (
	"fmt"
	"math"
	"math/big"

	"github.com/tablero-project/tablero/solve/internal/payoff"

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
	e, ok := payoff.NormalExp(n)
	if !ok {
		return math.Inf(1)
	}
	return math.Ldexp(payoff.MixedRegret(n, m, e), e)
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
	e, ok := payoff.TreeExp(g)
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
		payoff.WalkPlays(g, p, b, e, func(_ *game.Node, other float64, own *payoff.Seq, ownProb float64, pay []float64) {
			v := other * pay[p]
			cur += v * ownProb
			if own == nil {
				best += v
			} else {
				q[own.Set.Index][own.Action] += v
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
	parents := payoff.OwnParents(g, p)
	total := 0.0
	for i := len(g.Infosets[p]) - 1; i >= 0; i-- {
		best := math.Inf(-1)
		for _, v := range q[i] {
			best = math.Max(best, v)
		}
		if par := parents[i]; par != nil {
			q[par.Set.Index][par.Action] += best
		} else {
			total += best
		}
	}
	return total
}
