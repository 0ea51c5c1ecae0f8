package report

import (
	"fmt"

	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/chart"
	"github.com/tablero-project/tablero/evidence"
)

// priorPosterior is the legend of the evidence charts.
var priorPosterior = []string{"before the evidence", "after the evidence"}

// evidenceFigures draws what the observations did: every actor's types,
// the results and the scenarios before and after. Nil without evidence.
func evidenceFigures(b *brief.Brief) []Figure {
	e := b.Evidence
	if e == nil {
		return nil
	}
	desc := fmt.Sprintf("Probabilities before and after the %d observations, at the parameters' defaults.", len(e.Observations))
	if e.Draws != nil {
		desc = fmt.Sprintf("Means over %d draws before and after the %d observations (the posterior weights the prior draws by the probability of the evidence; %.0f effective draws); whiskers show the 95%% interval.",
			e.Draws.Draws, len(e.Observations), e.Draws.EffectiveDraws)
	}
	shifts := func(id, title string, ss []brief.Shift) Figure {
		c := shiftBars(id, title, desc)
		for _, s := range ss {
			c.Rows = append(c.Rows, chart.BarRow{Label: s.Label, Values: []chart.Value{{V: s.Prior, Low: s.PriorLow, High: s.PriorHigh}, {V: s.Posterior, Low: s.Low, High: s.High}}})
		}
		return Figure{id, c}
	}
	types := shiftBars("evidence-types", "Each actor's type before and after the evidence", desc)
	for _, t := range e.Types {
		types.Rows = append(types.Rows, chart.BarRow{Label: actorType(t.Actor, t.Type) + typeLabel(t.Label), Values: []chart.Value{{V: t.Prior}, {V: t.Posterior, Low: t.Low, High: t.High}}})
	}
	return []Figure{{"evidence-types", types},
		shifts("evidence-results", "Each result before and after the evidence", e.Results),
		shifts("evidence-scenarios", "Each scenario before and after the evidence", e.Scenarios)}
}

func shiftBars(id, title, desc string) *chart.Bars {
	return &chart.Bars{Meta: chart.Meta{ID: id, Title: title, Desc: desc}, Series: priorPosterior,
		Unit: chart.Unit{Label: "Probability (%)", Percent: true}, Max: 1, Interval: "95% interval"}
}

func typeLabel(l string) string {
	if l == "" {
		return ""
	}
	return ": " + l
}

// watch draws the signposts not yet observed ranked by their value of
// information: the expected change of the result distribution on
// learning whether each occurs. Nil without signposts to watch.
func watch(b *brief.Brief) chart.Chart {
	if len(b.Watch) == 0 {
		return nil
	}
	c := &chart.Bars{Meta: chart.Meta{ID: "watch", Title: "Signposts to watch: how much each would move the forecast",
		Desc: "Expected change of the result probabilities on learning whether the signpost's event occurs (expected total-variation distance, 0–1), at the parameters' defaults, largest first."},
		Unit: chart.Unit{Label: "Expected change (total variation, 0–1)", Digits: 3}}
	for _, w := range b.Watch {
		c.Rows = append(c.Rows, chart.BarRow{Label: w.Label, Values: []chart.Value{{V: w.ExpectedChange}}})
	}
	return c
}

// mover returns the branch of w's mover among its results.
func mover(w evidence.Watch) evidence.Branch {
	for _, r := range w.Results {
		if r.Name == w.Mover {
			return r
		}
	}
	return evidence.Branch{Name: w.Mover}
}
