package polysys

import (
	"math"

	"github.com/tablero-project/tablero/solve/internal/float"
	"github.com/tablero-project/tablero/solve/internal/linalg"
)

// This file holds the indifference equations of one support and their
// direct solution when they are linear.
//
// The players with at least two support strategies are the system's
// groups; group q has d_q = |S_q| − 1 unknowns x_q, the probabilities of
// its support strategies after the first, whose probability is
// 1 − Σ x_q. Group p's equations F_pj (j = 1…d_p) say that its j-th
// support strategy earns what its first does; they are multilinear in
// the other groups' probabilities (pure players are fixed).

// num is the arithmetic of the equations: real for checks and Newton's
// method, complex for homotopy continuation.
type num interface{ ~float64 | ~complex128 }

// System is the indifference system of one support: group q's equations
// say that each of its support strategies after the first earns what the
// first does, and are multilinear in the other groups' unknowns.
type System struct {
	groups  []int       // players with mixed supports
	size    []int       // |S_q| per group
	off     []int       // first unknown of each group; off[len] = dim
	dim     int         // unknowns (= equations)
	tens    [][]float64 // per group p: p's payoffs over the groups' supports (group 0 fastest)
	work    [4][]float64
	cwork   [4][]complex128
	ctens   [][]complex128
	dims    []int
	sufDims []int
	devs    []dev        // deviation tensors (built by Deviations)
	pre     *cellScratch // scratch of the exclusion test's preconditioned tests
	// root, if not nil, holds per group the vertices (rows) of a simplex
	// containing the domain, where the exclusion test starts instead of
	// the probability simplex.
	root [][]float64
}

// dev holds a player's gains from deviating to strategies outside its
// support: t over dims[0] = 1 + outside strategies (index 0 the first
// support strategy) and then the groups grp (the player's own group, if
// any, left out).
type dev struct {
	t    []float64
	dims []int
	grp  []int
}

// New returns the system of groups, the players that mix, with supports
// of the given sizes (at least 2 each): group q has sizes[q] − 1
// unknowns, the probabilities (or other coordinates summing with the
// first to one) of its support strategies after the first. Its payoffs
// are set by SetTensors.
func New(groups, sizes []int) *System {
	s := &System{groups: groups, size: sizes}
	s.off = make([]int, len(s.groups)+1)
	for q, k := range s.size {
		s.off[q+1] = s.off[q] + k - 1
	}
	s.dim = s.off[len(s.groups)]
	return s
}

// SetTensors sets the payoff tensors: tens[q] holds group q's payoffs
// over the groups' support strategies, group 0's fastest (the product of
// the sizes long); its equations are the differences of its strategies'
// values against its first.
func (s *System) SetTensors(tens [][]float64) {
	cells := 1
	for _, k := range s.size {
		cells *= k
	}
	s.tens = tens
	s.initWork(cells)
}

// SetDomain sets the domain in which Isolate looks for roots: per group,
// the vertices (Size(q) rows of Size(q) coordinates) of a simplex containing
// the group's feasible points, in the coordinates of SetTensors. By
// default the domain is the product of the probability simplices.
func (s *System) SetDomain(root [][]float64) { s.root = root }

// NewNormal returns the system of the support supp of the strategic game
// g (per player, its support strategies): the players with at least two
// support strategies are its groups, the others fixed at their strategy.
func NewNormal(g *float.Game, supp [][]int) *System {
	var groups, sizes []int
	for p, sp := range supp {
		if len(sp) > 1 {
			groups = append(groups, p)
			sizes = append(sizes, len(sp))
		}
	}
	s := New(groups, sizes)
	cells := 1
	for _, k := range s.size {
		cells *= k
	}
	prof := make([]int, g.N)
	for p, sp := range supp {
		prof[p] = sp[0]
	}
	tens := make([][]float64, len(s.groups))
	for gi, p := range s.groups {
		t := make([]float64, cells)
		for c := range cells {
			rest := c
			for q, r := range s.groups {
				prof[r] = supp[r][rest%s.size[q]]
				rest /= s.size[q]
			}
			t[c] = g.Pay[p][g.Cell(prof)]
		}
		tens[gi] = t
	}
	s.SetTensors(tens)
	return s
}

// Groups returns the number of groups.
func (s *System) Groups() int { return len(s.groups) }

// Size returns the support size of group q.
func (s *System) Size(q int) int { return s.size[q] }

// Offset returns the index of group q's first unknown; Offset(Groups())
// is the number of unknowns.
func (s *System) Offset(q int) int { return s.off[q] }

