package tableau

import (
	"errors"
	"math/big"
)

// ErrInfeasible is returned by SolveLP when the constraints have no
// solution.
var ErrInfeasible = errors.New("tableau: infeasible linear program")

// LP is a linear program in nonnegative variables:
//
//	maximize Obj·x  subject to  Rows[i]·x ≤ RHS[i] (or = RHS[i] where Eq[i]),  x ≥ 0.
//
// Nil entries of Rows and Obj are zeros.
type LP struct {
	Rows [][]*big.Rat
	RHS  []*big.Rat
	Eq   []bool
	Obj  []*big.Rat
}

// LPSolution is an optimal basic solution of an LP and of its dual.
type LPSolution struct {
	X     []*big.Rat
	Dual  []*big.Rat // one per row: ≥ 0 for an inequality, free for an equation
	Value *big.Rat
}

// SolveLP solves p exactly by the two-phase simplex method on a
// fraction-free tableau: Dantzig's rule and the lexicographic ratio test
// (so no cycling). Each row is scaled to integers by its own factor. Rows
// with a negative right-hand side are negated (an inequality becoming ≥
// with a surplus variable); equations and ≥ rows start on artificial
// variables, which phase 1 drives to zero and which never enter again.
// step is called before every pivot; its error stops the method.
// SolveLP returns ErrInfeasible or ErrUnbounded when there is no optimum.
func SolveLP(p *LP, step func() error) (*LPSolution, error) {
	b := newLPBuilder(p)
	t := b.t
	t.SetLexBasis()
	if len(b.art) > 0 {
		if err := t.Maximize(b.obj1, nil, step); err != nil {
			return nil, err
		}
		if t.RHS(b.obj1).Sign() != 0 {
			return nil, ErrInfeasible
		}
		b.driveOut()
		t.SetLexBasis()
	}
	if err := t.Maximize(b.obj2, b.blocked, step); err != nil {
		return nil, err
	}
	return b.solution(), nil
}

// lpBuilder lays out an LP in a tableau. Variables: the n structural ones
// 0..n-1, then one surplus per negated inequality; then one basic variable
// per row (a slack, or an artificial for equations and negated
// inequalities), then the two objective variables (phase 2, phase 1).
type lpBuilder struct {
	p          *LP
	t          *Tableau
	n, cols    int
	scale      []*big.Int // per row, and the objective last
	neg        []bool     // row negated
	art        []int      // rows on an artificial variable
	artificial []bool     // per variable
	obj1, obj2 int        // rows
}

func newLPBuilder(p *LP) *lpBuilder {
	m, n := len(p.Rows), len(p.Obj)
	b := &lpBuilder{p: p, n: n, neg: make([]bool, m)}
	surplus := 0
	for i := range m {
		b.neg[i] = p.RHS[i] != nil && p.RHS[i].Sign() < 0
		if b.neg[i] && !p.Eq[i] {
			surplus++
		}
		if b.neg[i] || p.Eq[i] {
			b.art = append(b.art, i)
		}
	}
	b.cols = n + surplus
	b.t = New(m+2, b.cols)
	b.obj2, b.obj1 = m, m+1
	b.artificial = make([]bool, b.t.NumVars())
	for _, i := range b.art {
		b.artificial[b.cols+i] = true
	}
	b.t.Freeze(b.cols+m, true)
	b.t.Freeze(b.cols+m+1, true)
	b.fill()
	return b
}

// fill writes the scaled rows, the objective and the phase-1 objective.
func (b *lpBuilder) fill() {
	t := b.t
	s := 0
	for i, row := range b.p.Rows {
		vals := append(append([]*big.Rat(nil), row...), b.p.RHS[i])
		k := lcmDen(vals)
		b.scale = append(b.scale, k)
		sign := int64(1)
		if b.neg[i] {
			sign = -1
		}
		for j, v := range row {
			if v != nil && v.Sign() != 0 {
				t.Set(i, j, scaled(v, k, sign))
			}
		}
		if r := b.p.RHS[i]; r != nil {
			t.SetRHS(i, scaled(r, k, sign))
		}
		if b.neg[i] && !b.p.Eq[i] {
			t.Set(i, b.n+s, NewInt(-1)) // the surplus
			s++
		}
	}
	k := lcmDen(b.p.Obj)
	b.scale = append(b.scale, k)
	for j, v := range b.p.Obj {
		if v != nil && v.Sign() != 0 {
			t.Set(b.obj2, j, scaled(v, k, -1))
		}
	}
	// Phase 1 maximizes −Σ artificials = −Σ (rhs − row) over their rows.
	for _, i := range b.art {
		for c := 0; c <= b.cols; c++ {
			t.Set(b.obj1, c, t.At(b.obj1, c).Add(t.a[i*(b.cols+1)+c].Neg()))
		}
	}
}

// blocked keeps the artificial variables out of the basis in phase 2.
func (b *lpBuilder) blocked(v int) bool { return b.artificial[v] }

// driveOut pivots the artificial variables still basic (at zero) out of
// the basis where a non-artificial column allows it; where none does, the
// row is implied by the others and its artificial stays, at zero.
func (b *lpBuilder) driveOut() {
	t := b.t
	for _, i := range b.art {
		r, basic := t.Row(b.cols + i)
		if !basic {
			continue
		}
		for c := range t.Cols() {
			if !b.artificial[t.Nonbasic(c)] && !t.At(r, c).IsZero() {
				t.Pivot(r, c)
				break
			}
		}
	}
}

// solution reads the primal and dual solutions off the optimal tableau.
func (b *lpBuilder) solution() *LPSolution {
	t := b.t
	sol := &LPSolution{X: make([]*big.Rat, b.n), Dual: make([]*big.Rat, len(b.p.Rows))}
	for j := range sol.X {
		sol.X[j] = t.Value(j)
	}
	objScale := new(big.Rat).SetInt(b.scale[len(b.scale)-1])
	sol.Value = new(big.Rat).Quo(t.Value(b.cols+len(b.p.Rows)), objScale)
	for i := range sol.Dual {
		y := new(big.Rat)
		if c, ok := t.Col(b.cols + i); ok {
			y = t.At(b.obj2, c).Rat(t.Det())
		}
		// The dual of the scaled row, back to the original row and
		// objective.
		y.Mul(y, new(big.Rat).SetInt(b.scale[i]))
		y.Quo(y, objScale)
		if b.neg[i] {
			y.Neg(y)
		}
		sol.Dual[i] = y
	}
	return sol
}

// lcmDen returns the least common multiple of the denominators of v
// (nil entries ignored).
func lcmDen(v []*big.Rat) *big.Int {
	d := big.NewInt(1)
	var g, q big.Int
	for _, x := range v {
		if x == nil || x.IsInt() || q.Rem(d, x.Denom()).Sign() == 0 {
			continue
		}
		g.GCD(nil, nil, d, x.Denom())
		d.Mul(d, q.Quo(x.Denom(), &g))
	}
	return d
}

// scaled returns sign·v·k as an Int; k must be a multiple of v's
// denominator.
func scaled(v *big.Rat, k *big.Int, sign int64) Int {
	x := new(big.Int).Quo(k, v.Denom())
	x.Mul(x, v.Num())
	if sign < 0 {
		x.Neg(x)
	}
	return FromBig(x)
}
