package brief

import (
	"fmt"
	"strings"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/brief/internal/actor"
	inum "github.com/tablero-project/tablero/brief/internal/num"
	"github.com/tablero-project/tablero/uncertain"
)

// uncertaintyHeader says how the probabilities were computed.
func (b *Brief) uncertaintyHeader(p *printer) {
	u := b.Uncertainty
	if u == nil || len(u.Outputs) == 0 {
		p.f("Probabilities are those of the equilibrium %s (no Monte Carlo draws).\n\n", b.pointName())
		return
	}
	p.f("Probabilities are means over %d %s draws of %s (seed %d). Read the spread first: the 5th–95th percentiles show how far the uncertainty moves each probability. The Monte Carlo error (a 95%% interval of the mean) only says how precisely the draws estimate that mean. Quote the mean with its spread; the point %s is one world among those drawn.", u.Draws, methodName(u.Method), inputsWord(u), u.Seed, b.pointName())
	if u.Failed > 0 {
		p.f(" **%d draws failed** and are left out (see the JSON output).", u.Failed)
	}
	p.f("\n\n")
	b.literalsMD(p)
}

// inputsWord counts what the draws vary: parameters and multipliers of
// literal numbers.
func inputsWord(u *draws.Uncertainty) string {
	mult := 0
	for _, name := range u.Params {
		if draws.IsMultiplier(name) {
			mult++
		}
	}
	s := fmt.Sprintf("the %d uncertain parameters", len(u.Params)-mult)
	if mult > 0 {
		s += fmt.Sprintf(" and %d multipliers of literal scores and weights", mult)
	}
	return s
}

func methodName(m string) string {
	if m == "lhs" {
		return "Latin-hypercube"
	}
	return "Monte Carlo"
}

// outputSummary returns the summary of u's named Monte Carlo output, or
// nil.
func outputSummary(u *draws.Uncertainty, name string) *uncertain.OutputSummary {
	for i := range u.Outputs {
		if u.Outputs[i].Name == name {
			return &u.Outputs[i]
		}
	}
	return nil
}

// costDrawsMD writes how each actor-type's expected payoff from each
// dimension varies over the draws.
func (b *Brief) costDrawsMD(p *printer) {
	u := b.Uncertainty
	if u == nil || len(u.Outputs) == 0 {
		return
	}
	p.f("Over the %d draws, each actor-type's expected payoff by dimension: mean [5th, 95th percentile].\n\n", u.Draws)
	p.f("| Dimension |")
	for _, a := range b.Costs.Actors {
		p.f(" %s |", actor.TypeName(a.Actor, a.Type))
	}
	p.f("\n|---|%s\n", strings.Repeat("---:|", len(b.Costs.Actors)))
	rows := append(append([]equilibrium.Dimension{}, b.Costs.Dimensions...), equilibrium.Dimension{ID: "payoff"})
	for _, d := range rows {
		label := d.ID
		if d.ID == "payoff" {
			label = "**expected payoff**"
		}
		p.f("| %s |", label)
		for _, a := range b.Costs.Actors {
			name := "cost:" + actor.TypeName(a.Actor, a.Type) + ":" + d.ID
			if d.ID == "payoff" {
				name = "payoff:" + actor.TypeName(a.Actor, a.Type)
			}
			o := outputSummary(u, name)
			if o == nil {
				p.f(" ? |")
				continue
			}
			p.f(" %s [%s, %s] |", num(o.Mean, 2), optNum(draws.Percentile(*o, 0.05), 2), optNum(draws.Percentile(*o, 0.95), 2))
		}
		p.f("\n")
	}
	p.f("\n")
}

