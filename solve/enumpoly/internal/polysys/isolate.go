package polysys

import (
	"math"

	"github.com/tablero-project/tablero/solve/internal/linalg"
)

// This file holds the subdivision that skips supports whose indifference
// equations cannot vanish in the product of simplices, and solves those
// whose roots it can isolate there without a homotopy.
//
// Each equation, and each player's gain from leaving its support, is
// affine in each group's probabilities, so over a product of simplices
// (a cell) its range is spanned by its values at the combinations of
// vertices: the range is computed exactly (up to rounding). The values
// are kept with the cell; bisecting an edge of one group's simplex
// replaces a vertex by the edge's midpoint, whose values are the mean of
// the edge's ends, so a cell's values follow from its parent's. A cell is
// excluded if some equation's range does not contain 0, some gain is
// positive throughout it, or some combination of the equations with the
// coefficients of a row of the inverse Jacobian at the cell's centre
// keeps one sign (near a simple root these combinations are close to the
// distances to it, so that cells are excluded at about their own width
// from it, where the equations alone need cells as small as the root's
// conditioning). A cell that is not excluded may be proved to hold
// exactly one root (unique); the others are split. If every cell is
// excluded or holds one root within a number of cells, those roots are
// all the solutions in the product of simplices.

// cell is a product of simplices: vert[q] holds the size[q] vertices
// of group q's simplex, each a probability vector over q's support
// (row-major, vertex by vertex); vals and devs hold the equations' and
// the deviation gains' values at the vertex combinations.
type cell struct {
	vert [][]float64
	// vals[h·dim + e] is equation e at vertex combination h (group 0's
	// vertex fastest).
	vals []float64
	// devs[i] is s.devs[i]'s tensor with each group's index made a
	// vertex number.
	devs  [][]float64
	depth int
}

// excludeCells bounds the cells examined per support, per path of the
// homotopy they may save and in all.
const (
	excludeCells    = 512
	excludeMaxCells = 16384
	cellsPerPath    = 128
	// Beyond isolateDim unknowns a support is given cellsPerPathHigh
	// cells per path: the cells needed grow 2–4 times per unknown (on
	// rand_5x5x5_s1 a median of 12, 47, 174 and 424 per path at 6 to 9
	// unknowns; 4 of 121 supports with 10 or more completed within 40000
	// cells), so the subdivision there mostly only excludes.
	isolateDim       = 9
	cellsPerPathHigh = 32
	excludePad       = 1e-12 // relative margin against rounding
	// cellFlops is the number of the subdivision's real multiply-adds
	// (counted at their worst, without the scans' early exits) charged as
	// one unit of kernelUnits: a whole solve of rand_4x4x4_s1 or
	// rand_3x3x3x3_s1 then costs about 8–9 ns of CPU a unit, as the
	// homotopy's units did.
	cellFlops = 12
	// cellCall is the units charged per cell besides its arithmetic
	// (calls, copies, the stack), measured on small systems.
	cellCall = 128
)

// Isolate subdivides the domain (the product of the probability
// simplices, or that of SetDomain), examining at most maxCells cells,
// until every cell is excluded or holds exactly one root, and charges its
// work (in units of arithmetic) to charge. If it gets there (complete),
// roots holds those roots, all the solutions in the domain; otherwise the
// system may have solutions it did not isolate.
func (s *System) Isolate(maxCells int, charge func(int) error) (roots [][]float64, complete bool, err error) {
	s.pre = newCellScratch(s)
	root := s.rootCell()
	if s.degenerate(root) {
		return nil, false, nil
	}
	g, d, cells := len(s.groups), s.dim, len(s.work[0])
	devCells := 0
	for _, t := range root.devs {
		devCells += len(t)
	}
	// A cell costs its values (made from its parent's) and the scans of
	// the equations and gains; the preconditioned test the Jacobian (the
	// groups' sums of the values), its inverse and the combinations; the
	// test of a unique root a Jacobian at every vertex combination. These
	// are real multiply-adds in plain loops, of which cellFlops make a
	// unit (as long as one of the homotopy's), and a call's overhead.
	testCost := cellCall + 2*(cells*d+devCells)/cellFlops
	preCost := ((g+1)*cells*d + 2*d*d*d) / cellFlops
	uniqueCost := cells * d * d * d / cellFlops
	stack := []*cell{root} // the order does not change what is examined
	for k := 0; len(stack) > 0; k++ {
		if k >= maxCells {
			return nil, false, nil
		}
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if err := charge(testCost); err != nil {
			return nil, false, err
		}
		if s.equationExcluded(c) || s.deviationExcluded(c) {
			s.release(c)
			continue
		}
		if err := charge(preCost); err != nil {
			return nil, false, err
		}
		if s.preconditionedExcluded(c) {
			s.release(c)
			continue
		}
		x, ok, stage := s.unique(c)
		if stage > 0 {
			cost := preCost // the inflated cell and T's values
			if stage > 1 {
				cost += uniqueCost
			}
			if err := charge(cost); err != nil {
				return nil, false, err
			}
		}
		if ok {
			roots = append(roots, x)
			s.release(c)
			continue
		}
		a, b := s.split(c)
		stack = append(stack, a, b)
	}
	return roots, true, nil
}

