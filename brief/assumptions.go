package brief

import (
	"fmt"
	"math"
	"slices"

	"github.com/tablero-project/tablero/scenario"
)

// Assumption is an input number of the analysis with its provenance.
type Assumption struct {
	ID         string    `json:"id"`
	Label      string    `json:"label"`
	Value      float64   `json:"value"`
	Default    *float64  `json:"default,omitempty"`
	Range      []float64 `json:"range,omitempty"`
	Formula    string    `json:"formula,omitempty"`
	Unit       string    `json:"unit,omitempty"`
	Provenance string    `json:"provenance"`
	Refs       []string  `json:"refs,omitempty"`
	Reference  string    `json:"reference,omitempty"`
	Note       string    `json:"note,omitempty"`
}

// assumptions lists the parameters, the derived values, the groups of
// literal numbers (attribute scores, weights) and the signposts'
// likelihoods, with their provenance.
func assumptions(m *scenario.Model, in *scenario.Instance) []Assumption {
	s := m.Scenario
	var out []Assumption
	for _, p := range s.Parameters {
		d := p.Default
		out = append(out, Assumption{ID: p.ID, Label: p.Label, Value: in.Env[p.ID], Default: &d, Range: p.Range,
			Unit: p.Unit, Provenance: p.Provenance, Refs: p.Refs, Reference: p.Reference, Note: p.Note})
	}
	for _, d := range s.Derived {
		out = append(out, Assumption{ID: d.ID, Label: d.Label, Value: in.Env[d.ID], Formula: d.Formula.Src,
			Provenance: "derived", Refs: d.Refs, Note: d.Note})
	}
	for _, a := range s.Attributes {
		out = append(out, group("scores:"+a.ID, "Outcome scores on "+a.Label, a.Provenance, a.Uncertainty, a.UncertaintyDistribution, a.Refs))
	}
	for _, a := range s.Actors {
		out = append(out, group("weights:"+a.ID, "Weights of "+a.Name, a.Provenance, a.Uncertainty, a.UncertaintyDistribution, a.Refs))
	}
	for _, sp := range s.Signposts {
		for j, l := range sp.Likelihoods {
			when := l.When.Src
			if when == "" {
				when = "otherwise"
			}
			out = append(out, Assumption{ID: fmt.Sprintf("likelihood:%s:%d", sp.ID, j+1), Label: fmt.Sprintf("P(%s) when %s", sp.Label, when),
				Value: l.P, Range: l.Range, Unit: "probability", Provenance: sp.Provenance, Refs: append(slices.Clone(sp.Refs), l.Refs...), Note: l.Note})
		}
	}
	return out
}

// group describes a set of literal numbers sharing provenance and a
// relative uncertainty: a half-width unc, or the distribution d of their
// multiplier (its range is then the support, when bounded, and the note
// names the distribution).
func group(id, label, prov string, unc float64, d *scenario.Distribution, refs []string) Assumption {
	a := Assumption{ID: id, Label: label, Provenance: prov, Refs: refs}
	switch {
	case d != nil && d.Kind != "fixed":
		u, err := d.MultiplierDist()
		if err != nil {
			break // not from a compiled scenario
		}
		if lo, hi := u.Quantile(0), u.Quantile(1); !math.IsInf(lo, 0) && !math.IsInf(hi, 0) {
			a.Range = []float64{lo, hi}
		}
		a.Unit = "multiple of each listed value"
		a.Note = fmt.Sprintf("multiplier ~ %v", u)
	case d == nil && unc > 0:
		a.Range = []float64{1 - unc, 1 + unc}
		a.Unit = "multiple of each listed value"
	}
	return a
}
