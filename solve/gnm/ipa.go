package gnm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/float"
	"github.com/tablero-project/tablero/solve/internal/linalg"

	"github.com/tablero-project/tablero/game"
)

// IPAOptions controls IPA. The zero value asks for gambit-ipa's defaults
// (one ray, step 0.2, convergence at 10^-6, 100 restarts of 100
// iterations).
type IPAOptions struct {
	// FloatOptions: Starts is the number of random rays (0: 1), drawn
	// with Seed; Tol the acceptance of equilibria (regret relative to the
	// payoff range, 0: 10^-6); MaxIter the iterations of one restart (0:
	// 100); Budget bounds the work.
	solve.FloatOptions
	// Perturbations, if set, are the rays (gambit-ipa -s), as in
	// GNMOptions.
	Perturbations []game.Mixed
	// Alpha is the fraction of a full step taken at each iteration (0:
	// 0.2); Restarts the number of restarts of MaxIter iterations (0: 100).
	Alpha    float64
	Restarts int
}

// Defaults of IPAOptions (gambit-ipa's).
const (
	defaultIPAAlpha    = 0.2
	defaultIPAIter     = 100
	defaultIPARestarts = 100
	ipaConverged       = 1e-6 // distance at which the iteration stops
)

// IPA computes Nash equilibria of the strategic game n by the iterated
// polymatrix approximation of Govindan and Wilson (2004), as GameTracer
// and gambit-ipa do: at the current approximation σ̂ the game is replaced
// by the polymatrix game whose payoffs are linear in each opponent's
// strategy with the Jacobian of the payoffs at σ̂ (exact for two
// players), an equilibrium of that game is computed — on the previous
// support by one linear solve, otherwise by Lemke's method along the
// perturbation ray (GNM's piecewise-linear tracer) — and σ̂ moves a
// fraction Alpha towards it (in the space of the structure theorem, with
// a secant correction once the support settles). One equilibrium per ray.
//
// Degenerate games (the reduced strategic forms of trees above all) give
// degenerate polymatrix games, on which Lemke's path can meet a singular
// support: the polymatrix payoffs are then perturbed slightly and the path
// traced again (see polymatrixEquilibrium). A ray may spend at most half of
// the budget left when it starts.
//
// Every result is polished by Newton's method on its support, verified by
// solve.RegretMixed and deduplicated. Rays that do not converge within Restarts
// restarts of MaxIter iterations, or within their share of the budget, are
// dropped; while none of the Starts rays has given an equilibrium, IPA
// draws more, up to 10·Starts in all (random rays only). The error wraps
// solve.ErrNotFound, with the rays tried and the budget used, when none
// converges.
func IPA(ctx context.Context, n *game.Normal, opt IPAOptions) ([]game.Mixed, error) {
	if n == nil {
		return nil, errors.New("ipa: nil game")
	}
	opt = opt.normalize()
	g, err := float.NewGame(n, opt.Budget)
	if err != nil {
		return nil, fmt.Errorf("ipa: %w", err)
	}
	g.Normalize()
	rays, err := gnmRays(g, GNMOptions{FloatOptions: opt.FloatOptions, Perturbations: opt.Perturbations})
	if err != nil {
		return nil, fmt.Errorf("ipa: %w", err)
	}
	if opt.Perturbations == nil {
		// Extra random rays, tried only while none has given an
		// equilibrium (the first Starts are the same as without them).
		more := opt.FloatOptions
		more.Starts *= ipaExtraRays
		if rays, err = gnmRays(g, GNMOptions{FloatOptions: more}); err != nil {
			return nil, fmt.Errorf("ipa: %w", err)
		}
	}
	meter := &float.Meter{Ctx: ctx, What: "iterated polymatrix approximation", Limit: opt.Budget}
	found := &float.Set{Tol: 1e-6}
	var why error
	for k, ray := range rays {
		if k >= opt.Starts && len(found.Eqs) > 0 {
			break
		}
		// A ray that does not converge may use at most half of what is
		// left, so later rays still get their chance.
		share := &float.Meter{Ctx: ctx, What: meter.What, Spent: meter.Spent, Limit: meter.Spent + (meter.Limit-meter.Spent)/2}
		x, err := newIPARun(g, ray, opt, share).solve()
		meter.Spent = share.Spent
		if errors.Is(err, solve.ErrBudget) && ctx.Err() == nil && k+1 < len(rays) {
			err = fmt.Errorf("no convergence within half of the remaining budget (%d steps)", share.Limit)
		}
		if err == nil {
			g.Polish(x)
			m, r, ok := float.Accept(n, g, x, opt.Tol)
			if ok {
				found.Add(m)
				continue
			}
			err = fmt.Errorf("end point has relative regret %.3g, above the tolerance %.3g", r/g.Span, opt.Tol)
		}
		if errors.Is(err, solve.ErrBudget) || ctx.Err() != nil {
			return found.Eqs, fmt.Errorf("ipa: %w", err)
		}
		if why == nil {
			why = fmt.Errorf("ray %d: %w", k+1, err)
		}
	}
	if len(found.Eqs) == 0 {
		return nil, float.NotFound("ipa", fmt.Errorf("%d rays, %d steps of the budget used: %w", len(rays), meter.Spent, why))
	}
	return found.Eqs, nil
}

