package simpdiv

import (
	"math/big"
	"math/bits"
)

// sdI128 is a signed 128-bit integer in two's complement, enough for the
// exact strategy values of SimpDiv's grid points (payoff numerators times
// grid numerators of every other player).
type sdI128 struct{ hi, lo uint64 }

// add returns a + b (mod 2^128).
func (a sdI128) add(b sdI128) sdI128 {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, _ := bits.Add64(a.hi, b.hi, c)
	return sdI128{hi, lo}
}

// sub returns a − b (mod 2^128).
func (a sdI128) sub(b sdI128) sdI128 {
	lo, c := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(a.hi, b.hi, c)
	return sdI128{hi, lo}
}

// mul returns a·y (mod 2^128) for y ≥ 0.
func (a sdI128) mul(y uint64) sdI128 {
	h, l := bits.Mul64(a.lo, y)
	return sdI128{hi: a.hi*y + h, lo: l}
}

// cmp compares a and b as signed integers.
func (a sdI128) cmp(b sdI128) int {
	if a.hi != b.hi {
		if int64(a.hi) < int64(b.hi) {
			return -1
		}
		return 1
	}
	switch {
	case a.lo < b.lo:
		return -1
	case a.lo > b.lo:
		return 1
	}
	return 0
}

// bigInto stores a in z and returns z.
func (a sdI128) bigInto(z *big.Int) *big.Int {
	neg := int64(a.hi) < 0
	if neg {
		a = sdI128{}.sub(a)
	}
	if bits.UintSize == 64 {
		z.SetBits(append(z.Bits()[:0], big.Word(a.lo), big.Word(a.hi)))
	} else {
		z.SetUint64(a.hi)
		z.Lsh(z, 64)
		z.Or(z, new(big.Int).SetUint64(a.lo))
	}
	if neg {
		z.Neg(z)
	}
	return z
}

// sdBitLen returns the number of bits of |v|.
func sdBitLen(v uint64) int { return bits.Len64(v) }
