package liap

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/payoff"

	"github.com/tablero-project/tablero/game"
)

// LiapAgent looks for equilibria of the agent form of the tree g, as
// gambit-liap -A does: from random behaviour profiles it minimises the
// agent Lyapunov function
//
//	L(σ) = Σ_I Σ_a max(0, u_I(a, σ) − u_I(σ))²
//
// where u_I(a, σ) is the owner's expected payoff when the agent at
// information set I plays a and everyone else follows σ, by gradient
// descent on the log-probabilities. A profile is reported when its agent
// regret, the largest max(0, u_I(a, σ) − u_I(σ)), is at most opt.Tol times
// the range of payoffs over plays (0: 10^-4, Gambit's default), so every
// result is an agent-form equilibrium up to that tolerance. Starts: 10 by
// default; MaxIter: 1000 iterations per start.
func LiapAgent(ctx context.Context, g *game.Game, opt LiapOptions) ([]game.Behavior, error) {
	if err := g.PerfectRecall(); err != nil {
		return nil, fmt.Errorf("liap -A: %w", err)
	}
	o := opt.FloatOptions
	if o.Starts <= 0 {
		o.Starts = 10
	}
	if o.MaxIter <= 0 {
		o.MaxIter = 1000
	}
	if o.Tol <= 0 {
		o.Tol = 1e-4
	}
	a := newAgentLiap(g)
	e, ok := payoff.TreeExp(g)
	if !ok {
		return nil, fmt.Errorf("liap -A: payoffs out of range: a payoff does not fit in a float64 (largest magnitude %.4g)", math.MaxFloat64)
	}
	// Agent-form equilibria are invariant under rescaling payoffs, so
	// extreme payoffs are used times 2^-e (exactly): their differences and
	// the squared gains of L do not overflow. The regret and the payoff
	// range are in the same units.
	a.exp = e
	scale := a.payoffRange()
	if math.IsInf(scale, 0) || math.IsNaN(scale) {
		return nil, fmt.Errorf("liap -A: payoffs out of range: the range of payoffs over plays overflows float64")
	}
	if scale == 0 {
		scale = 1
	}
	limit, spent := solve.Budget(o.Budget), 0
	rng := rand.New(rand.NewPCG(o.Seed, 0x11a9))
	var out []game.Behavior
	for s := 0; s < o.Starts; s++ {
		z := a.randomStart(rng)
		for it := 0; it < o.MaxIter; it++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if spent += (len(z) + 1) * len(g.Nodes); spent > limit {
				return out, solve.BudgetError("liap -A", spent, limit)
			}
			if !a.descend(z) {
				break
			}
		}
		b := a.behaviour(z)
		// Verified by the agent regret (NaN fails).
		if a.regret(b) <= o.Tol*scale {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("liap -A: %w from %d starts", solve.ErrNotFound, o.Starts)
	}
	return out, nil
}

// agentLiap evaluates the agent Lyapunov function of a tree.
type agentLiap struct {
	g    *game.Game
	sets []*game.Infoset // players' sets, in Gambit order
	off  []int           // first variable of each set
	step float64
	exp  int // payoffs are used times 2^-exp (payoff.Exp)
}

func newAgentLiap(g *game.Game) *agentLiap {
	a := &agentLiap{g: g, step: 1}
	n := 0
	for _, sets := range g.Infosets {
		for _, s := range sets {
			a.sets = append(a.sets, s)
			a.off = append(a.off, n)
			n += len(s.Actions)
		}
	}
	a.off = append(a.off, n)
	return a
}

func (a *agentLiap) randomStart(rng *rand.Rand) []float64 {
	z := make([]float64, a.off[len(a.off)-1])
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	return z
}