// cellScratch is the scratch of the subdivision of one support.
type cellScratch struct {
	jac, y, col, mu, f []float64
	lu                 *linalg.RobustLU
	ok                 bool    // y holds the inverse Jacobian at the cell's centre
	wmax               float64 // the largest |value| in the root cell
	dt                 []float64
	free               []*cell // released cells, for reuse
	big                *cell   // the inflated cell of unique
}

func newCellScratch(s *System) *cellScratch {
	d := s.dim
	return &cellScratch{jac: make([]float64, d*d), y: make([]float64, d*d), col: make([]float64, d),
		mu: make([]float64, d), f: make([]float64, d), dt: make([]float64, d*d),
		lu: linalg.NewRobustLU(d)}
}

// pad returns the rounding margin of a cell's values: each midpoint's
// values are a mean of two, which adds a rounding error of at most one
// unit in the last place of the largest value.
func (s *System) pad(c *cell) float64 {
	return (excludePad + float64(c.depth)*4e-16) * s.pre.wmax
}

// newCell returns a cell with storage like the root's, reusing a
// released one if possible.
func (s *System) newCell(like *cell) *cell {
	pr := s.pre
	if n := len(pr.free); n > 0 {
		c := pr.free[n-1]
		pr.free = pr.free[:n-1]
		return c
	}
	c := &cell{vert: make([][]float64, len(like.vert)), vals: make([]float64, len(like.vals)),
		devs: make([][]float64, len(like.devs))}
	for q, v := range like.vert {
		c.vert[q] = make([]float64, len(v))
	}
	for i, t := range like.devs {
		c.devs[i] = make([]float64, len(t))
	}
	return c
}

// release returns a cell's storage for reuse.
func (s *System) release(c *cell) { s.pre.free = append(s.pre.free, c) }

// rootCell returns the product of the probability simplices (or of the
// simplices s.root) with its values.
func (s *System) rootCell() *cell {
	c := &cell{vert: make([][]float64, len(s.groups))}
	for q, k := range s.size {
		if s.root != nil {
			c.vert[q] = append([]float64(nil), s.root[q]...)
			continue
		}
		v := make([]float64, k*k)
		for i := range k {
			v[i*k+i] = 1
		}
		c.vert[q] = v
	}
	d := s.dim
	c.vals = make([]float64, len(s.work[0])*d)
	dims := append(s.dims[:0], s.size...)
	wmax := 0.0
	for p := range s.groups {
		cur := s.tens[p]
		next := 0
		// Mode products with the vertex matrices of the other groups:
		// index k of group q becomes vertex number k.
		for q := range s.groups {
			if q == p {
				continue
			}
			dst := s.work[next][:len(cur)]
			vertexProduct(cur, dims, q, c.vert[q], dst)
			cur = dst
			next ^= 1
		}
		k := s.size[p]
		stride := 1
		for q := range p {
			stride *= s.size[q]
		}
		// cur[...] over p's strategy (at stride) and vertex combinations:
		// block h holds strategy j's values at h·stride·k + j·stride;
		// equation j does not depend on p's own vertex.
		block := stride * k
		for j := 1; j < k; j++ {
			e := s.off[p] + j - 1
			for h := 0; h < len(cur); h += block {
				first, js := cur[h:h+stride], cur[h+j*stride:h+(j+1)*stride]
				for l, v := range js {
					v -= first[l]
					wmax = max(wmax, math.Abs(v))
					for r := range k {
						c.vals[(h+r*stride+l)*d+e] = v
					}
				}
			}
		}
	}
	n := 0
	for _, dv := range s.devs {
		n = max(n, len(dv.t))
	}
	work := [2][]float64{make([]float64, n), make([]float64, n)}
	for _, dv := range s.devs {
		cur := dv.t
		next := 0
		for i, q := range dv.grp {
			dst := work[next][:len(cur)]
			vertexProduct(cur, dv.dims, i+1, c.vert[q], dst)
			cur = dst
			next ^= 1
		}
		c.devs = append(c.devs, append([]float64(nil), cur...))
		for _, v := range cur {
			wmax = max(wmax, math.Abs(v))
		}
	}
	s.pre.wmax = wmax
	return c
}

