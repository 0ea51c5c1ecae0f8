package tableau

import (
	"math"
	"math/big"
)

// Tableau is a fraction-free simplex tableau in dictionary form.
//
// It represents a linear system in which each row has one basic variable:
// row r reads
//
//	det·z[Basic(r)] + Σ_c At(r, c)·z[Nonbasic(c)] = RHS(r)
//
// where det, the common denominator, is positive. Every entry is the
// corresponding entry of det·B⁻¹[M | q] for the basis B of the original
// system [M | q], so entries stay integers and every pivot divides exactly.
//
// Variables are numbered 0, 1, ..., Rows()+Cols()-1. A new tableau has
// variables 0..cols-1 nonbasic (in columns 0..cols-1) and variables
// cols..cols+rows-1 basic (in rows 0..rows-1), with det = 1.
type Tableau struct {
	rows, cols int
	a          []Int // rows × (cols+1), row-major; the last column is the right-hand side
	det        Int
	basic      []int
	nonbasic   []int
	bits       []int  // per row: an upper bound on the entries' bit lengths, -1 if one is big
	pos        []int  // pos[v] = r when v is basic in row r, -(c+1) when nonbasic in column c
	frozen     []bool // basic variables that never leave (objective rows, free variables)
	lexVars    []int
	lexNeg     bool
	div        Divisor
	rhsF       []float64 // float approximations of the right-hand sides
	rhsFresh   bool      // rhsF matches the current basis
	anyFrozen  bool
}

// New returns a zero tableau with the given numbers of rows and nonbasic
// columns. The variables basic at the start order the lexicographic ratio
// test (see SetLex).
func New(rows, cols int) *Tableau {
	t := &Tableau{rows: rows, cols: cols, det: NewInt(1)}
	t.a = make([]Int, rows*(cols+1))
	t.bits = make([]int, rows)
	t.basic = make([]int, rows)
	t.nonbasic = make([]int, cols)
	t.pos = make([]int, rows+cols)
	t.frozen = make([]bool, rows+cols)
	for c := range cols {
		t.nonbasic[c] = c
		t.pos[c] = -(c + 1)
	}
	for r := range rows {
		t.basic[r] = cols + r
		t.pos[cols+r] = r
	}
	t.lexVars = append([]int(nil), t.basic...)
	return t
}

// Rows returns the number of rows (basic variables).
func (t *Tableau) Rows() int { return t.rows }

// Cols returns the number of nonbasic columns.
func (t *Tableau) Cols() int { return t.cols }

// NumVars returns the number of variables.
func (t *Tableau) NumVars() int { return t.rows + t.cols }

// Set sets the entry of row r, column c.
func (t *Tableau) Set(r, c int, v Int) {
	t.a[r*(t.cols+1)+c] = v
	t.rhsFresh = false
	t.noteBits(r, v)
}

// SetRHS sets the right-hand side of row r.
func (t *Tableau) SetRHS(r int, v Int) { t.Set(r, t.cols, v) }

// noteBits widens row r's bit bound to cover v.
func (t *Tableau) noteBits(r int, v Int) {
	switch {
	case t.bits[r] < 0 || v.IsZero():
	case v.b != nil:
		t.bits[r] = -1
	default:
		t.bits[r] = max(t.bits[r], bitBound(v))
	}
}

// At returns the entry of row r, column c.
func (t *Tableau) At(r, c int) Int { return t.a[r*(t.cols+1)+c] }

// RHS returns the right-hand side of row r: det times the value of its
// basic variable.
func (t *Tableau) RHS(r int) Int { return t.a[r*(t.cols+1)+t.cols] }

// Det returns the common denominator, which is positive.
func (t *Tableau) Det() Int { return t.det }

// Basic returns the variable basic in row r.
func (t *Tableau) Basic(r int) int { return t.basic[r] }

// Nonbasic returns the variable nonbasic in column c.
func (t *Tableau) Nonbasic(c int) int { return t.nonbasic[c] }

// Row returns the row of variable v and true if v is basic, or -1 and
// false.
func (t *Tableau) Row(v int) (int, bool) {
	if p := t.pos[v]; p >= 0 {
		return p, true
	}
	return -1, false
}

// Col returns the column of variable v and true if v is nonbasic, or -1
// and false.
func (t *Tableau) Col(v int) (int, bool) {
	if p := t.pos[v]; p < 0 {
		return -p - 1, true
	}
	return -1, false
}

// Value returns the value of variable v in the basic solution: 0 for a
// nonbasic variable.
func (t *Tableau) Value(v int) *big.Rat {
	if r, ok := t.Row(v); ok {
		return t.RHS(r).Rat(t.det)
	}
	return new(big.Rat)
}

// SetLex sets the variables whose columns break ties in RatioTest, in
// order of priority. They must be the variables basic at some point of
// the tableau's history (usually the start), so that their columns form
// det·B⁻¹ up to order; the rule then amounts to perturbing the right-hand
// side by (ε, ε², ...) along those variables (by their negatives if neg
// is set), which makes every basis distinct and the method finite.
func (t *Tableau) SetLex(vars []int, neg bool) {
	t.lexVars = append(t.lexVars[:0], vars...)
	t.lexNeg = neg
}

// Freeze marks variable v, which should be basic, as never leaving the
// basis: RatioTest ignores its row. Objective rows and free variables are
// frozen.
func (t *Tableau) Freeze(v int, frozen bool) {
	t.frozen[v] = frozen
	t.anyFrozen = t.anyFrozen || frozen
}

