package estimate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/tablero-project/tablero/estimate/vmmin"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// Options control the optimiser.
type Options struct {
	// Method is bfgs (gonum's BFGS, the default), newton (gonum's Newton
	// with a Hessian from differences of the analytic gradient) or vmmin
	// (R's optim BFGS, which stops where the games package stops).
	Method string `json:"method"`
	// MaxIter bounds the optimiser's major iterations (default 1000; 200
	// for vmmin, as maxLik sets it).
	MaxIter int `json:"max_iter"`
	// GradTol is the convergence threshold on the largest component of
	// the gradient of the log-likelihood (default 1e-6).
	GradTol float64 `json:"grad_tol"`
	// RelTol is vmmin's stopping rule on the relative change of the
	// log-likelihood (default: sqrt(machine epsilon), 1e-12 for ultimatum,
	// as in games).
	RelTol float64 `json:"rel_tol,omitempty"`
	// Budget bounds the wall time of one optimisation (0: none); each
	// bootstrap replicate has its own. A deadline on the context bounds
	// everything at once.
	Budget time.Duration `json:"budget,omitempty"`
}

func (o Options) withDefaults() Options {
	if o.Method == "" {
		o.Method = "bfgs"
	}
	if o.MaxIter <= 0 {
		o.MaxIter = 1000
		if o.Method == "vmmin" {
			o.MaxIter = 200 // maxLik's limit for BFGS
		}
	}
	if o.GradTol <= 0 {
		o.GradTol = 1e-6
	}
	return o
}

// Fit is an estimated model.
type Fit struct {
	Spec Spec
	// Data names the dataset; N is the number of observations used and
	// Dropped the number of rows left out for missing values.
	Data    string
	N       int
	Dropped int
	// Outcomes labels the model's outcomes as the response defines them.
	Outcomes []string
	// Names, Estimate and SE describe the parameters, fixed ones included
	// (their SE is NaN). SE is NaN where the inverse Hessian has no
	// positive variance, as in games.
	Names    []string
	Estimate []float64
	SE       []float64
	Fixed    []bool
	// Vcov is the inverse of the negative Hessian over the free parameters
	// (nil if the Hessian is singular).
	Vcov    *mat.Dense
	Hessian *mat.SymDense
	LogLik  float64
	// ObsLogLik is each observation's log-likelihood (for Vuong and Clarke
	// tests).
	ObsLogLik []float64
	// Method, Iterations and Evaluations describe the optimisation;
	// Status is the optimiser's stopping reason.
	Method      string
	Iterations  int
	Evaluations int
	Status      string
	Converged   bool
	// LocalID reports whether the Hessian is negative definite, a
	// sufficient condition for local identification.
	LocalID  bool
	Warnings []string

	b    *built
	opts Options
}

// AIC returns Akaike's information criterion, counting free parameters.
func (f *Fit) AIC() float64 { return -2*f.LogLik + 2*float64(f.FreeParams()) }

// FreeParams is the number of estimated (not fixed) parameters.
func (f *Fit) FreeParams() int {
	n := 0
	for _, x := range f.Fixed {
		if !x {
			n++
		}
	}
	return n
}

// Estimate fits spec to data by maximum likelihood. It returns the fit
// together with an error wrapping ErrNotConverged when the optimiser
// stopped early, and ErrSeparation when observed moves are predicted with
// probability one; warnings (a Hessian that is not negative definite) are
// in Fit.Warnings.
func Estimate(ctx context.Context, spec Spec, data *Data, opts Options) (*Fit, error) {
	b, err := spec.build(data)
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	f := &Fit{Spec: spec, Data: data.Name, N: b.prob.nobs(), Dropped: b.dropped, Outcomes: b.labels,
		Names: b.names, Fixed: b.fixed, Method: opts.Method, Warnings: b.warn, b: b, opts: opts}
	if opts.RelTol <= 0 {
		opts.RelTol = math.Sqrt(dblEps)
		if _, ok := b.prob.(*ultProblem); ok {
			opts.RelTol = 1e-12 // the games package's default for ultimatum
		}
		f.opts = opts
	}
	est, info, err := maximise(ctx, b.prob, b.prob.start(), b.fixed, opts)
	if err != nil {
		return nil, err
	}
	f.Estimate = est
	f.Iterations, f.Evaluations, f.Status, f.Converged = info.iterations, info.evaluations, info.status, info.converged
	f.ObsLogLik = make([]float64, f.N)
	f.LogLik = b.prob.eval(est, nil, f.ObsLogLik)
	f.inference()
	if !f.Converged {
		return f, fmt.Errorf("estimate: %w after %d iterations (%s); the estimates are not a maximum", ErrNotConverged, f.Iterations, f.Status)
	}
	if err := f.separation(); err != nil {
		return f, err
	}
	return f, nil
}

