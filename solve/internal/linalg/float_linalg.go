package linalg

import "math"

// This file holds the small dense real linear algebra of the
// floating-point methods.

// Solve solves the dense n×n system a·x = b in place (a row-major, b
// overwritten by x) by Gaussian elimination with partial pivoting. It
// reports false when a pivot is zero or not finite.
func Solve(a []float64, n int, b []float64) bool {
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

// RobustLU is an LU factorisation with partial pivoting of a square matrix,
// which keeps going past zero pivots (replaced by a tiny number) so that
// det·A⁻¹ — the adjugate — stays usable at singular points.
type RobustLU struct {
	N    int
	a    []float64
	piv  []int
	Sign float64 // sign of the determinant (+1 or −1)
}

func NewRobustLU(n int) *RobustLU {
	return &RobustLU{N: n, a: make([]float64, n*n), piv: make([]int, n)}
}

// flTinyPivot replaces exactly zero pivots.
const flTinyPivot = 1e-200

// Factor factors the row-major n×n matrix src and records the sign of
// its determinant. It reports false if the matrix has non-finite entries.
func (f *RobustLU) Factor(src []float64) bool {
	n, a := f.N, f.a
	copy(a, src[:n*n])
	f.Sign = 1
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
			f.Sign = -f.Sign
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
			f.Sign = -f.Sign
		}
		LUEliminate(a, n, k)
	}
	return true
}

// Solve overwrites b with A⁻¹ b.
func (f *RobustLU) Solve(b []float64) { LUSolve(f.a, f.piv, f.N, b) }
