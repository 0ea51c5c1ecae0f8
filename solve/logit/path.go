package logit

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/tablero-project/tablero/solve/internal/linalg"
)

// This file holds a generic predictor–corrector tracer for smooth curves
// {x : H(x) = 0} with H: R^(n+1) → R^n, in the style of Allgower and Georg,
// Numerical Continuation Methods (1990), with the step-length control used
// by Gambit's logit solver: an Euler predictor along the unit tangent, a
// chord-Newton corrector that reuses the factorisation computed at the
// predicted point, and step-length adaptation from the corrector's first
// step and contraction rate. The last coordinate of a point is the curve's
// natural parameter (λ for the logit correspondence). Solvers in this
// package supply H through the homotopy interface.
//
// Beyond Gambit's tracer: a bifurcation that keeps flipping the tangent's
// orientation over steps shorter than pathCrossStep is stepped across;
// corrections at the rounding level of the coordinates count as converged;
// steps that crawl are reported as a stall, after which callers may
// continue with continueNatural; fixParam solves for the point at an exact
// parameter value. The dense linear algebra is in path_linalg.go.

// ErrPathStalled is wrapped by the errors of path-following solvers (such
// as Logit) when the tracer cannot continue: the step length fell below its
// minimum or the corrector did not converge, usually at a bifurcation or a
// near-singular point of the curve.
var ErrPathStalled = errors.New("solve: path following stalled")

// perturbable is a homotopy whose own coordinates do not hold H_0, the
// equation the tracer perturbs near a bifurcation: it evaluates the
// perturbed system H_0 + pert itself, as seen in its coordinates.
type perturbable interface {
	valuePerturbed(x, h []float64, pert float64)
}

// errFlip is returned by tracers that do not handle bifurcations (noFlips)
// where the tangent's orientation flips.
var errFlip = errors.New("solve: the tangent's orientation flips (a bifurcation)")

// homotopy is a smooth map H: R^(n+1) → R^n whose zero set is followed by
// a pathTracer.
type homotopy interface {
	// dim returns n, the number of equations; points have n+1 coordinates.
	dim() int
	// value writes H(x) into h, of length n.
	value(x, h []float64)
	// jacobian writes the n×(n+1) Jacobian of H at x into jac, row by
	// row: jac[r*(n+1)+c] = ∂H_r/∂x_c.
	jacobian(x, jac []float64)
}

// Constants of the predictor–corrector scheme (Allgower–Georg, as used by
// gambit-logit).
const (
	pathCorrectorTol = 1e-4  // corrector stops when a Newton step is this short
	pathMaxDist      = 0.4   // largest acceptable first corrector step (default)
	pathMaxContr     = 0.6   // largest acceptable corrector contraction rate
	pathEta          = 0.1   // guards the contraction rate against cancellation
	pathMinStep      = 1e-8  // the tracer gives up below this step length
	pathMaxIter      = 100   // corrector iterations per step
	pathPerturb      = 1e-7  // perturbation of H_0 used to pass a bifurcation
	pathCrossStep    = 1e-6  // steps this short may cross a bifurcation
	pathPolishTol    = 1e-13 // Newton tolerance when fixing the parameter
	pathPolishIter   = 50    // Newton iterations when fixing the parameter
	pathNoiseStep    = 1e-9  // steps this small that stop shrinking are noise
	pathNoise        = 1e-14 // relative size of rounding noise in a point
	pathDampStep     = 1e-6  // fixParam checks residuals of longer steps
	pathCrawl        = 1e-3  // steps advancing the parameter by less than
	pathCrawlSteps   = 1000  // this fraction this many times in a row stall
	pathMaxTurns     = 8     // steps rejected in a row for turning too far stall
)

// pathTracer follows the zero curve of a homotopy from a regular point.
type pathTracer struct {
	sys      homotopy
	step     float64   // initial step length
	maxAccel float64   // largest step-length growth (and shrink) factor per step
	maxSteps int       // cap on predictor–corrector attempts
	maxDist  float64   // largest acceptable first corrector step
	minCos   float64   // smallest cosine of the angle between consecutive tangents (0: any acute angle)
	startDir []float64 // if set, the trace starts in this direction rather than towards increasing parameter
	noFlips  bool      // fail with errFlip where the orientation flips (a bifurcation) instead of handling it
	// charge is called before every Jacobian evaluation; a non-nil error
	// (budget exhausted, context cancelled) ends the trace with that error.
	charge func() error

	n       int
	jac     []float64
	kern    linalg.KernelFactor
	r, d    []float64 // residual and Newton step
	lu      linalg.LU
	attempt int // predictor–corrector attempts so far

	normal, rhs []float64 // normal equations of solveFixed, n×(n+1) and n
	trial       []float64 // trial point of fixParam
}

