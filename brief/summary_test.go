package brief

import (
	"context"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/uncertain"
)

func p(x float64) *float64 { return &x }

// synthetic is a brief with three results; R3 is the focus.
func synthetic() *Brief {
	return &Brief{ID: "s", Title: "S",
		Results: []Prob{{Name: "R1", Label: "Deal", Probability: 0.6, Low: p(0.55), High: p(0.65), P05: p(0.3), P95: p(0.9)},
			{Name: "R2", Label: "Stalemate", Probability: 0.3, Low: p(0.25), High: p(0.35)},
			{Name: "R3", Label: "War", Probability: 0.1, Low: p(0.08), High: p(0.12)}},
		Scenarios:   []Prob{{Name: "S1", Label: "Talks", Probability: 0.7}, {Name: "S2", Label: "Strikes", Probability: 0.3}},
		Assumptions: []Assumption{{ID: "rho", Label: "Prior of resolve", Unit: "probability"}},
		Uncertainty: &draws.Uncertainty{Draws: 500, Seed: 1, Focus: "R3", Outputs: []uncertain.OutputSummary{{}},
			Tornado: []uncertain.TornadoBar{
				{Param: "rho", Low: 0.1, High: 0.5, YLow: 0.05, YHigh: 0.2, Swing: 0.15},
				{Param: "cost", Low: 1, High: 5, YLow: 0.12, YHigh: 0.08, Swing: 0.04},
				{Param: "leak", Low: 0, High: 1, YLow: 0.1, YHigh: 0.11, Swing: 0.01}}},
	}
}

