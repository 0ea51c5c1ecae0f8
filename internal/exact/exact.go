// Package exact holds an exact integer that stays in an int64 while it
// fits, so that sums and comparisons of ordinary payoffs cost no
// allocation while huge ones stay exact.
package exact

import (
	"encoding/binary"
	"math"
	"math/big"
	"math/bits"
)

// Int is an exact integer. The zero value is 0.
type Int struct {
	small int64
	big   *big.Int // nil when the value is small
}

// FromBig returns x as an Int; x must not be modified afterwards.
func FromBig(x *big.Int) Int {
	if x.IsInt64() {
		return Int{small: x.Int64()}
	}
	return Int{big: x}
}

// Add returns a + b.
func (a Int) Add(b Int) Int {
	if a.big == nil && b.big == nil {
		s := a.small + b.small
		if (a.small^s)&(b.small^s) >= 0 { // no overflow
			return Int{small: s}
		}
	}
	return FromBig(new(big.Int).Add(a.Big(), b.Big()))
}

// Cmp compares a and b like big.Int.Cmp.
func (a Int) Cmp(b Int) int {
	if a.big == nil && b.big == nil {
		switch {
		case a.small < b.small:
			return -1
		case a.small > b.small:
			return 1
		}
		return 0
	}
	return a.Big().Cmp(b.Big())
}

// Big returns a as a big.Int, which must not be modified.
func (a Int) Big() *big.Int {
	if a.big != nil {
		return a.big
	}
	return big.NewInt(a.small)
}

// Rat returns a / den.
func (a Int) Rat(den *big.Int) *big.Rat {
	return new(big.Rat).SetFrac(a.Big(), den)
}

// Denominator returns the least common multiple of the denominators of
// terms: the factor that makes them all integers.
func Denominator(terms []*big.Rat) *big.Int {
	d := big.NewInt(1)
	var g, q big.Int
	for _, v := range terms {
		if v.IsInt() {
			continue
		}
		if q.Rem(d, v.Denom()); q.Sign() == 0 {
			continue
		}
		g.GCD(nil, nil, d, v.Denom())
		d.Mul(d, q.Quo(v.Denom(), &g))
	}
	return d
}

// Scale returns v × d, which must be an integer (d a multiple of v's
// denominator), without allocating when the numbers are small.
func Scale(v *big.Rat, d *big.Int) Int {
	if d.IsInt64() && v.Num().IsInt64() && v.Denom().IsInt64() {
		f, n := d.Int64()/v.Denom().Int64(), v.Num().Int64()
		if hi, lo := bits.Mul64(uint64(f), uint64(abs(n))); hi == 0 && lo <= math.MaxInt64 && n != math.MinInt64 {
			if n < 0 {
				return Int{small: -int64(lo)}
			}
			return Int{small: int64(lo)}
		}
	}
	x := new(big.Int).Quo(d, v.Denom())
	return FromBig(x.Mul(x, v.Num()))
}

// ScaleAll returns the terms times their common denominator, and that
// denominator.
func ScaleAll(terms []*big.Rat) ([]Int, *big.Int) {
	d := Denominator(terms)
	out := make([]Int, len(terms))
	for i, v := range terms {
		out[i] = Scale(v, d)
	}
	return out, d
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// AppendKey appends an encoding of a to dst that differs for different
// values, for use in map keys.
func (a Int) AppendKey(dst []byte) []byte {
	if a.big != nil {
		dst = append(dst, 1)
		dst = append(dst, a.big.String()...)
		return append(dst, ';')
	}
	return binary.LittleEndian.AppendUint64(append(dst, 0), uint64(a.small))
}