// degenerate reports whether some equation vanishes identically (all its
// values at the domain's vertex combinations are 0): then the solutions,
// if any, form a continuum that no cell isolates.
func (s *System) degenerate(c *cell) bool {
	d := s.dim
	for e := range d {
		zero := true
		for h := e; h < len(c.vals); h += d {
			if c.vals[h] != 0 {
				zero = false
				break
			}
		}
		if zero {
			return true
		}
	}
	return false
}

// equationExcluded reports whether some equation keeps one sign over the
// cell.
func (s *System) equationExcluded(c *cell) bool {
	d, pad := s.dim, s.pad(c)
	n := len(c.vals) / d
	for e := range d {
		neg, pos := false, false
		for h := range n {
			v := c.vals[h*d+e]
			if v <= pad {
				neg = true
			}
			if v >= -pad {
				pos = true
			}
			if neg && pos {
				break
			}
		}
		if !neg || !pos {
			return true
		}
	}
	return false
}

// deviationExcluded reports whether some player gains by leaving its
// support everywhere in the cell.
func (s *System) deviationExcluded(c *cell) bool {
	pad := s.pad(c)
	for i, dv := range s.devs {
		cur := c.devs[i]
		k := dv.dims[0]
	next:
		for a := 1; a < k; a++ {
			for i := a; i < len(cur); i += k {
				if cur[i]-cur[i-a] <= pad {
					continue next
				}
			}
			return true
		}
	}
	return false
}

// preconditionedExcluded reports whether some combination of the
// equations, with the coefficients of a row of the inverse Jacobian at the
// cell's centre, keeps one sign over the cell. The Jacobian is taken in
// the cell's own coordinates μ (group q's point is Σ_r λ_r·vertex_r with
// λ_r = μ_qr for r ≥ 1 and λ_0 = 1 − Σ μ_q): F is affine in each group's
// λ, so its derivative in μ_qr at the centre is the difference of the
// means of the values with q's vertex r and with q's vertex 0. Each
// combination is affine in each group like the equations, so its range
// comes from its values at the vertex combinations.
func (s *System) preconditionedExcluded(c *cell) bool {
	d, pr := s.dim, s.pre
	pr.ok = false
	n := len(c.vals) / d
	clear(pr.jac)
	stride := 1
	for q, k := range s.size {
		// column (q, r) accumulates the values with q's vertex r, minus
		// those with vertex 0, over the others' n/k combinations.
		for h := range n {
			r := h / stride % k
			if r == 0 {
				continue
			}
			col := s.off[q] + r - 1
			v0 := c.vals[(h-r*stride)*d : (h-r*stride+1)*d]
			for e, v := range c.vals[h*d : (h+1)*d] {
				pr.jac[e*d+col] += v - v0[e]
			}
		}
		stride *= k
	}
	if !pr.lu.Factor(pr.jac) {
		return false
	}
	// y holds the inverse's rows (up to the common factor n/k of the
	// means, which changes no sign): column k solves for e_k.
	for k := range d {
		col := pr.col
		clear(col)
		col[k] = 1
		pr.lu.Solve(col)
		for i, v := range col {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
			pr.y[i*d+k] = v
		}
	}
	pr.ok = true
	pad := s.pad(c)
rows:
	for i := range d {
		y := pr.y[i*d : (i+1)*d]
		tol := 0.0
		for _, w := range y {
			tol += math.Abs(w)
		}
		tol *= pad
		neg, pos := false, false
		for h := range n {
			v := 0.0
			for e, w := range c.vals[h*d : (h+1)*d] {
				v += y[e] * w
			}
			if v <= tol {
				neg = true
			}
			if v >= -tol {
				pos = true
			}
			if neg && pos {
				continue rows
			}
		}
		return true
	}
	return false
}

