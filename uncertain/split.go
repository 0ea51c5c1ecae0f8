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
	col := make([]cell, len(x))
	out := make([]Split, d)
	for j := range d {
		for i, row := range x {
			col[i] = cell{row[j], y[i]}
		}
		slices.SortFunc(col, func(a, b cell) int { return cmp.Compare(a.x, b.x) })
		out[j] = bestSplit(col, j, cases)
	}
	slices.SortStableFunc(out, func(a, b Split) int { return cmp.Compare(b.Accuracy, a.Accuracy) })
	return out
}

// cell is one draw's value of a column and whether it is a case.
type cell struct {
	x      float64
	isCase bool
}

// bestSplit scans the thresholds of column j, sorted, between distinct
// values.
func bestSplit(col []cell, j, cases int) Split {
	n, non := len(col), len(col)-cases
	best := Split{Param: j, Accuracy: 0.5, Threshold: col[0].x, Above: true}
	below := 0 // cases at or below the cut
	for k := 0; k < n-1; k++ {
		if col[k].isCase {
			below++
		}
		lo, hi := col[k].x, col[k+1].x
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
