package brief

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/internal/english"
	"github.com/tablero-project/tablero/scenario"
)

// Override is a parameter the run pinned to a value: the point estimate and
// every Monte Carlo draw use Value, so the parameter's declared uncertainty
// no longer enters the intervals.
type Override struct {
	Name    string  `json:"name"`
	Value   float64 `json:"value"`
	Default float64 `json:"default"`
	// Range is the parameter's declared range, when it has one.
	Range []float64 `json:"range,omitempty"`
	// OutsideRange is true when Value lies outside Range: the model was not
	// calibrated there.
	OutsideRange bool `json:"outside_range"`
}

// Warning says why an override outside its declared range is doubtful
// ("" when it is inside).
func (o Override) Warning() string {
	if !o.OutsideRange {
		return ""
	}
	return fmt.Sprintf("%s = %g lies outside its declared range [%g, %g]", o.Name, o.Value, o.Range[0], o.Range[1])
}

// OverridesOf lists the parameters and the multipliers of literal numbers
// v pins, sorted by name (nil when none). A pinned multiplier has default
// 1 and, as its range, the range its draws would cover (none when its
// distribution is unbounded).
func OverridesOf(m *scenario.Model, v scenario.Values) []Override {
	var out []Override
	for _, p := range m.Scenario.Parameters {
		x, ok := v[p.ID]
		if !ok {
			continue
		}
		o := Override{Name: p.ID, Value: x, Default: p.Default}
		if len(p.Range) == 2 {
			o.Range = []float64{p.Range[0], p.Range[1]}
			o.OutsideRange = x < p.Range[0] || x > p.Range[1]
		}
		out = append(out, o)
	}
	for _, g := range m.Multipliers() {
		x, ok := v[g.ID]
		if !ok {
			continue
		}
		o := Override{Name: g.ID, Value: x, Default: 1}
		if lo, hi, ok := support(g); ok {
			o.Range = []float64{lo, hi}
			o.OutsideRange = x < lo || x > hi
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b Override) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// support returns the range a multiplier's draws cover, and whether it is
// bounded.
func support(g scenario.Multiplier) (lo, hi float64, ok bool) {
	if d := g.Distribution; len(g.Range) == 2 || d == nil || d.Kind == "uniform" {
		return g.Low(), g.High(), true // the ends of a uniform draw, exactly as declared
	}
	d, err := g.Dist()
	if err != nil {
		return 0, 0, false
	}
	lo, hi = d.Quantile(0), d.Quantile(1)
	return lo, hi, !math.IsInf(lo, 0) && !math.IsInf(hi, 0)
}

// Warnings are the brief's warnings about its own inputs: overrides
// outside their declared ranges, parameters with no effect on the headline.
func (b *Brief) Warnings() []string {
	var w []string
	for _, o := range b.Overrides {
		if s := o.Warning(); s != "" {
			w = append(w, s)
		}
	}
	if b.Uncertainty != nil {
		for _, r := range b.Uncertainty.NoEffect() {
			w = append(w, r.Param+" has no effect on any probability of the game"+enters(r))
		}
	}
	return w
}

// pointName names the point estimate: the defaults, or the defaults with
// the overrides.
func (b *Brief) pointName() string {
	if len(b.Overrides) > 0 {
		return "at the overrides"
	}
	return "at the defaults"
}

// overridesMD lists the overrides, with their warnings, and the replaced
// uncertainties.
func (b *Brief) overridesMD(p *printer) {
	defer b.replacedMD(p)
	if len(b.Overrides) == 0 {
		return
	}
	names := make([]string, len(b.Overrides))
	for i, o := range b.Overrides {
		names[i] = o.Name
	}
	p.f("**Overrides.** This run pins %s, in the point estimate and in every draw (their uncertainty is left out):\n\n", countInputs(names))
	for _, o := range b.Overrides {
		p.f("- `%s` = %g (default %g)", o.Name, o.Value, o.Default)
		if w := o.Warning(); w != "" {
			p.f(" — **warning:** %s", w)
		}
		p.f("\n")
	}
	p.f("\n")
}

// countInputs counts named inputs as "2 parameters and 1 multiplier":
// multipliers of literal numbers are named kind:id, parameters never hold
// a colon.
func countInputs(names []string) string {
	var params, mults int
	for _, n := range names {
		if strings.Contains(n, ":") {
			mults++
		} else {
			params++
		}
	}
	var parts []string
	if params > 0 {
		parts = append(parts, english.Count(params, "parameter"))
	}
	if mults > 0 {
		parts = append(parts, english.Count(mults, "multiplier"))
	}
	return strings.Join(parts, " and ")
}