// convergenceMD shows the standard error of each result's probability as
// the draws double, so a reader sees whether more draws would change it.
func (b *Brief) convergenceMD(p *printer) {
	u := b.Uncertainty
	if u == nil || len(u.Outputs) == 0 || len(b.Results) == 0 {
		return
	}
	first := outputSummary(u, "result:"+b.Results[0].Name)
	if first == nil || len(first.Trace) < 2 {
		return
	}
	p.f("## Convergence\n\n")
	p.f("Mean ± standard error of each result's probability after the first draws (it should shrink like 1/√draws and the mean settle):\n\n")
	p.f("| Draws |")
	for _, r := range b.Results {
		p.f(" %s |", r.Name)
	}
	p.f("\n|---:|%s\n", strings.Repeat("---:|", len(b.Results)))
	for k, tp := range first.Trace {
		p.f("| %d |", tp.Draws)
		for _, r := range b.Results {
			o := outputSummary(u, "result:"+r.Name)
			if o == nil || k >= len(o.Trace) {
				p.f(" ? |")
				continue
			}
			p.f(" %s ± %s |", num(o.Trace[k].Mean, 3), num(o.Trace[k].SE, 3))
		}
		p.f("\n")
	}
	p.f("\n")
}

// driversMD names the assumptions that matter most for the focus result.
func (b *Brief) driversMD(p *printer) {
	u := b.Uncertainty
	if u == nil || len(u.Drivers) == 0 {
		return
	}
	var parts []string
	for _, d := range u.Drivers {
		parts = append(parts, fmt.Sprintf("**%s** (%s → %s as it goes %s → %s)", d.Param, num(d.YLow, 3), num(d.YHigh, 3), inum.Sig(d.Low), inum.Sig(d.High)))
	}
	p.f("The assumptions that matter most for %s (one at a time over their ranges): %s.\n\n", u.Focus, strings.Join(parts, "; "))
}

// sensitivityMD writes the tornado, Sobol and PRIM results.
func (b *Brief) sensitivityMD(p *printer) {
	u := b.Uncertainty
	if u == nil {
		return
	}
	defer b.targetsMD(p)
	if u.Tornado == nil && u.Sobol == nil && u.Prim == nil {
		return
	}
	p.f("## Sensitivity of %s\n\n", u.Focus)
	if len(u.Tornado) > 0 {
		p.f("One at a time, each parameter over its range, the others %s (P(%s) = %s there):\n\n", b.pointName(), u.Focus, num(u.Tornado[0].YBase, 3))
		p.f("| Parameter | Low → High | P(%s) at low | at high | Swing |\n|---|---|---:|---:|---:|\n", u.Focus)
		for _, t := range u.Tornado {
			p.f("| %s | %s → %s | %s | %s | %s |\n", t.Param, inum.Sig(t.Low), inum.Sig(t.High), num(t.YLow, 3), num(t.YHigh, 3), num(t.Swing, 3))
		}
		p.f("\n")
		for _, r := range u.NoEffect() {
			p.f("**Warning: `%s` has no effect on the headline**: over its range it moves no probability of the game%s.\n\n", r.Param, enters(r))
		}
	}
	if s := u.Sobol; s != nil {
		o := focusIndex(b)
		idx := s.Outputs[o]
		dropped := ""
		if s.Dropped > 0 {
			dropped = fmt.Sprintf(", of which %d rows of the design were left out because an evaluation failed", s.Dropped)
		}
		p.f("Sobol indices of P(%s) (%d evaluations%s; first order: the share of variance the parameter explains alone; total: including interactions):\n\n", u.Focus, s.Evals, dropped)
		p.f("| Parameter | First order [95%% CI] | Total [95%% CI] |\n|---|---|---|\n")
		for i, name := range s.Params {
			p.f("| %s | %s [%s, %s] | %s [%s, %s] |\n", name, num(idx.S1[i], 3), num(idx.S1Lo[i], 3), num(idx.S1Hi[i], 3), num(idx.ST[i], 3), num(idx.STLo[i], 3), num(idx.STHi[i], 3))
		}
		p.f("\n")
	}
	if pr := u.Prim; pr != nil {
		b.primMD(p, pr)
	}
}

// focusIndex returns the output index of the focus: a result, else a
// scenario.
func focusIndex(b *Brief) int {
	for i, r := range b.Results {
		if r.Name == b.Uncertainty.Focus {
			return len(b.Scenarios) + i
		}
	}
	for i, s := range b.Scenarios {
		if s.Name == b.Uncertainty.Focus {
			return i
		}
	}
	return 0
}

