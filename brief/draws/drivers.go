package draws

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

// MaxTargetDraws bounds the draws kept in memory for the regimes of every
// scenario and result (switch and PRIM box): with more draws only their
// shapes, from the histograms, and the tornado and Sobol drivers are
// reported, unless the rows are kept anyway (prim, CSV export).
const MaxTargetDraws = 20000

// RegimeDensity is the share of cases a PRIM box of a regime must hold
// (more when cases are common: halfway from their share to 1).
const RegimeDensity = 0.6

// RegimeParams is the number of parameters a regime's PRIM box may
// restrict: those whose single threshold best separates the cases.
const RegimeParams = 4

// Target is what drives one scenario's or result's probability, from the
// one tornado, Sobol and Monte Carlo run of the brief: no analysis is
// re-run per target.
type Target struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"` // "scenario" or "result"
	Label string `json:"label"`
	// Output indexes Uncertainty.Outputs and Sobol.Outputs.
	Output int `json:"output"`
	// Drivers are the three largest tornado swings of the probability.
	Drivers []uncertain.TornadoBar `json:"drivers,omitempty"`
	// Sobol lists the three largest total Sobol indices (with sobol).
	Sobol []SobolShare `json:"sobol,omitempty"`
	// Shape is the bimodality check of the probability over the draws.
	Shape *uncertain.Modality `json:"shape,omitempty"`
	// Regime says where in parameter space the probability is high.
	Regime *Regime `json:"regime,omitempty"`
}

// SobolShare is one parameter's Sobol indices for a target.
type SobolShare struct {
	Param string  `json:"param"`
	First float64 `json:"first"`
	Total float64 `json:"total"`
}

// Regime describes the draws where a target's probability is high: the
// upper mode of a bimodal probability (above the antimode), else the top
// fifth of the draws.
type Regime struct {
	// Case: a draw is a case when the probability is at least this.
	Case float64 `json:"case"`
	// Basis is "antimode" or "p80" (the draws' 80th percentile).
	Basis string `json:"basis"`
	// Share is the share of the draws that are cases.
	Share float64 `json:"share"`
	// Switch is the one parameter whose threshold best tells cases from
	// the other draws.
	Switch *Switch `json:"switch,omitempty"`
	// Box is PRIM's first box, when it reaches its density threshold.
	Box *RegimeBox `json:"box,omitempty"`
}

// Switch is a one-parameter rule for a regime: cases lie above (or below)
// Threshold, with the given balanced accuracy.
type Switch struct {
	Param     string  `json:"param"`
	Threshold float64 `json:"threshold"`
	Above     bool    `json:"above"`
	Accuracy  float64 `json:"balanced_accuracy"`
}

// RegimeBox is a PRIM box in words: the limits it puts on parameters,
// with its coverage (share of the cases inside), density (share of the
// draws inside that are cases) and mass (share of all draws inside).
type RegimeBox struct {
	Coverage float64 `json:"coverage"`
	Density  float64 `json:"density"`
	Mass     float64 `json:"mass"`
	Limits   []Limit `json:"limits"`
}

// Limit bounds one parameter in a box: Low < x, x < High (either may be
// absent: no limit on that side).
type Limit struct {
	Param string   `json:"param"`
	Low   *float64 `json:"low,omitempty"`
	High  *float64 `json:"high,omitempty"`
}

// targets computes the Target of every scenario and result.
func (u *Uncertainty) targets(m *scenario.Model) ([]Target, error) {
	s := m.Scenario
	var out []Target
	add := func(kind string, ls []scenario.Label, offset int) error {
		for i, l := range ls {
			t := Target{Name: l.ID, Kind: kind, Label: l.Label, Output: offset + i}
			if err := u.target(&t); err != nil {
				return fmt.Errorf("drivers of %s: %w", l.ID, err)
			}
			out = append(out, t)
		}
		return nil
	}
	if err := add("scenario", s.Scenarios, 0); err != nil {
		return nil, err
	}
	if err := add("result", s.Results, len(s.Scenarios)); err != nil {
		return nil, err
	}
	return out, nil
}