// Constants of the test of a unique root.
const (
	uniqueIter  = 200
	contraction = 0.5   // largest contraction factor accepted
	insidePad   = 1e-9  // margin of T's values inside the cell, in μ
	uniqueTol   = 1e-15 // step of T's iteration taken as converged
	inflation   = 1.5   // scale of the cell whose root unique proves unique
)

// unique tests whether the cell holds exactly one root, for a cell that
// preconditionedExcluded did not exclude. In the cell's coordinates μ,
// T(μ) = μ − Y·F(μ), with Y the inverse Jacobian at the centre, is
// affine in each group like F, so T maps the cell into the convex hull of
// T's values at the vertex combinations; if they all lie in the cell, T
// maps the cell into itself and has a fixed point there, a root. T's
// Jacobian I − Y·J is affine in each group too (J's column for μ_qr at a
// vertex combination is the difference of the values with q's vertex r
// and 0), so its entries' largest moduli over the cell are at the vertex
// combinations; if they make T a contraction (in the maximum norm), the
// root is the only one, and T's iteration from the centre converges to
// it. Both tests are made on the cell inflated by inflation (inflate),
// after the cheap check that T maps the centre into it. unique returns
// the root (as unknowns x) and true if both tests pass; stage reports how far it went (0: the centre's image is outside,
// 1: the inflated cell was made, 2: the contraction test, the costly
// part, ran).
func (s *System) unique(c *cell) (x []float64, ok bool, stage int) {
	pr := s.pre
	if !pr.ok || !s.centreMapsInto(c) {
		return nil, false, 0
	}
	c = s.inflate(c)
	if !s.mapsInto(c) {
		return nil, false, 1
	}
	if !s.contracts(c) {
		return nil, false, 2
	}
	d := s.dim
	n := len(c.vals) / d
	mu := pr.mu
	for q, k := range s.size {
		for r := 1; r < k; r++ {
			mu[s.off[q]+r-1] = 1 / float64(k)
		}
	}
	x = make([]float64, d)
	sig := make([]float64, s.sigLen())
	for range uniqueIter {
		c.point(s, mu, x)
		value(s, s.tens, &s.work, x, sig, pr.f)
		step := 0.0
		for q, k := range s.size {
			scale := float64(n/k) / inflation
			for r := 1; r < k; r++ {
				i := s.off[q] + r - 1
				v := 0.0
				for e, w := range pr.y[i*d : (i+1)*d] {
					v += w * pr.f[e]
				}
				v *= scale
				mu[i] -= v
				step = max(step, math.Abs(v))
			}
		}
		if step <= uniqueTol {
			break
		}
	}
	c.point(s, mu, x)
	s.newton(x)
	return x, true, 2
}

// centreMapsInto reports whether T maps the cell's centre into the
// inflated cell, a necessary condition of mapsInto that costs one pass
// over the values: F at the centre is their mean (F is affine in each
// group), and the centre's coordinates in the inflated cell are 1/k.
func (s *System) centreMapsInto(c *cell) bool {
	d, pr := s.dim, s.pre
	n := len(c.vals) / d
	f := pr.f
	clear(f)
	for h := range n {
		for e, v := range c.vals[h*d : (h+1)*d] {
			f[e] += v
		}
	}
	for q, k := range s.size {
		scale := float64(n/k) / inflation / float64(n)
		sum := 0.0
		for r := 1; r < k; r++ {
			i := s.off[q] + r - 1
			v := 0.0
			for e, w := range pr.y[i*d : (i+1)*d] {
				v += w * f[e]
			}
			t := 1/float64(k) - v*scale
			if !(t > insidePad) {
				return false
			}
			sum += t
		}
		if !(1-sum > insidePad) {
			return false
		}
	}
	return true
}

