package enumpoly

import "math"

// This file holds the test that skips supports whose indifference
// equations cannot vanish in the product of simplices. Each equation is
// affine in each group's probabilities, so over a product of simplices
// its range is spanned by its values at the combinations of vertices:
// the range is computed exactly. A product of simplices is excluded if
// some equation's range does not contain 0; otherwise the largest simplex
// is bisected along its longest edge, and so on, up to a number of
// cells.

// epCellBox is a product of simplices: vert[q] holds the size[q] vertices
// of group q's simplex, each a probability vector over q's support
// (row-major, vertex by vertex).
type epCellBox struct {
	vert [][]float64
}

// epExcludeCells bounds the cells examined per support, per path of the
// homotopy they may save and in all.
const (
	epExcludeCells    = 512
	epExcludeMaxCells = 8192
	epCellsPerPath    = 32
	epExcludePad      = 1e-12 // relative margin against rounding
)

// mayHaveRoot reports whether the system may have a solution in the
// interior of the product of simplices (false: certainly none), examining
// at most maxCells cells.
func (s *epSystem) mayHaveRoot(maxCells int, charge func(int) error) (bool, error) {
	n := 0
	for _, dv := range s.devs {
		n = max(n, len(dv.t))
	}
	s.devWork = [2][]float64{make([]float64, n), make([]float64, n)}
	root := epCellBox{vert: make([][]float64, len(s.groups))}
	for q, k := range s.size {
		if s.root != nil {
			root.vert[q] = append([]float64(nil), s.root[q]...)
			continue
		}
		v := make([]float64, k*k)
		for i := range k {
			v[i*k+i] = 1
		}
		root.vert[q] = v
	}
	queue := []epCellBox{root} // breadth first: refine everywhere alike
	for cells := 0; len(queue) > 0; cells++ {
		if cells >= maxCells {
			return true, nil
		}
		c := queue[0]
		queue = queue[1:]
		if err := charge(len(s.work[0]) * len(s.groups) * len(s.groups)); err != nil {
			return false, err
		}
		if s.excluded(c) {
			continue
		}
		a, b := c.split(s)
		queue = append(queue, a, b)
	}
	return false, nil
}

// excluded reports whether some equation keeps one sign over the cell,
// or some strategy outside the support does better than the support
// throughout it.
func (s *epSystem) excluded(c epCellBox) bool {
	return s.equationExcluded(c) || s.deviationExcluded(c)
}

// deviationExcluded reports whether some player gains by leaving its
// support everywhere in the cell.
func (s *epSystem) deviationExcluded(c epCellBox) bool {
	for _, dv := range s.devs {
		cur := dv.t
		next := 0
		for i, q := range dv.grp {
			dst := s.devWork[next][:len(cur)]
			epVertexProduct(cur, dv.dims, i+1, c.vert[q], dst)
			cur = dst
			next ^= 1
		}
		k := dv.dims[0]
		for a := 1; a < k; a++ {
			lo := math.Inf(1)
			for i := a; i < len(cur); i += k {
				lo = math.Min(lo, cur[i]-cur[i-a])
			}
			if lo > epExcludePad*(1+math.Abs(lo)) {
				return true
			}
		}
	}
	return false
}

// equationExcluded reports whether some equation keeps one sign over the
// cell.
func (s *epSystem) equationExcluded(c epCellBox) bool {
	dims := append(s.dims[:0], s.size...)
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
			epVertexProduct(cur, dims, q, c.vert[q], dst)
			cur = dst
			next ^= 1
		}
		k := s.size[p]
		stride := 1
		for q := range p {
			stride *= s.size[q]
		}
		// cur[...] over p's strategy (at stride) and vertex combinations:
		// block h holds strategy j's values at h·stride·k + j·stride.
		block := stride * k
		for j := 1; j < k; j++ {
			lo, hi := math.Inf(1), math.Inf(-1)
			for h := 0; h < len(cur); h += block {
				first, js := cur[h:h+stride], cur[h+j*stride:h+(j+1)*stride]
				for l, v := range js {
					v -= first[l]
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
			if lo > 0 || hi < 0 {
				return true
			}
		}
	}
	return false
}

// epVertexProduct writes into out the tensor t with dimension q
// transformed by the vertex matrix v (size k×k: row r is vertex r):
// out[.., r, ..] = Σ_s v[r][s] t[.., s, ..].
func epVertexProduct(t []float64, dims []int, q int, v, out []float64) {
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
func (c epCellBox) split(s *epSystem) (epCellBox, epCellBox) {
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
	k := s.size[bq]
	mid := make([]float64, k)
	v := c.vert[bq]
	for i := range k {
		mid[i] = (v[ba*k+i] + v[bb*k+i]) / 2
	}
	left, right := c.with(bq), c.with(bq)
	copy(left.vert[bq][bb*k:(bb+1)*k], mid)
	copy(right.vert[bq][ba*k:(ba+1)*k], mid)
	return left, right
}

// with returns a cell whose group q's vertices are a copy of c's, the
// other groups' shared with c: cells are not changed once queued, so only
// the simplex being split needs new storage.
func (c epCellBox) with(q int) epCellBox {
	out := epCellBox{vert: append([][]float64(nil), c.vert...)}
	out.vert[q] = append([]float64(nil), c.vert[q]...)
	return out
}
