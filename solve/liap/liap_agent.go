package liap

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/float"
	"github.com/tablero-project/tablero/solve/internal/payoff"

	"github.com/tablero-project/tablero/game"
)

// LiapAgent looks for equilibria of the agent form of the tree g, as
// gambit-liap -A does: from behaviour profiles it minimises the agent
// Lyapunov function
//
//	L(σ) = Σ_I Σ_a max(0, u_I(a, σ) − u_I(σ))²
//
// where u_I(a, σ) is the owner's expected payoff when the agent at
// information set I plays a and everyone else follows σ (unconditional:
// weighted by the probability of reaching I, so sets that play never
// reaches are free), payoffs being scaled to a range of 1. The
// minimisation is Liap's: spectral projected gradient steps with a
// non-monotone Armijo line search on the product of the information
// sets' simplices, with the exact gradient (one forward and one backward
// pass over the tree).
//
// The starts are the centroid, then random profiles drawn alternately
// uniformly from the simplices and near random pure profiles (agent
// equilibria of trees are often pure). A profile is reported when its
// agent regret — the largest max(0, u_I(a, σ) − u_I(σ)), recomputed at the
// end point — is at most opt.Tol times the range of payoffs over plays
// (0: 10^-4, Gambit's default), so every result is an agent-form
// equilibrium up to that tolerance; one line per successful start, as
// Gambit prints. Starts: 10 by default; while none has given an
// equilibrium LiapAgent draws more, up to 10·Starts. MaxIter: 1000
// iterations per start. The error wraps solve.ErrNotFound, with the starts
// tried, the budget used and the best regret reached, when none succeeds.
func LiapAgent(ctx context.Context, g *game.Game, opt LiapOptions) ([]game.Behavior, error) {
	if err := g.PerfectRecall(); err != nil {
		return nil, fmt.Errorf("liap -A: %w", err)
	}
	o := opt.FloatOptions.WithDefaults(defaultLiapStarts, defaultLiapTol, defaultLiapIter)
	meter := &float.Meter{Ctx: ctx, What: "agent Lyapunov function minimisation", Limit: o.Budget}
	a, err := newAgentLiap(g, meter)
	if err != nil {
		return nil, fmt.Errorf("liap -A: %w", err)
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x11a9))
	var out []game.Behavior
	best, tried := math.Inf(1), 0
	for k := 0; k < o.Starts || (len(out) == 0 && k < liapExtra*o.Starts); k++ {
		x := a.start(k, rng)
		if err := liapMinimize(a, x, o.MaxIter); err != nil {
			return out, fmt.Errorf("liap -A: %w", err)
		}
		r := a.regret(x)
		best, tried = math.Min(best, r), k+1
		if r <= o.Tol {
			out = append(out, a.behaviour(x))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("liap -A: %w: %d starts of at most %d iterations, %d of %d steps of the budget used; the best local minimum has agent regret %.3g of the payoff range, above the tolerance %.3g",
			solve.ErrNotFound, tried, o.MaxIter, meter.Spent, meter.Limit, best, o.Tol)
	}
	return out, nil
}

// agentLiap evaluates the agent Lyapunov function of a tree and its
// gradient. Variables are the behaviour probabilities, information set
// by information set in Gambit order (players in turn).
type agentLiap struct {
	g     *game.Game
	meter *float.Meter
	np    int
	sets  []*game.Infoset
	off   []int       // first variable of each set
	setOf []int       // per node: its set's index in sets, −1 for chance and terminal nodes
	probs [][]float64 // per chance node: its move probabilities
	pay   []float64   // per node and player: the outcome there, scaled

	// Work space, per node (times np where per player) or per variable.
	reach, val, down, up []float64
	u, gain, coef        []float64
	total                []float64 // per set: the sum of its positive gains
	buf                  []float64
}