// ipaExtraRays bounds the random rays IPA tries, as a multiple of
// Starts, while none has given an equilibrium.
const ipaExtraRays = 10

// normalize fills defaults.
func (o IPAOptions) normalize() IPAOptions {
	o.FloatOptions = o.FloatOptions.WithDefaults(1, float.DefaultTol, defaultIPAIter)
	if !(o.Alpha > 0 && o.Alpha < 1) {
		o.Alpha = defaultIPAAlpha
	}
	if o.Restarts <= 0 {
		o.Restarts = defaultIPARestarts
	}
	return o
}

// ipaRun is the iteration of one ray.
type ipaRun struct {
	g     *float.Game
	ray   []float64
	opt   IPAOptions
	meter *float.Meter
	m     int

	zh, sh     []float64 // current approximation (structure-theorem point, profile)
	y, yh, sho []float64 // previous z, zh and sh
	s, so, z   []float64 // polymatrix equilibrium, previous one, its point
	poly       []float64 // the polymatrix payoffs, m×m
	buf        []float64
	rng        *rand.Rand // draws the perturbations of degenerate polymatrix games
	jac        *float.Jacobian
}

// newIPARun prepares the iteration from zh = 1.
func newIPARun(g *float.Game, ray []float64, opt IPAOptions, meter *float.Meter) *ipaRun {
	m := g.M
	r := &ipaRun{g: g, ray: ray, opt: opt, meter: meter, m: m,
		zh: make([]float64, m), sh: make([]float64, m), y: make([]float64, m), yh: make([]float64, m),
		sho: make([]float64, m), s: make([]float64, m), so: make([]float64, m), z: make([]float64, m),
		poly: make([]float64, m*m), buf: make([]float64, m), jac: float.NewJacobian(g)}
	for i := range r.zh {
		r.zh[i] = 1
	}
	g.Project(r.zh, r.sh, r.buf)
	copy(r.so, r.sh)
	return r
}

// solve runs the restarts and returns the last polymatrix equilibrium.
func (r *ipaRun) solve() ([]float64, error) {
	for range r.opt.Restarts {
		done, err := r.restart()
		if err != nil {
			return nil, err
		}
		if done {
			return r.s, nil
		}
	}
	return nil, fmt.Errorf("no convergence after %d restarts of %d iterations", r.opt.Restarts, r.opt.MaxIter)
}

// restart runs up to MaxIter iterations (continuing from the current
// approximation) and reports whether they converged.
func (r *ipaRun) restart() (bool, error) {
	g, m := r.g, r.m
	div := float64(max(g.N-1, 1))
	for iter := 1; iter <= r.opt.MaxIter; iter++ {
		if err := r.meter.Charge(g.N*g.N*g.Cells + m*m); err != nil {
			return false, err
		}
		r.jac.Compute(r.sh, r.poly)
		for i := range r.poly {
			r.poly[i] /= div
		}
		if err := r.polymatrixEquilibrium(); err != nil {
			return false, err
		}
		for i := range m {
			r.z[i] = linalg.DotUnrolled(r.poly[i*m:(i+1)*m], r.s) + r.s[i]
		}
		same := true
		for i := range m {
			if (r.s[i] > 0) != (r.so[i] > 0) {
				same = false
				break
			}
		}
		r.rescale(same)
		dz, ds := r.distances()
		if math.IsNaN(dz) || math.IsInf(dz, 0) || math.IsNaN(ds) || math.IsInf(ds, 0) {
			return false, errors.New("non-finite profile")
		}
		if g.N <= 2 || dz < ipaConverged || ds < ipaConverged {
			return true, nil
		}
		r.step(iter, same)
	}
	return false, nil
}

// rescale moves zh along zh − sh to the foot of z's projection on that
// line when the angle is obtuse or the support has settled.
func (r *ipaRun) rescale(same bool) {
	un, dot := 0.0, 0.0
	for i := range r.zh {
		u := r.zh[i] - r.sh[i]
		un += u * u
		dot += (r.z[i] - r.sh[i]) * u
	}
	if un == 0 {
		return
	}
	ell := dot / un
	if ell > 0 && !same {
		return
	}
	for i := range r.zh {
		r.zh[i] = r.sh[i] + ell*(r.zh[i]-r.sh[i])
		r.yh[i] = r.sho[i] + ell*(r.yh[i]-r.sho[i])
	}
}

// distances returns |z − zh| and |s − sh|.
func (r *ipaRun) distances() (dz, ds float64) {
	for i := range r.zh {
		a, b := r.z[i]-r.zh[i], r.s[i]-r.sh[i]
		dz += a * a
		ds += b * b
	}
	return math.Sqrt(dz), math.Sqrt(ds)
}

