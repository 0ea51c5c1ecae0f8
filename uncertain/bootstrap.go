package uncertain

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Bootstrap returns reps bootstrap replicates of a statistic of n
// observations: replicate r applies stat to n indices drawn with replacement
// from [0, n) by the stream PCG(seed, r). stat must not retain idx.
func Bootstrap(n, reps int, seed uint64, stat func(idx []int) float64) []float64 {
	out := make([]float64, reps)
	idx := make([]int, n)
	for r := range out {
		resample(idx, seed, r)
		out[r] = stat(idx)
	}
	return out
}

// resample fills idx with indices drawn uniformly with replacement from
// [0, len(idx)) by the stream PCG(seed, r), using only Uint64 (whose values
// Go specifies) and Lemire's multiply-shift reduction.
func resample(idx []int, seed uint64, r int) {
	src := rand.NewPCG(seed, uint64(r))
	n := uint64(len(idx))
	for i := range idx {
		hi, _ := bits.Mul64(src.Uint64(), n)
		idx[i] = int(hi)
	}
}

// PercentileInterval returns the central interval of the given level (e.g.
// 0.95) of the replicates, by linear interpolation between order statistics;
// NaN replicates are an error.
func PercentileInterval(reps []float64, level float64) (lo, hi float64, err error) {
	if len(reps) == 0 {
		return 0, 0, fmt.Errorf("no replicates")
	}
	if !(level > 0 && level < 1) {
		return 0, 0, fmt.Errorf("level %v outside (0, 1)", level)
	}
	s := slices.Clone(reps)
	for _, v := range s {
		if math.IsNaN(v) {
			return 0, 0, fmt.Errorf("NaN replicate")
		}
	}
	slices.Sort(s)
	return quantileSorted(s, (1-level)/2), quantileSorted(s, (1+level)/2), nil
}

// quantileSorted is the q-quantile of sorted s by linear interpolation.
func quantileSorted(s []float64, q float64) float64 {
	h := q * float64(len(s)-1)
	i := int(math.Floor(h))
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}
