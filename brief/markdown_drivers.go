package brief

import (
	"fmt"
	"strings"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/uncertain"
)

// targetsMD writes the drivers of every scenario and result: the largest
// swings, the Sobol shares, the shape of the probability over the draws
// and, in words, the regime where it is high.
func (b *Brief) targetsMD(p *printer) {
	u := b.Uncertainty
	if u == nil || len(u.Targets) == 0 {
		return
	}
	p.f("## Drivers of every scenario and result\n\n")
	p.f("From the same tornado%s and draws as above; nothing is re-run per target. Shape: the probability's distribution over the draws (bimodal when it splits between two separated modes: Sarle's coefficient above 5/9 and a kernel-density dip below half the lower mode).\n\n", sobolWord(u))
	p.f("| | Mean | 5th–95th | Shape | Largest swings, one at a time |")
	if u.Sobol != nil {
		p.f(" Largest total Sobol indices |")
	}
	p.f("\n|---|---:|---|---|---|%s\n", map[bool]string{true: "---|", false: ""}[u.Sobol != nil])
	for _, t := range u.Targets {
		o := u.Outputs
		mean, spread := "—", "—"
		if t.Output < len(o) {
			mean = num(o[t.Output].Mean, 3)
			spread = optNum(draws.Percentile(o[t.Output], 0.05), 3) + "–" + optNum(draws.Percentile(o[t.Output], 0.95), 3)
		}
		p.f("| %s | %s | %s | %s | %s |", t.Name, mean, spread, shapeWord(t), swingsWord(t))
		if u.Sobol != nil {
			var parts []string
			for _, s := range t.Sobol {
				parts = append(parts, fmt.Sprintf("%s %s", s.Param, num(s.Total, 2)))
			}
			p.f(" %s |", strings.Join(parts, ", "))
		}
		p.f("\n")
	}
	p.f("\n")
	for _, t := range u.Targets {
		if s := regimeWords(t); s != "" {
			p.f("- %s\n", s)
		}
	}
	p.f("\n")
}

func sobolWord(u *draws.Uncertainty) string {
	if u.Sobol != nil {
		return ", Sobol design"
	}
	return ""
}

func shapeWord(t draws.Target) string {
	switch {
	case t.Shape == nil:
		return "—"
	case t.Shape.Bimodal:
		return fmt.Sprintf("**bimodal** (%s and %s)", num(t.Shape.Modes[0], 2), num(t.Shape.Modes[1], 2))
	case minorMode(t.Shape):
		m, share := minor(t.Shape)
		return fmt.Sprintf("unimodal, a minor mode near %s (%s of the draws)", num(m, 2), pct(share))
	}
	return "unimodal"
}

// minorMode reports a second mode that is separated by a clear dip but
// holds too few draws for the probability to count as bimodal.
func minorMode(s *uncertain.Modality) bool {
	return !s.Bimodal && len(s.Modes) == 2 && s.Dip <= uncertain.BimodalDip && s.Coefficient > uncertain.BimodalCoefficient
}

// minor returns the minor mode and its share of the draws.
func minor(s *uncertain.Modality) (float64, float64) {
	if s.LowMass < s.HighMass {
		return s.Modes[0], s.LowMass
	}
	return s.Modes[1], s.HighMass
}

func swingsWord(t draws.Target) string {
	var parts []string
	for _, d := range t.Drivers {
		parts = append(parts, fmt.Sprintf("%s %s → %s", d.Param, num(d.YLow, 2), num(d.YHigh, 2)))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "; ")
}

// regimeWords says in words how a target's probability is distributed and
// what switches it: "S2 is bimodal: …; the switch is w_tough_H …; P(S2) ≥
// 0.47 when w_tough_H > 1.7 and rho > 0.3 …".
func regimeWords(t draws.Target) string {
	var parts []string
	name := fmt.Sprintf("**%s** (%s)", t.Name, t.Label)
	if s := t.Shape; s != nil && s.Bimodal {
		parts = append(parts, fmt.Sprintf("%s is bimodal: %s of the draws lie at or below %s, around %s, and %s above, around %s (the density between dips to %s of the lower mode; bimodality coefficient %s)",
			name, pct(s.LowMass), num(s.Antimode, 2), num(s.Modes[0], 2), pct(s.HighMass), num(s.Modes[1], 2), pct(s.Dip), num(s.Coefficient, 2)))
		name = t.Name
	}
	r := t.Regime
	if r == nil || r.Share < 0.02 || r.Share > 0.98 {
		if len(parts) == 0 {
			return ""
		}
		return strings.Join(parts, ". ") + "."
	}
	what := fmt.Sprintf("P(%s) ≥ %s", t.Name, short(r.Case))
	first := what + " (the top fifth of the draws)"
	if r.Basis == "antimode" {
		first = fmt.Sprintf("%s (the upper mode, %s of the draws)", what, pct(r.Share))
	}
	if sw := r.Switch; sw != nil {
		dir := "above"
		if !sw.Above {
			dir = "below"
		}
		if sw.Accuracy >= 0.75 {
			parts = append(parts, fmt.Sprintf("the switch is `%s`: with it %s %s, %s (balanced accuracy %s)", sw.Param, dir, short(sw.Threshold), first, num(sw.Accuracy, 2)))
		} else {
			parts = append(parts, fmt.Sprintf("no single parameter switches it to %s (the best, `%s` %s %s, has balanced accuracy %s)", first, sw.Param, dir, short(sw.Threshold), num(sw.Accuracy, 2)))
		}
		first = what
	}
	if bx := r.Box; bx != nil && len(bx.Limits) > 0 {
		parts = append(parts, fmt.Sprintf("PRIM: %s when %s (the box holds %s of those draws, and %s of the draws in it qualify)",
			first, limitsWords(bx.Limits), pct(bx.Coverage), pct(bx.Density)))
	}
	if len(parts) == 0 {
		return ""
	}
	if t.Shape == nil || !t.Shape.Bimodal {
		parts[0] = name + ": " + parts[0]
	}
	return strings.Join(parts, "; ") + "."
}

// limitsWords renders a box's limits: "w_tough_H > 1.7 and 0.2 < rho < 0.4".
func limitsWords(ls []draws.Limit) string {
	var parts []string
	for _, l := range ls {
		switch {
		case l.Low != nil && l.High != nil:
			parts = append(parts, fmt.Sprintf("%s < %s < %s", short(*l.Low), l.Param, short(*l.High)))
		case l.Low != nil:
			parts = append(parts, fmt.Sprintf("%s > %s", l.Param, short(*l.Low)))
		case l.High != nil:
			parts = append(parts, fmt.Sprintf("%s < %s", l.Param, short(*l.High)))
		}
	}
	return strings.Join(parts, " and ")
}