// step moves zh a fraction Alpha towards z (after the first iteration by
// the rule of false position where the support has settled), and updates
// sh.
func (r *ipaRun) step(iter int, same bool) {
	a := r.opt.Alpha
	next := r.buf
	for i := range r.zh {
		target := r.z[i]
		if iter > 1 && same {
			if d := r.z[i] - r.zh[i] - r.y[i] + r.yh[i]; d > ipaFuzz {
				target = (r.yh[i]*r.z[i] - r.zh[i]*r.y[i]) / d
			}
		}
		next[i] = a*target + (1-a)*r.zh[i]
	}
	copy(r.so, r.s)
	copy(r.y, r.z)
	copy(r.sho, r.sh)
	copy(r.yh, r.zh)
	copy(r.zh, next)
	r.g.Project(r.zh, r.sh, make([]float64, r.m))
	for i, v := range r.sh {
		if v < ipaFuzz {
			r.sh[i] = 0
		}
	}
	flNormalize(r.g, r.sh)
}

// ipaFuzz is GameTracer's small cutoff.
const ipaFuzz = 1e-6

// flNormalize rescales each player's part of x to sum to 1.
func flNormalize(g *float.Game, x []float64) {
	for p := range g.N {
		sum := 0.0
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			sum += x[i]
		}
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			x[i] /= sum
		}
	}
}

// polymatrixEquilibrium sets s to an equilibrium of the polymatrix game:
// on the previous support if one linear solve gives one, else by Lemke's
// method along the ray.
//
// The polymatrix games of degenerate games (reduced strategic forms of
// trees above all) are degenerate too, and Lemke's path may meet a
// support whose Jacobian is singular. Then the polymatrix payoffs are
// perturbed, by relative amounts from ipaJitter up to 10^3 times that,
// and the path traced again: an equilibrium of a nearby polymatrix game
// is as good an approximation for the iteration, whose end point is
// verified against the game itself anyway.
func (r *ipaRun) polymatrixEquilibrium() error {
	if r.onSupport() {
		return nil
	}
	var first error
	poly := r.poly
	for try := range ipaTries {
		if try > 0 {
			poly = r.jitter(ipaJitter * math.Pow(10, float64(try-1)))
		}
		t := newGNMTracer(r.g, GNMOptions{}.normalize(), r.meter)
		t.usePolymatrix(poly)
		eqs, err := t.trace(r.ray)
		if len(eqs) > 0 {
			copy(r.s, eqs[0])
			return nil
		}
		if err == nil {
			err = errors.New("Lemke's method found no equilibrium of the polymatrix game")
		}
		if errors.Is(err, solve.ErrBudget) || r.meter.Ctx.Err() != nil {
			return err
		}
		if first == nil {
			first = err
		}
	}
	return fmt.Errorf("polymatrix game: %w (also with %d perturbations of its payoffs)", first, ipaTries-1)
}

// ipaTries is the number of attempts at a polymatrix equilibrium, the
// first on the exact polymatrix game; ipaJitter is the relative size of
// the first perturbation (payoffs are scaled to [0, 1]).
const (
	ipaTries  = 4
	ipaJitter = 1e-9
)

// jitter returns the polymatrix payoffs with each entry between players
// moved by a uniform random amount of at most eps (drawn from the run's
// own generator, so runs are reproducible).
func (r *ipaRun) jitter(eps float64) []float64 {
	g, m := r.g, r.m
	if r.rng == nil {
		r.rng = float.RNG(uint64(math.Float64bits(r.ray[0])), 0x1a5)
	}
	out := append([]float64(nil), r.poly...)
	for i := range m {
		for j := range m {
			if g.Player(i) != g.Player(j) {
				out[i*m+j] += eps * (2*r.rng.Float64() - 1)
			}
		}
	}
	return out
}

// onSupport solves the polymatrix game's indifference equations on the
// support of so and reports whether the solution is an equilibrium
// (non-negative probabilities, no better strategy outside the support).
func (r *ipaRun) onSupport() bool {
	g, m := r.g, r.m
	var supp []int
	for i, v := range r.so {
		if v > 0 {
			supp = append(supp, i)
		}
	}
	k := len(supp)
	dim := k + g.N
	a := make([]float64, dim*dim)
	b := make([]float64, dim)
	for row, i := range supp {
		for col, j := range supp {
			a[row*dim+col] = r.poly[i*m+j]
		}
		a[row*dim+k+g.Player(i)] = -1
	}
	for p := range g.N {
		b[k+p] = 1
		for col, j := range supp {
			if g.Player(j) == p {
				a[(k+p)*dim+col] = 1
			}
		}
	}
	if !linalg.Solve(a, dim, b) {
		return false
	}
	clear(r.s)
	for col, j := range supp {
		if b[col] < 0 {
			return false
		}
		r.s[j] = b[col]
	}
	for i := range m {
		if r.so[i] > 0 {
			continue
		}
		if linalg.DotUnrolled(r.poly[i*m:(i+1)*m], r.s) > b[k+g.Player(i)] {
			return false
		}
	}
	return true
}
