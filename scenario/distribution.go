package scenario

import (
	"errors"
	"fmt"
	"math"

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
			return nil, errNoKind
		}
		dp = d.params()
	}
	return uncertain.ParamDist(p.Default, p.Range, kind, dp)
}

var errNoKind = errors.New("distribution needs a kind: fixed, uniform, triangular, pert, normal, lognormal, beta or discrete")

// params returns d's numbers as the uncertainty engine takes them.
func (d Distribution) params() uncertain.DistParams {
	return uncertain.DistParams{Value: d.Value, Low: d.Low, High: d.High, Mode: d.Mode, Mean: d.Mean, SD: d.SD,
		Alpha: d.Alpha, Beta: d.Beta, Values: d.Values, Probs: d.Probs}
}

// MultiplierDist returns d as the distribution of a multiplier of literal
// numbers (see Multiplier). A multiplier scales numbers and must not flip
// their sign, so d may not draw below 0; fixed takes 1 only (the listed
// values, not sampled: pinning a multiplier to another value is an
// override).
func (d Distribution) MultiplierDist() (uncertain.Dist, error) {
	if d.Kind == "" {
		return nil, errNoKind
	}
	u, err := uncertain.NewDist(d.Kind, d.params())
	if err != nil {
		return nil, err
	}
	if d.Kind == "fixed" && *d.Value != 1 {
		return nil, fmt.Errorf("%v: a multiplier held fixed stays at 1, the listed values; to scale them by %g in every draw, pin the multiplier instead (--set, overrides)", u, *d.Value)
	}
	if lo := u.Quantile(0); lo < 0 {
		return nil, fmt.Errorf("%v draws negative multipliers (its support reaches %g; P(below 0) = %.3g), which would flip the sign of the numbers it scales: a multiplier must be ≥ 0; truncate it at 0 (e.g. normal(1,0.2,0,2)) or use lognormal",
			u, lo, u.CDF(math.Nextafter(0, math.Inf(-1))))
	}
	return u, nil
}

// Uncertain reports whether the parameter varies in uncertainty analysis:
// it has a range or a distribution other than a fixed value.
func (p Param) Uncertain() bool {
	if d := p.Distribution; d != nil {
		return d.Kind != "fixed"
	}
	return len(p.Range) == 2 && p.Range[0] < p.Range[1]
}
