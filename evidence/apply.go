package evidence

import (
	"fmt"
	"math"
	"slices"

	"github.com/tablero-project/tablero/scenario"
)

// Apply returns the scenario with the parameter observations among obs
// applied in order (a later measurement of a parameter replaces an earlier
// one), or s itself when there are none. A value with an sd makes the
// parameter normal(value, sd), truncated to its declared range (to [0, 1]
// for a probability without one); a value alone fixes it; a range makes it
// uniform over the range's intersection with the declared one and clamps
// the default into it. The value (or the clamped default) becomes the
// default the point estimate uses. obs must be canonical.
func Apply(s *scenario.Scenario, obs []scenario.Observation) *scenario.Scenario {
	if !slices.ContainsFunc(obs, func(o scenario.Observation) bool { return o.Kind() == scenario.KindParameter }) {
		return s
	}
	c := *s
	c.Parameters = slices.Clone(s.Parameters)
	for _, o := range obs {
		if o.Kind() != scenario.KindParameter {
			continue
		}
		i := slices.IndexFunc(c.Parameters, func(p scenario.Param) bool { return p.ID == o.Parameter })
		if i >= 0 {
			c.Parameters[i] = measure(s.Parameters[i], o)
		}
	}
	return &c
}

// measure applies one measurement to the parameter as the scenario
// declares it.
func measure(p scenario.Param, o scenario.Observation) scenario.Param {
	lo, hi := math.Inf(-1), math.Inf(1)
	if len(p.Range) == 2 {
		lo, hi = p.Range[0], p.Range[1]
	} else if p.Unit == "probability" {
		lo, hi = 0, 1
	}
	p.Note = fmt.Sprintf("observed %s (%s)", o.ID, o.Source)
	switch {
	case o.Value != nil && o.SD != nil:
		p.Default = *o.Value
		p.Range = nil
		d := &scenario.Distribution{Kind: "normal", Mean: ptr(*o.Value), SD: ptr(*o.SD)}
		if !math.IsInf(lo, 0) {
			d.Low = ptr(lo)
		}
		if !math.IsInf(hi, 0) {
			d.High = ptr(hi)
		}
		p.Distribution = d
	case o.Value != nil:
		p.Default = *o.Value
		p.Distribution = &scenario.Distribution{Kind: "fixed", Value: ptr(*o.Value)}
	default:
		a, b := math.Max(lo, o.Range[0]), math.Min(hi, o.Range[1])
		p.Default = math.Min(math.Max(p.Default, a), b)
		p.Range = []float64{a, b}
		p.Distribution = nil
	}
	return p
}

func ptr(x float64) *float64 { return &x }

// Model compiles Apply's scenario, or returns m when obs measures no
// parameter.
func Model(m *scenario.Model, obs []scenario.Observation) (*scenario.Model, error) {
	s := Apply(m.Scenario, obs)
	if s == m.Scenario {
		return m, nil
	}
	pm, err := scenario.Compile(s)
	if err != nil {
		return nil, fmt.Errorf("evidence: the scenario with the measured parameters: %w", err)
	}
	return pm, nil
}
