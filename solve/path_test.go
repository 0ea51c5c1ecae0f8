package solve

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// funcHomotopy adapts closures to the homotopy interface.
type funcHomotopy struct {
	n   int
	h   func(x, out []float64)
	jac func(x, out []float64)
}

func (f funcHomotopy) dim() int                { return f.n }
func (f funcHomotopy) value(x, h []float64)    { f.h(x, h) }
func (f funcHomotopy) jacobian(x, j []float64) { f.jac(x, j) }

// pathCircle is H(x, λ) = x² + λ² − 1: from (1, 0) the tracer goes round the
// unit pathCircle through λ = 1 and back to λ = 0.
var pathCircle = funcHomotopy{
	n:   1,
	h:   func(x, out []float64) { out[0] = x[0]*x[0] + x[1]*x[1] - 1 },
	jac: func(x, out []float64) { out[0], out[1] = 2*x[0], 2*x[1] },
}

func noCharge() error { return nil }

func TestPathCircle(t *testing.T) {
	tr := newPathTracer(pathCircle, 0.03, 1.1, 10000, noCharge)
	var pts [][]float64
	err := tr.trace(context.Background(), []float64{1, 0}, func(x, dir []float64) (bool, error) {
		if math.Abs(norm2(dir)-1) > 1e-12 {
			t.Errorf("tangent %v is not a unit vector", dir)
		}
		pts = append(pts, append([]float64(nil), x...))
		return false, nil
	})
	// The pathCircle turns back below λ = 0 at (−1, 0).
	if !errors.Is(err, ErrPathStalled) {
		t.Fatalf("got %v, want the curve to turn back below 0", err)
	}
	top := 0.0
	for _, p := range pts {
		if r := math.Abs(p[0]*p[0] + p[1]*p[1] - 1); r > 1e-5 { // the corrector stops at steps of 1e-4
			t.Errorf("point %v is %g off the pathCircle", p, r)
		}
		top = math.Max(top, p[1])
	}
	last := pts[len(pts)-1]
	if top < 0.999 || last[0] > -0.9 {
		t.Errorf("trace did not go round: top λ %g, last point %v", top, last)
	}
}

func TestPathStop(t *testing.T) {
	tr := newPathTracer(pathCircle, 0.03, 1.1, 10000, noCharge)
	n := 0
	err := tr.trace(context.Background(), []float64{1, 0}, func(x, _ []float64) (bool, error) {
		n++
		return x[1] > 0.5, nil
	})
	if err != nil || n < 5 {
		t.Fatalf("got %v after %d points", err, n)
	}
}

func TestPathStepCap(t *testing.T) {
	tr := newPathTracer(pathCircle, 0.03, 1.1, 10, noCharge)
	err := tr.trace(context.Background(), []float64{1, 0}, func([]float64, []float64) (bool, error) { return false, nil })
	if !errors.Is(err, ErrPathStalled) {
		t.Fatalf("got %v, want ErrPathStalled", err)
	}
}

func TestPathFixParam(t *testing.T) {
	// H(x, λ) = x³ + x − λ; at λ = 2, x = 1.
	cubic := funcHomotopy{
		n:   1,
		h:   func(x, out []float64) { out[0] = x[0]*x[0]*x[0] + x[0] - x[1] },
		jac: func(x, out []float64) { out[0], out[1] = 3*x[0]*x[0]+1, -1 },
	}
	tr := newPathTracer(cubic, 0.03, 1.1, 100, noCharge)
	x := []float64{0.7, 0}
	if err := tr.fixParam(x, 2); err != nil {
		t.Fatal(err)
	}
	if math.Abs(x[0]-1) > 1e-14 || x[1] != 2 {
		t.Errorf("got %v, want [1 2]", x)
	}
}

func TestPathFixParamSingular(t *testing.T) {
	// H(x, λ) = x² − λ at λ = 0: the square Jacobian 2x vanishes at the
	// solution; the damped iteration still converges.
	fold := funcHomotopy{
		n:   1,
		h:   func(x, out []float64) { out[0] = x[0]*x[0] - x[1] },
		jac: func(x, out []float64) { out[0], out[1] = 2*x[0], -1 },
	}
	tr := newPathTracer(fold, 0.03, 1.1, 100, noCharge)
	x := []float64{0.1, 0}
	if err := tr.fixParam(x, 0); err != nil {
		t.Fatal(err)
	}
	if math.Abs(x[0]) > 1e-6 {
		t.Errorf("got %v, want x near 0", x)
	}
}

