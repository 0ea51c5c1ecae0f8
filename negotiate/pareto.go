package negotiate

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
)

// DefaultEps is the default tolerance of the bargaining solutions: every
// frontier point whose objective is within DefaultEps of the optimum is
// returned (NegMAS's eps).
const DefaultEps = 1e-12

// Point is a point of the utility space together with the outcomes (ids)
// that realise it, within the tie tolerance. Outcomes[0] is the
// representative (the lowest id).
type Point struct {
	U        []float64 `json:"utilities"`
	Outcomes []int64   `json:"outcomes"`
}

// ParetoOptions select a frontier convention.
type ParetoOptions struct {
	// Rational drops outcomes below any party's reservation value before
	// the frontier is computed (NegMAS); GENIUS keeps every outcome.
	Rational bool
	// Tol is the tie tolerance. Two utility vectors within Tol in every
	// coordinate are the same point; a point is dominated if another is at
	// least as good within Tol everywhere and better by more than Tol
	// somewhere. The default 0 compares doubles exactly, as NegMAS and
	// GENIUS do (so a vector better by 1e-16 in one coordinate is a
	// frontier point of its own).
	Tol float64
}

func (o ParetoOptions) tol() float64 {
	if o.Tol > 0 {
		return o.Tol
	}
	return 0
}

// Pareto computes the exact Pareto frontier of the enumerated space s
// (all its parties), sorted by welfare (sum of utilities), highest first.
// Two parties: O(N) bucket prefilter plus an O(M log M) sweep over the M
// survivors. More parties: exact, by a welfare-ordered dominance filter.
func Pareto(ctx context.Context, s *Space, opt ParetoOptions) ([]Point, error) {
	if len(s.U) == 0 {
		return nil, errors.New("no parties")
	}
	tol := opt.tol()
	var rv []float64
	if opt.Rational {
		rv = s.Reservations()
	}
	rational := func(id int) bool {
		for p, r := range rv {
			if s.U[p][id] < r {
				return false
			}
		}
		return true
	}
	var pts []Point
	var err error
	if len(s.U) == 1 {
		pts = pareto1(s.U[0], rational, tol)
	} else if len(s.U) == 2 {
		pts, err = pareto2(ctx, s.U[0], s.U[1], rational, tol)
	} else if len(s.U) == 3 && tol == 0 {
		pts, err = pareto3(ctx, s.U, rational)
	} else {
		pts, err = paretoN(ctx, s.U, rational, tol)
	}
	if err != nil {
		return nil, err
	}
	if s.IDs != nil {
		for i := range pts {
			for k, o := range pts[i].Outcomes {
				pts[i].Outcomes[k] = s.IDs[o]
			}
		}
	}
	sortByWelfare(pts)
	return pts, nil
}

func pareto1(u []float64, ok func(int) bool, tol float64) []Point {
	best := math.Inf(-1)
	for id, v := range u {
		if ok(id) && v > best {
			best = v
		}
	}
	var p Point
	for id, v := range u {
		if ok(id) && v >= best-tol {
			p.Outcomes = append(p.Outcomes, int64(id))
		}
	}
	if len(p.Outcomes) == 0 {
		return nil
	}
	p.U = []float64{u[p.Outcomes[0]]}
	return []Point{p}
}

func sortByWelfare(pts []Point) {
	w := func(p Point) float64 {
		s := 0.0
		for _, v := range p.U {
			s += v
		}
		return s
	}
	slices.SortStableFunc(pts, func(a, b Point) int {
		if c := cmp.Compare(w(b), w(a)); c != 0 {
			return c
		}
		return cmp.Compare(a.Outcomes[0], b.Outcomes[0])
	})
}

