package enummixed

import (
	"github.com/tablero-project/tablero/internal/tableau"
	"github.com/tablero-project/tablero/solve/internal/pivot"
)

// enumerateVertices calls visit once for every vertex of the polytope
// {z ≥ 0 : the rows of t}, given by a lexicographically feasible tableau
// t (nonnegative right-hand sides, t's lexicographic order set up for its
// starting basis). visit receives the set of variables that are zero at
// the vertex (the vertex's labels); the set is reused between calls.
// Variables for which blocked returns true (if blocked is not nil) never
// enter the basis: with blocked nonbasic slacks the walk covers a face of
// the polytope.
//
// The walk is a reverse search (Avis and Fukuda 1992, as in lrs) over the
// lexicographically feasible bases, which are the vertices of the
// polytope with its right-hand side perturbed by (ε, ε², ...): that
// polytope is simple, so every basis of every vertex of the original
// polytope is reached, and degenerate games need no special case. The
// objective is the sum of the starting basis's nonbasic variables, whose
// unique minimum is the starting basis; the parent of any other basis is
// the pivot of Bland's rule (the improving variable of least index enters,
// the lexicographic ratio test picks the leaving one), so the bases form a
// tree rooted at the start, walked depth first without remembering any
// basis: each is met once, and a child is recognised from its parent
// without pivoting (isChild). A degenerate vertex, which has several
// bases, is reported once. The walk keeps one tableau per level of its
// path (the depth is bounded by the length of a simplex path, not by the
// number of bases), so going back up costs nothing. visit receives the
// tableau of the vertex's basis, valid until it returns; t itself is left
// at the starting basis.
func enumerateVertices(t *tableau.Tableau, bud *pivot.Budget, blocked func(v int) bool, visit func(t *tableau.Tableau, zero pivot.LabelSet) error) error {
	degenerate := map[string]struct{}{}
	zero := pivot.NewLabelSet(t.NumVars())
	report := func(t *tableau.Tableau) error {
		if zeroVars(t, zero) {
			k := zero.Key()
			if _, ok := degenerate[k]; ok {
				return nil
			}
			degenerate[k] = struct{}{}
		}
		return visit(t, zero)
	}
	if err := report(t); err != nil {
		return err
	}
	w := newReverseWalk(t, blocked)
	for {
		down, ok := w.next()
		if err := bud.Step(w.tests); err != nil {
			return err
		}
		w.tests = 0
		if !ok {
			return nil
		}
		if !down {
			continue
		}
		// The pivot updates every row: charged as many steps, so that a
		// budget bounds the time on large tableaux too.
		if err := bud.Step(t.Rows()); err != nil {
			return err
		}
		if err := report(w.cur()); err != nil {
			return err
		}
	}
}

// reverseWalk is the state of a reverse search over the lexicographically
// feasible bases of a tableau (see enumerateVertices).
type reverseWalk struct {
	blocked func(v int) bool
	// tabs[d] is the tableau of the basis at depth d of the path from
	// the root, obj[d] its objective row (det times the reduced costs,
	// by column); z_obj increases with a column whose entry is negative,
	// as in Tableau.Maximize. Going back up is popping a level.
	tabs  []*tableau.Tableau
	obj   [][]tableau.Int
	stack []frame
	div   tableau.Divisor
	tests int // ratio tests since the last call of next
}

// frame is a basis on the walk's path: the next column to try.
type frame struct{ next int }

func newReverseWalk(t *tableau.Tableau, blocked func(v int) bool) *reverseWalk {
	root := make([]tableau.Int, t.Cols())
	for c := range root {
		root[c] = t.Det() // every starting nonbasic variable costs 1
	}
	return &reverseWalk{blocked: blocked, tabs: []*tableau.Tableau{t}, obj: [][]tableau.Int{root}, stack: []frame{{}}}
}

// cur returns the tableau of the current basis.
func (w *reverseWalk) cur() *tableau.Tableau { return w.tabs[len(w.stack)-1] }

// next moves the walk one step: to the next child of the current basis
// (true, true), or back to the parent (false, true), or reports the end
// of the walk (false, false).
func (w *reverseWalk) next() (down, ok bool) {
	d := len(w.stack) - 1
	t, top, obj := w.tabs[d], &w.stack[d], w.obj[d]
	for top.next < t.Cols() {
		c := top.next
		top.next++
		if r, ok := w.child(t, obj, c); ok {
			w.descend(r, c)
			return true, true
		}
	}
	w.stack = w.stack[:d]
	return false, d > 0
}

// child returns the row of the pivot on column c of t and true if that
// pivot leads to a child of t's basis.
func (w *reverseWalk) child(t *tableau.Tableau, obj []tableau.Int, c int) (int, bool) {
	// A child raises the objective: only columns with a positive
	// reduced cost can lead to one.
	if obj[c].Sign() <= 0 || w.blocked != nil && w.blocked(t.Nonbasic(c)) {
		return -1, false
	}
	w.tests++
	r := t.RatioTest(c)
	if r < 0 || !w.isChild(t, obj, r, c) {
		return -1, false
	}
	return r, true
}

// isChild reports whether the basis reached by pivoting t on (r, c) has
// t's basis as its parent: whether, after the pivot, the leaving variable
// is the improving variable of least index. After the pivot the objective
// entry of column c (the leaving variable) is −obj[c] < 0 and that of
// another column k has the sign of obj[k]·p − obj[c]·a[r][k], with
// p = a[r][c] > 0.
func (w *reverseWalk) isChild(t *tableau.Tableau, obj []tableau.Int, r, c int) bool {
	out := t.Basic(r)
	if w.blocked != nil && w.blocked(out) {
		return false
	}
	p := t.At(r, c)
	for k := range t.Cols() {
		v := t.Nonbasic(k)
		if k == c || v > out || w.blocked != nil && w.blocked(v) {
			continue
		}
		if tableau.CmpProd(obj[k], p, obj[c], t.At(r, k)) < 0 {
			return false
		}
	}
	return true
}

// descend pushes the child reached by pivoting on (r, c): its tableau,
// objective row and frame.
func (w *reverseWalk) descend(r, c int) {
	d := len(w.stack)
	t, obj := w.tabs[d-1], w.obj[d-1]
	if d == len(w.tabs) {
		w.tabs = append(w.tabs, t.Clone())
		w.obj = append(w.obj, make([]tableau.Int, t.Cols()))
	} else {
		w.tabs[d].CopyFrom(t)
	}
	child := w.obj[d]
	w.div.Set(t.Det())
	p, e := t.At(r, c), obj[c]
	for k := range child {
		if k != c {
			child[k] = tableau.MulSubDiv(obj[k], p, e, t.At(r, k), &w.div)
		}
	}
	child[c] = e.Neg()
	w.tabs[d].Pivot(r, c)
	w.stack = append(w.stack, frame{})
}

// zeroVars sets zero to the variables that are zero in t's basic
// solution and reports whether the basis is degenerate (a basic variable
// is zero).
func zeroVars(t *tableau.Tableau, zero pivot.LabelSet) bool {
	clear(zero)
	for c := range t.Cols() {
		zero.Add(t.Nonbasic(c))
	}
	deg := false
	for r := range t.Rows() {
		if t.RHS(r).IsZero() {
			zero.Add(t.Basic(r))
			deg = true
		}
	}
	return deg
}
