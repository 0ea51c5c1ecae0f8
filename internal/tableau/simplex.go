package tableau

import "errors"

// ErrUnbounded is returned by Maximize when the objective increases
// without bound.
var ErrUnbounded = errors.New("tableau: unbounded objective")

// Maximize runs the primal simplex method on t, whose row obj holds an
// objective: its basic variable z, which must be frozen, reads
//
//	det·z + Σ_c At(obj, c)·x_c = RHS(obj)
//
// so z increases with a nonbasic variable whose entry is negative. The
// basis must be feasible (every other right-hand side nonnegative).
// Entering columns follow Dantzig's rule (the most negative entry),
// leaving rows the lexicographic ratio test, which rules out cycling when
// t's lexicographic order is valid for the starting basis (see SetLex;
// SetLexBasis sets one). Variables for which blocked returns true never
// enter. step is called before every pivot; its error stops the method.
// Maximize returns ErrUnbounded if z has no maximum.
func (t *Tableau) Maximize(obj int, blocked func(v int) bool, step func() error) error {
	w := t.cols + 1
	for {
		best := -1
		for c := range t.cols {
			v := t.a[obj*w+c]
			if v.Sign() >= 0 || (blocked != nil && blocked(t.nonbasic[c])) {
				continue
			}
			if best < 0 || v.Cmp(t.a[obj*w+best]) < 0 {
				best = c
			}
		}
		if best < 0 {
			return nil
		}
		r := t.RatioTest(best)
		if r < 0 {
			return ErrUnbounded
		}
		if step != nil {
			if err := step(); err != nil {
				return err
			}
		}
		t.Pivot(r, best)
	}
}

// SetLexBasis makes the current basic variables, in row order, the
// lexicographic order of the ratio test (without negation). A feasible
// basis is lexicographically feasible for that order: its rows read
// (RHS ≥ 0, then det·e_r).
func (t *Tableau) SetLexBasis() { t.SetLex(t.basic, false) }
