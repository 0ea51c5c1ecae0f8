package linalg

import "math"

// Dense linear algebra for the path tracer: tangents and minimum-norm
// Newton steps from Householder QR of transposed Jacobians (as
// gambit-logit) or from LU factors of the Jacobian bordered by the previous
// tangent (half the work), and LU with partial pivoting (Newton steps with
// the parameter fixed).

// Scaled writes s·t into dst and returns it.
func Scaled(dst, t []float64, s float64) []float64 {
	for k := range t {
		dst[k] = s * t[k]
	}
	return dst
}

// Norm2 returns the Euclidean norm of v without overflow or underflow:
// directly when the sum of squares is safely in range, else scaled by the
// largest entry.
func Norm2(v []float64) float64 {
	s := 0.0
	for _, e := range v {
		s += e * e
	}
	if s > 1e-290 && s < 1e290 {
		return math.Sqrt(s)
	}
	big := 0.0
	for _, e := range v {
		big = math.Max(big, math.Abs(e))
	}
	if big == 0 || math.IsInf(big, 0) || math.IsNaN(big) {
		return big
	}
	s = 0
	for _, e := range v {
		e /= big
		s += e * e
	}
	return big * math.Sqrt(s)
}

func Dot(a, b []float64) float64 {
	s := 0.0
	for k := range a {
		s += a[k] * b[k]
	}
	return s
}

// KernelFactor factors the n×(n+1) Jacobian J at a point of a curve for
// the path tracer.
type KernelFactor interface {
	// Factor factors the row-major n×(n+1) matrix jac.
	Factor(jac []float64)
	// Tangent writes the unit kernel vector t of J, oriented so that
	// det[J; tᵀ] > 0 (the orientation convention of Allgower and Georg).
	Tangent(t []float64)
	// MinNormSolve writes into d the minimum-norm solution of J d = r and
	// returns its Euclidean norm (NaN or ±Inf when J is singular).
	MinNormSolve(r, d []float64) float64
}

// QR is a Householder QR factorisation of A = Jᵀ, where J is an
// n×(n+1) Jacobian: A = Q [R; 0] with Q orthogonal of order n+1 and R
// upper triangular of order n. The kernel of J is spanned by Q's last
// column, and minimum-norm solutions of J d = r are Q [R⁻ᵀ r; 0].
type QR struct {
	n, m int
	// a holds A column by column (column j of A is row j of J): after
	// factor, R on and above the diagonal and the Householder vectors
	// (with implicit leading 1) below it.
	a    []float64
	tau  []float64
	sign float64 // sign of det(Q)·det(R)
	z    []float64
}

func NewQR(n int) *QR {
	return &QR{n: n, m: n + 1, a: make([]float64, n*(n+1)), tau: make([]float64, n), z: make([]float64, n+1)}
}

// Factor factors the transpose of the row-major n×(n+1) matrix jac.
func (q *QR) Factor(jac []float64) {
	n, m, a := q.n, q.m, q.a
	copy(a, jac)
	q.sign = 1
	for k := 0; k < n; k++ {
		col := a[k*m : (k+1)*m]
		alpha := col[k]
		norm := Norm2(col[k+1:])
		if norm == 0 {
			q.tau[k] = 0
			if alpha < 0 {
				q.sign = -q.sign
			}
			continue
		}
		beta := -math.Copysign(math.Hypot(alpha, norm), alpha)
		q.tau[k] = (beta - alpha) / beta
		s := 1 / (alpha - beta)
		for i := k + 1; i < m; i++ {
			col[i] *= s
		}
		col[k] = beta
		// A reflection has determinant −1.
		if beta > 0 {
			q.sign = -q.sign
		}
		for j := k + 1; j < n; j++ {
			q.reflect(k, a[j*m:(j+1)*m])
		}
	}
}

// reflect applies the k-th Householder reflection to the vector w.
func (q *QR) reflect(k int, w []float64) {
	tau := q.tau[k]
	if tau == 0 {
		return
	}
	v := q.a[k*q.m+k+1 : (k+1)*q.m]
	tail := w[k+1 : q.m]
	tail = tail[:len(v)]
	s := tau * (w[k] + DotUnrolled(v, tail))
	w[k] -= s
	for i, vi := range v {
		tail[i] -= s * vi
	}
}

