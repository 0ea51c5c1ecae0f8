package uncertain

import (
	"cmp"
	"slices"
)

// Split is the best one-parameter rule "a case when x > Threshold" (or <
// when Above is false) for telling cases from the other draws: the
// parameter that acts as a switch between two regimes.
type Split struct {
	Param     int     `json:"param"` // column of x
	Threshold float64 `json:"threshold"`
	// Above is true when the cases lie above the threshold.
	Above bool `json:"above"`
	// Accuracy is the rule's balanced accuracy: the mean of the shares of
	// cases and of non-cases it classifies right (0.5: no better than
	// chance; 1: a perfect switch).
	Accuracy float64 `json:"balanced_accuracy"`
}

// Splits returns, for every column of x (one row per draw), the threshold
// rule that best separates the draws where y is true from the others,
// sorted by balanced accuracy (best first; ties in column order). The
// threshold lies halfway between the two draws it separates. With no
// cases or no non-cases it returns nil.
func Splits(x [][]float64, y []bool) []Split {
	cases := 0
	for _, c := range y {
		if c {
			cases++
		}
	}
	if len(x) == 0 || cases == 0 || cases == len(y) {
		return nil
	}
	d := len(x[0])
	order := make([]int, len(x))
	out := make([]Split, d)
	for j := range d {
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(x[a][j], x[b][j]) })
		out[j] = bestSplit(x, y, order, j, cases)
	}
	slices.SortStableFunc(out, func(a, b Split) int { return cmp.Compare(b.Accuracy, a.Accuracy) })
	return out
}

// bestSplit scans the thresholds of column j between distinct values, in
// the sorted order of the draws.
func bestSplit(x [][]float64, y []bool, order []int, j, cases int) Split {
	n, non := len(order), len(order)-cases
	best := Split{Param: j, Accuracy: 0.5, Threshold: x[order[0]][j], Above: true}
	below := 0 // cases at or below the cut
	for k := 0; k < n-1; k++ {
		if y[order[k]] {
			below++
		}
		lo, hi := x[order[k]][j], x[order[k+1]][j]
		if lo == hi {
			continue
		}
		nonBelow := k + 1 - below
		// cases above: accuracy of "above"; cases below: of "below"
		up := (float64(cases-below)/float64(cases) + float64(nonBelow)/float64(non)) / 2
		if up > best.Accuracy {
			best = Split{Param: j, Threshold: lo/2 + hi/2, Above: true, Accuracy: up}
		}
		if 1-up > best.Accuracy {
			best = Split{Param: j, Threshold: lo/2 + hi/2, Above: false, Accuracy: 1 - up}
		}
	}
	return best
}