// newPathTracer returns a tracer for sys with the given initial step
// length, maximal acceleration (> 1) and cap on predictor–corrector
// attempts; charge is called before every Jacobian evaluation.
func newPathTracer(sys homotopy, step, maxAccel float64, maxSteps int, charge func() error) *pathTracer {
	n := sys.dim()
	return &pathTracer{
		sys: sys, step: step, maxAccel: maxAccel, maxSteps: maxSteps, maxDist: pathMaxDist, charge: charge,
		n:    n,
		jac:  make([]float64, n*(n+1)),
		kern: linalg.NewQR(n),
		r:    make([]float64, n),
		d:    make([]float64, n+1),
		lu:   linalg.NewLU(n),
	}
}

// pathVisitor is called at the start point and at every accepted point of
// a trace with the point and the unit tangent (oriented in the direction of
// travel). Returning stop = true ends the trace successfully. The slices
// are reused by the tracer: copy what must be kept.
type pathVisitor func(x, t []float64) (stop bool, err error)

// pathState is the state of one trace.
type pathState struct {
	x, u     []float64 // current point and next (predicted, corrected) point
	t, newT  []float64 // unit tangents at x and u, determinant-oriented
	dir      []float64 // the tangent at x in the direction of travel
	h        float64   // step length
	omega    float64   // +1 or -1: direction of travel relative to t
	pert     float64   // perturbation of H_0 near a bifurcation
	pertLeft float64   // arclength left to apply it
	turns    int       // steps rejected in a row for turning too far
}

// trace follows the curve through x0 (which must lie on it) in the
// direction of increasing last coordinate, calling visit at x0 and at every
// accepted point until visit asks to stop. It returns an error wrapping
// ErrPathStalled when the curve cannot be followed further (or turns back
// below parameter 0), and the context's or the charge function's errors
// as they come.
func (p *pathTracer) trace(ctx context.Context, x0 []float64, visit pathVisitor) error {
	n := p.n
	s := &pathState{
		x: append([]float64(nil), x0...), u: make([]float64, n+1),
		t: make([]float64, n+1), newT: make([]float64, n+1), dir: make([]float64, n+1),
		h: p.step, omega: 1,
	}
	if err := p.factorAt(s.x); err != nil {
		return err
	}
	p.kern.Tangent(s.t)
	// Start towards increasing parameter (or along startDir); afterwards
	// the direction is kept by continuity, as the determinant orientation
	// of the tangent flips only at bifurcations.
	if p.startDir != nil {
		if linalg.Dot(s.t, p.startDir) < 0 {
			s.omega = -1
		}
	} else if s.t[n] < 0 {
		s.omega = -1
	}
	crawl := 0
	for {
		if stop, err := visit(s.x, linalg.Scaled(s.dir, s.t, s.omega)); stop || err != nil {
			return err
		}
		if err := p.advance(ctx, s); err != nil {
			return err
		}
		// Far out, steps bounded by absolute distances may stop growing
		// although the curve is nearly straight: give up on the arclength
		// steps when they have long advanced the parameter by a tiny
		// fraction of its value.
		if crawl++; s.h*math.Abs(s.t[n]) >= pathCrawl*math.Abs(s.x[n]) {
			crawl = 0
		}
		if crawl > pathCrawlSteps {
			return p.stalled(s.x, "steps stay below %g of the parameter", pathCrawl)
		}
	}
}

// advance makes predictor–corrector attempts, shrinking the step after
// each failure, until one is accepted; it then moves s to the new point.
func (p *pathTracer) advance(ctx context.Context, s *pathState) error {
	n := p.n
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if math.Abs(s.h) <= pathMinStep {
			return p.stalled(s.x, "step length fell below %g", pathMinStep)
		}
		if p.attempt++; p.attempt > p.maxSteps {
			return p.stalled(s.x, "no end after %d predictor-corrector steps", p.maxSteps)
		}
		accept, decel, err := p.attemptStep(s)
		if err != nil {
			return err
		}
		if !accept {
			if s.turns > pathMaxTurns {
				return p.stalled(s.x, "the curve bends by more than the tracer allows in %d ever shorter steps", pathMaxTurns)
			}
			s.h /= p.maxAccel
			continue
		}
		s.turns = 0
		if s.u[n] < 0 {
			return p.stalled(s.u, "the curve turned back below parameter 0")
		}
		s.h = math.Abs(s.h / math.Min(decel, p.maxAccel))
		copy(s.x, s.u)
		copy(s.t, s.newT)
		if s.pertLeft > 0 {
			if s.pertLeft -= math.Abs(s.h); s.pertLeft < 0 {
				s.pert, s.pertLeft = 0, 0
			}
		}
		return nil
	}
}