func converged(s optimize.Status) bool {
	switch s {
	case optimize.GradientThreshold, optimize.FunctionConvergence, optimize.StepConvergence, optimize.Success, optimize.FunctionThreshold:
		return true
	}
	return false
}

// free maps between the full parameter vector and the free parameters.
type free struct {
	full  []float64
	index []int
}

func newFree(start []float64, fixed []bool) *free {
	fr := &free{full: append([]float64(nil), start...)}
	for j, x := range fixed {
		if !x {
			fr.index = append(fr.index, j)
		}
	}
	return fr
}

func (fr *free) set(x []float64) []float64 {
	b := append([]float64(nil), fr.full...)
	for i, j := range fr.index {
		b[j] = x[i]
	}
	return b
}

func (fr *free) get(b []float64) []float64 {
	x := make([]float64, len(fr.index))
	for i, j := range fr.index {
		x[i] = b[j]
	}
	return x
}

// optInfo summarises an optimisation run.
type optInfo struct {
	iterations, evaluations int
	status                  string
	converged               bool
}

// maximise runs the optimiser from start and returns the full estimate.
func maximise(ctx context.Context, p problem, start []float64, fixed []bool, opts Options) ([]float64, optInfo, error) {
	fr := newFree(start, fixed)
	if len(fr.index) == 0 {
		return fr.full, optInfo{status: "nothing to estimate", converged: true}, nil
	}
	if opts.Budget > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Budget)
		defer cancel()
	}
	fn := func(x []float64) float64 {
		v := -p.eval(fr.set(x), nil, nil)
		if math.IsNaN(v) {
			return math.Inf(1)
		}
		return v
	}
	grad := func(g, x []float64) {
		full := make([]float64, len(fr.full))
		p.eval(fr.set(x), full, nil)
		for i, j := range fr.index {
			g[i] = -full[j]
		}
	}
	if opts.Method == "vmmin" {
		r, err := vmmin.Minimize(ctx, fn, grad, fr.get(start), opts.MaxIter, opts.RelTol)
		if err != nil {
			return nil, optInfo{}, stopped(err)
		}
		info := optInfo{iterations: r.Grads, evaluations: r.Funcs, status: "relative convergence", converged: r.Converged}
		if !r.Converged {
			info.status = "iteration limit"
		}
		return fr.set(r.X), info, nil
	}
	prob := optimize.Problem{
		Func: fn,
		Grad: grad,
		Status: func() (optimize.Status, error) {
			if err := ctx.Err(); err != nil {
				return optimize.Failure, err
			}
			return optimize.NotTerminated, nil
		},
	}
	newMethod := func() optimize.Method { return &optimize.BFGS{} }
	switch opts.Method {
	case "bfgs":
	case "newton":
		prob.Hess = func(h *mat.SymDense, x []float64) {
			numHessian(grad, x, h)
		}
		newMethod = func() optimize.Method { return &optimize.Newton{} }
	default:
		return nil, optInfo{}, fmt.Errorf("estimate: unknown method %q (want bfgs, newton or vmmin)", opts.Method)
	}
	x := fr.get(start)
	var info optInfo
	// A line search can fail far from the optimum when the quasi-Newton
	// model has gone stale; restarting from the point reached (with a
	// fresh model) usually recovers, so try a few times.
	for attempt := 0; attempt < 4 && info.iterations < opts.MaxIter; attempt++ {
		settings := &optimize.Settings{
			GradientThreshold: opts.GradTol,
			MajorIterations:   opts.MaxIter - info.iterations,
			Converger:         &optimize.FunctionConverge{Absolute: 1e-13, Relative: 1e-15, Iterations: 50},
		}
		res, err := optimize.Minimize(prob, x, settings, newMethod())
		if cerr := ctx.Err(); cerr != nil {
			return nil, optInfo{}, stopped(cerr)
		}
		if res == nil {
			return nil, optInfo{}, fmt.Errorf("estimate: %w", err)
		}
		x = res.X
		info.iterations += res.MajorIterations
		info.evaluations += res.FuncEvaluations
		info.status, info.converged = res.Status.String(), converged(res.Status)
		if err != nil {
			info.status += ": " + err.Error()
		}
		if info.converged || !(errors.Is(err, optimize.ErrLinesearcherFailure) || errors.Is(err, optimize.ErrNonDescentDirection) || errors.Is(err, optimize.ErrNoProgress)) {
			break
		}
		// At the optimum, rounding can leave no step that decreases f
		// enough: accept the point if its gradient is that of a maximum
		// to within what the line search can still resolve.
		g := make([]float64, len(x))
		grad(g, x)
		if norm := floats.Norm(g, math.Inf(1)); norm <= 1e3*opts.GradTol {
			info.converged = true
			info.status = fmt.Sprintf("line search cannot improve; gradient %.1e", norm)
			break
		}
	}
	return fr.set(x), info, nil
}