// DotUnrolled returns a·b (len(b) ≥ len(a)) with four accumulators.
func DotUnrolled(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// applyQ overwrites w with Q w.
func (q *QR) applyQ(w []float64) {
	for k := q.n - 1; k >= 0; k-- {
		q.reflect(k, w)
	}
}

// Tangent writes the unit kernel vector t of J, oriented so that
// det[J; tᵀ] > 0 (the orientation convention of Allgower and Georg).
func (q *QR) Tangent(t []float64) {
	for i := range t {
		t[i] = 0
	}
	t[q.n] = q.sign
	q.applyQ(t)
}

// MinNormSolve writes into d the minimum-norm solution of J d = r and
// returns its Euclidean norm (NaN or ±Inf when R is singular).
func (q *QR) MinNormSolve(r, d []float64) float64 {
	n, m, a, z := q.n, q.m, q.a, q.z
	for k := 0; k < n; k++ {
		col := a[k*m : (k+1)*m]
		s := r[k]
		for l := 0; l < k; l++ {
			s -= col[l] * z[l]
		}
		z[k] = s / col[k]
	}
	z[n] = 0
	copy(d, z)
	q.applyQ(d)
	return Norm2(d)
}

// BorderedLU finds the kernel of J and minimum-norm solutions of J d = r
// from an LU factorisation of the square matrix A = [J; cᵀ], c being the
// tangent of the previous factorisation (initially the parameter's axis),
// so that A is regular wherever J has full rank and the curve does not
// turn sharply between two factorisations. With A z = e_n (the last unit
// vector), z spans the kernel of J and det[J; zᵀ] = det(A)·|z|², which
// orients the tangent; the minimum-norm solution of J d = r is the
// solution y of A y = [r; 0] less its component along z.
type BorderedLU struct {
	n   int
	a   []float64 // A, (n+1)×(n+1) row-major, then its factors
	piv []int
	c   []float64 // border: the last tangent
	t   []float64 // unit oriented kernel vector of the last factorisation
	y   []float64
	ok  bool // A is regular
}

func NewBorderedLU(n int) *BorderedLU {
	f := &BorderedLU{n: n, a: make([]float64, (n+1)*(n+1)), piv: make([]int, n+1),
		c: make([]float64, n+1), t: make([]float64, n+1), y: make([]float64, n+1)}
	f.Reset()
	return f
}

// Reset makes the parameter's axis the border again, as at the start.
func (f *BorderedLU) Reset() {
	clear(f.c)
	f.c[f.n] = 1
}

// SetBorder makes the unit vector t the border: the tangent where a trace
// resumes.
func (f *BorderedLU) SetBorder(t []float64) { copy(f.c, t) }

func (f *BorderedLU) Factor(jac []float64) {
	n, m, a := f.n, f.n+1, f.a
	copy(a, jac[:n*m])
	copy(a[n*m:], f.c)
	sign := 1.0
	f.ok = true
	for k := 0; k < m; k++ {
		swapped, ok := pivotStep(a, f.piv, m, k)
		if !ok {
			f.ok = false
			return
		}
		if swapped != (a[k*m+k] < 0) {
			sign = -sign
		}
	}
	clear(f.t)
	f.t[n] = 1
	LUSolve(a, f.piv, m, f.t)
	Scaled(f.t, f.t, sign/Norm2(f.t))
	copy(f.c, f.t)
}

func (f *BorderedLU) Tangent(t []float64) {
	if !f.ok {
		copy(t, f.c) // the step is rejected anyway: keep the last tangent
		return
	}
	copy(t, f.t)
}

func (f *BorderedLU) MinNormSolve(r, d []float64) float64 {
	if !f.ok {
		return math.NaN()
	}
	n := f.n
	copy(f.y, r[:n])
	f.y[n] = 0
	LUSolve(f.a, f.piv, n+1, f.y)
	along := Dot(f.t, f.y)
	for k := range d {
		d[k] = f.y[k] - along*f.t[k]
	}
	return Norm2(d)
}

// LU is an LU factorisation with partial pivoting of the square
// n×n leading block of an n×(n+1) Jacobian: the system with the last
// coordinate held fixed.
type LU struct {
	n   int
	a   []float64
	piv []int
}

func NewLU(n int) LU {
	return LU{n: n, a: make([]float64, n*n), piv: make([]int, n)}
}

// Factor factors the first n columns of jac and reports whether the block
// is nonsingular.
func (f *LU) Factor(jac []float64) bool {
	n, a := f.n, f.a
	for r := 0; r < n; r++ {
		copy(a[r*n:(r+1)*n], jac[r*(n+1):r*(n+1)+n])
	}
	for k := 0; k < n; k++ {
		if _, ok := pivotStep(a, f.piv, n, k); !ok {
			return false
		}
	}
	return true
}

// pivotStep performs step k of the LU factorisation with partial pivoting
// of the row-major n×n matrix a: it records in piv[k] the row with the
// largest entry in column k (at or below row k), swaps it into row k and
// eliminates below. It reports whether rows were swapped, and false for ok
// when the column is zero (or NaN) there: a is singular.
func pivotStep(a []float64, piv []int, n, k int) (swapped, ok bool) {
	p := k
	for i := k + 1; i < n; i++ {
		if math.Abs(a[i*n+k]) > math.Abs(a[p*n+k]) {
			p = i
		}
	}
	piv[k] = p
	if a[p*n+k] == 0 || math.IsNaN(a[p*n+k]) {
		return false, false
	}
	if p != k {
		for j := 0; j < n; j++ {
			a[k*n+j], a[p*n+j] = a[p*n+j], a[k*n+j]
		}
	}
	LUEliminate(a, n, k)
	return p != k, true
}

// Solve overwrites b with the solution of A x = b.
func (f *LU) Solve(b []float64) { LUSolve(f.a, f.piv, f.n, b) }

// Scalar is a number type of the dense LU factorisations.
type Scalar interface{ ~float64 | ~complex128 }

// LUEliminate eliminates column k below row k of the row-major n×n matrix
// a, whose pivot a[k][k] is in place, keeping the multipliers below the
// diagonal.
func LUEliminate[T Scalar](a []T, n, k int) {
	inv := 1 / a[k*n+k]
	rk := a[k*n : (k+1)*n]
	for i := k + 1; i < n; i++ {
		ri := a[i*n : (i+1)*n]
		l := ri[k] * inv
		ri[k] = l
		if l == 0 {
			continue
		}
		for j := k + 1; j < n; j++ {
			ri[j] -= l * rk[j]
		}
	}
}

// LUSolve overwrites b with A⁻¹ b, given the factors of A made by
// LUEliminate in a and the row interchanges piv.
func LUSolve[T Scalar](a []T, piv []int, n int, b []T) {
	for k := range n {
		if p := piv[k]; p != k {
			b[k], b[p] = b[p], b[k]
		}
	}
	for i := 1; i < n; i++ {
		s := b[i]
		for j := range i {
			s -= a[i*n+j] * b[j]
		}
		b[i] = s
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for j := i + 1; j < n; j++ {
			s -= a[i*n+j] * b[j]
		}
		b[i] = s / a[i*n+i]
	}
}