// attemptStep predicts s.u from s.x with step s.h, corrects it, and checks
// the orientation of the new tangent. It reports whether the step is
// acceptable and the factor by which to shrink the next step.
func (p *pathTracer) attemptStep(s *pathState) (accept bool, decel float64, err error) {
	for k := range s.u {
		s.u[k] = s.x[k] + s.h*s.omega*s.t[k]
	}
	if err := p.factorAt(s.u); err != nil {
		return false, 0, err
	}
	if accept, decel, err = p.correct(s.u, s.pert); err != nil {
		return false, 0, err
	}
	p.kern.Tangent(s.newT)
	if c := linalg.Dot(s.t, s.newT); c >= 0 {
		if accept && c < p.minCos {
			// The tangent turned too far in one step: the step may have
			// cut a sharp bend of the curve, or crossed to a nearby one.
			s.turns++
			return false, p.maxAccel, nil
		}
		return accept, decel, nil
	}
	if p.noFlips {
		return false, 0, fmt.Errorf("%w at parameter %g", errFlip, s.x[p.n])
	}
	if accept && math.Abs(s.h) <= pathCrossStep {
		// The orientation still flips over so short a step: x is at a
		// bifurcation point, where the Jacobian loses rank and its
		// determinant changes sign. Step across, keeping the direction of
		// travel along the same branch.
		s.omega = -s.omega
		return true, decel, nil
	}
	// A bifurcation lies between x and u: retry with a shorter step,
	// perturbing H_0 for a while to move off it (as gambit-logit does).
	if s.pertLeft == 0 {
		s.pert, s.pertLeft = pathPerturb, math.Abs(2*s.h)
	}
	return false, decel, nil
}

// correct runs chord-Newton iterations from the predicted point u, with
// the factorisation of the Jacobian at u, and reports whether the step is
// acceptable and the deceleration factor for the next step length.
func (p *pathTracer) correct(u []float64, pert float64) (accept bool, decel float64, err error) {
	decel = 1 / p.maxAccel
	prev := 0.0
	// Corrections this small are rounding noise in coordinates as large
	// as u's (only far out, |u| > 10^8 or so, is it above the tolerance).
	noise := 0.0
	for _, v := range u {
		noise = math.Max(noise, math.Abs(v))
	}
	noise *= pathNoise
	for iter := 1; ; iter++ {
		if iter > pathMaxIter {
			return false, 0, p.stalled(u, "corrector did not converge in %d iterations", pathMaxIter)
		}
		if ps, ok := p.sys.(perturbable); ok {
			ps.valuePerturbed(u, p.r, pert)
		} else {
			p.sys.value(u, p.r)
			p.r[0] += pert
		}
		dist := p.kern.MinNormSolve(p.r, p.d)
		if !(dist < p.maxDist) { // also rejects NaN from a singular Jacobian
			return false, decel, nil
		}
		for k := range u {
			u[k] -= p.d[k]
		}
		decel = math.Max(decel, math.Sqrt(dist/p.maxDist)*p.maxAccel)
		if dist <= noise {
			return true, decel, nil
		}
		if iter >= 2 {
			contr := dist / (prev + pathCorrectorTol*pathEta)
			if contr > pathMaxContr {
				return false, decel, nil
			}
			decel = math.Max(decel, math.Sqrt(contr/pathMaxContr)*p.maxAccel)
		}
		if dist <= pathCorrectorTol {
			return true, decel, nil
		}
		prev = dist
	}
}

// factorAt evaluates the Jacobian at x and factors its transpose.
func (p *pathTracer) factorAt(x []float64) error {
	if err := p.charge(); err != nil {
		return err
	}
	p.sys.jacobian(x, p.jac)
	p.kern.Factor(p.jac)
	return nil
}

// stalled returns an error wrapping ErrPathStalled that says where and why.
func (p *pathTracer) stalled(x []float64, format string, args ...any) error {
	return fmt.Errorf("%w at parameter %g: %s", ErrPathStalled, x[p.n], fmt.Sprintf(format, args...))
}

// continueNatural follows the curve beyond x, where dir is the unit
// tangent in the direction of travel (with a positive last component), by
// natural-parameter continuation: the last coordinate grows by the factor
// maxAccel per step (less after a failure); each point comes from a
// prediction along the latest secant (first along dir) and Newton's method
// with the parameter fixed. It calls visit at every new point like trace.
//
// This is the fallback when predictor–corrector steps collapse where the
// curve, although increasing in the parameter, is steep in the other
// coordinates (logit at large λ, where the Jacobian's condition grows like
// λ² and the corrector's absolute tolerance is out of reach).
func (p *pathTracer) continueNatural(ctx context.Context, x, dir []float64, visit pathVisitor) error {
	n := p.n
	if !(dir[n] > 0) || !(x[n] > 0) {
		return p.stalled(x, "the curve does not increase in the parameter")
	}
	cur := append([]float64(nil), x...)
	d := append([]float64(nil), dir...)
	next := make([]float64, n+1)
	for {
		if err := p.naturalStep(ctx, cur, d, next); err != nil {
			return err
		}
		for k := range d {
			d[k] = next[k] - cur[k]
		}
		linalg.Scaled(d, d, 1/linalg.Norm2(d))
		cur, next = next, cur
		if stop, err := visit(cur, d); stop || err != nil {
			return err
		}
	}
}

