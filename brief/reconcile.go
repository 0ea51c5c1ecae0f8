package brief

import (
	"strings"

	"github.com/tablero-project/tablero/brief/reconcile"
)

// reconcileMD writes the engines' answers on the scenario anchors and the
// sentences that explain their differences.
func (b *Brief) reconcileMD(p *printer) {
	r := b.Reconciliation
	if r == nil {
		return
	}
	p.f("## Reconciling the engines\n\n")
	p.f("Each engine's answer on one scale: the operational scenarios that the stakeholder scale and the negotiation's options name (%s; %s). Rows other than the game's are not all probabilities: the last column says what each is.\n\n",
		strings.Join(r.Anchors[:len(r.Anchors)-1], ", "), r.OffScaleNote())
	p.f("| Engine |")
	for _, a := range r.Anchors {
		p.f(" %s |", a)
	}
	p.f(" Mode | Distance to the game | What the numbers are |\n|---|")
	for range r.Anchors {
		p.f("---:|")
	}
	p.f("---|---:|---|\n")
	for _, e := range r.Engines {
		p.f("| %s |", cell(e.Label))
		for _, x := range e.Probabilities {
			p.f(" %s |", num(x, 2))
		}
		p.f(" %s | %s | %s |\n", e.Modal, num(e.Distance, 2), cell(e.Basis))
	}
	p.f("\n")
	for _, d := range r.Differences {
		p.f("- %s\n", d)
	}
	p.f("\n")
}

// sections are the parts of the brief its reconciliation reads.
func (b *Brief) sections() reconcile.Sections {
	s := reconcile.Sections{Scenarios: b.Scenarios, Results: b.Results, Point: b.pointName(), Costs: b.Costs}
	if b.Uncertainty != nil {
		s.Draws = b.Uncertainty.Draws
	}
	for _, k := range b.Known {
		s.Known = append(s.Known, reconcile.Known{Types: k.Types, Path: k.Path, Scenarios: k.Scenarios})
	}
	if f := b.Forecast; f != nil {
		for _, mod := range f.Models {
			s.Forecasts = append(s.Forecasts, reconcile.Forecast{Model: mod.Model, Forecasts: mod.Forecasts})
		}
		s.Spread = f.Spread
	}
	if n := b.Negotiation; n != nil {
		s.Negotiation, s.FromGame = n.LinkageReport, n.FromGame
	}
	return s
}