// stopped explains an optimisation that ended early.
func stopped(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("estimate: the time budget ran out before convergence: %w", err)
	}
	return fmt.Errorf("estimate: %w", err)
}

// numHessian differentiates a gradient (of the quantity minimised) by
// central differences, symmetrised. With step 1e-5 (relative) the
// truncation error is about 1e-10 and the rounding error about 1e-16 times
// the gradient's terms over the step, far below what SEs need.
func numHessian(grad func(g, x []float64), x []float64, h *mat.SymDense) {
	n := len(x)
	cols := make([][]float64, n)
	xx := append([]float64(nil), x...)
	gp, gm := make([]float64, n), make([]float64, n)
	for j := range n {
		step := 1e-5 * math.Max(1, math.Abs(x[j]))
		xx[j] = x[j] + step
		grad(gp, xx)
		xx[j] = x[j] - step
		grad(gm, xx)
		xx[j] = x[j]
		cols[j] = make([]float64, n)
		for i := range n {
			cols[j][i] = (gp[i] - gm[i]) / (2 * step)
		}
	}
	for i := range n {
		for j := i; j < n; j++ {
			h.SetSym(i, j, (cols[i][j]+cols[j][i])/2)
		}
	}
}

// inference computes the Hessian of the log-likelihood at the estimate,
// the covariance and SEs, and the local-identification check.
func (f *Fit) inference() {
	fr := newFree(f.Estimate, f.Fixed)
	n := len(fr.index)
	f.SE = make([]float64, len(f.Estimate))
	for j := range f.SE {
		f.SE[j] = math.NaN()
	}
	if n == 0 {
		f.LocalID = true
		return
	}
	negGrad := func(g, x []float64) {
		full := make([]float64, len(fr.full))
		f.b.prob.eval(fr.set(x), full, nil)
		for i, j := range fr.index {
			g[i] = -full[j]
		}
	}
	neg := mat.NewSymDense(n, nil) // Hessian of -logLik
	numHessian(negGrad, fr.get(f.Estimate), neg)
	f.Hessian = mat.NewSymDense(n, nil)
	f.Hessian.ScaleSym(-1, neg)
	var chol mat.Cholesky
	f.LocalID = chol.Factorize(neg)
	if !f.LocalID {
		f.Warnings = append(f.Warnings, "Hessian is not negative definite; coefficients may not be locally identified")
	}
	var inv mat.Dense
	if err := inv.Inverse(neg); err != nil {
		f.Warnings = append(f.Warnings, "variance-covariance matrix could not be calculated: the Hessian is singular")
		return
	}
	f.Vcov = &inv
	nan := false
	for i, j := range fr.index {
		v := inv.At(i, i)
		if v > 0 {
			f.SE[j] = math.Sqrt(v)
		} else {
			nan = true
		}
	}
	if nan {
		f.Warnings = append(f.Warnings, "some variances from the inverse Hessian are negative: their standard errors are NaN")
	}
}

// separation reports the signature of perfect separation: an observed
// outcome predicted with probability 1 (to within 1e-6) while some
// coefficient is unbounded (its SE is NaN or more than 100 times its size).
// Either alone is not separation: large samples predict some outcomes
// almost surely, and flat ridges leave SEs large.
func (f *Fit) separation() error {
	unbounded := ""
	for j, se := range f.SE {
		if !f.Fixed[j] && (math.IsNaN(se) || se > 100*math.Max(1, math.Abs(f.Estimate[j]))) {
			unbounded = f.Names[j]
			break
		}
	}
	if unbounded == "" {
		return nil
	}
	for i, l := range f.ObsLogLik {
		if l > -1e-6 {
			return fmt.Errorf("estimate: %w: observation %s is predicted with probability %.9f and %s is unbounded (SE %.3g); drop or merge the regressor that separates the outcomes", ErrSeparation, f.b.frame.data.row(f.b.frame.rows[i]), math.Exp(l), unbounded, f.SE[indexOf(f.Names, unbounded)])
		}
	}
	return nil
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}
