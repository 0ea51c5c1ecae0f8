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
//
// The walk is a depth-first search over the lexicographically feasible
// bases, which are the vertices of the polytope with its right-hand side
// perturbed by (ε, ε², ...): that polytope is simple, so the bases are
// joined by lexicographic pivots in a connected graph, every basis of the
// original polytope's every vertex is reached, and degenerate games need
// no special case. Variables for which blocked returns true (if blocked
// is not nil) never enter the basis: with blocked nonbasic slacks the walk
// covers a face of the polytope. Bases are remembered in a hash set; a degenerate
// vertex, which has several bases, is reported once. Each pivot is undone
// on the way back, which restores the integer tableau exactly.
func enumerateVertices(t *tableau.Tableau, bud *pivot.Budget, blocked func(v int) bool, visit func(zero pivot.LabelSet) error) error {
	seen := pivot.NewBasisSet(t.NumVars())
	degenerate := map[string]struct{}{}
	zero := pivot.NewLabelSet(t.NumVars())
	report := func() error {
		if zeroVars(t, zero) {
			k := zero.Key()
			if _, ok := degenerate[k]; ok {
				return nil
			}
			degenerate[k] = struct{}{}
		}
		return visit(zero)
	}
	cur := pivot.BasisOf(t)
	seen.Add(cur)
	if err := report(); err != nil {
		return err
	}
	type frame struct{ r, c, next int }
	stack := []frame{{r: -1, c: -1}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == t.Cols() {
			if top.r >= 0 {
				cur.Toggle(t.Basic(top.r))
				cur.Toggle(t.Nonbasic(top.c))
				t.Pivot(top.r, top.c)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		c := top.next
		top.next++
		if c == top.c || blocked != nil && blocked(t.Nonbasic(c)) {
			continue // column top.c leads back to the parent
		}
		if err := bud.Step(1); err != nil {
			return err
		}
		r := t.RatioTest(c)
		if r < 0 {
			continue
		}
		in, out := t.Nonbasic(c), t.Basic(r)
		cur.Toggle(in)
		cur.Toggle(out)
		if !seen.Add(cur) {
			cur.Toggle(in)
			cur.Toggle(out)
			continue
		}
		t.Pivot(r, c)
		if err := bud.Step(2); err != nil { // the pivot and its undoing
			return err
		}
		if err := report(); err != nil {
			return err
		}
		stack = append(stack, frame{r: r, c: c})
	}
	return nil
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
