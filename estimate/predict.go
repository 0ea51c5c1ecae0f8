package estimate

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
)

// Prediction holds fitted probabilities for a set of observations.
type Prediction struct {
	// Rows are the data rows predicted (0-based).
	Rows []int `json:"rows"`
	// Outcomes labels the outcome columns; Outcome[i][k] is the
	// probability of outcome k for row i.
	Outcomes []string    `json:"outcomes"`
	Outcome  [][]float64 `json:"outcome"`
	// Moves labels the moves; Action[i][m] is the probability that the
	// mover of move m takes its second action (R), given that it is
	// reached.
	Moves  []string    `json:"moves"`
	Action [][]float64 `json:"action"`
}

// Predict returns the outcome and action probabilities the fit implies for
// the rows of d (nil: the data the model was fitted on) that have every
// covariate. Tree models only.
func (f *Fit) Predict(d *Data) (*Prediction, error) {
	tp, ok := f.b.prob.(*treeProblem)
	if !ok {
		return nil, fmt.Errorf("estimate: predictions are available for tree models, not %s", f.Spec.Model)
	}
	fr := f.b.frame
	p := tp
	if d != nil {
		var err error
		if fr, err = f.newdataFrame(d); err != nil {
			return nil, err
		}
		q := *tp
		q.y = make([]int, len(fr.rows))
		q.eqs = nil
		for _, eq := range f.b.eqs {
			dz, err := fr.design(eq)
			if err != nil {
				return nil, err
			}
			q.eqs = append(q.eqs, dz)
		}
		p = &q
	}
	out := &Prediction{Rows: slices.Clone(fr.rows), Outcomes: f.Outcomes}
	out.Outcome, out.Action = p.probs(f.Estimate)
	for n, node := range tp.tree.Nodes {
		if node.Player >= 0 {
			out.Moves = append(out.Moves, fmt.Sprintf("player %s at node %d", tp.tree.Players[node.Player], n+1))
		}
	}
	return out, nil
}

// newdataFrame selects the rows of d with every covariate of the fit and
// codes categorical covariates with the fit's levels.
func (f *Fit) newdataFrame(d *Data) (*frame, error) {
	var covs []string
	for _, v := range f.b.vars {
		if !slices.Contains(f.responses(), v) {
			covs = append(covs, v)
		}
	}
	fr, _, err := newFrame(d, covs, nil)
	if err != nil {
		return nil, err
	}
	for name, levs := range f.b.frame.levels {
		c, err := d.Column(name)
		if err != nil {
			return nil, err
		}
		for _, r := range fr.rows {
			if !slices.Contains(levs, c.Str[r]) {
				return nil, fmt.Errorf("%s: %q has the value %q, not among the levels %v seen in fitting", d.row(r), name, c.Str[r], levs)
			}
		}
		if !c.Factor {
			return nil, fmt.Errorf("%s: column %q was categorical in fitting but is numeric here", d.Name, name)
		}
		fr.levels[name] = levs
	}
	return fr, nil
}

func (f *Fit) responses() []string {
	pf, err := ParseFormula(f.Spec.Formula)
	if err != nil {
		return nil
	}
	return pf.Responses
}

// Curve is a predProbs-style comparative static: outcome probabilities as
// one covariate varies and the others stay at a typical value.
type Curve struct {
	Variable string `json:"variable"`
	// Profile holds the typical value of every variable of the model (the
	// mean of numeric variables, the median of 0/1 variables, the mode of
	// categorical ones, as games' predProbs takes them).
	Profile  map[string]string `json:"profile"`
	Values   []string          `json:"values"`
	Outcomes []string          `json:"outcomes"`
	Prob     [][]float64       `json:"prob"`
}

// PredProbs returns the outcome probabilities over n evenly spaced values
// of the numeric covariate x between its minimum and maximum in the fitted
// data (0 and 1 for a 0/1 variable, every level for a categorical one), the
// other variables held at their typical values.
func (f *Fit) PredProbs(x string, n int) (*Curve, error) {
	fr := f.b.frame
	if !slices.Contains(f.b.vars, x) {
		return nil, fmt.Errorf("estimate: %q is not a variable of the model (%v)", x, f.b.vars)
	}
	if n < 2 {
		n = 100
	}
	c := &Curve{Variable: x, Profile: map[string]string{}, Outcomes: f.Outcomes}
	for _, v := range f.b.vars {
		col, _ := fr.data.Column(v)
		c.Profile[v] = typical(col, fr.rows)
	}
	col, _ := fr.data.Column(x)
	switch {
	case col.Factor:
		c.Values = fr.levels[x]
	case isBinary(col, fr.rows):
		c.Values = []string{"0", "1"}
	default:
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, r := range fr.rows {
			lo, hi = math.Min(lo, col.Num[r]), math.Max(hi, col.Num[r])
		}
		for i := range n {
			v := lo + float64(i)*(hi-lo)/float64(n-1)
			if i == n-1 {
				v = hi
			}
			c.Values = append(c.Values, strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	grid := &Data{Name: "predProbs profile"}
	for _, v := range f.b.vars {
		gc := &Column{Name: v}
		src, _ := fr.data.Column(v)
		for _, val := range c.Values {
			s := c.Profile[v]
			if v == x {
				s = val
			}
			gc.Str = append(gc.Str, s)
			gc.Missing = append(gc.Missing, false)
		}
		gc.classify()
		if src.Factor {
			gc.Factor, gc.Num = true, nil
		}
		grid.Columns = append(grid.Columns, gc)
	}
	for i := range c.Values {
		grid.Lines = append(grid.Lines, i+1)
	}
	pred, err := f.Predict(grid)
	if err != nil {
		return nil, err
	}
	c.Prob = pred.Outcome
	return c, nil
}

func isBinary(c *Column, rows []int) bool {
	if c.Factor {
		return false
	}
	for _, r := range rows {
		if v := c.Num[r]; v != 0 && v != 1 {
			return false
		}
	}
	return true
}

// typical returns the mean of a numeric column, the median of a 0/1
// column and the mode (the first most frequent value) of a categorical
// column, over rows.
func typical(c *Column, rows []int) string {
	switch {
	case c.Factor:
		count := map[string]int{}
		best, bestN := "", 0
		for _, r := range rows {
			count[c.Str[r]]++
		}
		for _, r := range rows {
			if n := count[c.Str[r]]; n > bestN {
				best, bestN = c.Str[r], n
			}
		}
		return best
	case isBinary(c, rows):
		v := make([]float64, len(rows))
		for i, r := range rows {
			v[i] = c.Num[r]
		}
		sort.Float64s(v)
		m := v[len(v)/2]
		if len(v)%2 == 0 {
			m = (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		return strconv.FormatFloat(m, 'g', -1, 64)
	}
	s := 0.0
	for _, r := range rows {
		s += c.Num[r]
	}
	return strconv.FormatFloat(s/float64(len(rows)), 'g', -1, 64)
}
