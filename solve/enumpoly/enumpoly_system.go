package enumpoly

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

// epNum is the arithmetic of the equations: real for checks and Newton's
// method, complex for homotopy continuation.
type epNum interface{ ~float64 | ~complex128 }

// epSystem is the indifference system of one support.
type epSystem struct {
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
	devs    []epDev // deviation tensors (built by the exclusion test)
	pre     *epPre  // scratch of the exclusion test's preconditioned tests
	// root, if not nil, holds per group the vertices (rows) of a simplex
	// containing the domain, where the exclusion test starts instead of
	// the probability simplex.
	root [][]float64
}

// epDev holds a player's gains from deviating to strategies outside its
// support: t over dims[0] = 1 + outside strategies (index 0 the first
// support strategy) and then the groups grp (the player's own group, if
// any, left out).
type epDev struct {
	t    []float64
	dims []int
	grp  []int
}

// newEPSystem builds the system of the support supp of g.
func newEPSystem(g *float.Game, supp [][]int) *epSystem {
	s := &epSystem{}
	for p, sp := range supp {
		if len(sp) > 1 {
			s.groups = append(s.groups, p)
			s.size = append(s.size, len(sp))
		}
	}
	s.off = make([]int, len(s.groups)+1)
	for q, k := range s.size {
		s.off[q+1] = s.off[q] + k - 1
	}
	s.dim = s.off[len(s.groups)]
	cells := 1
	for _, k := range s.size {
		cells *= k
	}
	prof := make([]int, g.N)
	for p, sp := range supp {
		prof[p] = sp[0]
	}
	s.tens = make([][]float64, len(s.groups))
	for gi, p := range s.groups {
		t := make([]float64, cells)
		for c := range cells {
			rest := c
			for q, r := range s.groups {
				prof[r] = supp[r][rest%s.size[q]]
				rest /= s.size[q]
			}
			t[c] = g.Pay[p][epCell(g, prof)]
		}
		s.tens[gi] = t
	}
	s.initWork(cells)
	return s
}

// deviations builds the deviation tensors of the support (once).
func (s *epSystem) deviations(g *float.Game, supp [][]int) []epDev {
	if s.devs != nil || len(supp) == 0 {
		return s.devs
	}
	s.devs = []epDev{}
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
		dv := epDev{dims: []int{len(strats)}}
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
				dv.t[c*len(strats)+i] = g.Pay[p][epCell(g, prof)]
			}
			prof[p] = sp[0]
		}
		for _, q := range dv.grp {
			prof[s.groups[q]] = supp[s.groups[q]][0]
		}
		s.devs = append(s.devs, dv)
	}
	return s.devs
}

// initWork allocates the scratch of the contractions for tensors of the
// given cells.
func (s *epSystem) initWork(cells int) {
	for i := range s.work {
		s.work[i] = make([]float64, cells)
	}
	s.dims = make([]int, 0, len(s.groups))
	s.sufDims = make([]int, 0, len(s.groups))
}

// sigma writes group q's probabilities (length size[q]) for unknowns x.
func epSigma[T epNum](s *epSystem, x []T, q int, out []T) {
	var one T = 1
	out[0] = one
	for k := 1; k < s.size[q]; k++ {
		v := x[s.off[q]+k-1]
		out[k] = v
		out[0] -= v
	}
}

// epSigmas writes every group's probabilities for unknowns x into sig
// (length s.sigLen()), group q's from s.sigOff(q), so that the
// contractions of one evaluation share them.
func epSigmas[T epNum](s *epSystem, x, sig []T) {
	for q := range s.groups {
		epSigma(s, x, q, sig[s.sigOff(q):])
	}
}

// sigOff returns where group q's probabilities start in epSigmas's
// output: the sizes of the groups before q, that is off[q] + q.
func (s *epSystem) sigOff(q int) int { return s.off[q] + q }

// sigLen returns the length of epSigmas's output.
func (s *epSystem) sigLen() int { return s.dim + len(s.groups) }

// epContract contracts tensor t (dims, first fastest) against w on
// dimension k into out.
func epContract[T epNum](t []T, dims []int, k int, w, out []T) {
	low := 1
	for _, d := range dims[:k] {
		low *= d
	}
	high := len(t) / (low * dims[k])
	out = out[:low*high]
	if low == 1 {
		n := dims[k]
		for h := range high {
			var sum T
			for d, wd := range w[:n] {
				sum += wd * t[h*n+d]
			}
			out[h] = sum
		}
		return
	}
	clear(out)
	for h := range high {
		dst := out[h*low : (h+1)*low]
		for d, wd := range w[:dims[k]] {
			src := t[(h*dims[k]+d)*low:]
			for l := range dst {
				dst[l] += wd * src[l]
			}
		}
	}
}