func TestSummarize(t *testing.T) {
	for _, c := range []struct {
		name    string
		edit    func(b *Brief)
		settled bool
		want    []string // substrings of the sentences, in order
		drivers int
	}{
		{"plain", func(*Brief) {}, true, []string{
			"most likely result is “Deal”: over the uncertain assumptions its probability ranges 30%–90% (5th to 95th percentile of the draws), 60% on average (Monte Carlo error of the mean ±5.0 points), ahead of “Stalemate” at 30%.",
			"most likely scenario is “Talks”, with probability 70%.",
			"Of the 3 uncertain assumptions, the two assumptions that move the probability of “War” most are rho — prior of resolve — from 0.1 to 0.5, which moves it from 5.0% to 20%; and cost from 1 to 5, which moves it from 12% to 8.0%.",
			"No single assumption at either end of its range lifts the probability of “War” above 20% (rho at 0.5), still below the 60% of “Deal” now."}, 2},
		{"overlap", func(b *Brief) { b.Results[1].Probability, b.Results[1].High = 0.55, p(0.6) }, false,
			[]string{"The intervals of “Deal” and “Stalemate” overlap: more draws are needed to rank them."}, 2},
		{"focus lifted past the top", func(b *Brief) { b.Uncertainty.Tornado[0].YHigh = 0.7 }, true,
			[]string{"One assumption alone could change the picture: with rho at 0.5, the probability of “War” reaches 70%, above the 60% of “Deal” now."}, 2},
		{"focus is the top", func(b *Brief) { b.Uncertainty.Focus = "R1"; b.Uncertainty.Tornado[0].YLow = 0.4 }, true,
			[]string{"the probability of “Deal” most", "One assumption alone could change the picture: with cost at 5, the probability of “Deal” falls to 8.0%, below the 30% of “Stalemate” now."}, 2},
		{"focus is a scenario", func(b *Brief) { b.Uncertainty.Focus = "S2"; b.Uncertainty.Tornado[0].YHigh = 0.5 }, true,
			[]string{"the probability of “Strikes” most", "No single assumption at either end of its range lifts the probability of “Strikes” above 50% (rho at 0.5), still below the 70% of “Talks” now."}, 2},
		{"focus scenario lifted past the top", func(b *Brief) { b.Uncertainty.Focus = "S2"; b.Uncertainty.Tornado[0].YHigh = 0.75 }, true,
			[]string{"One assumption alone could change the picture: with rho at 0.5, the probability of “Strikes” reaches 75%, above the 70% of “Talks” now."}, 2},
		{"focus is the top scenario", func(b *Brief) { b.Uncertainty.Focus = "S1"; b.Uncertainty.Tornado[0].YLow = 0.6 }, true,
			[]string{"One assumption alone could change the picture: with cost at 5, the probability of “Talks” falls to 8.0%, below the 30% of “Strikes” now."}, 2},
		{"no draws", func(b *Brief) {
			b.Uncertainty = nil
			for i := range b.Results {
				b.Results[i].Low, b.Results[i].High, b.Results[i].P05, b.Results[i].P95 = nil, nil, nil, nil
			}
		}, true, []string{"with probability 60%, ahead", "at the parameters' defaults", "no uncertain assumptions"}, 0},
		{"types known", func(b *Brief) {
			b.Behaviour = []equilibrium.Move{{Decision: equilibrium.Decision{Actor: "A", Type: "H", TypeLabel: "hawk: wants war"}}}
			b.Known = []Known{{Types: []equilibrium.Fact{{Name: "A", Value: "H"}}, Results: []Prob{{Name: "R3", Label: "War", Probability: 1}}},
				{Types: []equilibrium.Fact{{Name: "A", Value: "D"}}, Results: []Prob{{Name: "R1", Label: "Deal", Probability: 1}}}}
		}, true, []string{"Were the actors' types common knowledge, the picture would change: with A hawk (H) the result would be “War”."}, 2},
		{"types known agree", func(b *Brief) {
			b.Known = []Known{{Results: []Prob{{Name: "R1", Label: "Deal", Probability: 1}}}}
		}, true, []string{"would still end in “Deal”, for each of the 1 type profiles."}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := synthetic()
			c.edit(b)
			s := Summarize(b)
			text := strings.Join(s.Sentences, "\n")
			at := 0
			for _, w := range c.want {
				i := strings.Index(text[at:], w)
				if i < 0 {
					t.Fatalf("missing (or out of order) %q in\n%s", w, text)
				}
				at += i
			}
			if s.Settled != c.settled || len(s.Drivers) != c.drivers {
				t.Errorf("settled %v, %d drivers; want %v, %d", s.Settled, len(s.Drivers), c.settled, c.drivers)
			}
			if s.Result.Name != "R1" || s.Scenario.Name != "S1" {
				t.Errorf("most likely %s and %s", s.Result.Name, s.Scenario.Name)
			}
			for _, ch := range s.Changes {
				if !strings.Contains(text, ch) {
					t.Errorf("change %q is not among the sentences", ch)
				}
			}
		})
	}
}

func TestSummarizeEmpty(t *testing.T) {
	s := Summarize(&Brief{ID: "e"})
	if len(s.Sentences) != 1 || s.Drivers == nil || s.Changes == nil {
		t.Errorf("%+v", s)
	}
}

// The summary of a real analysis names its most likely result and the
// first two bars of its tornado.
func TestSummarizeDeterrence(t *testing.T) {
	m := scenariotest.Model(t, "../analysis/testdata/deterrence.yaml")
	b := build(t, m, Options{})
	if err := b.Analyse(context.Background(), m, Options{}, draws.Sampling{Draws: 200, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	s := Summarize(b)
	top := ranked(b.Results)[0]
	if s.Result.Name != top.Name || !strings.Contains(s.Sentences[0], top.Label) {
		t.Errorf("most likely %s, sentence %q; want %s", s.Result.Name, s.Sentences[0], top.Name)
	}
	for i, d := range s.Drivers {
		if d.Param != b.Uncertainty.Tornado[i].Param {
			t.Errorf("driver %d is %s, tornado bar %s", i, d.Param, b.Uncertainty.Tornado[i].Param)
		}
	}
	if s.Draws != 200 || len(s.Changes) == 0 {
		t.Errorf("draws %d, changes %v", s.Draws, s.Changes)
	}
}
