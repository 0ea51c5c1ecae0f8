// Package tableau holds exact integer pivoting for the two-player
// equilibrium methods: an integer that stays in 128 bits while it fits, a
// fraction-free (Bareiss/Edmonds) simplex tableau with the lexicographic
// minimum ratio rule, and a two-phase simplex method built on it.
//
// Every number is exact. A fraction-free tableau keeps all entries integer
// with one common positive denominator (the determinant of the basis), so
// a pivot needs no gcd and every division is exact. The entries are minors
// of the input matrix, which for payoffs of a few digits fit in 128 bits
// for bases of up to about fifteen columns; past that the integer switches
// to math/big, transparently.
package tableau

import (
	"math"
	"math/big"
	"math/bits"
)

// smallBits bounds the integers kept in the 128-bit form: |v| < 2^smallBits.
const smallBits = 125

// Int is an exact integer. Values of magnitude below 2^125 are held as a
// 128-bit two's complement pair, larger ones as a *big.Int. The zero value
// is 0. An Int is a value: operations return new Ints and never modify
// their operands (a big form, once made, is never changed).
type Int struct {
	hi int64
	lo uint64
	b  *big.Int // non-nil: the value is b
}

// NewInt returns v as an Int.
func NewInt(v int64) Int { return Int{hi: v >> 63, lo: uint64(v)} }

// FromBig returns x as an Int. x must not be modified afterwards.
func FromBig(x *big.Int) Int {
	if x.BitLen() > smallBits {
		return Int{b: x}
	}
	var lo, hi uint64
	words := x.Bits() // |x|, least significant first
	if bits.UintSize == 64 {
		if len(words) > 0 {
			lo = uint64(words[0])
		}
		if len(words) > 1 {
			hi = uint64(words[1])
		}
	} else {
		var w [4]uint64
		for i, x := range words {
			w[i] = uint64(x)
		}
		lo, hi = w[0]|w[1]<<32, w[2]|w[3]<<32
	}
	v := Int{hi: int64(hi), lo: lo}
	if x.Sign() < 0 {
		v = v.negSmall()
	}
	return v
}

// Big returns the value as a new big.Int, which the caller may modify.
func (x Int) Big() *big.Int {
	if x.b != nil {
		return new(big.Int).Set(x.b)
	}
	if x.hi == int64(x.lo)>>63 {
		return big.NewInt(int64(x.lo))
	}
	neg := x.hi < 0
	if neg {
		x = x.negSmall()
	}
	z := new(big.Int).SetUint64(uint64(x.hi))
	z.Lsh(z, 64)
	z.Or(z, new(big.Int).SetUint64(x.lo))
	if neg {
		z.Neg(z)
	}
	return z
}

// Rat returns x/den as a rational; den must not be zero.
func (x Int) Rat(den Int) *big.Rat {
	return new(big.Rat).SetFrac(x.Big(), den.Big())
}

// Sign returns -1, 0 or +1.
func (x Int) Sign() int {
	switch {
	case x.b != nil:
		return x.b.Sign()
	case x.hi < 0:
		return -1
	case x.hi == 0 && x.lo == 0:
		return 0
	}
	return 1
}

// IsZero reports whether x is 0.
func (x Int) IsZero() bool { return x.b == nil && x.hi == 0 && x.lo == 0 }

// Neg returns -x.
func (x Int) Neg() Int {
	if x.b != nil {
		return Int{b: new(big.Int).Neg(x.b)}
	}
	return x.negSmall()
}

func (x Int) negSmall() Int {
	lo, borrow := bits.Sub64(0, x.lo, 0)
	hi, _ := bits.Sub64(0, uint64(x.hi), borrow)
	return Int{hi: int64(hi), lo: lo}
}

// Cmp compares x and y like big.Int.Cmp.
func (x Int) Cmp(y Int) int {
	if x.b == nil && y.b == nil {
		switch {
		case x.hi < y.hi:
			return -1
		case x.hi > y.hi:
			return 1
		case x.lo < y.lo:
			return -1
		case x.lo > y.lo:
			return 1
		}
		return 0
	}
	return x.bigRO().Cmp(y.bigRO())
}

