package scenario

import (
	"errors"

	"github.com/tablero-project/tablero/uncertain"
)

// Dist returns the parameter's distribution for uncertainty analysis: its
// distribution when it has one, else uniform over its range, else fixed at
// its default.
func (p Param) Dist() (uncertain.Dist, error) {
	kind := ""
	var dp uncertain.DistParams
	if d := p.Distribution; d != nil {
		kind = d.Kind
		if kind == "" {
			return nil, errors.New("distribution needs a kind: fixed, uniform, triangular, pert, normal, lognormal, beta or discrete")
		}
		dp = uncertain.DistParams{Value: d.Value, Low: d.Low, High: d.High, Mode: d.Mode, Mean: d.Mean, SD: d.SD,
			Alpha: d.Alpha, Beta: d.Beta, Values: d.Values, Probs: d.Probs}
	}
	return uncertain.ParamDist(p.Default, p.Range, kind, dp)
}

// Uncertain reports whether the parameter varies in uncertainty analysis:
// it has a range or a distribution other than a fixed value.
func (p Param) Uncertain() bool {
	if d := p.Distribution; d != nil {
		return d.Kind != "fixed"
	}
	return len(p.Range) == 2 && p.Range[0] < p.Range[1]
}
