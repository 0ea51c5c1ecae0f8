package report

import (
	"fmt"
	"slices"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/chart"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

// Figure is one headline chart of a brief, with the base name of its SVG
// file.
type Figure struct {
	Name  string // e.g. "results": the file results.svg, the id in the report
	Chart chart.Chart
}

// Figures turns a result into its headline charts, in reading order:
// result and scenario probabilities, with observations each actor's types,
// the results and the scenarios before and after the evidence, the
// signposts to watch ranked by value of information, the distribution of each result's
// probability over the draws, the tornado, the Sobol indices, the expected
// costs and the negotiation space. A chart whose data the result does not
// carry is left out (no draws: no distributions; no Sobol analysis, no
// negotiation: none of those). With the scenario's model m (nil: none) it
// adds the game tree with the equilibrium probabilities; an error says
// why the tree does not fit the result.
func Figures(r *analysis.Result, m *scenario.Model) ([]Figure, error) {
	b := r.Brief
	figs := []Figure{
		{"results", probBars("results", "Probability of each result", b.Results, b)},
		{"scenarios", probBars("scenarios", "Probability of each scenario", b.Scenarios, b)},
	}
	figs = append(figs, evidenceFigures(b)...)
	if w := watch(b); w != nil {
		figs = append(figs, Figure{"watch", w})
	}
	for _, f := range []struct {
		name string
		c    chart.Chart
	}{{"distributions", distributions(b)}, {"tornado", tornado(b)}, {"sobol", sobol(b)}, {"costs", costs(b)}, {"negotiation", negotiation(b)}} {
		if f.c != nil {
			figs = append(figs, Figure{f.name, f.c})
		}
	}
	if m == nil {
		return figs, nil
	}
	t, err := tree(m, r)
	if err != nil {
		return nil, err
	}
	return append(figs, Figure{"tree", t}), nil
}

// drawsText says what the probabilities are.
func drawsText(b *brief.Brief) string {
	if u := b.Uncertainty; u != nil && len(u.Outputs) > 0 {
		return fmt.Sprintf("Means over %d draws of the uncertain assumptions (seed %d); whiskers show the 95%% confidence interval of each mean.", u.Draws, u.Seed)
	}
	return "Probabilities at the parameters' defaults (no Monte Carlo draws, so no intervals)."
}

func probBars(id, title string, ps []brief.Prob, b *brief.Brief) *chart.Bars {
	c := &chart.Bars{Meta: chart.Meta{ID: id, Title: title, Desc: drawsText(b)},
		Unit: chart.Unit{Label: "Probability (%)", Percent: true}, Max: 1, Interval: "95% interval"}
	for _, p := range ps {
		c.Rows = append(c.Rows, chart.BarRow{Label: p.Label, Values: []chart.Value{{V: p.Probability, Low: p.Low, High: p.High}}})
	}
	return c
}

// distributions draws each result's probability over the draws, from the
// percentiles the brief carries.
func distributions(b *brief.Brief) chart.Chart {
	u := b.Uncertainty
	if u == nil || len(u.Outputs) == 0 {
		return nil
	}
	c := &chart.Boxes{Meta: chart.Meta{ID: "distributions", Title: "Spread of each result's probability over the draws",
		Desc: fmt.Sprintf("How the probability of each result varies over %d draws of the uncertain assumptions.", u.Draws)},
		Unit: chart.Unit{Label: "Probability (%)", Percent: true}, Max: 1}
	for _, p := range b.Results {
		i := slices.IndexFunc(u.Outputs, func(o uncertain.OutputSummary) bool { return o.Name == "result:"+p.Name })
		if i < 0 {
			continue
		}
		o := u.Outputs[i]
		q := map[float64]float64{}
		for _, pc := range o.Percentiles {
			q[pc.P] = pc.Value
		}
		c.Rows = append(c.Rows, chart.Box{Label: p.Label, Min: o.Min, Max: o.Max, Mean: o.Mean,
			P05: q[0.05], P25: q[0.25], P50: q[0.5], P75: q[0.75], P95: q[0.95]})
	}
	return c
}

// assumptionLabel returns the label of the assumption id (or id).
func assumptionLabel(b *brief.Brief, id string) string {
	for _, a := range b.Assumptions {
		if a.ID == id && a.Label != "" {
			return a.Label
		}
	}
	return id
}

func focusLabel(b *brief.Brief) string {
	for _, p := range b.Results {
		if p.Name == b.Uncertainty.Focus {
			return p.Label
		}
	}
	return b.Uncertainty.Focus
}

func tornado(b *brief.Brief) chart.Chart {
	u := b.Uncertainty
	if u == nil || len(u.Tornado) == 0 {
		return nil
	}
	focus := focusLabel(b)
	c := &chart.Tornado{Meta: chart.Meta{ID: "tornado", Title: "What moves the probability of " + focus,
		Desc: "Each assumption alone swung over its declared range (else its 5th to 95th percentile), the others at their defaults."},
		Output: "P(" + focus + ")", Base: u.Tornado[0].YBase, Unit: chart.Unit{Label: "%", Percent: true}}
	for _, t := range u.Tornado {
		c.Bars = append(c.Bars, chart.TornadoBar{Label: assumptionLabel(b, t.Param), Low: chart.Number(t.Low, 4),
			High: chart.Number(t.High, 4), YLow: t.YLow, YHigh: t.YHigh})
	}
	return c
}

// sobol draws the first-order and total indices of the focus result.
func sobol(b *brief.Brief) chart.Chart {
	u := b.Uncertainty
	if u == nil || u.Sobol == nil {
		return nil
	}
	ri := slices.IndexFunc(b.Results, func(p brief.Prob) bool { return p.Name == u.Focus })
	k := len(b.Scenarios) + ri
	if ri < 0 || k >= len(u.Sobol.Outputs) {
		return nil
	}
	o := u.Sobol.Outputs[k]
	c := &chart.Bars{Meta: chart.Meta{ID: "sobol", Title: "Sobol indices of P(" + focusLabel(b) + ")",
		Desc: fmt.Sprintf("Share of the variance of the probability explained by each assumption alone (first order) and with its interactions (total), from %d base samples; whiskers are bootstrap intervals.", u.Sobol.N)},
		Series: []string{"first order S1", "total ST"}, Unit: chart.Unit{Label: "Share of variance", Digits: 2}, Interval: "interval"}
	for i, p := range u.Sobol.Params {
		c.Rows = append(c.Rows, chart.BarRow{Label: assumptionLabel(b, p), Values: []chart.Value{
			{V: o.S1[i], Low: &o.S1Lo[i], High: &o.S1Hi[i]}, {V: o.ST[i], Low: &o.STLo[i], High: &o.STHi[i]}}})
	}
	return c
}

// costs draws each actor-type's expected payoff by dimension.
func costs(b *brief.Brief) chart.Chart {
	if len(b.Costs.Actors) == 0 || len(b.Costs.Dimensions) == 0 {
		return nil
	}
	c := &chart.HeatMap{Meta: chart.Meta{ID: "costs", Title: "Expected payoff by actor and dimension",
		Desc: "Weight × score of each dimension, expected over the equilibrium play and conditional on the actor's type; negative values are costs."},
		Unit: chart.Unit{Label: "payoff units", Digits: 1}, Positive: "gain", Negative: "cost"}
	for _, d := range b.Costs.Dimensions {
		c.Columns = append(c.Columns, d.Label)
	}
	for _, a := range b.Costs.Actors {
		c.Rows = append(c.Rows, actorType(a.Actor, a.Type))
		c.Cells = append(c.Cells, a.ByDimension)
	}
	return c
}

func actorType(actor, typ string) string {
	if typ == "" {
		return actor
	}
	return actor + " (" + typ + ")"
}

// negotiation draws the bargaining solutions of a two-party negotiation
// in utility space with the reservation values. The brief carries the
// frontier's size, not its points, so only the solutions are drawn.
func negotiation(b *brief.Brief) chart.Chart {
	n := b.Negotiation
	if n == nil || n.LinkageReport == nil || len(n.Parties) != 2 {
		return nil
	}
	x, y := n.Parties[0], n.Parties[1]
	c := &chart.Scatter{Meta: chart.Meta{ID: "negotiation", Title: "Negotiation space: " + x + " and " + y,
		Desc: fmt.Sprintf("Utilities of the bargaining solutions of the full package (%d packages, %d in the bargaining range, %d on its Pareto frontier); dashed lines are the reservation values.",
			n.Linked.Packages, n.Linked.Range, n.Linked.Frontier)},
		X: chart.Unit{Label: "Utility of " + x + " (0–1)", Digits: 3}, Y: chart.Unit{Label: "Utility of " + y + " (0–1)", Digits: 3}, Max: 1}
	point := func(label string, kind int, u []float64) {
		if len(u) == 2 {
			c.Points = append(c.Points, chart.Point{Label: label, X: u[0], Y: u[1], Kind: kind})
		}
	}
	for _, a := range []struct {
		name string
		r    *negotiate.AgendaResult
	}{{"linked", &n.Linked}, {"ratified", &n.Ratified}} {
		if a.r.Nash != nil {
			point("Nash ("+a.name+")", 0, a.r.Nash.Utilities)
		}
		if a.r.KS != nil {
			point("Kalai–Smorodinsky ("+a.name+")", 1, a.r.KS.Utilities)
		}
	}
	for i, p := range n.Linked.BestFor {
		if p != nil && i < 2 {
			point("best for "+n.Parties[i]+" in the range", 2+i, p.Utilities)
		}
	}
	if p := n.IssueByIssue.Package; p != nil {
		point("issue by issue", 4, p.Utilities)
	}
	for _, r := range n.Reservations {
		switch r.Party {
		case x:
			c.Lines = append(c.Lines, chart.RefLine{Label: "reservation of " + x, Vertical: true, At: r.Value})
		case y:
			c.Lines = append(c.Lines, chart.RefLine{Label: "reservation of " + y, At: r.Value})
		}
	}
	if len(c.Points) == 0 {
		return nil
	}
	return c
}