// bigRO returns the value as a big.Int that must not be modified.
func (x Int) bigRO() *big.Int {
	if x.b != nil {
		return x.b
	}
	return x.Big()
}

// Float64 returns the float64 nearest to x (within a few units in the last
// place).
func (x Int) Float64() float64 {
	if x.b != nil {
		f, _ := x.b.Float64()
		return f
	}
	if x.hi == int64(x.lo)>>63 {
		return float64(int64(x.lo))
	}
	return float64(x.hi)*0x1p64 + float64(x.lo)
}

// String formats x in base 10.
func (x Int) String() string { return x.bigRO().String() }

// Add returns x + y.
func (x Int) Add(y Int) Int {
	if x.b == nil && y.b == nil {
		lo, c := bits.Add64(x.lo, y.lo, 0)
		hi := x.hi + y.hi + int64(c)
		if v := (Int{hi: hi, lo: lo}); v.fits() {
			return v
		}
	}
	return FromBig(new(big.Int).Add(x.bigRO(), y.bigRO()))
}

// Mul returns x × y.
func (x Int) Mul(y Int) Int {
	if x.b == nil && y.b == nil && math.Abs(x.Float64()*y.Float64()) < 0x1p123 {
		hi, lo := mulLo(x, y)
		return Int{hi: hi, lo: lo}
	}
	return FromBig(new(big.Int).Mul(x.bigRO(), y.bigRO()))
}

// fits reports whether a small pair is within the small range.
func (x Int) fits() bool {
	h := x.hi
	if h < 0 {
		h = ^h
	}
	return h < 1<<(smallBits-64)
}

// mulLo returns the low 128 bits of x × y (two's complement).
func mulLo(x, y Int) (int64, uint64) {
	h, l := bits.Mul64(x.lo, y.lo)
	h += x.lo*uint64(y.hi) + uint64(x.hi)*y.lo
	return int64(h), l
}

// Divisor is a nonzero integer prepared for exact divisions by it.
type Divisor struct {
	v     Int
	vb    *big.Int // v as a big.Int, made on first need
	small bool
	shift uint // trailing zero bits of v
	bits  int  // bit length of |v|
	inv   Int  // inverse of v>>shift modulo 2^128
}

// NewDivisor prepares d, which must not be zero.
func NewDivisor(d Int) *Divisor {
	dv := new(Divisor)
	dv.Set(d)
	return dv
}

// Set prepares d, which must not be zero.
func (dv *Divisor) Set(d Int) {
	dv.v = d
	dv.vb = nil
	dv.small = d.b == nil
	if !dv.small {
		return
	}
	h, l, _ := magnitude(d)
	if h != 0 {
		dv.bits = 64 + bits.Len64(h)
	} else {
		dv.bits = bits.Len64(l)
	}
	var odd Int
	if d.lo != 0 {
		dv.shift = uint(bits.TrailingZeros64(d.lo))
		odd = d
		if dv.shift > 0 {
			odd = Int{hi: d.hi >> dv.shift, lo: d.lo>>dv.shift | uint64(d.hi)<<(64-dv.shift)}
		}
	} else {
		dv.shift = 64 + uint(bits.TrailingZeros64(uint64(d.hi)))
		odd = Int{hi: d.hi >> 63, lo: uint64(d.hi >> (dv.shift - 64))}
	}
	// Newton's iteration x ← x(2 − dx) doubles the correct low bits; an
	// odd d is its own inverse modulo 8.
	x := odd
	for range 6 {
		h, l := mulLo(odd, x)
		t := Int{hi: h, lo: l}.negSmall()
		t.lo, t.hi = addSmall(t, 2)
		h, l = mulLo(x, t)
		x = Int{hi: h, lo: l}
	}
	dv.inv = x
}

func addSmall(x Int, k uint64) (uint64, int64) {
	lo, c := bits.Add64(x.lo, k, 0)
	return lo, x.hi + int64(c)
}

// bitBound returns an upper bound (within three) on the bit length of |x|
// for a small x.
func bitBound(x Int) int {
	h := uint64(x.hi ^ (x.hi >> 63))
	if h == 0 {
		l := x.lo
		if x.hi < 0 {
			l = ^l
		}
		return bits.Len64(l) + 1
	}
	return 66 + bits.Len64(h)
}

