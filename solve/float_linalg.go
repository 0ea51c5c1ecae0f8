package solve

import "math"

// This file holds the small dense real linear algebra of the
// floating-point methods.

// flSolve solves the dense n×n system a·x = b in place (a row-major, b
// overwritten by x) by Gaussian elimination with partial pivoting. It
// reports false when a pivot is zero or not finite.
func flSolve(a []float64, n int, b []float64) bool {
	for k := range n {
		p := k
		for i := k + 1; i < n; i++ {
			if math.Abs(a[i*n+k]) > math.Abs(a[p*n+k]) {
				p = i
			}
		}
		piv := a[p*n+k]
		if piv == 0 || math.IsNaN(piv) || math.IsInf(piv, 0) {
			return false
		}
		if p != k {
			for j := range n {
				a[k*n+j], a[p*n+j] = a[p*n+j], a[k*n+j]
			}
			b[k], b[p] = b[p], b[k]
		}
		for i := k + 1; i < n; i++ {
			l := a[i*n+k] / piv
			if l == 0 {
				continue
			}
			for j := k + 1; j < n; j++ {
				a[i*n+j] -= l * a[k*n+j]
			}
			b[i] -= l * b[k]
		}
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for j := i + 1; j < n; j++ {
			s -= a[i*n+j] * b[j]
		}
		b[i] = s / a[i*n+i]
	}
	return true
}

// flLU is an LU factorisation with partial pivoting of a square matrix,
// which keeps going past zero pivots (replaced by a tiny number) so that
// det·A⁻¹ — the adjugate — stays usable at singular points.
type flLU struct {
	n    int
	a    []float64
	piv  []int
	sign float64 // sign of the determinant (+1 or −1)
}

func newFlLU(n int) *flLU {
	return &flLU{n: n, a: make([]float64, n*n), piv: make([]int, n)}
}

// flTinyPivot replaces exactly zero pivots.
const flTinyPivot = 1e-200

// factor factors the row-major n×n matrix src and records the sign of
// its determinant. It reports false if the matrix has non-finite entries.
func (f *flLU) factor(src []float64) bool {
	n, a := f.n, f.a
	copy(a, src[:n*n])
	f.sign = 1
	for k := range n {
		p := k
		for i := k + 1; i < n; i++ {
			if math.Abs(a[i*n+k]) > math.Abs(a[p*n+k]) {
				p = i
			}
		}
		f.piv[k] = p
		if p != k {
			for j := range n {
				a[k*n+j], a[p*n+j] = a[p*n+j], a[k*n+j]
			}
			f.sign = -f.sign
		}
		piv := a[k*n+k]
		if math.IsNaN(piv) || math.IsInf(piv, 0) {
			return false
		}
		if piv == 0 {
			piv = flTinyPivot
			a[k*n+k] = piv
		}
		if piv < 0 {
			f.sign = -f.sign
		}
		luEliminate(a, n, k)
	}
	return true
}

// solve overwrites b with A⁻¹ b.
func (f *flLU) solve(b []float64) { luSolve(f.a, f.piv, f.n, b) }
