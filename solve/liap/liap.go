package liap

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/float"

	"github.com/tablero-project/tablero/game"
)

// LiapOptions controls Liap. The zero value asks for gambit-liap's
// defaults: 10 random starts, at most 1000 iterations each, and
// acceptance at a regret of 10^-4 times the payoff range.
type LiapOptions struct {
	// FloatOptions: Starts is the number of random starting profiles (0:
	// 10), drawn with Seed; Tol the acceptance (regret relative to the
	// payoff range, gambit-liap -m; 0: 10^-4); MaxIter the iterations of
	// one minimisation (gambit-liap -i; 0: 1000); Budget bounds the work.
	solve.FloatOptions
	// Profiles, if set, are the starting profiles (gambit-liap -s); they
	// replace the random starts.
	Profiles []game.Mixed
}

// Defaults of LiapOptions.
const (
	defaultLiapStarts = 10
	defaultLiapTol    = 1e-4
	defaultLiapIter   = 1000
	liapMemory        = 10    // non-monotone line search over this many values
	liapArmijo        = 1e-4  // sufficient decrease
	liapStop          = 1e-30 // stop when the function is this small
	liapMinStep       = 1e-20
)

// Liap computes Nash equilibria of the strategic game n by minimising
// the Lyapunov function of McKelvey (1991),
//
//	L(σ) = Σ_p Σ_j max(0, (v_pj(σ) − u_p(σ)) / range)²,
//
// normalised by the payoff range as in gambit-liap, which is zero
// exactly at the equilibria. From each start the minimisation is a
// spectral projected gradient method (Barzilai–Borwein steps with a
// non-monotone line search, Birgin, Martínez and Raydan 2000) on the
// product of simplices, followed by Newton's method on the indifference
// equations of the support reached. Local minima that are not equilibria
// are discarded: only profiles whose regret is at most Tol times the
// payoff range, as verified by solve.RegretMixed, are returned (deduplicated).
// While no random start has given an equilibrium, Liap draws more, up to
// 10·Starts in all (gambit-liap stops after Starts and often reports
// nothing). The error wraps solve.ErrNotFound when no start yields one.
func Liap(ctx context.Context, n *game.Normal, opt LiapOptions) ([]game.Mixed, error) {
	if n == nil {
		return nil, errors.New("liap: nil game")
	}
	opt.FloatOptions = opt.FloatOptions.WithDefaults(defaultLiapStarts, defaultLiapTol, defaultLiapIter)
	g, err := float.NewGame(n, opt.Budget)
	if err != nil {
		return nil, fmt.Errorf("liap: %w", err)
	}
	g.Normalize()
	starts, err := liapStarts(g, opt)
	if err != nil {
		return nil, err
	}
	meter := &float.Meter{Ctx: ctx, What: "Lyapunov function minimisation", Limit: opt.Budget}
	found := &float.Set{Tol: 1e-6}
	best, tried := math.Inf(1), 0
	for k := 0; k < len(starts) || (len(found.Eqs) == 0 && opt.Profiles == nil && k < liapExtra*opt.Starts); k++ {
		if k == len(starts) {
			starts = append(starts, liapRandomStarts(g, opt.Seed, k, opt.Starts)...)
		}
		x := starts[k]
		if err := liapMinimize(newLiapRun(g, meter), x, opt.MaxIter); err != nil {
			return found.Eqs, fmt.Errorf("liap: %w", err)
		}
		g.Polish(x)
		m, r, ok := float.Accept(n, g, x, opt.Tol)
		if ok {
			found.Add(m)
		}
		best, tried = math.Min(best, r/g.Span), k+1
	}
	if len(found.Eqs) == 0 {
		return nil, float.NotFound("liap", fmt.Errorf("%d starts: the best local minimum has relative regret %.3g", tried, best))
	}
	return found.Eqs, nil
}

// liapExtra bounds the random starts Liap draws, as a multiple of
// Starts, while none has given an equilibrium.
const liapExtra = 10

// liapRandomStarts returns count random starts, the first being the
// skip-th of the sequence drawn with seed.
func liapRandomStarts(g *float.Game, seed uint64, skip, count int) [][]float64 {
	rng := float.RNG(seed, 0x11a)
	x := make([]float64, g.M)
	for range skip {
		g.RandomProfile(rng, x)
	}
	out := make([][]float64, count)
	for i := range out {
		out[i] = make([]float64, g.M)
		g.RandomProfile(rng, out[i])
	}
	return out
}

// liapStarts returns the starting profiles.
func liapStarts(g *float.Game, opt LiapOptions) ([][]float64, error) {
	var out [][]float64
	for k, m := range opt.Profiles {
		x, err := g.Flat(m)
		if err != nil {
			return nil, fmt.Errorf("liap: start %d: %w", k+1, err)
		}
		y := make([]float64, g.M)
		g.Project(x, y, make([]float64, g.M))
		out = append(out, y)
	}
	if len(out) == 0 {
		out = liapRandomStarts(g, opt.Seed, 0, opt.Starts)
	}
	return out, nil
}