// quotientBits bounds the bit length of (a·p − e·f)/d from the operands'
// bit-length bounds.
func (d *Divisor) quotientBits(ap, ef int) int {
	return max(ap, ef) + 2 - d.bits
}

// MulSubDiv returns (a·p − e·f)/d, which must be an integer: the update of
// a fraction-free pivot.
func MulSubDiv(a, p, e, f Int, d *Divisor) Int {
	if d.small && a.b == nil && p.b == nil && e.b == nil && f.b == nil {
		if q, ok := d.mulSubDivSmall(a, p, e, f, d.quotientBits(bitBound(a)+bitBound(p), bitBound(e)+bitBound(f))); ok {
			return q
		}
	}
	return mulSubDivBig(a, p, e, f, d)
}

// mulSubDivSmall computes (a·p − e·f)/d in 64 or 128 bits when the
// quotient, of at most qb bits, fits.
func (d *Divisor) mulSubDivSmall(a, p, e, f Int, qb int) (Int, bool) {
	s := int(d.shift)
	switch {
	case qb <= 61-s:
		// Everything modulo 2^64: the low word of a product depends only
		// on the low words of its factors.
		n := a.lo*p.lo - e.lo*f.lo
		q := (n >> s) * d.inv.lo
		q = uint64(int64(q<<s) >> s)
		return Int{hi: int64(q) >> 63, lo: q}, true
	case qb <= 122-s:
		h1, l1 := mulLo(a, p)
		h2, l2 := mulLo(e, f)
		l, borrow := bits.Sub64(l1, l2, 0)
		h, _ := bits.Sub64(uint64(h1), uint64(h2), borrow)
		return d.exact(h, l), true
	}
	return Int{}, false
}

func mulSubDivBig(a, p, e, f Int, d *Divisor) Int {
	n := new(big.Int)
	if !a.IsZero() {
		n.Mul(a.bigRO(), p.bigRO())
	}
	if !e.IsZero() && !f.IsZero() {
		n.Sub(n, new(big.Int).Mul(e.bigRO(), f.bigRO()))
	}
	return FromBig(n.Quo(n, d.v.bigRO()))
}

// RowBits returns an upper bound on the bit lengths of the entries of
// row, or -1 if some entry is held as a big.Int.
func RowBits(row []Int) int {
	m := 0
	for _, x := range row {
		if x.b != nil {
			return -1
		}
		if x.hi != 0 || x.lo != 0 {
			m = max(m, bitBound(x))
		}
	}
	return m
}

// UpdateRow sets row[k] = (row[k]·p − e·pr[k])/d for every k but skip:
// one row of a fraction-free pivot with pivot element p, pivot row pr and
// e the row's entry in the pivot column. rowBits and prBits are RowBits
// of row and pr (or upper bounds on them); UpdateRow returns RowBits of
// the updated row (skip aside).
//
// When the bit lengths bound every quotient to 61 (or 122) bits, the
// whole row is done modulo 2^64 (or 2^128), where the exact division is a
// multiplication by the inverse of d.
func (d *Divisor) UpdateRow(row, pr []Int, p, e Int, skip, rowBits, prBits int) int {
	if !d.small || p.b != nil || e.b != nil || rowBits < 0 || prBits < 0 {
		return d.updateRowSlow(row, pr, p, e, skip)
	}
	ap, ef := rowBits+bitBound(p), 0
	if !e.IsZero() {
		ef = bitBound(e) + prBits
	}
	qb := d.quotientBits(ap, ef)
	s := d.shift
	m := 0
	lo, hi := row, row[:0] // the entries but skip's
	loP, hiP := pr, pr[:0]
	if skip >= 0 && skip < len(row) {
		lo, hi = row[:skip], row[skip+1:]
		loP, hiP = pr[:skip], pr[skip+1:]
	}
	switch {
	case qb <= 61-int(s):
		acc := updateRow64(lo, loP, p.lo, e.lo, d.inv.lo, s) | updateRow64(hi, hiP, p.lo, e.lo, d.inv.lo, s)
		m = bits.Len64(acc) + 1
	case qb <= 122-int(s):
		m = max(d.updateRow128(lo, loP, p, e), d.updateRow128(hi, hiP, p, e))
	default:
		return d.updateRowSlow(row, pr, p, e, skip)
	}
	return m
}