// behaviour maps the unconstrained variables to probabilities (softmax
// per information set).
func (a *agentLiap) behaviour(z []float64) game.Behavior {
	b := make(game.Behavior, len(a.g.Players))
	for p, sets := range a.g.Infosets {
		b[p] = make([][]float64, len(sets))
	}
	for k, s := range a.sets {
		v := z[a.off[k]:a.off[k+1]]
		hi := math.Inf(-1)
		for _, x := range v {
			hi = math.Max(hi, x)
		}
		probs := make([]float64, len(v))
		sum := 0.0
		for i, x := range v {
			probs[i] = math.Exp(x - hi)
			sum += probs[i]
		}
		for i := range probs {
			probs[i] /= sum
		}
		b[s.Player][s.Index] = probs
	}
	return b
}

// gains returns, per information set, max(0, u_I(a) − u_I(σ)) for each
// action: unconditional values, so sets play never reaches are free.
func (a *agentLiap) gains(b game.Behavior) [][]float64 {
	g := a.g
	reach := g.Realization(b)
	val := make([][]float64, len(g.Nodes)) // expected payoffs from each node on
	for k := len(g.Nodes) - 1; k >= 0; k-- {
		n := g.Nodes[k]
		v := make([]float64, len(g.Players))
		payoff.AddOutcomeExp(v, n.Outcome, 1, a.exp)
		for i, c := range n.Children {
			w := g.ActionProb(b, n, i)
			for p := range v {
				v[p] += w * val[c.Index][p]
			}
		}
		val[k] = v
	}
	out := make([][]float64, len(a.sets))
	for k, s := range a.sets {
		u := make([]float64, len(s.Actions))
		cur := 0.0
		for _, h := range s.Members {
			r := reach[h.Index]
			for i, c := range h.Children {
				u[i] += r * val[c.Index][s.Player]
			}
			cur += r * (val[h.Index][s.Player] - math.Ldexp(outcomeOf(h, s.Player), -a.exp))
		}
		for i := range u {
			u[i] = math.Max(0, u[i]-cur)
		}
		out[k] = u
	}
	return out
}

// outcomeOf is player p's payoff from the outcome at node h itself, which
// is earned before the move there and so does not depend on it.
func outcomeOf(h *game.Node, p int) float64 {
	if h.Outcome == nil {
		return 0
	}
	f, _ := h.Outcome.Payoffs[p].Float64()
	return f
}

func (a *agentLiap) value(z []float64) float64 {
	l := 0.0
	for _, g := range a.gains(a.behaviour(z)) {
		for _, x := range g {
			l += x * x
		}
	}
	return l
}

// regret is the largest gain of a single agent's deviation (+Inf if a
// gain is NaN), in the units of a (payoffs times 2^-a.exp).
func (a *agentLiap) regret(b game.Behavior) float64 {
	r := 0.0
	for _, g := range a.gains(b) {
		for _, x := range g {
			if math.IsNaN(x) {
				return math.Inf(1)
			}
			r = math.Max(r, x)
		}
	}
	return r
}

// descend takes one gradient step with backtracking; it reports false at
// a stationary point (no step decreases L).
func (a *agentLiap) descend(z []float64) bool {
	l := a.value(z)
	if l == 0 {
		return false
	}
	grad := make([]float64, len(z))
	const h = 1e-7
	for i := range z {
		old := z[i]
		z[i] = old + h
		grad[i] = (a.value(z) - l) / h
		z[i] = old
	}
	trial := make([]float64, len(z))
	for step := a.step * 4; step > 1e-12; step /= 2 {
		for i := range z {
			trial[i] = z[i] - step*grad[i]
		}
		if a.value(trial) < l {
			copy(z, trial)
			a.step = step
			return true
		}
	}
	return false
}

// payoffRange returns the largest minus the smallest payoff of any play.
func (a *agentLiap) payoffRange() float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	payoff.WalkPlays(a.g, 0, a.g.UniformBehavior(), a.exp, func(_ *game.Node, _ float64, _ *payoff.Seq, _ float64, pay []float64) {
		for _, v := range pay {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	})
	if hi < lo {
		return 0
	}
	return hi - lo
}