// Deviations adds to a system made by NewNormal the players' gains from
// leaving the support supp of g, with which Isolate excludes more cells
// (once; later calls do nothing).
func (s *System) Deviations(g *float.Game, supp [][]int) {
	if s.devs != nil || len(supp) == 0 {
		return
	}
	s.devs = []dev{}
	prof := make([]int, g.N)
	for p, sp := range supp {
		prof[p] = sp[0]
	}
	for p, sp := range supp {
		var out []int
		for a := range g.Sizes[p] {
			if !float.In(sp, a) {
				out = append(out, a)
			}
		}
		if len(out) == 0 {
			continue
		}
		strats := append([]int{sp[0]}, out...)
		dv := dev{dims: []int{len(strats)}}
		for q, r := range s.groups {
			if r != p {
				dv.grp = append(dv.grp, q)
				dv.dims = append(dv.dims, s.size[q])
			}
		}
		cells := 1
		for _, k := range dv.dims[1:] {
			cells *= k
		}
		dv.t = make([]float64, cells*len(strats))
		for c := range cells {
			rest := c
			for _, q := range dv.grp {
				r := s.groups[q]
				prof[r] = supp[r][rest%s.size[q]]
				rest /= s.size[q]
			}
			for i, a := range strats {
				prof[p] = a
				dv.t[c*len(strats)+i] = g.Pay[p][g.Cell(prof)]
			}
			prof[p] = sp[0]
		}
		for _, q := range dv.grp {
			prof[s.groups[q]] = supp[s.groups[q]][0]
		}
		s.devs = append(s.devs, dv)
	}
}

// initWork allocates the scratch of the contractions for tensors of the
// given cells.
func (s *System) initWork(cells int) {
	for i := range s.work {
		s.work[i] = make([]float64, cells)
	}
	s.dims = make([]int, 0, len(s.groups))
	s.sufDims = make([]int, 0, len(s.groups))
}

// sigma writes group q's probabilities (length size[q]) for unknowns x.
func sigma[T num](s *System, x []T, q int, out []T) {
	var one T = 1
	out[0] = one
	for k := 1; k < s.size[q]; k++ {
		v := x[s.off[q]+k-1]
		out[k] = v
		out[0] -= v
	}
}

// sigmas writes every group's probabilities for unknowns x into sig
// (length s.sigLen()), group q's from s.sigOff(q), so that the
// contractions of one evaluation share them.
func sigmas[T num](s *System, x, sig []T) {
	for q := range s.groups {
		sigma(s, x, q, sig[s.sigOff(q):])
	}
}

// sigOff returns where group q's probabilities start in sigmas's
// output: the sizes of the groups before q, that is off[q] + q.
func (s *System) sigOff(q int) int { return s.off[q] + q }

// sigLen returns the length of sigmas's output.
func (s *System) sigLen() int { return s.dim + len(s.groups) }

// reduce contracts group p's tensor against the probabilities sig
// (from sigmas) of every group but a and b, returning a tensor over the
// kept groups (lowest fastest) in one of the first two work buffers.
func reduce[T num](s *System, t []T, work *[4][]T, sig []T, a, b int) []T {
	return reduceBelow(s, t, append(s.dims[:0], s.size...), work, sig, a, b, len(s.groups))
}

// reduceBelow is reduce on a tensor t over dims whose groups from top
// up are already contracted (but for a and b, if above): it contracts
// groups top−1 down to 0. Group q is then at position q of dims, which it
// overwrites.
func reduceBelow[T num](s *System, t []T, dims []int, work *[4][]T, sig []T, a, b, top int) []T {
	cur := t
	next := 0
	for q := top - 1; q >= 0; q-- {
		if q == a || q == b {
			continue
		}
		dst := work[next]
		float.Contract(cur, dims, q, sig[s.sigOff(q):], dst)
		cur = dst[:len(cur)/dims[q]]
		dims = append(dims[:q], dims[q+1:]...)
		next ^= 1
	}
	return cur
}

// value writes F(x) into f.
// sig is scratch of length s.sigLen().
func value[T num](s *System, tens [][]T, work *[4][]T, x, sig, f []T) {
	sigmas(s, x, sig)
	for p := range s.groups {
		w := reduce(s, tens[p], work, sig, p, p)
		for j := 1; j < s.size[p]; j++ {
			f[s.off[p]+j-1] = w[j] - w[0]
		}
	}
}

// jacobian writes the dim×dim Jacobian of F at x into jac (row-major).
func jacobian[T num](s *System, tens [][]T, work *[4][]T, x, sig, jac []T) {
	valueJacobian(s, tens, work, x, sig, nil, jac)
}

