package simpdiv

import (
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/solve/internal/float"
)

// This file holds the path of simplicial subdivision on one grid, after
// van der Laan, Talman and van der Heyden (1987) in the formulation of
// gambit-simpdiv (whose labelling and pivoting rules it follows step by
// step, so that both visit the same grid points). Grid points are integer
// vectors over the grid denominator D: one grid step is 1.
//
// The state is a simplex given by its base point v (the restart point), a
// permutation pi of moves (player, strategy) and the offsets ab; T marks
// the strategies whose moves are in pi, U those whose coordinate has been
// pushed to the boundary. labels holds the labels of the simplex's
// vertices, the one at position ibar being replaced at each step.

// sdMove is a (player, strategy) pair: a label or a move of the path.
type sdMove struct{ player, strategy int }

// sdStep names the steps of the algorithm.
type sdStep int

const (
	sdLabelStep sdStep = iota // label the new vertex (step 1)
	sdAddStep                 // add a move to the permutation (step 2)
	sdPivotStep               // replace a vertex (step 3)
	sdDropStep                // remove a move from the permutation (step 4)
	sdShiftStep               // shift the base along a player's boundary (step 5)
	sdDone
)

// sdRun is the path on one grid.
type sdRun struct {
	g       *sdGame
	meter   *float.Meter
	den     int64
	leash   int64
	maxIter int

	v, y, besty []int64
	vals        []sdI128
	valsBig     []*big.Int
	wide        bool     // big.Int arithmetic
	best        *big.Int // smallest regret numerator so far
	cur         *big.Int
	inT, inU    []bool
	ab          []int64
	labels, pi  []sdMove // 1-based positions
	t, ibar     int

	// Registers shared by the steps.
	i, j, h, kk int
}

// newSDRun prepares the path from the grid point v.
func newSDRun(g *sdGame, v []int64, den, leash int64, maxIter int, meter *float.Meter) *sdRun {
	m := g.m
	r := &sdRun{
		g: g, meter: meter, den: den, leash: leash, maxIter: maxIter,
		v: append([]int64(nil), v...), y: append([]int64(nil), v...), besty: append([]int64(nil), v...),
		vals: make([]sdI128, m), inT: make([]bool, m), inU: make([]bool, m), ab: make([]int64, m),
		labels: make([]sdMove, m+3), pi: make([]sdMove, m+3), ibar: 1,
		wide: g.wide(den), cur: new(big.Int),
	}
	if r.wide {
		r.valsBig = make([]*big.Int, m)
	}
	for i, x := range v {
		r.inU[i] = x == 0
	}
	for i := range r.labels {
		r.labels[i] = sdMove{-1, -1}
		r.pi[i] = sdMove{-1, -1}
	}
	return r
}

// at returns the flat index of a player's strategy.
func (r *sdRun) at(p, s int) int { return r.g.off[p] + s }

// simplex follows the path until a completely labelled simplex and
// returns the smallest regret met (numerator over D^n); besty is its
// grid point.
func (r *sdRun) simplex() (*big.Int, error) {
	step := sdLabelStep
	for iter := 0; step != sdDone; {
		var err error
		if step == sdLabelStep {
			if iter++; iter > r.maxIter {
				return nil, fmt.Errorf("no completely labelled simplex after %d points on grid 1/%d", r.maxIter, r.den)
			}
			if err := r.meter.Charge(r.g.ops); err != nil {
				return nil, err
			}
			r.g.ops = 0
		}
		switch step {
		case sdLabelStep:
			step, err = r.labelStep()
		case sdAddStep:
			step = r.addStep()
		case sdPivotStep:
			step, err = r.pivotStep()
		case sdDropStep:
			step, err = r.dropStep()
		case sdShiftStep:
			step = r.shiftStep()
		}
		if err != nil {
			return nil, err
		}
	}
	return r.best, nil
}

// labelStep labels the current point y and decides how the path goes on.
func (r *sdRun) labelStep() (sdStep, error) {
	for _, x := range r.y {
		if x < 0 {
			return sdDone, fmt.Errorf("internal error: grid point left the simplex")
		}
	}
	r.j, r.h = r.label()
	if r.best == nil || r.cur.Cmp(r.best) < 0 {
		r.best = new(big.Int).Set(r.cur)
		copy(r.besty, r.y)
	}
	r.labels[r.ibar] = sdMove{r.j, r.h}
	at := r.at(r.j, r.h)
	switch {
	case !r.inT[at] && !r.inU[at]:
		if r.fixed(r.j) == r.g.k[r.j]-1 {
			return sdDone, nil
		}
		r.i = r.t + 1
		return sdAddStep, nil
	case r.inT[at]:
		i, err := r.findLabel(sdMove{r.j, r.h}, r.ibar)
		r.i = i
		return sdPivotStep, err
	default: // inU
		k := r.h
		for r.inU[r.at(r.j, k)] {
			k = (k + 1) % r.g.k[r.j]
		}
		r.i = r.t + 1
		if r.inT[r.at(r.j, k)] {
			r.i = 1
			for r.i <= r.t && r.pi[r.i] != (sdMove{r.j, k}) {
				r.i++
			}
		}
		return sdAddStep, nil
	}
}