// updateRow64 sets row[k] = (row[k]·p − e·pr[k])/d for every k modulo
// 2^64, with pl and el the low words of p and e and inv and s those of
// d's inverse and trailing zeros, when every quotient is known to fit in
// 61 bits. It returns the OR of the quotients' magnitudes (as
// q ^ sign(q)), from which UpdateRow bounds their bit lengths. The
// entries of row are small, so only their words are written: no pointer
// store, hence no write barrier.
func updateRow64(row, pr []Int, pl, el, inv uint64, s uint) uint64 {
	pr = pr[:len(row)]
	var acc uint64
	if s == 0 { // an odd d: no shifts
		for k := range row {
			q := (row[k].lo*pl - el*pr[k].lo) * inv
			row[k].hi, row[k].lo = int64(q)>>63, q
			acc |= q ^ uint64(int64(q)>>63)
		}
		return acc
	}
	s &= 63
	for k := range row {
		n := row[k].lo*pl - el*pr[k].lo
		q := (n >> s) * inv
		q = uint64(int64(q<<s) >> s)
		row[k].hi, row[k].lo = int64(q)>>63, q
		acc |= q ^ uint64(int64(q)>>63)
	}
	return acc
}

// updateRow128 is updateRow64 modulo 2^128, for quotients of up to 122
// bits; it returns the bound on their bit lengths.
func (d *Divisor) updateRow128(row, pr []Int, p, e Int) int {
	pr = pr[:len(row)]
	var acc uint64
	m := 0
	for k := range row {
		h1, l1 := mulLo(row[k], p)
		h2, l2 := mulLo(e, pr[k])
		l, borrow := bits.Sub64(l1, l2, 0)
		h, _ := bits.Sub64(uint64(h1), uint64(h2), borrow)
		q := d.exact(h, l)
		row[k].hi, row[k].lo = q.hi, q.lo
		sh := uint64(q.hi >> 63)
		if hh := uint64(q.hi) ^ sh; hh != 0 {
			m = max(m, 66+bits.Len64(hh))
		} else {
			acc |= q.lo ^ sh
		}
	}
	return max(m, bits.Len64(acc)+1)
}

func (d *Divisor) updateRowSlow(row, pr []Int, p, e Int, skip int) int {
	m := 0
	ez := e.IsZero()
	var sc bigScratch
	pb, eb := p.bigRO(), e.bigRO()
	if d.vb == nil {
		d.vb = d.v.bigRO()
	}
	for k := range row {
		if k == skip || row[k].IsZero() && (ez || pr[k].IsZero()) {
			continue // zero stays zero: sparse rows cost little
		}
		q := d.mulSubDivScratch(&row[k], pb, eb, &pr[k], p, e, &sc)
		row[k] = q
		switch {
		case m < 0:
		case q.b != nil:
			m = -1
		case !q.IsZero():
			m = max(m, bitBound(q))
		}
	}
	return m
}

// bigScratch holds big.Ints reused across the entries of a row.
type bigScratch struct{ a, f, n, t big.Int }

// mulSubDivScratch is MulSubDiv for one entry of a row whose p and e are
// also given as big.Ints, converting small operands without allocating.
func (d *Divisor) mulSubDivScratch(a *Int, pb, eb *big.Int, f *Int, p, e Int, sc *bigScratch) Int {
	if d.small && a.b == nil && p.b == nil && e.b == nil && f.b == nil {
		if q, ok := d.mulSubDivSmall(*a, p, e, *f, d.quotientBits(bitBound(*a)+bitBound(p), bitBound(e)+bitBound(*f))); ok {
			return q
		}
	}
	sc.n.SetInt64(0)
	if !a.IsZero() {
		sc.n.Mul(a.setBig(&sc.a, &sc.t), pb)
	}
	if !e.IsZero() && !f.IsZero() {
		sc.t.Mul(eb, f.setBig(&sc.f, &sc.t))
		sc.n.Sub(&sc.n, &sc.t)
	}
	sc.n.Quo(&sc.n, d.vb)
	if sc.n.BitLen() <= smallBits {
		return FromBig(&sc.n)
	}
	return Int{b: new(big.Int).Set(&sc.n)}
}