// valueJacobian writes the Jacobian of F at x into jac and, if f is
// not nil, F(x) into f. With at least two groups, F_p follows from the
// matrix of any pair (p, q): F_p is affine in σ_q. sig is scratch of
// length s.sigLen().
func valueJacobian[T num](s *System, tens [][]T, work *[4][]T, x, sig, f, jac []T) {
	d := s.dim
	clear(jac[:d*d])
	sigmas(s, x, sig)
	for p := range s.groups {
		sp := s.size[p]
		// suf is p's tensor contracted over the groups above q but p
		// (over sufDims), shared by the pairs (p, q) for q downwards.
		suf, sufDims, next := tens[p], append(s.sufDims[:0], s.size...), 2
		for q := len(s.groups) - 1; q >= 0; q-- {
			if q == p {
				continue
			}
			m := reduceBelow(s, suf, append(s.dims[:0], sufDims...), work, sig, p, q, q)
			if q > 1 || (q == 1 && p != 0) {
				dst := work[next]
				float.Contract(suf, sufDims, q, sig[s.sigOff(q):], dst)
				suf = dst[:len(suf)/sufDims[q]]
				sufDims = append(sufDims[:q], sufDims[q+1:]...)
				next ^= 1
			}
			sq := s.size[q]
			// m over (p's strategy j, q's strategy k): m[jStride*j + kStride*k].
			jStride, kStride := 1, sp
			if p > q {
				jStride, kStride = sq, 1
			}
			m00 := m[0]
			for j := 1; j < sp; j++ {
				row := jac[(s.off[p]+j-1)*d+s.off[q]:]
				mj0 := m[j*jStride]
				for k := 1; k < sq; k++ {
					row[k-1] = m[j*jStride+k*kStride] - mj0 - m[k*kStride] + m00
				}
			}
			if f != nil && (q == 0 || (p == 0 && q == 1)) {
				sq0 := s.sigOff(q)
				for j := 1; j < sp; j++ {
					var v T
					for k := range sq {
						v += (m[j*jStride+k*kStride] - m[k*kStride]) * sig[sq0+k]
					}
					f[s.off[p]+j-1] = v
				}
			}
		}
	}
}

// complexTensors returns the payoff tensors in complex arithmetic.
func (s *System) complexTensors() [][]complex128 {
	if s.ctens == nil {
		s.ctens = make([][]complex128, len(s.tens))
		for p, t := range s.tens {
			s.ctens[p] = make([]complex128, len(t))
			for i, v := range t {
				s.ctens[p][i] = complex(v, 0)
			}
		}
		for i := range s.cwork {
			s.cwork[i] = make([]complex128, len(s.work[0]))
		}
	}
	return s.ctens
}

// maxSize returns the largest support size.
func (s *System) maxSize() int {
	m := 1
	for _, k := range s.size {
		m = max(m, k)
	}
	return m
}

// SolveLinear solves a system of exactly two groups: each group's
// equations are linear in the other's unknowns. It returns the
// solution, or false if a system is singular (no isolated solution).
func (s *System) SolveLinear() ([]float64, bool) {
	x := make([]float64, s.dim)
	for p := range 2 {
		q := 1 - p
		dp, dq := s.size[p]-1, s.size[q]-1
		if dp != dq {
			return nil, false
		}
		t := s.tens[p]
		at := func(j, k int) float64 {
			if p < q {
				return t[k*s.size[p]+j]
			}
			return t[j*s.size[q]+k]
		}
		// F_pj = c_j0 + Σ_k (c_jk − c_j0) x_qk, c_jk = T[j][k] − T[0][k].
		a := make([]float64, dq*dq)
		b := make([]float64, dq)
		for j := 1; j <= dp; j++ {
			c0 := at(j, 0) - at(0, 0)
			b[j-1] = -c0
			for k := 1; k <= dq; k++ {
				a[(j-1)*dq+k-1] = at(j, k) - at(0, k) - c0
			}
		}
		if !linalg.Solve(a, dq, b) {
			return nil, false
		}
		copy(x[s.off[q]:], b)
	}
	return x, true
}

// Profile converts the unknowns x of a system made by NewNormal to a flat
// profile of g (support probabilities, pure players' strategies at 1),
// reporting false if a probability is clearly negative.
func (s *System) Profile(g *float.Game, supp [][]int, x []float64) ([]float64, bool) {
	out := make([]float64, g.M)
	for p, sp := range supp {
		if len(sp) == 1 {
			out[g.Off[p]+sp[0]] = 1
		}
	}
	sig := make([]float64, s.maxSize())
	for q, p := range s.groups {
		sigma(s, x, q, sig)
		for k, i := range supp[p] {
			v := sig[k]
			if v < -1e-7 || math.IsNaN(v) {
				return nil, false
			}
			out[g.Off[p]+i] = math.Max(v, 0)
		}
	}
	return out, true
}

// newton refines a real solution x of F by Newton's method and reports
// whether it converged.
func (s *System) newton(x []float64) bool {
	d := s.dim
	f, jac := make([]float64, d), make([]float64, d*d)
	sig := make([]float64, s.sigLen())
	prev := math.Inf(1)
	for range 30 {
		value(s, s.tens, &s.work, x, sig, f)
		jacobian(s, s.tens, &s.work, x, sig, jac)
		if !linalg.Solve(jac, d, f) {
			return false
		}
		step := 0.0
		for i := range x {
			x[i] -= f[i]
			step = math.Max(step, math.Abs(f[i]))
		}
		if step < 1e-15 || (step < 1e-11 && step > prev/4) {
			return true
		}
		prev = step
	}
	return false
}