// label labels y, leaving the regret numerator in r.cur.
func (r *sdRun) label() (player, strategy int) {
	if r.wide {
		player, strategy, regret := r.g.labelBig(r.y, r.valsBig)
		r.cur.Set(regret)
		return player, strategy
	}
	l := r.g.label(r.y, r.vals)
	r.cur = l.regret.bigInto(r.cur)
	return l.player, l.strategy
}

// fixed counts player p's strategies in T or U.
func (r *sdRun) fixed(p int) int {
	n := 0
	for s := range r.g.k[p] {
		if a := r.at(p, s); r.inT[a] || r.inU[a] {
			n++
		}
	}
	return n
}

// findLabel returns the first position of label l, skipping position
// skip.
func (r *sdRun) findLabel(l sdMove, skip int) (int, error) {
	for i := 1; i < len(r.labels); i++ {
		if i != skip && r.labels[i] == l {
			return i, nil
		}
	}
	return 0, fmt.Errorf("internal error: label (%d,%d) not found", l.player+1, l.strategy+1)
}

// addStep inserts the move (j, h) at position i of the permutation.
func (r *sdRun) addStep() sdStep {
	r.vertex(r.i)
	sdRotateDown(r.pi, r.i, r.t+1)
	r.pi[r.i] = sdMove{r.j, r.h}
	sdRotateDown(r.labels, r.i+1, r.t+2)
	r.ibar = r.i + 1
	r.t++
	r.move(r.i)
	a := r.at(r.j, r.h)
	r.inT[a], r.inU[a] = true, false
	return sdLabelStep
}

// pivotStep replaces the vertex at position i.
func (r *sdRun) pivotStep() (sdStep, error) {
	t := r.t
	ii := r.i
	if r.i == t+1 {
		ii = t
	}
	r.j, r.h = r.pi[ii].player, r.pi[ii].strategy
	k := r.h
	if r.i < t+1 {
		k = r.before(r.j, r.h)
	}
	r.kk = r.after(r.j, r.h)
	switch r.i {
	case 1:
		ii = t + 1
	case t + 1:
		ii = 1
	default:
		ii = r.i - 1
	}
	r.vertex(ii)
	switch {
	case r.i == 1 && r.blocked(r.j, k):
		if r.fixed(r.j) == r.g.k[r.j]-1 {
			r.inU[r.at(r.j, k)] = true
			return sdDone, nil
		}
		r.update(r.j, r.i)
		r.inU[r.at(r.j, k)] = true
		r.move(r.t)
		return sdLabelStep, nil
	case r.i >= 2 && r.i <= t && r.blocked(r.j, k):
		return sdDropStep, nil
	case r.i == t+1 && r.ab[r.at(r.j, r.kk)] == 0:
		return r.boundaryStep(), nil
	}
	switch {
	case r.i == 1:
		r.move(1)
	case r.i <= t:
		r.move(r.i)
	default:
		r.j, r.h = r.pi[t].player, r.pi[t].strategy
		hh := r.before(r.j, r.h)
		r.y[r.at(r.j, r.h)]--
		r.y[r.at(r.j, hh)]++
	}
	r.update(r.j, r.i)
	return sdLabelStep, nil
}

// boundaryStep handles a pivot at the last position whose offset is zero:
// the path either drops a move or shifts the base.
func (r *sdRun) boundaryStep() sdStep {
	if r.blocked(r.j, r.h) {
		return sdDropStep
	}
	n := r.g.k[r.j]
	for done := false; r.ab[r.at(r.j, r.kk)] == 0 && !done; {
		done = r.kk == r.h
		r.kk = (r.kk + 1) % n
	}
	r.kk = (r.kk - 1 + n) % n
	if r.kk == r.h {
		return sdDropStep
	}
	return sdShiftStep
}

