package equilibrium

import (
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/scenario"
)

// Prob is the probability of a named event. With Monte Carlo, Probability
// is the mean over the draws, Low and High bound its confidence interval,
// P05 and P95 give the spread over the parameters' uncertainty, and
// AtDefaults is the value at the parameters' defaults.
type Prob struct {
	Name        string   `json:"name"`
	Label       string   `json:"label"`
	Probability float64  `json:"probability"`
	Low         *float64 `json:"low,omitempty"`
	High        *float64 `json:"high,omitempty"`
	P05         *float64 `json:"p05,omitempty"`
	P95         *float64 `json:"p95,omitempty"`
	AtDefaults  *float64 `json:"at_defaults,omitempty"`
}

// Fact is something an actor knows: a move's action or its own type.
type Fact struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Events sums the realisation probabilities reach of m's leaves into the
// probabilities of its scenarios and results under mapping mi, and of its
// outcomes.
func Events(m *scenario.Model, mi int, reach []float64) (scenarios, results, outcomes []Prob) {
	s := m.Scenario
	scenarios = make([]Prob, len(s.Scenarios))
	for i, l := range s.Scenarios {
		scenarios[i] = Prob{Name: l.ID, Label: l.Label}
	}
	results = make([]Prob, len(s.Results))
	for i, l := range s.Results {
		results[i] = Prob{Name: l.ID, Label: l.Label}
	}
	outcomes = make([]Prob, len(s.Outcomes))
	for i, o := range s.Outcomes {
		outcomes[i] = Prob{Name: o.ID, Label: o.Label}
	}
	for _, lf := range m.Leaves() {
		p := reach[lf.Node]
		scenarios[lf.Scenario[mi]].Probability += p
		results[lf.Result[mi]].Probability += p
		outcomes[lf.Outcome].Probability += p
	}
	return scenarios, results, outcomes
}

// HiddenOutcomes lists the indices of m's hidden outcomes.
func HiddenOutcomes(m *scenario.Model) []int {
	var out []int
	for i, o := range m.Scenario.Outcomes {
		if o.Hidden {
			out = append(out, i)
		}
	}
	return out
}

// HiddenProbs sums, per result under mapping mi, the realisation
// probabilities of the leaves whose outcome is hidden.
func HiddenProbs(m *scenario.Model, mi int, reach []float64) []float64 {
	out := make([]float64, len(m.Scenario.Results))
	for _, lf := range m.Leaves() {
		if m.Scenario.Outcomes[lf.Outcome].Hidden {
			out[lf.Result[mi]] += reach[lf.Node]
		}
	}
	return out
}

// NonZero returns the events of ps with a positive probability.
func NonZero(ps []Prob) []Prob {
	var out []Prob
	for _, p := range ps {
		if p.Probability > 1e-12 {
			out = append(out, p)
		}
	}
	return out
}

// typeLabel names an actor's type, e.g. "H (resolved: ...)".
func typeLabel(s *scenario.Scenario, actor int, typ string) string {
	for _, t := range s.Actors[actor].Types {
		if t.ID == typ {
			return t.Label
		}
	}
	return ""
}

// reachOf sums the realisation probabilities of an information set's nodes.
func reachOf(set *game.Infoset, reach []float64) float64 {
	r := 0.0
	for _, n := range set.Members {
		r += reach[n.Index]
	}
	return r
}

func moveIndex(s *scenario.Scenario, id string) int {
	for i, mv := range s.Moves {
		if mv.ID == id {
			return i
		}
	}
	return -1
}
