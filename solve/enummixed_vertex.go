package solve

import "github.com/tablero-project/tablero/internal/tableau"

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
func enumerateVertices(t *tableau.Tableau, bud *pivotBudget, blocked func(v int) bool, visit func(zero labelSet) error) error {
	seen := newBasisSet(t.NumVars())
	degenerate := map[string]struct{}{}
	zero := newLabelSet(t.NumVars())
	report := func() error {
		if zeroVars(t, zero) {
			k := zero.key()
			if _, ok := degenerate[k]; ok {
				return nil
			}
			degenerate[k] = struct{}{}
		}
		return visit(zero)
	}
	cur := basisOf(t)
	seen.add(cur)
	if err := report(); err != nil {
		return err
	}
	type frame struct{ r, c, next int }
	stack := []frame{{r: -1, c: -1}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == t.Cols() {
			if top.r >= 0 {
				cur.toggle(t.Basic(top.r))
				cur.toggle(t.Nonbasic(top.c))
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
		if err := bud.step(1); err != nil {
			return err
		}
		r := t.RatioTest(c)
		if r < 0 {
			continue
		}
		in, out := t.Nonbasic(c), t.Basic(r)
		cur.toggle(in)
		cur.toggle(out)
		if !seen.add(cur) {
			cur.toggle(in)
			cur.toggle(out)
			continue
		}
		t.Pivot(r, c)
		if err := bud.step(2); err != nil { // the pivot and its undoing
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
func zeroVars(t *tableau.Tableau, zero labelSet) bool {
	clear(zero)
	for c := range t.Cols() {
		zero.add(t.Nonbasic(c))
	}
	deg := false
	for r := range t.Rows() {
		if t.RHS(r).IsZero() {
			zero.add(t.Basic(r))
			deg = true
		}
	}
	return deg
}

// polytopeTableau returns the tableau of {u ≥ 0 : Mᵀu ≤ 1} for a matrix
// m with positive entries, m[i][j] the coefficient of u_i in constraint j:
// variables 0..len(m)-1 are u, variable len(m)+j is the slack of
// constraint j, and the slacks form the starting basis.
func polytopeTableau(m [][]tableau.Int) *tableau.Tableau {
	k, rows := len(m), len(m[0])
	t := tableau.New(rows, k)
	one := tableau.NewInt(1)
	for j := range rows {
		for i := range k {
			t.Set(j, i, m[i][j])
		}
		t.SetRHS(j, one)
	}
	return t
}
