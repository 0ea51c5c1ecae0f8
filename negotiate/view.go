package negotiate

import (
	"context"
	"math"
	"sort"
)

// View is one party's presorted view of an outcome space, shared by every
// agent that plays that party (read-only once built). It mirrors NegMAS's
// presorted inverse utility function: rational outcomes (utility at least
// the reservation value) sorted by utility, ascending.
type View struct {
	Party       int
	U           []float64
	Reservation float64
	// Min and Max are the range an agent concedes over (NegMAS:
	// max(worst utility, reservation value) and the best utility); RawMin
	// is the worst utility itself.
	Min, Max, RawMin float64
	// Worst and Best are the extreme outcomes.
	Worst, Best int64
	// Sorted holds the rational outcomes in ascending utility (ties in
	// NumPy argsort order), SortedU their utilities.
	Sorted  []int32
	SortedU []float64
	// AllSorted and AllSortedU are the same over every outcome (equal to
	// Sorted when every outcome is rational).
	AllSorted  []int32
	AllSortedU []float64
}

// NewView prepares party p's view of space s.
func NewView(s *Space, p int) *View {
	v := &View{Party: p, U: s.U[p], Reservation: s.Profiles[p].Reservation}
	u := s.Ufuns[p]
	var worst, best []int
	var mn, mx float64
	var err error
	if u != nil && s.IDs == nil {
		worst, best, mn, mx, err = u.Extremes(context.Background(), int64(s.N))
	}
	if u == nil || err != nil || s.IDs != nil {
		mn, mx = math.Inf(1), math.Inf(-1)
		for id, x := range v.U {
			if x < mn {
				mn, v.Worst = x, int64(id)
			}
			if x >= mx {
				mx, v.Best = x, int64(id)
			}
		}
	} else {
		v.Worst, v.Best = s.Domain.Encode(worst), s.Domain.Encode(best)
	}
	v.Max = mx
	v.Min = mn
	v.RawMin = mn
	if v.Min < v.Reservation {
		v.Min = v.Reservation
	}
	ur := make([]float64, 0, len(v.U))
	ids := make([]int32, 0, len(v.U))
	for id, x := range v.U {
		if x >= v.Reservation {
			ur = append(ur, x)
			ids = append(ids, int32(id))
		}
	}
	pos := make([]int32, len(ur))
	for i := range pos {
		pos[i] = int32(i)
	}
	argsortIntro(ur, pos)
	v.Sorted = make([]int32, len(pos))
	v.SortedU = make([]float64, len(pos))
	for i, k := range pos {
		v.Sorted[i] = ids[k]
		v.SortedU[i] = ur[k]
	}
	if len(ids) == len(v.U) {
		v.AllSorted, v.AllSortedU = v.Sorted, v.SortedU
		return v
	}
	all := make([]int32, len(v.U))
	for i := range all {
		all[i] = int32(i)
	}
	argsortIntro(v.U, all)
	v.AllSorted = all
	v.AllSortedU = make([]float64, len(all))
	for i, id := range all {
		v.AllSortedU[i] = v.U[id]
	}
	return v
}

// Scale maps a normalised aspiration a ∈ [0,1] to a utility range [lo, hi]
// as NegMAS's time-based agents do: lo = Min + (Max − Min)·a − eps,
// hi = Max + eps, both clamped to [Min, Max].
func (v *View) Scale(a, eps float64) (lo, hi float64) {
	lo = (v.Max-v.Min)*a + v.Min - eps
	hi = (v.Max-v.Min)*1 + v.Min + eps
	lo = math.Max(v.Min, math.Min(v.Max, lo))
	hi = math.Max(v.Min, math.Min(v.Max, hi))
	return lo, hi
}

// WorstIn returns the rational outcome with the lowest utility at or above
// lo (NegMAS's worst_in, including its clamping: when nothing lies in
// [lo, hi] the nearest outcome above lo, or the best, is returned). ok is
// false only when there is no rational outcome.
func (v *View) WorstIn(lo, hi float64) (int64, bool) {
	return worstInSorted(v.Sorted, v.SortedU, lo, hi)
}

// worstInSorted is NegMAS's presorted worst_in over an ascending list.
func worstInSorted(ids []int32, a []float64, lo, hi float64) (int64, bool) {
	last := len(a) - 1
	if last < 0 {
		return NoOffer, false
	}
	i := sort.SearchFloat64s(a, lo)
	if i > last {
		i = last
	}
	const eps = 1e-12
	best, bestDiff := i, math.Abs(a[i]-lo)
	// Values just below lo (within eps) may be nearer; NegMAS scans
	// upward and keeps the first strictly nearer one.
	j := i - 1
	for j >= 0 && a[j] >= lo-eps {
		j--
	}
	for k := j + 1; k < i; k++ {
		if a[k] <= hi+2*eps {
			if d := math.Abs(a[k] - lo); d < bestDiff {
				best, bestDiff = k, d
			}
		}
	}
	return int64(ids[best]), true
}

// BestIn returns the rational outcome with the highest utility at or below
// hi, clamped like WorstIn.
func (v *View) BestIn(lo, hi float64) (int64, bool) {
	last := len(v.SortedU) - 1
	if last < 0 {
		return NoOffer, false
	}
	i := sort.Search(len(v.SortedU), func(k int) bool { return v.SortedU[k] > hi }) - 1
	if i < 0 {
		i = 0
	}
	return int64(v.Sorted[i]), true
}

// Nearest returns the rational outcome whose utility is nearest to x
// (GENIUS's SortedOutcomeSpace.getBidNearUtility; ties: the lower one).
func (v *View) Nearest(x float64) (int64, bool) {
	n := len(v.SortedU)
	if n == 0 {
		return NoOffer, false
	}
	i := sort.SearchFloat64s(v.SortedU, x)
	switch {
	case i >= n:
		return int64(v.Sorted[n-1]), true
	case i == 0:
		return int64(v.Sorted[0]), true
	}
	if x-v.SortedU[i-1] <= v.SortedU[i]-x {
		return int64(v.Sorted[i-1]), true
	}
	return int64(v.Sorted[i]), true
}

// Normalized maps utility u to [0,1] over [Min, Max] (NegMAS's
// eval_normalized over the rational range).
func (v *View) Normalized(u float64) float64 {
	if v.Max-v.Min <= 0 {
		return 1
	}
	return (u - v.Min) / (v.Max - v.Min)
}
