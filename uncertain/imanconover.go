package uncertain

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// imanConover computes the reordering that gives the design the target rank
// correlation c (Iman and Conover 1982): van der Waerden scores, randomly
// permuted per parameter, are transformed by P·F⁻¹ (P, F the Cholesky
// factors of c and of the scores' own correlation) so that their correlation
// is exactly c; each parameter's uniforms are then rearranged among draws to
// follow the ranks of the transformed scores.
func (d *Design) imanConover(c [][]float64) error {
	dim := len(d.params)
	if err := checkCorr(c, dim); err != nil {
		return fmt.Errorf("rank correlation: %w", err)
	}
	p, err := cholesky(c)
	if err != nil {
		return fmt.Errorf("rank correlation matrix: %w", err)
	}
	if d.n < dim+2 {
		return fmt.Errorf("rank correlation needs more than %d draws, have %d", dim+1, d.n)
	}
	m := d.scores()
	f, err := cholesky(pearson(m))
	if err != nil {
		return fmt.Errorf("rank correlation: scores are degenerate (%w); use more draws", err)
	}
	b := matMul(p, lowerInverse(f))
	d.corr = make([][]float64, dim)
	for i := range c {
		d.corr[i] = append([]float64(nil), c[i]...)
	}
	d.src = make([][]int32, dim)
	t := make([]float64, d.n)
	for j := range dim {
		for k := range t {
			s := 0.0
			for i := 0; i <= j; i++ {
				s += b[j][i] * m[i][k]
			}
			t[k] = s
		}
		rank := ranks(t)
		order := d.baseOrder(j)
		src := make([]int32, d.n)
		for k, r := range rank {
			src[k] = order[r]
		}
		d.src[j] = src
	}
	return nil
}

// scores returns the van der Waerden scores Φ⁻¹(i/(N+1)), independently and
// pseudo-randomly permuted for each parameter.
func (d *Design) scores() [][]float64 {
	a := make([]float64, d.n)
	for i := range a {
		a[i] = mathext.NormalQuantile(float64(i+1) / float64(d.n+1))
	}
	m := make([][]float64, len(d.params))
	for j := range m {
		f := newFeistel(uint64(d.n), mix(d.seed, 0x53434f5245, uint64(j)))
		m[j] = make([]float64, d.n)
		for k := range m[j] {
			m[j][k] = a[f.apply(uint64(k))]
		}
	}
	return m
}

// baseOrder returns the base draws of parameter j sorted by their uniform.
func (d *Design) baseOrder(j int) []int32 {
	order := make([]int32, d.n)
	if d.perm != nil {
		for k := range order {
			order[d.perm[j].apply(uint64(k))] = int32(k)
		}
		return order
	}
	u := make([]float64, d.n)
	for k := range u {
		u[k] = unit(nthUint64(d.seed, k, j))
	}
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmpFloat(u[a], u[b]) })
	return order
}

// ranks returns the rank (0-based) of each element of x, ties broken by index.
func ranks(x []float64) []int32 {
	idx := make([]int32, len(x))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmpFloat(x[a], x[b]) })
	r := make([]int32, len(x))
	for pos, i := range idx {
		r[i] = int32(pos)
	}
	return r
}

func checkCorr(c [][]float64, dim int) error {
	if len(c) != dim {
		return fmt.Errorf("matrix has %d rows for %d parameters", len(c), dim)
	}
	for i, row := range c {
		if len(row) != dim {
			return fmt.Errorf("row %d has %d entries for %d parameters", i, len(row), dim)
		}
		for j, v := range row {
			switch {
			case math.IsNaN(v) || v < -1 || v > 1:
				return fmt.Errorf("entry (%d, %d) = %v outside [-1, 1]", i, j, v)
			case i == j && v != 1:
				return fmt.Errorf("diagonal entry (%d, %d) = %v, want 1", i, j, v)
			case math.Abs(v-c[j][i]) > 1e-12:
				return fmt.Errorf("entries (%d, %d) = %v and (%d, %d) = %v differ", i, j, v, j, i, c[j][i])
			}
		}
	}
	return nil
}

// pearson returns the correlation matrix of the columns m[j].
func pearson(m [][]float64) [][]float64 {
	dim, n := len(m), len(m[0])
	cen := make([][]float64, dim)
	for j, col := range m {
		mean := 0.0
		for _, v := range col {
			mean += v
		}
		mean /= float64(n)
		cen[j] = make([]float64, n)
		for k, v := range col {
			cen[j][k] = v - mean
		}
	}
	cov := make([][]float64, dim)
	for i := range cov {
		cov[i] = make([]float64, dim)
		for j := 0; j <= i; j++ {
			s := 0.0
			for k := range n {
				s += cen[i][k] * cen[j][k]
			}
			cov[i][j], cov[j][i] = s, s
		}
	}
	r := make([][]float64, dim)
	for i := range r {
		r[i] = make([]float64, dim)
		for j := range r[i] {
			r[i][j] = cov[i][j] / math.Sqrt(cov[i][i]*cov[j][j])
		}
	}
	return r
}

// cholesky returns the lower-triangular L with a = L·Lᵀ.
func cholesky(a [][]float64) ([][]float64, error) {
	n := len(a)
	l := make([][]float64, n)
	for i := range l {
		l[i] = make([]float64, n)
		for j := 0; j <= i; j++ {
			s := a[i][j]
			for k := range j {
				s -= l[i][k] * l[j][k]
			}
			if i == j {
				if !(s > 1e-12) {
					return nil, errors.New("not positive definite")
				}
				l[i][i] = math.Sqrt(s)
			} else {
				l[i][j] = s / l[j][j]
			}
		}
	}
	return l, nil
}

// lowerInverse inverts a non-singular lower-triangular matrix.
func lowerInverse(l [][]float64) [][]float64 {
	n := len(l)
	inv := make([][]float64, n)
	for i := range inv {
		inv[i] = make([]float64, n)
	}
	for j := range n {
		inv[j][j] = 1 / l[j][j]
		for i := j + 1; i < n; i++ {
			s := 0.0
			for k := j; k < i; k++ {
				s -= l[i][k] * inv[k][j]
			}
			inv[i][j] = s / l[i][i]
		}
	}
	return inv
}

func matMul(a, b [][]float64) [][]float64 {
	n, m, p := len(a), len(b), len(b[0])
	c := make([][]float64, n)
	for i := range c {
		c[i] = make([]float64, p)
		for j := range p {
			s := 0.0
			for k := range m {
				s += a[i][k] * b[k][j]
			}
			c[i][j] = s
		}
	}
	return c
}
