// Package vmmin is R's variable-metric minimiser, the BFGS method of
// optim(method = "BFGS"): Nash's algorithm 21 as R's vmmin implements it.
// Package estimate uses it to stop where the R package games stops, so that
// fits reproduce games' published estimates on flat likelihoods too.
package vmmin

import (
	"context"
	"errors"
	"math"
)

// ErrInitialNotFinite: f is not finite at the starting point (R: "initial
// value in 'vmmin' is not finite").
var ErrInitialNotFinite = errors.New("the objective at the starting values is not finite")

// Result is the outcome of Minimize.
type Result struct {
	// X is the last point accepted and F its value.
	X []float64
	F float64
	// Funcs and Grads count the evaluations (R's counts), Iterations the
	// iterations (gradient evaluations, as R counts them against maxit).
	Funcs, Grads, Iterations int
	// Converged is false when the iteration limit stopped the search.
	Converged bool
}

// Minimize minimises f from b with the variable-metric (BFGS) method of R's optim,
// Nash's algorithm 21 as R's vmmin implements it: a backtracking line
// search (step 1, shrunk by 0.2 until the Armijo condition with 1e-4
// holds), the inverse-Hessian update, a restart from the identity when the
// update fails or every 2n gradients, and the stopping rule on the relative
// change of f (reltol). It is here so that fits reproduce the games
// package, which stops where this rule stops. grad writes the gradient of
// f into g. R's defaults are maxit 100 and reltol sqrt(machine epsilon),
// 1.490116e-08. It honours ctx between iterations.
func Minimize(ctx context.Context, f func([]float64) float64, grad func(g, x []float64), b []float64, maxit int, reltol float64) (Result, error) {
	const (
		stepredn = 0.2
		acctol   = 0.0001
		reltest  = 10.0
	)
	n := len(b)
	b = append([]float64(nil), b...)
	g := make([]float64, n)
	t := make([]float64, n)
	x := make([]float64, n)
	c := make([]float64, n)
	bm := make([][]float64, n)
	for i := range bm {
		bm[i] = make([]float64, i+1)
	}
	fv := f(b)
	if math.IsNaN(fv) || math.IsInf(fv, 0) {
		return Result{}, ErrInitialNotFinite
	}
	fmin := fv
	funcount, gradcount := 1, 1
	grad(g, b)
	iter := 1
	ilast := gradcount
	count := 0
	for {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		if ilast == gradcount {
			for i := range n {
				clear(bm[i])
				bm[i][i] = 1
			}
		}
		copy(x, b)
		copy(c, g)
		gradproj := 0.0
		for i := range n {
			s := 0.0
			for j := 0; j <= i; j++ {
				s -= bm[i][j] * g[j]
			}
			for j := i + 1; j < n; j++ {
				s -= bm[j][i] * g[j]
			}
			t[i] = s
			gradproj += s * g[i]
		}
		if gradproj < 0 {
			steplength := 1.0
			accpoint := false
			for {
				count = 0
				for i := range n {
					b[i] = x[i] + steplength*t[i]
					if reltest+x[i] == reltest+b[i] {
						count++
					}
				}
				if count < n {
					fv = f(b)
					funcount++
					accpoint = !math.IsNaN(fv) && !math.IsInf(fv, 0) && fv <= fmin+gradproj*steplength*acctol
					if !accpoint {
						steplength *= stepredn
					}
				}
				if count == n || accpoint {
					break
				}
			}
			enough := math.Abs(fv-fmin) > reltol*(math.Abs(fmin)+reltol)
			if !enough {
				count = n
				fmin = fv
			}
			if count < n {
				fmin = fv
				grad(g, b)
				gradcount++
				iter++
				d1 := 0.0
				for i := range n {
					t[i] *= steplength
					c[i] = g[i] - c[i]
					d1 += t[i] * c[i]
				}
				if d1 > 0 {
					d2 := 0.0
					for i := range n {
						s := 0.0
						for j := 0; j <= i; j++ {
							s += bm[i][j] * c[j]
						}
						for j := i + 1; j < n; j++ {
							s += bm[j][i] * c[j]
						}
						x[i] = s
						d2 += s * c[i]
					}
					d2 = 1 + d2/d1
					for i := range n {
						for j := 0; j <= i; j++ {
							bm[i][j] += (d2*t[i]*t[j] - x[i]*t[j] - t[i]*x[j]) / d1
						}
					}
				} else {
					ilast = gradcount
				}
			} else if ilast < gradcount {
				count = 0
				ilast = gradcount
			}
		} else {
			count = 0
			if ilast == gradcount {
				count = n
			} else {
				ilast = gradcount
			}
		}
		if iter >= maxit {
			break
		}
		if gradcount-ilast > 2*n {
			ilast = gradcount
		}
		if count == n && ilast == gradcount {
			break
		}
	}
	return Result{X: b, F: fmin, Funcs: funcount, Grads: gradcount, Iterations: iter, Converged: iter < maxit}, nil
}