// pareto2 is the two-party frontier.
func pareto2(ctx context.Context, u1, u2 []float64, ok func(int) bool, tol float64) ([]Point, error) {
	n := len(u1)
	// Bucket prefilter: bucket b holds u1 in [lo + b·w, lo + (b+1)·w). A
	// point is strictly dominated if a point in a higher bucket (hence with
	// a larger u1) has u2 larger by more than tol.
	lo, hi := math.Inf(1), math.Inf(-1)
	for id := 0; id < n; id++ {
		if !ok(id) {
			continue
		}
		if u1[id] < lo {
			lo = u1[id]
		}
		if u1[id] > hi {
			hi = u1[id]
		}
	}
	if lo > hi {
		return nil, nil
	}
	nb := 1
	for nb < n/16 && nb < 1<<16 {
		nb <<= 1
	}
	width := (hi - lo) / float64(nb)
	bucket := func(x float64) int {
		if width <= 0 {
			return 0
		}
		b := int((x - lo) / width)
		if b >= nb {
			b = nb - 1
		}
		if b < 0 {
			b = 0
		}
		return b
	}
	bmax := make([]float64, nb+1)
	for i := range bmax {
		bmax[i] = math.Inf(-1)
	}
	for id := 0; id < n; id++ {
		if id&0xfffff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !ok(id) {
			continue
		}
		b := bucket(u1[id])
		if u2[id] > bmax[b] {
			bmax[b] = u2[id]
		}
	}
	// suffix[b] = max u2 over buckets > b, using only buckets whose every
	// point has u1 strictly above bucket b's (boundaries are exclusive
	// because bucket() floors).
	suffix := make([]float64, nb+1)
	suffix[nb] = math.Inf(-1)
	for b := nb - 1; b >= 0; b-- {
		suffix[b] = math.Max(suffix[b+1], bmax[b+1])
	}
	cand := make([]int32, 0, 1024)
	for id := 0; id < n; id++ {
		if !ok(id) {
			continue
		}
		b := bucket(u1[id])
		if u2[id] < suffix[b]-tol {
			continue
		}
		cand = append(cand, int32(id))
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	slices.SortFunc(cand, func(a, b int32) int {
		if c := cmp.Compare(u1[b], u1[a]); c != 0 {
			return c
		}
		if c := cmp.Compare(u2[b], u2[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var pts []Point
	maxU2 := math.Inf(-1)
	for _, c := range cand {
		id := int(c)
		x, y := u1[id], u2[id]
		if len(pts) > 0 {
			last := &pts[len(pts)-1]
			if math.Abs(x-last.U[0]) <= tol && math.Abs(y-last.U[1]) <= tol {
				last.Outcomes = append(last.Outcomes, int64(id))
				continue
			}
		}
		if y > maxU2+tol {
			// earlier points whose u1 is within tol of this one are
			// dominated by it (it is better by more than tol in u2)
			for len(pts) > 0 && pts[len(pts)-1].U[0]-x <= tol {
				pts = pts[:len(pts)-1]
			}
			pts = append(pts, Point{U: []float64{x, y}, Outcomes: []int64{int64(id)}})
			maxU2 = y
		}
	}
	for i := range pts {
		slices.Sort(pts[i].Outcomes)
		pts[i].U = []float64{u1[pts[i].Outcomes[0]], u2[pts[i].Outcomes[0]]}
	}
	return pts, nil
}

// dominates reports whether a dominates b within tolerance.
func dominates(a, b []float64, tol float64) bool {
	better := false
	for i := range a {
		if a[i] < b[i]-tol {
			return false
		}
		if a[i] > b[i]+tol {
			better = true
		}
	}
	return better
}

func tied(a, b []float64, tol float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

// paretoN is the exact frontier for any number of parties: candidates in
// decreasing welfare order are checked against the frontier found so far
// (a point can only be dominated by points of larger welfare, up to the
// tolerance).
func paretoN(ctx context.Context, u [][]float64, ok func(int) bool, tol float64) ([]Point, error) {
	np := len(u)
	n := len(u[0])
	w := make([]float64, n)
	ids := make([]int32, 0, n)
	for id := 0; id < n; id++ {
		if !ok(id) {
			continue
		}
		s := 0.0
		for p := 0; p < np; p++ {
			s += u[p][id]
		}
		w[id] = s
		ids = append(ids, int32(id))
	}
	slices.SortFunc(ids, func(a, b int32) int {
		if c := cmp.Compare(w[b], w[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var front []Point
	vec := make([]float64, np)
	lastDom := -1
	slack := tol * float64(np)
	for k, c := range ids {
		if k&0xffff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		id := int(c)
		for p := 0; p < np; p++ {
			vec[p] = u[p][id]
		}
		if lastDom >= 0 && dominates(front[lastDom].U, vec, tol) {
			continue
		}
		dom := false
		tie := -1
		for j := range front {
			f := front[j].U
			if tie < 0 && tied(f, vec, tol) {
				tie = j
				continue
			}
			if dominates(f, vec, tol) {
				dom, lastDom = true, j
				break
			}
		}
		if dom {
			continue
		}
		if tie >= 0 {
			front[tie].Outcomes = append(front[tie].Outcomes, int64(id))
			continue
		}
		// points of larger welfare the new point dominates (possible only
		// within the tolerance slack) leave the frontier
		keep := front[:0]
		for _, f := range front {
			if w[f.Outcomes[0]] <= w[id]+slack && dominates(vec, f.U, tol) {
				continue
			}
			keep = append(keep, f)
		}
		front = keep
		lastDom = -1
		front = append(front, Point{U: append([]float64(nil), vec...), Outcomes: []int64{int64(id)}})
	}
	for i := range front {
		slices.Sort(front[i].Outcomes)
		id := front[i].Outcomes[0]
		for p := 0; p < np; p++ {
			front[i].U[p] = u[p][id]
		}
	}
	return front, nil
}

// stair is an entry of the 2-D staircase used by pareto3: a (u2, u3)
// Pareto set of the points seen so far, sorted by u2 ascending (u3
// descending), with the u1 of the frontier point it came from.
type stair struct {
	u2, u3, u1 float64
	front      int
}

// pareto3 is the exact three-party frontier (exact comparisons). Points
// are bucketed by u1 (counting sort) and buckets are processed from the
// highest u1 down against a staircase holding the (u2, u3) Pareto set of
// the points already processed: a point of a lower bucket that the
// staircase dominates in (u2, u3) is dominated outright (its u1 is
// smaller), so only survivors are sorted, bucket by bucket.
func pareto3(ctx context.Context, u [][]float64, ok func(int) bool) ([]Point, error) {
	u1, u2, u3 := u[0], u[1], u[2]
	n := len(u1)
	lo, hi := math.Inf(1), math.Inf(-1)
	m := 0
	for id := 0; id < n; id++ {
		if ok(id) {
			lo, hi = math.Min(lo, u1[id]), math.Max(hi, u1[id])
			m++
		}
	}
	if m == 0 {
		return nil, nil
	}
	nb := 1
	for nb < m/8 && nb < 1<<16 {
		nb <<= 1
	}
	width := (hi - lo) / float64(nb)
	bucket := func(x float64) int {
		if width <= 0 {
			return 0
		}
		b := int((x - lo) / width)
		return max(0, min(nb-1, b))
	}
	start := make([]int32, nb+1)
	for id := 0; id < n; id++ {
		if ok(id) {
			start[bucket(u1[id])+1]++
		}
	}
	for b := 0; b < nb; b++ {
		start[b+1] += start[b]
	}
	ids := make([]int32, m)
	fill := slices.Clone(start[:nb])
	for id := 0; id < n; id++ {
		if ok(id) {
			b := bucket(u1[id])
			ids[fill[b]] = int32(id)
			fill[b]++
		}
	}
	var front []Point
	var st []stair
	query := func(y, z float64) int {
		j, _ := slices.BinarySearchFunc(st, y, func(e stair, t float64) int { return cmp.Compare(e.u2, t) })
		return j
	}
	var cand []int32
	for b := nb - 1; b >= 0; b-- {
		if b&0xfff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		cand = cand[:0]
		for _, c := range ids[start[b]:start[b+1]] {
			if j := query(u2[c], u3[c]); j < len(st) && st[j].u3 >= u3[c] {
				continue // dominated by a point of a higher bucket
			}
			cand = append(cand, c)
		}
		slices.SortFunc(cand, func(a, c int32) int {
			if x := cmp.Compare(u1[c], u1[a]); x != 0 {
				return x
			}
			if x := cmp.Compare(u2[c], u2[a]); x != 0 {
				return x
			}
			if x := cmp.Compare(u3[c], u3[a]); x != 0 {
				return x
			}
			return cmp.Compare(a, c)
		})
		for _, c := range cand {
			id := int(c)
			x, y, z := u1[id], u2[id], u3[id]
			j := query(y, z)
			if j < len(st) && st[j].u3 >= z {
				e := st[j]
				if e.u2 == y && e.u3 == z && e.u1 == x {
					front[e.front].Outcomes = append(front[e.front].Outcomes, int64(id))
				}
				continue
			}
			front = append(front, Point{U: []float64{x, y, z}, Outcomes: []int64{int64(id)}})
			// drop entries dominated in (u2, u3): u2 <= y and u3 <= z, a
			// contiguous run ending at j
			lo, hi := j, j
			if hi < len(st) && st[hi].u2 == y {
				hi++ // same u2, smaller u3
			}
			for lo > 0 && st[lo-1].u3 <= z {
				lo--
			}
			st = slices.Replace(st, lo, hi, stair{u2: y, u3: z, u1: x, front: len(front) - 1})
		}
	}
	for i := range front {
		slices.Sort(front[i].Outcomes)
	}
	return front, nil
}