// liapObjective is a function minimised by liapMinimize over a product
// of simplices: the Lyapunov function of a strategic game (liapRun) or of
// a tree's agent form (agentLiap).
type liapObjective interface {
	// value returns the function at x.
	value(x []float64) float64
	// gradient writes the gradient at x into grad and returns the value,
	// charging the work to the budget.
	gradient(x, grad []float64) (float64, error)
	// project writes the Euclidean projection of z onto the feasible set
	// into x.
	project(z, x []float64)
}

// liapRun holds the work space of one minimisation.
type liapRun struct {
	g     *float.Game
	meter *float.Meter
	v, w  []float64 // values, weights of the gradient
	dg    []float64
	jac   *float.Jacobian
	reg   []float64 // positive regrets per player
	buf   []float64
}

func newLiapRun(g *float.Game, meter *float.Meter) *liapRun {
	m := g.M
	return &liapRun{g: g, meter: meter, v: make([]float64, m), w: make([]float64, m),
		dg: make([]float64, m*m), jac: float.NewJacobian(g), reg: make([]float64, g.N), buf: make([]float64, m)}
}

// project is the retraction onto the product of simplices.
func (r *liapRun) project(z, x []float64) { r.g.Project(z, x, r.buf) }

// value returns L(x) (payoffs are normalised to [0, 1]).
func (r *liapRun) value(x []float64) float64 {
	g := r.g
	g.AllValues(x, r.v)
	f := 0.0
	for p := range g.N {
		u := 0.0
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			u += x[i] * r.v[i]
		}
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			if d := r.v[i] - u; d > 0 {
				f += d * d
			}
		}
	}
	return f
}

// gradient writes ∇L(x) into grad and returns L(x):
// ∇L = 2(DGᵀw − R∘v), with w_pj = r⁺_pj − R_p σ_pj and R_p = Σ_j r⁺_pj.
func (r *liapRun) gradient(x, grad []float64) (float64, error) {
	g, m := r.g, r.g.M
	if err := r.meter.Charge(g.N*g.N*g.Cells + m*m); err != nil {
		return 0, err
	}
	f := r.value(x)
	r.jac.Compute(x, r.dg)
	for p := range g.N {
		u := 0.0
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			u += x[i] * r.v[i]
		}
		sum := 0.0
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			r.w[i] = math.Max(r.v[i]-u, 0)
			sum += r.w[i]
		}
		r.reg[p] = sum
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			r.w[i] -= sum * x[i]
		}
	}
	for k := range m {
		grad[k] = -r.reg[g.Player(k)] * r.v[k]
	}
	for i, wi := range r.w {
		if wi == 0 {
			continue
		}
		row := r.dg[i*m : (i+1)*m]
		for k, d := range row {
			grad[k] += wi * d
		}
	}
	for k := range grad {
		grad[k] *= 2
	}
	return f, nil
}

// liapMinimize runs the spectral projected gradient method on f from x
// (which it overwrites with the minimum found) for at most maxIter
// iterations.
func liapMinimize(f liapObjective, x []float64, maxIter int) error {
	m := len(x)
	grad, trial := make([]float64, m), make([]float64, m)
	fx, err := f.gradient(x, grad)
	if err != nil {
		return err
	}
	recent := make([]float64, 0, liapMemory)
	prevX, prevG := make([]float64, m), make([]float64, m)
	dir := make([]float64, m)
	step := 1.0
	for iter := 0; iter < maxIter && fx > liapStop; iter++ {
		if len(recent) == liapMemory {
			recent = recent[1:]
		}
		recent = append(recent, fx)
		fmax := recent[0]
		for _, v := range recent {
			fmax = math.Max(fmax, v)
		}
		// Projected direction d = P(x − step·∇L) − x.
		for i := range x {
			trial[i] = x[i] - step*grad[i]
		}
		f.project(trial, dir)
		slope, size := 0.0, 0.0
		for i := range dir {
			dir[i] -= x[i]
			slope += dir[i] * grad[i]
			size = math.Max(size, math.Abs(dir[i]))
		}
		if size < 1e-15 {
			break // stationary
		}
		t := 1.0
		for {
			for i := range x {
				trial[i] = x[i] + t*dir[i]
			}
			if f.value(trial) <= fmax+liapArmijo*t*slope || t < liapMinStep {
				break
			}
			t /= 2
		}
		if t < liapMinStep {
			break
		}
		copy(prevX, x)
		copy(prevG, grad)
		copy(x, trial)
		if fx, err = f.gradient(x, grad); err != nil {
			return err
		}
		step = liapBBStep(x, prevX, grad, prevG)
	}
	return nil
}

// liapBBStep returns the Barzilai–Borwein step sᵀs / sᵀy, safeguarded.
func liapBBStep(x, px, gr, pg []float64) float64 {
	ss, sy := 0.0, 0.0
	for i := range x {
		s, y := x[i]-px[i], gr[i]-pg[i]
		ss += s * s
		sy += s * y
	}
	if sy <= 0 {
		return 1e3
	}
	return math.Min(math.Max(ss/sy, 1e-10), 1e10)
}
