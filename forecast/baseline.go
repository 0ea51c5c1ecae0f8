package forecast

import (
	"cmp"
	"math"
	"slices"
)

// Baseline holds the static forecasts of one dimension, computed from the
// actors present on it with weights w_i = c_i·s_i.
type Baseline struct {
	Dim int
	N   int // actors present
	// Mean is the unweighted mean position and CapMean the
	// capability-weighted one.
	Mean, CapMean float64
	// Compromise is Σ c s x / Σ c s, the compromise model (Nash bargaining
	// approximation).
	Compromise float64
	// Median is the weighted median: the lowest position at which the
	// cumulative weight, positions sorted, reaches half the total.
	// MedianTie reports that the cumulative weight equals exactly half
	// there, so every point up to MedianHigh is a median too.
	Median     float64
	MedianTie  bool
	MedianHigh float64
	Condorcet  Condorcet
}

// Condorcet is the outcome of pairwise majority votes among the actors'
// positions, where voter k's vote for a over b is c_k s_k (|x_k−b| − |x_k−a|).
type Condorcet struct {
	// Exists reports a strict winner: a position beating every other.
	Exists bool
	Winner float64
	// Weak lists positions that beat or tie every other when there is no
	// strict winner (ties); empty with Exists false means a majority cycle.
	Weak []float64
}

// Baselines returns the baselines of every dimension of t.
func Baselines(t *Table) ([]Baseline, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	out := make([]Baseline, len(t.Dims))
	for d := range t.Dims {
		x, w, c := t.column(d)
		out[d] = baseline(d, x, w, c)
	}
	return out, nil
}

// column returns the positions, c·s weights and capabilities of the actors
// present on dimension d.
func (t *Table) column(d int) (x, w, c []float64) {
	for i, a := range t.Actors {
		if a.Present(d) {
			x = append(x, a.Position[d])
			w = append(w, t.capSal(i, d))
			c = append(c, a.Capability)
		}
	}
	return x, w, c
}

func baseline(d int, x, w, c []float64) Baseline {
	b := Baseline{Dim: d, N: len(x)}
	ones := make([]float64, len(x))
	for i := range ones {
		ones[i] = 1
	}
	b.Mean = weightedMean(x, ones)
	b.CapMean = weightedMean(x, c)
	b.Compromise = weightedMean(x, w)
	b.Median, b.MedianHigh, b.MedianTie = weightedMedian(x, w)
	b.Condorcet = condorcet(x, w)
	return b
}

// weightedMean returns Σ w x / Σ w, summing in order.
func weightedMean(x, w []float64) float64 {
	num, den := 0.0, 0.0
	for i := range x {
		num += w[i] * x[i]
		den += w[i]
	}
	if den == 0 {
		return math.NaN()
	}
	return num / den
}

// weightedMedian returns the lowest position where the cumulative weight
// reaches half the total; tie reports an exact half, with high the next
// position.
func weightedMedian(x, w []float64) (med, high float64, tie bool) {
	if len(x) == 0 {
		return math.NaN(), math.NaN(), false
	}
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	total := 0.0
	for _, v := range w {
		total += v
	}
	cum := 0.0
	for k, i := range idx {
		cum += w[i]
		if cum >= total/2 {
			// positions equal to x[i] share the median; find the next distinct one
			if cum == total/2 {
				for _, j := range idx[k+1:] {
					if x[j] > x[i] {
						return x[i], x[j], true
					}
				}
			}
			return x[i], x[i], false
		}
	}
	last := x[idx[len(idx)-1]]
	return last, last, false
}

// condorcet finds the Condorcet winner among the distinct positions.
func condorcet(x, w []float64) Condorcet {
	pos := slices.Clone(x)
	slices.Sort(pos)
	pos = slices.Compact(pos)
	var weak []float64
	for _, a := range pos {
		strict, ok := true, true
		for _, b := range pos {
			if a == b {
				continue
			}
			v := pairVote(x, w, a, b)
			if v < 0 {
				ok = false
				break
			}
			if v == 0 {
				strict = false
			}
		}
		switch {
		case ok && strict:
			return Condorcet{Exists: true, Winner: a}
		case ok:
			weak = append(weak, a)
		}
	}
	return Condorcet{Weak: weak, Winner: math.NaN()}
}

// pairVote is the net weighted vote for position a over position b.
func pairVote(x, w []float64, a, b float64) float64 {
	v := 0.0
	for k := range x {
		v += w[k] * (math.Abs(x[k]-b) - math.Abs(x[k]-a))
	}
	return v
}

// condorcetOrMedian returns the Condorcet winner, or the weighted median
// when there is none (the replication's "median voter" with a proper
// tie-break).
func condorcetOrMedian(x, w []float64) float64 {
	if c := condorcet(x, w); c.Exists {
		return c.Winner
	}
	m, _, _ := weightedMedian(x, w)
	return m
}