// newAgentLiap prepares the tree: payoffs are multiplied by 2^-e (exactly,
// see payoffExp) and divided by the range of payoffs over plays, so that
// agent regrets are relative to that range (agent equilibria are
// invariant under the rescaling).
func newAgentLiap(g *game.Game, meter *float.Meter) (*agentLiap, error) {
	e, ok := payoff.TreeExp(g)
	if !ok {
		return nil, fmt.Errorf("payoffs out of range: a payoff does not fit in a float64 (largest magnitude %.4g)", math.MaxFloat64)
	}
	np, nn := len(g.Players), len(g.Nodes)
	a := &agentLiap{g: g, meter: meter, np: np, setOf: make([]int, nn), probs: make([][]float64, nn),
		pay: make([]float64, nn*np), reach: make([]float64, nn), val: make([]float64, nn*np),
		down: make([]float64, nn*np), up: make([]float64, nn)}
	index := map[*game.Infoset]int{}
	n, widest := 0, 0
	for _, sets := range g.Infosets {
		for _, s := range sets {
			index[s] = len(a.sets)
			a.sets = append(a.sets, s)
			a.off = append(a.off, n)
			n += len(s.Actions)
			widest = max(widest, len(s.Actions))
		}
	}
	a.off = append(a.off, n)
	a.u, a.gain, a.coef = make([]float64, n), make([]float64, n), make([]float64, n)
	a.total, a.buf = make([]float64, len(a.sets)), make([]float64, widest)
	for k, node := range g.Nodes {
		a.setOf[k] = -1
		if node.Outcome != nil {
			payoff.AddOutcomeExp(a.pay[k*np:(k+1)*np], node.Outcome, 1, e)
		}
		switch s := node.Infoset; {
		case s == nil:
		case s.Player == game.Chance:
			for _, act := range s.Actions {
				f, _ := act.Prob.Float64()
				a.probs[k] = append(a.probs[k], f)
			}
		default:
			a.setOf[k] = index[s]
		}
	}
	span := a.payoffRange()
	if math.IsInf(span, 0) || math.IsNaN(span) {
		return nil, fmt.Errorf("payoffs out of range: the range of payoffs over plays overflows float64")
	}
	if span > 0 {
		for i := range a.pay {
			a.pay[i] /= span
		}
	}
	return a, nil
}