// inflate returns the cell scaled by inflation about its centre (in
// scratch storage), with its values: a root on the cell's boundary, or
// on the domain's, lies inside the larger cell, and a cell in which the
// larger one has exactly one root has at most that one. In the cell's
// barycentric coordinates the new vertex r is (1−α)/k + α·e_r, so the
// values at the new vertices are α times the old plus 1−α times their
// mean over the group.
func (s *System) inflate(c *cell) *cell {
	pr := s.pre
	if pr.big == nil {
		pr.big = &cell{vert: make([][]float64, len(c.vert)), vals: make([]float64, len(c.vals))}
		for q, v := range c.vert {
			pr.big.vert[q] = make([]float64, len(v))
		}
	}
	b, a := pr.big, inflation
	copy(b.vals, c.vals)
	stride := s.dim
	for q, k := range s.size {
		v, bv := c.vert[q], b.vert[q]
		for i := range k {
			m := 0.0
			for r := range k {
				m += v[r*k+i]
			}
			m /= float64(k)
			for r := range k {
				bv[r*k+i] = a*v[r*k+i] + (1-a)*m
			}
		}
		block := stride * k
		for h := 0; h < len(b.vals); h += block {
			for l := range stride {
				m := 0.0
				for r := range k {
					m += b.vals[h+r*stride+l]
				}
				m /= float64(k)
				for r := range k {
					i := h + r*stride + l
					b.vals[i] = a*b.vals[i] + (1-a)*m
				}
			}
		}
		stride *= k
	}
	b.depth = c.depth
	return b
}

// point writes the unknowns x of the point with cell coordinates mu.
func (c *cell) point(s *System, mu, x []float64) {
	for q, k := range s.size {
		v := c.vert[q]
		for i := 1; i < k; i++ {
			l0 := 1.0
			sum := 0.0
			for r := 1; r < k; r++ {
				l := mu[s.off[q]+r-1]
				l0 -= l
				sum += l * v[r*k+i]
			}
			x[s.off[q]+i-1] = sum + l0*v[i]
		}
	}
}

// scaledY returns row i of the inverse Jacobian in the coordinates μ of
// the inflated cell (y's row scaled by the n/k of its group and divided
// by inflation) into out.
func (s *System) scaledY(i int, n int, out []float64) {
	d := s.dim
	q := 0
	for q+1 < len(s.groups) && s.off[q+1] <= i {
		q++
	}
	scale := float64(n/s.size[q]) / inflation
	for e, w := range s.pre.y[i*d : (i+1)*d] {
		out[e] = w * scale
	}
}

// mapsInto reports whether T's values at the vertex combinations lie in
// the cell, with a margin.
func (s *System) mapsInto(c *cell) bool {
	d := s.dim
	n := len(c.vals) / d
	y := make([]float64, d*d)
	for i := range d {
		s.scaledY(i, n, y[i*d:(i+1)*d])
	}
	t := s.pre.mu
	for h := range n {
		vh := c.vals[h*d : (h+1)*d]
		rest := h
		for q, k := range s.size {
			vq := rest % k
			rest /= k
			sum := 0.0
			for r := 1; r < k; r++ {
				i := s.off[q] + r - 1
				v := 0.0
				if r == vq {
					v = 1
				}
				for e, w := range y[i*d : (i+1)*d] {
					v -= w * vh[e]
				}
				if !(v > insidePad) {
					return false
				}
				t[i] = v
				sum += v
			}
			if !(1-sum > insidePad) {
				return false
			}
		}
	}
	return true
}