// naturalStep writes into next the point of the curve at a parameter
// beyond cur's, predicted along dir.
func (p *pathTracer) naturalStep(ctx context.Context, cur, dir, next []float64) error {
	n := p.n
	dl := cur[n] * (p.maxAccel - 1)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p.attempt++; p.attempt > p.maxSteps {
			return p.stalled(cur, "no end after %d steps", p.maxSteps)
		}
		f := dl / dir[n]
		for k := range next {
			next[k] = cur[k] + f*dir[k]
		}
		err := p.fixParam(next, cur[n]+dl)
		if err == nil || !errors.Is(err, ErrPathStalled) {
			return err
		}
		if dl /= 4; dl <= pathMinStep*cur[n] {
			return err
		}
	}
}

// fixParam moves x, an approximate point of the curve, onto the curve with
// its last coordinate fixed at exactly value, by Newton's method on the
// square system, damped (Levenberg–Marquardt) whenever a step would
// increase the residual, as near a bifurcation at this very parameter
// where the square Jacobian is singular. It stops when the steps are
// negligible, or stop shrinking once tiny (rounding noise at large
// parameters); it returns an error wrapping ErrPathStalled when the
// iteration does not converge.
func (p *pathTracer) fixParam(x []float64, value float64) error {
	n := p.n
	x[n] = value
	if p.trial == nil {
		p.trial = make([]float64, n+1)
	}
	mu, prev := 0.0, math.Inf(1)
	for iter := 0; iter < pathPolishIter; iter++ {
		if err := p.charge(); err != nil {
			return err
		}
		p.sys.jacobian(x, p.jac)
		p.sys.value(x, p.r)
		res := linalg.Norm2(p.r)
		if res == 0 {
			return nil
		}
		if !p.solveFixed(mu) {
			return p.stalled(x, "singular Jacobian at a fixed parameter")
		}
		step := 0.0
		for k := 0; k < n; k++ {
			p.trial[k] = x[k] - p.r[k]
			step = math.Max(step, math.Abs(p.r[k])/(1+math.Abs(p.trial[k])))
		}
		p.trial[n] = value
		if step > pathDampStep && p.residual(p.trial) > res {
			// Damp: the step left the region where the linear model holds.
			mu = math.Max(10*mu, 1e-12)
			continue
		}
		copy(x, p.trial)
		mu /= 10
		if step <= pathPolishTol || (step < pathNoiseStep && step > prev/2) {
			return nil
		}
		prev = step
	}
	return p.stalled(x, "Newton's method did not converge at a fixed parameter")
}

// residual returns the norm of H at x (overwriting p.d).
func (p *pathTracer) residual(x []float64) float64 {
	p.sys.value(x, p.d[:p.n])
	return linalg.Norm2(p.d[:p.n])
}

// solveFixed overwrites p.r, the residual, with the step d solving
// (AᵀA + μ·s·I) d = Aᵀr, A being the square block of p.jac and s the
// largest diagonal entry of AᵀA: Newton's step for μ = 0 (when A is
// nonsingular), a Levenberg–Marquardt step otherwise.
func (p *pathTracer) solveFixed(mu float64) bool {
	if mu == 0 && p.lu.Factor(p.jac) {
		p.lu.Solve(p.r)
		return true
	}
	n := p.n
	if p.normal == nil {
		p.normal = make([]float64, n*(n+1))
		p.rhs = make([]float64, n)
	}
	big := 0.0
	for i := 0; i < n; i++ {
		rhs := 0.0
		for r := 0; r < n; r++ {
			rhs += p.jac[r*(n+1)+i] * p.r[r]
		}
		p.rhs[i] = rhs
		for j := 0; j < n; j++ {
			s := 0.0
			for r := 0; r < n; r++ {
				s += p.jac[r*(n+1)+i] * p.jac[r*(n+1)+j]
			}
			p.normal[i*(n+1)+j] = s
		}
		big = math.Max(big, p.normal[i*(n+1)+i])
	}
	for i := 0; i < n; i++ {
		p.normal[i*(n+1)+i] += math.Max(mu, 1e-14) * big
	}
	if !p.lu.Factor(p.normal) {
		return false
	}
	copy(p.r, p.rhs)
	p.lu.Solve(p.r)
	return true
}
