package brief

import (
	"fmt"
	inum "github.com/tablero-project/tablero/brief/internal/num"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

// Hidden is how much of each result comes from outcomes that happen unseen
// (outcomes marked hidden, e.g. covert action that never leaks). The
// mapping places those worlds where they look like they belong, so the
// results are what an observer would see; for a risk reader the hidden
// share is the decision-relevant number.
type Hidden struct {
	// Outcomes are the ids of the scenario's hidden outcomes.
	Outcomes []string `json:"outcomes"`
	// Results gives, per result in the scenario's order, the probability
	// of the hidden worlds the mapping counts as that result.
	Results []HiddenShare `json:"results"`
}

// HiddenShare is the hidden part of one result: its probability (with its
// spread and Monte Carlo error over the draws, when there are draws) and
// its share of the result's probability.
type HiddenShare struct {
	Prob
	// Share is Probability divided by the result's probability (0 when the
	// result has probability 0).
	Share float64 `json:"share"`
	// Outcomes lists the hidden outcomes that reach this result at the
	// point estimate.
	Outcomes []string `json:"outcomes"`
}

// hidden computes the hidden shares at the point estimate (nil when the
// scenario marks no outcome hidden).
func (b *Brief) hidden(m *scenario.Model, mi int, reach []float64) {
	idx := equilibrium.HiddenOutcomes(m)
	if len(idx) == 0 {
		return
	}
	s := m.Scenario
	h := &Hidden{Outcomes: []string{}, Results: make([]HiddenShare, len(s.Results))}
	for _, i := range idx {
		h.Outcomes = append(h.Outcomes, s.Outcomes[i].ID)
	}
	probs := equilibrium.HiddenProbs(m, mi, reach)
	for r, l := range s.Results {
		h.Results[r] = HiddenShare{Prob: Prob{Name: l.ID, Label: l.Label, Probability: inum.Clean(probs[r])}, Outcomes: []string{}}
	}
	for _, lf := range m.Leaves() {
		o := s.Outcomes[lf.Outcome]
		if r := &h.Results[lf.Result[mi]]; o.Hidden && reach[lf.Node] > 1e-12 && !slices.Contains(r.Outcomes, o.ID) {
			r.Outcomes = append(r.Outcomes, o.ID)
		}
	}
	b.Hidden = h
	b.hiddenShares()
}

// hiddenShares sets each hidden share relative to its result.
func (b *Brief) hiddenShares() {
	for i := range b.Hidden.Results {
		h := &b.Hidden.Results[i]
		h.Share = 0
		if p := b.Results[i].Probability; p > 0 {
			h.Share = h.Probability / p
		}
	}
}

// hiddenDraws gives the hidden shares their Monte Carlo means, spreads and
// errors from the draws' outputs.
func (b *Brief) hiddenDraws(outputs []uncertain.OutputSummary) {
	if b.Hidden == nil {
		return
	}
	for i := range b.Hidden.Results {
		h := &b.Hidden.Results[i]
		for _, o := range outputs {
			if o.Name == "hidden:"+h.Name {
				h.Prob = draws.WithIntervals([]Prob{h.Prob}, []uncertain.OutputSummary{o})[0]
			}
		}
	}
	b.hiddenShares()
}

// hiddenLine describes the hidden part of result r for people ("" when
// nothing hidden reaches it).
func (b *Brief) hiddenLine(i int) string {
	if b.Hidden == nil || b.Hidden.Results[i].Probability <= 0 {
		return ""
	}
	h := b.Hidden.Results[i]
	t := fmt.Sprintf("of which hidden (%s): %s", strings.Join(h.Outcomes, ", "), num(h.Probability, 3))
	if h.P05 != nil && h.P95 != nil {
		t += fmt.Sprintf(" (spread %s–%s", num(*h.P05, 3), num(*h.P95, 3))
		if h.AtDefaults != nil {
			t += fmt.Sprintf("; %s: %s", b.pointName(), num(*h.AtDefaults, 3))
		}
		t += ")"
	}
	return t + fmt.Sprintf(" — %s of the result", pct(h.Share))
}

// hiddenMD writes the hidden share under the results table.
func (b *Brief) hiddenMD(p *printer) {
	if b.Hidden == nil {
		return
	}
	var lines []string
	for i, r := range b.Results {
		if l := b.hiddenLine(i); l != "" {
			lines = append(lines, fmt.Sprintf("- **%s** %s %s: %s", r.Name, r.Label, num(r.Probability, 3), l))
		}
	}
	if len(lines) == 0 {
		p.f("Hidden outcomes (%s): none reaches any result here.\n\n", strings.Join(b.Hidden.Outcomes, ", "))
		return
	}
	p.f("**Hidden outcomes.** The mapping counts worlds an observer cannot see (%s) as the result they look like; their share of each result:\n\n", strings.Join(b.Hidden.Outcomes, ", "))
	for _, l := range lines {
		p.f("%s\n", l)
	}
	p.f("\n")
}