// blocked reports whether strategy s of player p has left the simplex or
// strayed beyond the leash at the current point.
func (r *sdRun) blocked(p, s int) bool {
	a := r.at(p, s)
	return r.y[a] <= 0 || (r.leash > 0 && r.v[a]-r.y[a] >= r.leash)
}

// dropStep removes the move before position i from the permutation.
func (r *sdRun) dropStep() (sdStep, error) {
	r.vertex(1)
	mv := r.pi[r.i-1]
	r.j, r.h = mv.player, mv.strategy
	a := r.at(r.j, r.h)
	r.inT[a] = false
	if r.blocked(r.j, r.h) {
		r.inU[a] = true
	}
	sdRotateUp(r.labels, r.i, r.t+1)
	sdRotateUp(r.pi, r.i-1, r.t)
	r.t--
	i, err := r.findLabel(mv, -1)
	r.i = i
	return sdPivotStep, err
}

// shiftStep moves the base point along player j's boundary.
func (r *sdRun) shiftStep() sdStep {
	k := r.kk
	sdRotateDown(r.labels, 1, r.t+1)
	r.ibar = 1
	sdRotateDown(r.pi, 1, r.t)
	r.inU[r.at(r.j, k)] = false
	first := r.pi[1]
	b := r.before(first.player, first.strategy)
	r.y[r.at(first.player, first.strategy)]--
	r.y[r.at(first.player, b)]++
	r.addOffsets(r.j, r.h, -1)
	return sdLabelStep
}

// addOffsets adds delta to the offsets of player p's strategies from the
// one after h (skipping U) round to h itself.
func (r *sdRun) addOffsets(p, h int, delta int64) {
	n := r.g.k[p]
	for k := r.after(p, h); ; k = (k + 1) % n {
		r.ab[r.at(p, k)] += delta
		if k == h {
			return
		}
	}
}

// update rotates the simplex after a pivot at position i by player j.
func (r *sdRun) update(j, i int) {
	t := r.t
	switch {
	case i >= 2 && i <= t:
		r.pi[i], r.pi[i-1] = r.pi[i-1], r.pi[i]
		r.ibar = i
	case i == 1:
		sdRotateUp(r.labels, 1, t+1)
		r.ibar = t + 1
		if first := r.pi[1]; first.player == j {
			r.addOffsets(j, first.strategy, 1)
			sdRotateUp(r.pi, 1, t)
		}
	case i == t+1:
		sdRotateDown(r.labels, 1, t+1)
		r.ibar = 1
		if last := r.pi[t]; last.player == j {
			r.addOffsets(j, last.strategy, -1)
			sdRotateDown(r.pi, 1, t)
		}
	}
}

// vertex sets y to the k-th vertex of the current simplex: the base point
// shifted by the offsets, then by the first k−1 moves.
func (r *sdRun) vertex(k int) {
	copy(r.y, r.v)
	for p := range r.g.np {
		n := r.g.k[p]
		for s := range n {
			a := r.at(p, s)
			if r.inT[a] || r.inU[a] {
				r.y[a] += r.ab[a]
				r.y[r.at(p, (s-1+n)%n)] -= r.ab[a]
			}
		}
	}
	for i := 1; i < k; i++ {
		r.move(i)
	}
}

// move applies the i-th move of the permutation to y: one grid step from
// the strategy before it (skipping U) to it.
func (r *sdRun) move(i int) {
	mv := r.pi[i]
	r.y[r.at(mv.player, mv.strategy)]++
	r.y[r.at(mv.player, r.before(mv.player, mv.strategy))]--
}

// before returns the strategy of player p cyclically before h that is
// not in U.
func (r *sdRun) before(p, h int) int {
	n := r.g.k[p]
	s := (h - 1 + n) % n
	for r.inU[r.at(p, s)] {
		s = (s - 1 + n) % n
	}
	return s
}

// after returns the strategy following before(p, h) cyclically.
func (r *sdRun) after(p, h int) int { return (r.before(p, h) + 1) % r.g.k[p] }

// sdRotateDown moves element hi to position lo, shifting lo…hi−1 up.
func sdRotateDown(a []sdMove, lo, hi int) {
	if hi <= lo {
		return
	}
	last := a[hi]
	copy(a[lo+1:hi+1], a[lo:hi])
	a[lo] = last
}

// sdRotateUp moves element lo to position hi, shifting lo+1…hi down.
func sdRotateUp(a []sdMove, lo, hi int) {
	if hi <= lo {
		return
	}
	first := a[lo]
	copy(a[lo:hi], a[lo+1:hi+1])
	a[hi] = first
}
