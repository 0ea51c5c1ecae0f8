package draws

import (
	"slices"
	"strings"

	"github.com/tablero-project/tablero/scenario"
)

// Literals says how the uncertainty analysis treated the literal scores
// and weights whose relative uncertainty the scenario declares (the
// "multiple of each listed value" rows of the assumptions).
type Literals struct {
	// Scores and Weights are the sampling modes: per_dimension,
	// independent or fixed.
	Scores  string `json:"scores"`
	Weights string `json:"weights"`
	// Multipliers are the groups the draws scale, each uniformly over
	// [max(0, 1 − half width), 1 + half width] unless its distribution
	// (declared by the scenario, or replacing the declared one) or its
	// range says otherwise.
	Multipliers []scenario.Multiplier `json:"multipliers,omitempty"`
	// Fixed lists the groups declared uncertain that the draws leave at
	// their listed values ("scores:sov", "weights:US"): their uncertainty
	// is not in the intervals.
	Fixed []string `json:"fixed,omitempty"`
}

// literals describes the sampling of m's literal numbers. The multipliers
// in pinned are left out of those the draws scale: an override fixes them
// in every draw; so are those a fixed distribution replacement holds at 1.
func literals(m *scenario.Model, pinned scenario.Values) *Literals {
	s := m.Scenario
	l := &Literals{Multipliers: slices.DeleteFunc(m.Multipliers(), func(g scenario.Multiplier) bool {
		_, ok := pinned[g.ID]
		return ok || !g.Uncertain()
	})}
	l.Scores, l.Weights = s.LiteralModes()
	if l.Scores == scenario.Fixed {
		for _, a := range s.Attributes {
			if a.UncertainLiterals() {
				l.Fixed = append(l.Fixed, "scores:"+a.ID)
			}
		}
	}
	if l.Weights == scenario.Fixed {
		for _, a := range s.Actors {
			if a.UncertainLiterals() {
				l.Fixed = append(l.Fixed, "weights:"+a.ID)
			}
		}
	}
	return l
}

// IsMultiplier reports whether an uncertain input is a multiplier of
// literal numbers rather than a parameter.
func IsMultiplier(name string) bool {
	return strings.HasPrefix(name, "scores:") || strings.HasPrefix(name, "weights:")
}

// Count returns the number of multipliers of each kind.
func (l *Literals) Count() (scores, weights int) {
	for _, g := range l.Multipliers {
		if strings.HasPrefix(g.ID, "scores:") {
			scores++
		} else {
			weights++
		}
	}
	return scores, weights
}