// payoffRange returns the largest minus the smallest payoff of any play
// (with payoffs as in a.pay).
func (a *agentLiap) payoffRange() float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	total := make([]float64, len(a.g.Nodes)*a.np) // payoffs accumulated from the root
	for k, node := range a.g.Nodes {
		own := total[k*a.np : (k+1)*a.np]
		for p := range own {
			own[p] += a.pay[k*a.np+p]
		}
		if len(node.Children) == 0 {
			for _, v := range own {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		for _, c := range node.Children {
			copy(total[c.Index*a.np:(c.Index+1)*a.np], own)
		}
	}
	if hi < lo {
		return 0
	}
	return hi - lo
}

// prob returns the probability of the i-th move at node k under x.
func (a *agentLiap) prob(x []float64, k, i int) float64 {
	if s := a.setOf[k]; s >= 0 {
		return x[a.off[s]+i]
	}
	return a.probs[k][i]
}

// evaluate computes the reach probabilities, the nodes' values, the
// actions' unconditional values u and gains u − u_I(σ), and returns L(x).
func (a *agentLiap) evaluate(x []float64) float64 {
	g, np := a.g, a.np
	a.reach[0] = 1
	for k, node := range g.Nodes {
		for i, c := range node.Children {
			a.reach[c.Index] = a.reach[k] * a.prob(x, k, i)
		}
	}
	for k := len(g.Nodes) - 1; k >= 0; k-- {
		v := a.val[k*np : (k+1)*np]
		copy(v, a.pay[k*np:(k+1)*np])
		for i, c := range g.Nodes[k].Children {
			w := a.prob(x, k, i)
			for p := range v {
				v[p] += w * a.val[c.Index*np+p]
			}
		}
	}
	clear(a.u)
	for k, node := range g.Nodes {
		s := a.setOf[k]
		if s < 0 {
			continue
		}
		p := a.sets[s].Player
		for i, c := range node.Children {
			a.u[a.off[s]+i] += a.reach[k] * a.val[c.Index*np+p]
		}
	}
	l := 0.0
	for s := range a.sets {
		lo, hi := a.off[s], a.off[s+1]
		cur := 0.0
		for j := lo; j < hi; j++ {
			cur += x[j] * a.u[j]
		}
		a.total[s] = 0
		for j := lo; j < hi; j++ {
			a.gain[j] = a.u[j] - cur
			if d := a.gain[j]; d > 0 {
				l += d * d
				a.total[s] += d
			}
		}
	}
	return l
}

// value returns L(x), charging one pass over the tree.
func (a *agentLiap) value(x []float64) float64 {
	a.meter.Spent += len(a.g.Nodes) * a.np
	return a.evaluate(x)
}

// gradient writes ∇L(x) into grad and returns L(x). With w = max(0, gain)
// and W_I = Σ_a w_Ia, ∇L = Σ_I,a c_Ia ∇u_Ia − 2 W_I u_I, c_Ia = 2(w_Ia −
// W_I σ_Ia): the second term is direct (u_Ia does not depend on σ_I under
// perfect recall); the first is the gradient of Σ_h reach(h)·C(h),
// C(h) = Σ_a c_Ia val_p(child_a(h)), through reach (a backward pass, up)
// and through the values (a forward pass, down: the weight with which each
// node's value enters it, per player).
func (a *agentLiap) gradient(x, grad []float64) (float64, error) {
	g, np := a.g, a.np
	if err := a.meter.Charge(4 * len(g.Nodes) * np); err != nil {
		return 0, err
	}
	l := a.evaluate(x)
	for s := range a.sets {
		for j := a.off[s]; j < a.off[s+1]; j++ {
			a.coef[j] = 2 * (math.Max(a.gain[j], 0) - a.total[s]*x[j])
			grad[j] = -2 * a.total[s] * a.u[j]
		}
	}
	for k := len(g.Nodes) - 1; k >= 0; k-- {
		node, s, up := g.Nodes[k], a.setOf[k], 0.0
		for i, c := range node.Children {
			up += a.prob(x, k, i) * a.up[c.Index]
			if s >= 0 {
				up += a.coef[a.off[s]+i] * a.val[c.Index*np+a.sets[s].Player]
			}
		}
		a.up[k] = up
	}
	clear(a.down[:np])
	for k, node := range g.Nodes {
		s := a.setOf[k]
		d := a.down[k*np : (k+1)*np]
		for i, c := range node.Children {
			w, dc := a.prob(x, k, i), a.down[c.Index*np:(c.Index+1)*np]
			for p := range dc {
				dc[p] = d[p] * w
			}
			if s < 0 {
				continue
			}
			j := a.off[s] + i
			dc[a.sets[s].Player] += a.reach[k] * a.coef[j]
			sum := a.reach[k] * a.up[c.Index]
			for p := range d {
				sum += d[p] * a.val[c.Index*np+p]
			}
			grad[j] += sum
		}
	}
	return l, nil
}

// project writes the projection of z onto the product of the sets'
// simplices into x.
func (a *agentLiap) project(z, x []float64) {
	for s := range a.sets {
		float.ProjectSimplex(z[a.off[s]:a.off[s+1]], x[a.off[s]:a.off[s+1]], a.buf)
	}
}

// regret returns the agent regret of x relative to the payoff range: the
// largest gain of one agent switching to a pure action (+Inf for NaN).
func (a *agentLiap) regret(x []float64) float64 {
	a.evaluate(x)
	r := 0.0
	for _, d := range a.gain {
		if math.IsNaN(d) {
			return math.Inf(1)
		}
		r = math.Max(r, d)
	}
	return r
}

// start returns the k-th starting profile: the centroid, then alternately
// a profile drawn uniformly from each set's simplex and one near a random
// pure profile (nine tenths on a random action, the rest spread
// uniformly at random).
func (a *agentLiap) start(k int, rng *rand.Rand) []float64 {
	x := make([]float64, a.off[len(a.off)-1])
	for s := range a.sets {
		v := x[a.off[s]:a.off[s+1]]
		sum := 0.0
		for i := range v {
			v[i] = 1
			if k > 0 {
				v[i] = rng.ExpFloat64()
			}
			sum += v[i]
		}
		for i := range v {
			v[i] /= sum
		}
		if k%2 == 0 && k > 0 {
			for i := range v {
				v[i] *= 0.1
			}
			v[rng.IntN(len(v))] += 0.9
		}
	}
	return x
}

// behaviour returns x as a behaviour profile.
func (a *agentLiap) behaviour(x []float64) game.Behavior {
	b := make(game.Behavior, len(a.g.Players))
	for p, sets := range a.g.Infosets {
		b[p] = make([][]float64, len(sets))
	}
	for k, s := range a.sets {
		b[s.Player][s.Index] = append([]float64(nil), x[a.off[k]:a.off[k+1]]...)
	}
	return b
}
