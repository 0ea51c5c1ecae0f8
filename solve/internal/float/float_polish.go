package float

import (
	"math"

	"github.com/tablero-project/tablero/solve/internal/linalg"
)

// Constants of polish.
const (
	polishIter = 30    // Newton iterations
	polishTol  = 1e-15 // converged when steps are this short
	polishStop = 1e-11 // … or once this short and no longer shrinking
)

// polishSupports are the thresholds above which a probability counts as
// in the support, tried in turn by polish.
var polishSupports = []float64{1e-9, 1e-6, 1e-4, 1e-3, 1e-2}

// Polish refines x, an approximate equilibrium, by Newton's method on
// the indifference equations of its support: every strategy in the
// support earns its player's value, and each player's probabilities sum
// to 1. The support is the set of strategies whose probability exceeds a
// threshold, tried from polishSupports in turn. x is replaced by the
// first Newton limit with positive probabilities on its support and a
// smaller regret (values as computed by g); polish reports whether that
// happened. Singular systems (continua of equilibria) leave x unchanged.
func (g *Game) Polish(x []float64) bool {
	v := make([]float64, g.M)
	g.AllValues(x, v)
	before := g.Regret(x, v)
	if before == 0 {
		return false
	}
	for _, thr := range polishSupports {
		if y, ok := g.polishOn(x, thr); ok {
			g.AllValues(y, v)
			if g.Regret(y, v) < before {
				copy(x, y)
				return true
			}
		}
	}
	return false
}

// polishOn runs Newton's method from x on the support {i : x_i > thr}
// and returns the limit, if it converges to positive probabilities.
func (g *Game) polishOn(x []float64, thr float64) ([]float64, bool) {
	var supp []int
	for i, v := range x {
		if v > thr {
			supp = append(supp, i)
		}
	}
	k := len(supp)
	dim := k + g.N
	y := make([]float64, g.M)
	for _, i := range supp {
		y[i] = x[i]
	}
	w := make([]float64, g.N)
	v := make([]float64, g.M)
	g.AllValues(y, v)
	for _, i := range supp {
		p := g.Player(i)
		w[p] += y[i] * v[i]
	}
	dg, jac := make([]float64, g.M*g.M), NewJacobian(g)
	a := make([]float64, dim*dim)
	r := make([]float64, dim)
	converged, prev := false, math.Inf(1)
	for range polishIter {
		g.AllValues(y, v)
		jac.Compute(y, dg)
		clear(a)
		for row, i := range supp {
			p := g.Player(i)
			r[row] = v[i] - w[p]
			for col, j := range supp {
				a[row*dim+col] = dg[i*g.M+j]
			}
			a[row*dim+k+p] = -1
		}
		for p := range g.N {
			row := k + p
			r[row] = -1
			for col, j := range supp {
				if g.Player(j) == p {
					a[row*dim+col] = 1
					r[row] += y[j]
				}
			}
		}
		if !linalg.Solve(a, dim, r) {
			return nil, false
		}
		step := 0.0
		for col, j := range supp {
			y[j] -= r[col]
			step = math.Max(step, math.Abs(r[col]))
		}
		for p := range g.N {
			w[p] -= r[k+p]
		}
		if step <= polishTol || (step < polishStop && step > prev/4) {
			converged = true
			break
		}
		prev = step
	}
	if !converged {
		return nil, false
	}
	for _, j := range supp {
		if !(y[j] > 0) {
			return nil, false
		}
	}
	return y, true
}