// epReduce contracts group p's tensor against the probabilities sig
// (from epSigmas) of every group but a and b, returning a tensor over the
// kept groups (lowest fastest) in one of the first two work buffers.
func epReduce[T epNum](s *epSystem, t []T, work *[4][]T, sig []T, a, b int) []T {
	return epReduceBelow(s, t, append(s.dims[:0], s.size...), work, sig, a, b, len(s.groups))
}

// epReduceBelow is epReduce on a tensor t over dims whose groups from top
// up are already contracted (but for a and b, if above): it contracts
// groups top−1 down to 0. Group q is then at position q of dims, which it
// overwrites.
func epReduceBelow[T epNum](s *epSystem, t []T, dims []int, work *[4][]T, sig []T, a, b, top int) []T {
	cur := t
	next := 0
	for q := top - 1; q >= 0; q-- {
		if q == a || q == b {
			continue
		}
		dst := work[next]
		epContract(cur, dims, q, sig[s.sigOff(q):], dst)
		cur = dst[:len(cur)/dims[q]]
		dims = append(dims[:q], dims[q+1:]...)
		next ^= 1
	}
	return cur
}

// epValue writes F(x) into f.
// sig is scratch of length s.sigLen().
func epValue[T epNum](s *epSystem, tens [][]T, work *[4][]T, x, sig, f []T) {
	epSigmas(s, x, sig)
	for p := range s.groups {
		w := epReduce(s, tens[p], work, sig, p, p)
		for j := 1; j < s.size[p]; j++ {
			f[s.off[p]+j-1] = w[j] - w[0]
		}
	}
}

// epJacobian writes the dim×dim Jacobian of F at x into jac (row-major).
func epJacobian[T epNum](s *epSystem, tens [][]T, work *[4][]T, x, sig, jac []T) {
	epValueJacobian(s, tens, work, x, sig, nil, jac)
}

// epValueJacobian writes the Jacobian of F at x into jac and, if f is
// not nil, F(x) into f. With at least two groups, F_p follows from the
// matrix of any pair (p, q): F_p is affine in σ_q. sig is scratch of
// length s.sigLen().
func epValueJacobian[T epNum](s *epSystem, tens [][]T, work *[4][]T, x, sig, f, jac []T) {
	d := s.dim
	clear(jac[:d*d])
	epSigmas(s, x, sig)
	for p := range s.groups {
		sp := s.size[p]
		// suf is p's tensor contracted over the groups above q but p
		// (over sufDims), shared by the pairs (p, q) for q downwards.
		suf, sufDims, next := tens[p], append(s.sufDims[:0], s.size...), 2
		for q := len(s.groups) - 1; q >= 0; q-- {
			if q == p {
				continue
			}
			m := epReduceBelow(s, suf, append(s.dims[:0], sufDims...), work, sig, p, q, q)
			if q > 1 || (q == 1 && p != 0) {
				dst := work[next]
				epContract(suf, sufDims, q, sig[s.sigOff(q):], dst)
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
func (s *epSystem) complexTensors() [][]complex128 {
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
func (s *epSystem) maxSize() int {
	m := 1
	for _, k := range s.size {
		m = max(m, k)
	}
	return m
}

// solveLinear solves a system in which exactly two groups mix: each
// group's equations are linear in the other's unknowns. It returns the
// solution, or false if a system is singular (no isolated solution).
func (s *epSystem) solveLinear() ([]float64, bool) {
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

// epProfile converts unknowns to a flat profile of the game (support
// probabilities, pure players' strategies at 1), reporting false if a
// probability is clearly negative.
func epProfile(g *float.Game, s *epSystem, supp [][]int, x []float64) ([]float64, bool) {
	out := make([]float64, g.M)
	for p, sp := range supp {
		if len(sp) == 1 {
			out[g.Off[p]+sp[0]] = 1
		}
	}
	sig := make([]float64, s.maxSize())
	for q, p := range s.groups {
		epSigma(s, x, q, sig)
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
func (s *epSystem) newton(x []float64) bool {
	d := s.dim
	f, jac := make([]float64, d), make([]float64, d*d)
	sig := make([]float64, s.sigLen())
	prev := math.Inf(1)
	for range 30 {
		epValue(s, s.tens, &s.work, x, sig, f)
		epJacobian(s, s.tens, &s.work, x, sig, jac)
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
