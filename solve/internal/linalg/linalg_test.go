package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernelFactor checks both factorisations of the tracer: unit kernel
// vectors with the Allgower–Georg orientation and minimum-norm solutions.
func TestKernelFactor(t *testing.T) {
	for name, newKernel := range map[string]func(n int) KernelFactor{
		"qr":          func(n int) KernelFactor { return NewQR(n) },
		"bordered lu": func(n int) KernelFactor { return NewBorderedLU(n) },
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
				f.Factor(jac)
				checkKernel(t, fmt.Sprintf("%s n=%d round %d", name, n, round), f, jac, n, rng)
			}
		}
	}
}

func checkKernel(t *testing.T, name string, f KernelFactor, jac []float64, n int, rng *rand.Rand) {
	t.Helper()
	tan := make([]float64, n+1)
	f.Tangent(tan)
	if math.Abs(Norm2(tan)-1) > 1e-12 {
		t.Errorf("%s: |t| = %g", name, Norm2(tan))
	}
	for r := 0; r < n; r++ {
		if v := Dot(jac[r*(n+1):(r+1)*(n+1)], tan); math.Abs(v) > 1e-12 {
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
	if got := f.MinNormSolve(rhs, sol); math.Abs(got-Norm2(sol)) > 1e-15*got {
		t.Errorf("%s: minNormSolve returned %g, |d| = %g", name, got, Norm2(sol))
	}
	for r := 0; r < n; r++ {
		if v := Dot(jac[r*(n+1):(r+1)*(n+1)], sol) - rhs[r]; math.Abs(v) > 1e-10 {
			t.Errorf("%s: residual %g in row %d", name, v, r)
		}
	}
	if v := Dot(sol, tan); math.Abs(v) > 1e-10 {
		t.Errorf("%s: solution not orthogonal to the kernel (%g)", name, v)
	}
}

// TestBorderedLUSingular checks that a rank-deficient Jacobian gives no
// step and keeps the last tangent.
func TestBorderedLUSingular(t *testing.T) {
	f := NewBorderedLU(2)
	f.Factor([]float64{1, 0, 0, 0, 1, 0}) // kernel: the parameter's axis
	f.Factor([]float64{1, 1, 0, 2, 2, 0}) // rank 1
	tan := make([]float64, 3)
	f.Tangent(tan)
	if tan[2] != 1 {
		t.Errorf("tangent %v, want the last one (0 0 1)", tan)
	}
	if d := f.MinNormSolve([]float64{1, 1}, make([]float64, 3)); !math.IsNaN(d) {
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
