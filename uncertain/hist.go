package uncertain

import (
	"math"
	"slices"
)

// Histograms bin every float64 by its sign, exponent and top histBits
// mantissa bits: the bins are fixed by the number format (no range to
// declare), 2^histBits per octave, each of relative width at most
// 2^-histBits, and counts merge exactly. A bin's key is the value's
// order-preserving 64-bit pattern shifted right by histShift.
const (
	histBits  = 7
	histShift = 52 - histBits
	histKeys  = 1 << (64 - histShift) // keys are in [0, histKeys)
)

// orderedBits maps x to an unsigned integer with the same order as x.
func orderedBits(x float64) uint64 {
	if x == 0 {
		x = 0 // fold -0 into +0
	}
	b := math.Float64bits(x)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// histKey returns the bin of x.
func histKey(x float64) uint32 { return uint32(orderedBits(x) >> histShift) }

// bin is a histogram bin: its count and the exact extremes of its values,
// so that point masses keep their exact value.
type bin struct {
	n      int64
	lo, hi float64
}

// histAdd counts x in h.
func histAdd(h map[uint32]bin, x float64) {
	k := histKey(x)
	b, ok := h[k]
	if !ok {
		h[k] = bin{1, x, x}
		return
	}
	h[k] = bin{b.n + 1, math.Min(b.lo, x), math.Max(b.hi, x)}
}

// histMerge adds the bins of o to h.
func histMerge(h, o map[uint32]bin) {
	for k, b := range o {
		if a, ok := h[k]; ok {
			b = bin{a.n + b.n, math.Min(a.lo, b.lo), math.Max(a.hi, b.hi)}
		}
		h[k] = b
	}
}

// histSorted returns the keys of h in increasing order.
func histSorted(h map[uint32]bin) []uint32 {
	keys := make([]uint32, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// histQuantile estimates the q-quantile (0 <= q <= 1) of the n values
// counted in h, as the position q·(n-1) interpolated linearly between the
// exact extremes of its bin.
func histQuantile(h map[uint32]bin, n int64, q float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	r := q * float64(n-1)
	var cum int64
	keys := histSorted(h)
	for _, k := range keys {
		b := h[k]
		if r < float64(cum+b.n) {
			if b.n == 1 {
				return b.lo
			}
			f := (r - float64(cum)) / float64(b.n-1)
			return clamp(b.lo+f*(b.hi-b.lo), b.lo, b.hi)
		}
		cum += b.n
	}
	return h[keys[len(keys)-1]].hi
}
