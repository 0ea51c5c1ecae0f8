package analysis

import (
	"slices"
	"strings"

	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/scenario"
)

// OverridesOf lists the parameters and the multipliers of literal numbers
// v pins, sorted by name (nil when none): brief.OverridesOf's parameters,
// and each pinned multiplier with default 1 and, as its range, the range
// its draws would cover.
func OverridesOf(m *scenario.Model, v scenario.Values) []brief.Override {
	out := brief.OverridesOf(m.Scenario, v)
	for name, x := range v {
		g, ok := m.Multiplier(name)
		if !ok {
			continue
		}
		lo, hi := g.Low(), g.High()
		out = append(out, brief.Override{Name: name, Value: x, Default: 1, Range: []float64{lo, hi}, OutsideRange: x < lo || x > hi})
	}
	slices.SortFunc(out, func(a, b brief.Override) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// pinLiterals records the multipliers v pins in b: among the overrides, and
// out of the multipliers the draws scale.
func pinLiterals(b *brief.Brief, m *scenario.Model, v scenario.Values) {
	b.Overrides = OverridesOf(m, v)
	if b.Uncertainty == nil || b.Uncertainty.Literals == nil {
		return
	}
	l := b.Uncertainty.Literals
	l.Multipliers = slices.DeleteFunc(l.Multipliers, func(g scenario.Multiplier) bool {
		_, pinned := v[g.ID]
		return pinned
	})
}