func (b *Brief) primMD(p *printer, pr *draws.Prim) {
	u := b.Uncertainty
	p.f("Scenario discovery (PRIM): where in parameter space P(%s) ≥ %s is concentrated.\n\n", u.Focus, num(pr.Case, 3))
	for i, box := range pr.Result.Boxes {
		st := box.Box()
		p.f("Box %d: coverage %s, density %s, mass %s.", i+1, num(st.Coverage, 2), num(st.Density, 2), num(st.Mass, 2))
		var lims []string
		for j, r := range st.Restricted {
			if r {
				lims = append(lims, fmt.Sprintf("%s ∈ [%.3g, %.3g]", u.Params[j], st.Lo[j], st.Hi[j]))
			}
		}
		if len(lims) > 0 {
			p.f(" Limits: %s.", strings.Join(lims, ", "))
		}
		p.f("\n\n")
	}
}

// forecastMD writes where the stakeholder table says the policy settles.
func (b *Brief) forecastMD(p *printer) {
	f := b.Forecast
	if f == nil {
		return
	}
	p.f("## Where the policy settles\n\n")
	p.f("Spatial forecasts from the stakeholder table (%s): positions, salience and capability of each stakeholder, all assumptions.\n\n", f.Title)
	p.f("| Model | Dimension | Forecast | Weighted mean | Weighted median | Most probable (probability) | Rounds |\n|---|---|---:|---:|---:|---|---:|\n")
	for _, m := range f.Models {
		for _, d := range m.Forecasts {
			p.f("| %s | %s | %s | %s | %s | %s (%s) | %d |\n", m.Model, d.Name, num(d.Point, 1)+anchorNote(d.Anchor), num(d.Mean, 1), num(d.Median, 1), num(d.MostProbable, 1), num(d.Probability, 2), m.Rounds)
		}
	}
	p.f("\n")
	for _, d := range f.Spread {
		p.f("Under %d perturbed tables (the table's shocks), the SMP forecast of %s has median %s and 90%% range %s–%s.\n\n", d.Point.N, d.Name, num(d.Point.P50, 1), num(d.Point.P5, 1), num(d.Point.P95, 1))
	}
}

// negotiationMD writes the package negotiation and how it changes when the
// crisis game supplies the reservation values.
func (b *Brief) negotiationMD(p *printer) {
	n := b.Negotiation
	if n == nil {
		return
	}
	p.f("## The negotiated package\n\n")
	p.f("%s\n", strings.Replace(n.Markdown(), "### Negotiation: ", "Negotiation: ", 1))
	g := n.FromGame
	var res []string
	for _, r := range g.Reservations {
		res = append(res, fmt.Sprintf("%s %s", r.Party, num(r.Value, 3)))
	}
	p.f("With reservation values from the crisis game instead (each side's expected payoff in the equilibrium, rescaled by the range of its payoffs: %s), the full package's bargaining range holds %d packages", strings.Join(res, ", "), g.Linked.Range)
	if g.Linked.Nash != nil {
		p.f(" and its Nash package is %s", g.Linked.Nash)
	}
	p.f(": %s.\n\n", gameReading(g.Linked.Range))
}

func gameReading(n int) string {
	if n == 0 {
		return "under the equilibrium's expectations neither side needs a deal, so the package matters only if escalation is feared more than the equilibrium predicts"
	}
	return "the crisis equilibrium leaves room for a deal"
}

// enters says which other engines a parameter enters.
func enters(r draws.Reach) string {
	if len(r.Engines) == 0 {
		return ", and no other engine names it"
	}
	return "; it enters only the " + strings.Join(r.Engines, " and the ")
}

// anchorNote places a stakeholder forecast among the scenario anchors as
// the forecast report does (forecast.AnchorText), e.g. " (between S2 and
// S3)".
func anchorNote(a string) string {
	if a == "" {
		return ""
	}
	return " (" + a + ")"
}
