package evidence

import (
	"math"

	"github.com/tablero-project/tablero/uncertain"
)

// Under Monte Carlo over the parameters θ (and the likelihoods), the
// posterior probability of an event X is the ratio of two expectations
// over the prior draws: P(X | E) = E[P(X, E | θ)] / E[P(E | θ)], each draw
// weighted by how well it predicted the evidence. Each draw writes P(E | θ),
// P(X, E | θ) and their product (for the ratio's interval): sums the
// uncertainty engine merges exactly, so the posterior is bit-identical
// whatever the workers and shards.

// Events names the events the posterior reports, in DrawOutputs order:
// "scenario:S1", "result:R3", "type:US=H" (actors with several types).
func (e *Evidence) Events() []string {
	s := e.m.Scenario
	var out []string
	for _, l := range s.Scenarios {
		out = append(out, "scenario:"+l.ID)
	}
	for _, l := range s.Results {
		out = append(out, "result:"+l.ID)
	}
	for _, a := range s.Actors {
		if len(a.Types) > 1 {
			for _, t := range a.Types {
				out = append(out, "type:"+a.ID+"="+t.ID)
			}
		}
	}
	return out
}

// DrawOutputs describes what Draw writes: "evidence", then "joint:X" and
// "cross:X" for every event X of Events, all probabilities.
func (e *Evidence) DrawOutputs() []uncertain.Output {
	out := []uncertain.Output{{Name: "evidence", Kind: uncertain.Probability}}
	for _, pre := range []string{"joint:", "cross:"} {
		for _, x := range e.Events() {
			out = append(out, uncertain.Output{Name: pre + x, Kind: uncertain.Probability})
		}
	}
	return out
}

// Draw writes one draw's outputs (see DrawOutputs) from its realisation
// probabilities and likelihoods; w is scratch of one weight per leaf.
func (e *Evidence) Draw(mi int, reach []float64, lik Likelihoods, w, out []float64) {
	pe := e.Weights(reach, lik, w)
	u := e.tally(mi, w)
	out[0] = pe
	k := 1
	n := len(e.Events())
	put := func(x float64) {
		out[k], out[k+n] = x, x*pe
		k++
	}
	for _, x := range u.Scenarios {
		put(x)
	}
	for _, x := range u.Results {
		put(x)
	}
	for a, ts := range u.Types {
		if len(e.m.Scenario.Actors[a].Types) > 1 {
			for _, x := range ts {
				put(x)
			}
		}
	}
}

// Estimate is a posterior probability under Monte Carlo with its
// confidence interval.
type Estimate struct {
	Name string  `json:"name"`
	Mean float64 `json:"probability"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Posterior turns the summaries of DrawOutputs into posterior estimates
// (ratio estimators with delta-method intervals at normal quantile z) and
// the effective sample size of the weighted draws, (Σw)²/Σw². It fails
// with ErrImpossible when no draw gives the evidence a positive
// probability.
func (e *Evidence) Posterior(sum []uncertain.OutputSummary, z float64) ([]Estimate, float64, error) {
	ev := sum[0]
	if !(ev.Mean > 0) || ev.N == 0 {
		return nil, 0, ErrImpossible
	}
	n := float64(ev.N)
	sq := func(o uncertain.OutputSummary) float64 { return (n-1)*o.SD*o.SD + n*o.Mean*o.Mean }
	sb2 := sq(ev)
	ess := n * n * ev.Mean * ev.Mean / sb2
	events := e.Events()
	out := make([]Estimate, len(events))
	for i, name := range events {
		a, cross := sum[1+i], sum[1+len(events)+i]
		r := a.Mean / ev.Mean
		// Σ(a - r·b)² = Σa² - 2rΣab + r²Σb²
		dev := math.Max(0, sq(a)-2*r*n*cross.Mean+r*r*sb2)
		se := 0.0
		if n > 1 {
			se = math.Sqrt(dev/(n-1)/n) / ev.Mean
		}
		out[i] = Estimate{Name: name, Mean: r, Low: math.Max(0, r-z*se), High: math.Min(1, r+z*se)}
	}
	return out, ess, nil
}