// setBig returns x as a big.Int: x's own for a big x, else z set to x's
// value (t is scratch; neither is allocated anew when large enough).
func (x *Int) setBig(z, t *big.Int) *big.Int {
	if x.b != nil {
		return x.b
	}
	if x.hi == int64(x.lo)>>63 {
		return z.SetInt64(int64(x.lo))
	}
	h, l, neg := magnitude(*x)
	z.SetUint64(h)
	z.Lsh(z, 64)
	z.Or(z, t.SetUint64(l))
	if neg {
		z.Neg(z)
	}
	return z
}

// exact divides the 128-bit residue (h, l) of a multiple of d whose
// quotient is known to be small.
func (d *Divisor) exact(h, l uint64) Int {
	s := d.shift
	switch {
	case s == 0:
	case s < 64:
		l = l>>s | h<<(64-s)
		h >>= s
	default:
		l = h >> (s - 64)
		h = 0
	}
	qh, ql := mulLo(Int{hi: int64(h), lo: l}, d.inv)
	if s == 0 {
		return Int{hi: qh, lo: ql}
	}
	// Sign-extend from bit 127-s.
	switch {
	case s < 64:
		qh = qh << s >> s
	default:
		ql = uint64(int64(ql<<(s-64)) >> (s - 64))
		qh = int64(ql) >> 63
	}
	return Int{hi: qh, lo: ql}
}

// CmpProd returns the sign of a·b − c·d.
func CmpProd(a, b, c, d Int) int {
	if a.b == nil && b.b == nil && c.b == nil && d.b == nil {
		x, y := a.Float64()*b.Float64(), c.Float64()*d.Float64()
		if x == 0 && y == 0 { // a nonzero integer is at least 1 in magnitude
			return 0
		}
		tol := (math.Abs(x) + math.Abs(y)) * 0x1p-40
		switch diff := x - y; {
		case diff > tol:
			return 1
		case diff < -tol:
			return -1
		}
		return cmp256(mulFull(a, b), mulFull(c, d))
	}
	var x, y big.Int
	x.Mul(a.bigRO(), b.bigRO())
	y.Mul(c.bigRO(), d.bigRO())
	return x.Cmp(&y)
}

// wide is a signed 256-bit product: a sign and a magnitude, least
// significant word first.
type wide struct {
	neg bool
	w   [4]uint64
}

func magnitude(x Int) (uint64, uint64, bool) {
	if x.hi < 0 {
		x = x.negSmall()
		return uint64(x.hi), x.lo, true
	}
	return uint64(x.hi), x.lo, false
}

// mulFull returns the exact product of two small Ints.
func mulFull(x, y Int) wide {
	xh, xl, xn := magnitude(x)
	yh, yl, yn := magnitude(y)
	var w [4]uint64
	h0, l0 := bits.Mul64(xl, yl)
	h1, l1 := bits.Mul64(xl, yh)
	h2, l2 := bits.Mul64(xh, yl)
	h3, l3 := bits.Mul64(xh, yh)
	w[0] = l0
	var c, c2 uint64
	w[1], c = bits.Add64(h0, l1, 0)
	w[1], c2 = bits.Add64(w[1], l2, 0)
	w[2], c = bits.Add64(h1, h2, c)
	w[3] = h3 + c
	w[2], c = bits.Add64(w[2], l3, c2)
	w[3] += c
	zero := w == [4]uint64{}
	return wide{neg: xn != yn && !zero, w: w}
}

func cmp256(x, y wide) int {
	if x.neg != y.neg {
		if x.neg {
			return -1
		}
		return 1
	}
	c := 0
	for i := 3; i >= 0; i-- {
		if x.w[i] != y.w[i] {
			c = 1
			if x.w[i] < y.w[i] {
				c = -1
			}
			break
		}
	}
	if x.neg {
		return -c
	}
	return c
}
