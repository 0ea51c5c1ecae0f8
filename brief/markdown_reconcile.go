package brief

import "strings"

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

// anchorNote places a stakeholder forecast among the scenario anchors as
// the forecast report does (forecast.AnchorText), e.g. " (between S2 and
// S3)".
func anchorNote(a string) string {
	if a == "" {
		return ""
	}
	return " (" + a + ")"
}

// OffScaleNote says what the last anchor collects.
func (r *Reconciliation) OffScaleNote() string {
	return OffScale + " collects the other scenarios and no deal"
}