// Clone returns an independent copy of t.
func (t *Tableau) Clone() *Tableau {
	c := *t
	c.a = append([]Int(nil), t.a...)
	c.basic = append([]int(nil), t.basic...)
	c.nonbasic = append([]int(nil), t.nonbasic...)
	c.pos = append([]int(nil), t.pos...)
	c.bits = append([]int(nil), t.bits...)
	c.frozen = append([]bool(nil), t.frozen...)
	c.lexVars = append([]int(nil), t.lexVars...)
	c.rhsF = append([]float64(nil), t.rhsF...)
	return &c
}

// CopyFrom makes t a copy of s, reusing t's storage where it is large
// enough: cheaper than Clone in a loop, and than undoing a pivot.
func (t *Tableau) CopyFrom(s *Tableau) {
	a, basic, nonbasic, pos, bits := t.a, t.basic, t.nonbasic, t.pos, t.bits
	frozen, lexVars, rhsF := t.frozen, t.lexVars, t.rhsF
	*t = *s
	t.div = Divisor{}
	t.a = append(a[:0], s.a...)
	t.basic = append(basic[:0], s.basic...)
	t.nonbasic = append(nonbasic[:0], s.nonbasic...)
	t.pos = append(pos[:0], s.pos...)
	t.bits = append(bits[:0], s.bits...)
	t.frozen = append(frozen[:0], s.frozen...)
	t.lexVars = append(lexVars[:0], s.lexVars...)
	t.rhsF = append(rhsF[:0], s.rhsF...)
}

// Pivot exchanges the basic variable of row r with the nonbasic variable
// of column c. The entry at (r, c) must not be zero.
func (t *Tableau) Pivot(r, c int) {
	w := t.cols + 1
	p := t.a[r*w+c]
	if p.IsZero() {
		panic("tableau: pivot on a zero entry")
	}
	t.div.Set(t.det)
	pr := t.a[r*w : (r+1)*w]
	prBits := t.bits[r]
	for i := range t.rows {
		if i == r {
			continue
		}
		row := t.a[i*w : (i+1)*w]
		e := row[c]
		t.bits[i] = t.div.UpdateRow(row, pr, p, e, c, t.bits[i], prBits)
		if !e.IsZero() {
			row[c] = e.Neg()
			t.noteBits(i, e)
		}
	}
	pr[c] = t.det
	t.noteBits(r, t.det)
	t.det = p
	if p.Sign() < 0 {
		for k, v := range t.a {
			if !v.IsZero() {
				t.a[k] = v.Neg()
			}
		}
		t.det = p.Neg()
	}
	in, out := t.nonbasic[c], t.basic[r]
	t.basic[r], t.nonbasic[c] = in, out
	t.pos[in], t.pos[out] = r, -(c + 1)
	t.rhsFresh = false
}

// RatioTest returns the row whose basic variable leaves when the nonbasic
// variable of column c enters and increases from zero: among rows with a
// positive entry in column c (frozen rows aside), the lexicographic
// minimum of (RHS, lex columns)/entry. It returns -1 if no row limits the
// increase (an unbounded ray).
//
// Ratios are first compared in floating point, which decides all but
// near-ties (relative differences below 1e-12, far above the rounding
// errors); those are compared exactly.
func (t *Tableau) RatioTest(c int) int {
	w := t.cols + 1
	if !t.rhsFresh {
		t.rhsF = t.rhsF[:0]
		for i := range t.rows {
			t.rhsF = append(t.rhsF, t.a[i*w+t.cols].Float64())
		}
		t.rhsFresh = true
	}
	best := -1
	var bestR, bestA float64 // best's right-hand side and entry
	for i := range t.rows {
		e := &t.a[i*w+c]
		if e.b == nil {
			if e.hi < 0 || e.hi == 0 && e.lo == 0 {
				continue
			}
		} else if e.b.Sign() <= 0 {
			continue
		}
		if t.anyFrozen && t.frozen[t.basic[i]] {
			continue
		}
		ri, ai := t.rhsF[i], e.Float64()
		if best < 0 {
			best, bestR, bestA = i, ri, ai
			continue
		}
		// ri/ai against bestR/bestA, both denominators positive.
		x, y := ri*bestA, bestR*ai
		tol := 1e-12 * (math.Abs(x) + math.Abs(y))
		switch {
		case x < y-tol:
		case x > y+tol || !t.lexLess(i, best, c):
			continue
		}
		best, bestR, bestA = i, ri, ai
	}
	return best
}

// lexLess reports whether row i's ratio vector for column c is
// lexicographically smaller than row k's. Both entries in column c are
// positive.
func (t *Tableau) lexLess(i, k, c int) bool {
	w := t.cols + 1
	ai, ak := t.a[i*w+c], t.a[k*w+c]
	if s := CmpProd(t.a[i*w+t.cols], ak, t.a[k*w+t.cols], ai); s != 0 {
		return s < 0
	}
	for _, v := range t.lexVars {
		var s int
		if p := t.pos[v]; p >= 0 {
			// A basic variable's column is det times a unit vector.
			switch p {
			case i:
				s = 1
			case k:
				s = -1
			default:
				continue
			}
		} else {
			col := -p - 1
			s = CmpProd(t.a[i*w+col], ak, t.a[k*w+col], ai)
			if s == 0 {
				continue
			}
		}
		if t.lexNeg {
			s = -s
		}
		return s < 0
	}
	return false
}

// LexVars returns a copy of the variables that order the lexicographic
// ratio test.
func (t *Tableau) LexVars() []int { return append([]int(nil), t.lexVars...) }