// TestQRFactor checks the tangent (kernel, unit, orientation) and the
// minimum-norm solutions on random matrices.
// TestKernelFactor checks both factorisations of the tracer: unit kernel
// vectors with the Allgower–Georg orientation and minimum-norm solutions.
func TestKernelFactor(t *testing.T) {
	for name, newKernel := range map[string]func(n int) kernelFactor{
		"qr":          func(n int) kernelFactor { return newQRFactor(n) },
		"bordered lu": func(n int) kernelFactor { return newBorderedLU(n) },
	} {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, n := range []int{1, 2, 5, 12} {
			f := newKernel(n)
			// Factor twice: the bordered LU takes its border from the first.
			for round := 0; round < 2; round++ {
				jac := make([]float64, n*(n+1))
				for i := range jac {
					jac[i] = rng.NormFloat64()
				}
				f.factor(jac)
				checkKernel(t, fmt.Sprintf("%s n=%d round %d", name, n, round), f, jac, n, rng)
			}
		}
	}
}

func checkKernel(t *testing.T, name string, f kernelFactor, jac []float64, n int, rng *rand.Rand) {
	t.Helper()
	tan := make([]float64, n+1)
	f.tangent(tan)
	if math.Abs(norm2(tan)-1) > 1e-12 {
		t.Errorf("%s: |t| = %g", name, norm2(tan))
	}
	for r := 0; r < n; r++ {
		if v := dot(jac[r*(n+1):(r+1)*(n+1)], tan); math.Abs(v) > 1e-12 {
			t.Errorf("%s: row %d · t = %g", name, r, v)
		}
	}
	if d := detAugmented(jac, tan, n); d <= 0 {
		t.Errorf("%s: det[J; t] = %g, want > 0", name, d)
	}
	rhs := make([]float64, n)
	for i := range rhs {
		rhs[i] = rng.NormFloat64()
	}
	sol := make([]float64, n+1)
	if got := f.minNormSolve(rhs, sol); math.Abs(got-norm2(sol)) > 1e-15*got {
		t.Errorf("%s: minNormSolve returned %g, |d| = %g", name, got, norm2(sol))
	}
	for r := 0; r < n; r++ {
		if v := dot(jac[r*(n+1):(r+1)*(n+1)], sol) - rhs[r]; math.Abs(v) > 1e-10 {
			t.Errorf("%s: residual %g in row %d", name, v, r)
		}
	}
	if v := dot(sol, tan); math.Abs(v) > 1e-10 {
		t.Errorf("%s: solution not orthogonal to the kernel (%g)", name, v)
	}
}

// TestBorderedLUSingular checks that a rank-deficient Jacobian gives no
// step and keeps the last tangent.
func TestBorderedLUSingular(t *testing.T) {
	f := newBorderedLU(2)
	f.factor([]float64{1, 0, 0, 0, 1, 0}) // kernel: the parameter's axis
	f.factor([]float64{1, 1, 0, 2, 2, 0}) // rank 1
	tan := make([]float64, 3)
	f.tangent(tan)
	if tan[2] != 1 {
		t.Errorf("tangent %v, want the last one (0 0 1)", tan)
	}
	if d := f.minNormSolve([]float64{1, 1}, make([]float64, 3)); !math.IsNaN(d) {
		t.Errorf("step length %g on a singular Jacobian, want NaN", d)
	}
}

// detAugmented returns det[J; tᵀ] by Gaussian elimination.
func detAugmented(jac, tan []float64, n int) float64 {
	m := n + 1
	a := make([]float64, m*m)
	copy(a, jac)
	copy(a[n*m:], tan)
	det := 1.0
	for k := 0; k < m; k++ {
		p := k
		for i := k + 1; i < m; i++ {
			if math.Abs(a[i*m+k]) > math.Abs(a[p*m+k]) {
				p = i
			}
		}
		if p != k {
			for j := range m {
				a[k*m+j], a[p*m+j] = a[p*m+j], a[k*m+j]
			}
			det = -det
		}
		det *= a[k*m+k]
		for i := k + 1; i < m; i++ {
			l := a[i*m+k] / a[k*m+k]
			for j := k; j < m; j++ {
				a[i*m+j] -= l * a[k*m+j]
			}
		}
	}
	return det
}