func (u *Uncertainty) target(t *Target) error {
	if u.tornado != nil {
		bars := u.tornado.Bars(t.Output)
		t.Drivers = bars[:min(3, len(bars))]
	}
	if u.Sobol != nil {
		t.Sobol = topSobol(u.Sobol, t.Output)
	}
	if u.partial == nil {
		return nil
	}
	shape := u.partial.Bimodality(t.Output)
	t.Shape = &shape
	rows := u.partial.Rows()
	if len(rows) == 0 {
		return nil
	}
	r := &Regime{Basis: "p80", Case: u.partial.Percentile(t.Output, 0.8)}
	if shape.Bimodal {
		r.Basis, r.Case = "antimode", shape.Antimode
	}
	x := make([][]float64, len(rows))
	y := make([]float64, len(rows))
	cases := make([]bool, len(rows))
	for i, row := range rows {
		x[i] = row.X
		if cases[i] = row.Y[t.Output] >= r.Case; cases[i] {
			y[i] = 1
			r.Share++
		}
	}
	r.Share /= float64(len(rows))
	t.Regime = r
	if r.Share < 0.02 || r.Share > 0.98 {
		return nil // hardly any draw differs: nothing to explain
	}
	sp := uncertain.Splits(x, cases)
	if len(sp) == 0 {
		return nil
	}
	r.Switch = &Switch{Param: u.Params[sp[0].Param], Threshold: sp[0].Threshold, Above: sp[0].Above, Accuracy: sp[0].Accuracy}
	// PRIM over the few parameters that separate cases best on their own:
	// over all of them it peels a little off every dimension of noisy
	// data, and a box with twenty limits explains nothing.
	var cols []int
	var names []string
	for _, s := range sp[:min(RegimeParams, len(sp))] {
		if s.Accuracy >= 0.6 {
			cols, names = append(cols, s.Param), append(names, u.Params[s.Param])
		}
	}
	if len(cols) == 0 {
		return nil
	}
	xs := make([][]float64, len(x))
	for i, row := range x {
		xs[i] = make([]float64, len(cols))
		for k, j := range cols {
			xs[i][k] = row[j]
		}
	}
	res, err := uncertain.PRIM(xs, y, uncertain.PrimOptions{Threshold: math.Max(RegimeDensity, (1+r.Share)/2)})
	if err != nil {
		return err
	}
	if len(res.Boxes) > 0 && res.Boxes[0].MeetsThreshold {
		r.Box = prune(regimeBox(res, names), names, xs, y)
	}
	return nil
}

// PruneLoss is the largest loss of density pruning may cost.
const PruneLoss = 0.02

// prune drops the limits of a box that barely matter. One at a time, the limit whose removal lowers the
// box's density least goes, while the density stays within PruneLoss of
// the unpruned box's; the box's statistics are then recomputed.
func prune(b *RegimeBox, names []string, x [][]float64, y []float64) *RegimeBox {
	col := map[string]int{}
	for j, n := range names {
		col[n] = j
	}
	stats := func(ls []Limit) (coverage, density, mass float64) {
		var in, hit, total float64
		for i, row := range x {
			total += y[i]
			if inside(row, ls, col) {
				in++
				hit += y[i]
			}
		}
		if in == 0 || total == 0 {
			return 0, 0, 0
		}
		return hit / total, hit / in, in / float64(len(x))
	}
	_, density, _ := stats(b.Limits) // the losses add up against this
	for len(b.Limits) > 0 {
		best, bestD := -1, math.Inf(-1)
		for k := range b.Limits {
			_, d, _ := stats(slices.Delete(slices.Clone(b.Limits), k, k+1))
			if d > bestD {
				best, bestD = k, d
			}
		}
		if density-bestD > PruneLoss {
			break
		}
		b.Limits = slices.Delete(b.Limits, best, best+1)
	}
	b.Coverage, b.Density, b.Mass = stats(b.Limits)
	return b
}

// inside reports whether a draw lies within the limits (inclusive).
func inside(row []float64, ls []Limit, col map[string]int) bool {
	for _, l := range ls {
		v := row[col[l.Param]]
		if l.Low != nil && v < *l.Low || l.High != nil && v > *l.High {
			return false
		}
	}
	return true
}

// topSobol returns the three largest total Sobol indices of output o.
func topSobol(s *uncertain.SobolResult, o int) []SobolShare {
	idx := s.Outputs[o]
	out := make([]SobolShare, len(s.Params))
	for i, name := range s.Params {
		out[i] = SobolShare{Param: name, First: idx.S1[i], Total: idx.ST[i]}
	}
	slices.SortStableFunc(out, func(a, b SobolShare) int { return cmp.Compare(b.Total, a.Total) })
	return out[:min(3, len(out))]
}

// regimeBox turns PRIM's first box into limits on the parameters it
// restricts.
func regimeBox(res *uncertain.PrimResult, names []string) *RegimeBox {
	st := res.Boxes[0].Box()
	b := &RegimeBox{Coverage: st.Coverage, Density: st.Density, Mass: st.Mass, Limits: []Limit{}}
	for j, restricted := range st.Restricted {
		if !restricted {
			continue
		}
		l := Limit{Param: names[j]}
		if st.Lo[j] > res.Lo[j] {
			lo := st.Lo[j]
			l.Low = &lo
		}
		if st.Hi[j] < res.Hi[j] {
			hi := st.Hi[j]
			l.High = &hi
		}
		b.Limits = append(b.Limits, l)
	}
	return b
}