// contracts reports whether the rows of |I − Y·J| over the cell sum to at
// most contraction.
func (s *System) contracts(c *cell) bool {
	d, pr := s.dim, s.pre
	n := len(c.vals) / d
	y := make([]float64, d*d)
	for i := range d {
		s.scaledY(i, n, y[i*d:(i+1)*d])
	}
	jac := pr.jac
	clear(pr.dt)
	for h := range n {
		rest := h
		stride := 1
		for q, k := range s.size {
			vq := rest % k
			rest /= k
			base := h - vq*stride
			v0 := c.vals[base*d : (base+1)*d]
			for r := 1; r < k; r++ {
				col := s.off[q] + r - 1
				vr := c.vals[(base+r*stride)*d : (base+r*stride+1)*d]
				for e := range d {
					jac[e*d+col] = vr[e] - v0[e]
				}
			}
			stride *= k
		}
		for i := range d {
			yi := y[i*d : (i+1)*d]
			for j := range d {
				v := 0.0
				for e, w := range yi {
					v += w * jac[e*d+j]
				}
				if i == j {
					v = 1 - v
				} else {
					v = -v
				}
				pr.dt[i*d+j] = max(pr.dt[i*d+j], math.Abs(v))
			}
		}
	}
	for i := range d {
		sum := 0.0
		for _, v := range pr.dt[i*d : (i+1)*d] {
			sum += v
		}
		if !(sum <= contraction) {
			return false
		}
	}
	return true
}

// vertexProduct writes into out the tensor t with dimension q
// transformed by the vertex matrix v (size k×k: row r is vertex r):
// out[.., r, ..] = Σ_s v[r][s] t[.., s, ..].
func vertexProduct(t []float64, dims []int, q int, v, out []float64) {
	low := 1
	for _, d := range dims[:q] {
		low *= d
	}
	k := dims[q]
	high := len(t) / (low * k)
	if low == 1 {
		for h := range high {
			src := t[h*k : (h+1)*k]
			for r := range k {
				sum := 0.0
				for sIdx, w := range v[r*k : (r+1)*k] {
					sum += w * src[sIdx]
				}
				out[h*k+r] = sum
			}
		}
		return
	}
	for h := range high {
		for r := range k {
			dst := out[(h*k+r)*low : (h*k+r+1)*low]
			clear(dst)
			for sIdx, w := range v[r*k : (r+1)*k] {
				if w == 0 {
					continue
				}
				src := t[(h*k+sIdx)*low:]
				for l := range dst {
					dst[l] += w * src[l]
				}
			}
		}
	}
}

// split bisects the longest edge of the cell's largest simplex.
func (s *System) split(c *cell) (*cell, *cell) {
	bq, ba, bb, best := 0, 0, 1, -1.0
	for q, k := range s.size {
		v := c.vert[q]
		for a := range k {
			for b := a + 1; b < k; b++ {
				d := 0.0
				for i := range k {
					d = math.Max(d, math.Abs(v[a*k+i]-v[b*k+i]))
				}
				if d > best {
					bq, ba, bb, best = q, a, b, d
				}
			}
		}
	}
	left := s.newCell(c)
	left.child(s, c, bq, bb, ba)
	c.halve(s, bq, ba, bb) // the other half in place
	return left, c
}

// child makes c the half of parent whose group q's vertex r is replaced
// by the midpoint of vertices r and o, values included.
func (c *cell) child(s *System, parent *cell, q, r, o int) {
	for g, v := range parent.vert {
		copy(c.vert[g], v)
	}
	copy(c.vals, parent.vals)
	for i, t := range parent.devs {
		copy(c.devs[i], t)
	}
	c.depth = parent.depth
	c.halve(s, q, r, o)
}

// halve makes c its half whose group q's vertex r is replaced by the
// midpoint of vertices r and o, values included.
func (c *cell) halve(s *System, q, r, o int) {
	c.depth++
	k := s.size[q]
	v := c.vert[q]
	for i := range k {
		v[r*k+i] = (v[r*k+i] + v[o*k+i]) / 2
	}
	stride := s.dim
	for g := range q {
		stride *= s.size[g]
	}
	midSlice(c.vals, stride, k, r, o)
	for i, dv := range s.devs {
		t := c.devs[i]
		stride := dv.dims[0]
		for j, g := range dv.grp {
			if g == q {
				midSlice(t, stride, k, r, o)
				break
			}
			stride *= dv.dims[j+1]
		}
	}
}

// midSlice replaces, in a tensor whose dimension of size k has the
// given stride, the slice at index r by the mean of the slices r and o.
func midSlice(t []float64, stride, k, r, o int) {
	block := stride * k
	for h := 0; h < len(t); h += block {
		dst := t[h+r*stride : h+(r+1)*stride]
		src := t[h+o*stride : h+(o+1)*stride]
		for l := range dst {
			dst[l] = (dst[l] + src[l]) / 2
		}
	}
}
