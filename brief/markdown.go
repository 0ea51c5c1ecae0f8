package brief

import (
	"fmt"
	"io"
	"strings"

	"github.com/tablero-project/tablero/brief/internal/actor"
	inum "github.com/tablero-project/tablero/brief/internal/num"

	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/internal/english"
)

// Markdown writes the brief for people: tables of probabilities, behaviour,
// costs and assumptions.
func (b *Brief) Markdown(w io.Writer) error {
	pw := &printer{w: w}
	pw.f("# %s\n\n", b.Title)
	pw.f("Scenario `%s` · mapping `%s` · %s at λ = %g · computed in %.0f ms.\n\n", b.ID, b.Mapping, b.Solution.Concept, b.Solution.Lambda, float64(b.elapsed.Microseconds())/1000)
	pw.f("Every number in this model is an editable assumption unless its provenance says otherwise (see Assumptions). Read the probabilities as the consequences of those assumptions, not as forecasts.\n\n")
	b.misspecMD(pw)
	b.overridesMD(pw)
	b.uncertaintyHeader(pw)
	if b.Evidence != nil {
		n := len(b.Evidence.Observations)
		pw.f("%s applied: the Evidence section shows how %s the forecast; every other table describes the prior, the scenario without %s.\n\n", english.Count(n, "observation"), english.Agree(n, "it moves", "they move"), english.Agree(n, "it", "them"))
	}
	b.executiveMD(pw)
	pw.f("## Results\n\n")
	pw.probTable("Result", b.Results, b.pointName())
	b.hiddenMD(pw)
	b.driversMD(pw)
	b.evidenceMD(pw)
	b.watchMD(pw)
	pw.f("## Operational scenarios\n\n")
	pw.probTable("Scenario", b.Scenarios, b.pointName())
	pw.f("## Outcomes\n\n")
	pw.probTable("Outcome", b.Outcomes, b.pointName())
	b.pathsMD(pw)
	b.marginsMD(pw)
	b.sensitivityMD(pw)
	b.knownMD(pw)
	b.forecastMD(pw)
	b.negotiationMD(pw)
	b.reconcileMD(pw)
	pw.f("# Appendix\n\nThe long tables behind the summary: behaviour at every decision, the refined equilibrium, costs, convergence, assumptions and the source's claims.\n\n")
	b.behaviourMD(pw)
	b.refinedMD(pw)
	b.costsMD(pw)
	b.costDrawsMD(pw)
	b.convergenceMD(pw)
	b.assumptionsMD(pw)
	pw.f("## Claims of the source\n\n")
	for _, c := range b.Claims {
		pw.f("- **%s** %s\n", c.ID, c.Text)
	}
	pw.f("\n")
	return pw.err
}

// cell escapes the pipes of a table cell's text.
func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// num formats x with prec decimals (num.Format).
var num = inum.Format

// printer writes formatted text and keeps the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) probTable(what string, ps []Prob, point string) {
	if len(ps) > 0 && ps[0].Low != nil {
		p.f("| %s | | Probability (mean) | Spread over the uncertainty (5th–95th percentile) | Monte Carlo error (95%% interval of the mean) | %s |\n|---|---|---:|---|---|---:|\n", what, strings.ToUpper(point[:1])+point[1:])
		for _, x := range ps {
			p.f("| %s | %s | %s | %s–%s | [%s, %s] | %s |\n", x.Name, x.Label, num(x.Probability, 3), optNum(x.P05, 3), optNum(x.P95, 3),
				num(*x.Low, 3), num(*x.High, 3), num(*x.AtDefaults, 3))
		}
		p.f("\n")
		return
	}
	p.f("| %s | | Probability |\n|---|---|---:|\n", what)
	for _, x := range ps {
		p.f("| %s | %s | %s |\n", x.Name, x.Label, num(x.Probability, 3))
	}
	p.f("\n")
}

// optNum formats an optional number ("?" when absent).
func optNum(x *float64, prec int) string {
	if x == nil {
		return "?"
	}
	return num(*x, prec)
}

func (b *Brief) behaviourMD(p *printer) {
	p.f("## Equilibrium behaviour\n\n")
	p.f("Action probabilities of every actor-type at every decision, given what it knows there; beliefs are the posterior over the other side's type by Bayes' rule.\n\n")
	p.f("| Actor | Type | Decision | Knows | Reached | Actions | Beliefs |\n|---|---|---|---|---:|---|---|\n")
	for _, m := range b.Behaviour {
		var knows, acts, bel []string
		for _, k := range m.Knows {
			knows = append(knows, k.Name+"="+k.Value)
		}
		for _, a := range m.Actions {
			acts = append(acts, a.Name+" "+num(a.Probability, 3))
		}
		for _, x := range m.Beliefs {
			bel = append(bel, fmt.Sprintf("%s=%s %.2f", x.Actor, x.Type, x.Probability))
		}
		p.f("| %s | %s | %s | %s | %s | %s | %s |\n", m.Actor, m.Type, m.Move, strings.Join(knows, ", "), num(m.Reach, 3), strings.Join(acts, ", "), strings.Join(bel, ", "))
	}
	p.f("\n")
}

func (b *Brief) refinedMD(p *printer) {
	r := b.Refined
	if r == nil {
		return
	}
	p.f("## Refined equilibrium\n\n")
	p.f("The sequential equilibrium selected as the limit of the logit QRE as precision grows (reached at λ = %.3g, relative regret %.1g). Results: %s. Scenarios: %s.\n\n", r.Lambda, r.Regret, probList(atLeast(r.Results, 0.0005)), probList(atLeast(r.Scenarios, 0.0005)))
	if len(r.Signals) > 0 {
		p.f("What private types reveal (pooling: every type acts alike; separating: types choose different actions):\n\n")
		p.f("| Actor | Decision | Knows | Kind | Choices by type |\n|---|---|---|---|---|\n")
		for _, s := range r.Signals {
			var byType []string
			for _, m := range s.ByType {
				byType = append(byType, m.Type+": "+likely(m.Actions))
			}
			p.f("| %s | %s | %s | %s | %s |\n", s.Actor, s.Move, facts(s.Knows), s.Kind, strings.Join(byType, "; "))
		}
		p.f("\n")
	}
	p.f("Behaviour and beliefs at every decision, on and off the path of play:\n\n")
	p.f("| Actor | Type | Decision | Knows | Reached | Plays | Beliefs |\n|---|---|---|---|---:|---|---|\n")
	for _, m := range r.Behaviour {
		var bel []string
		for _, x := range m.Beliefs {
			bel = append(bel, fmt.Sprintf("%s=%s %s", x.Actor, x.Type, num(x.Probability, 2)))
		}
		p.f("| %s | %s | %s | %s | %s | %s | %s |\n", m.Actor, m.Type, m.Move, facts(m.Knows), num(m.Reach, 3), likely(m.Actions), strings.Join(bel, ", "))
	}
	p.f("\n")
}

// atLeast keeps the events with probability at least min.
func atLeast(ps []Prob, min float64) []Prob {
	var out []Prob
	for _, p := range ps {
		if p.Probability >= min {
			out = append(out, p)
		}
	}
	return out
}

// likely lists the actions played with probability at least 0.001.
func likely(ps []Prob) string {
	var out []string
	for _, a := range ps {
		if a.Probability >= 0.001 {
			out = append(out, a.Name+" "+num(a.Probability, 3))
		}
	}
	return strings.Join(out, ", ")
}

func facts(fs []equilibrium.Fact) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name+"="+f.Value)
	}
	return strings.Join(out, ", ")
}

func (b *Brief) costsMD(p *printer) {
	p.f("## Expected costs by dimension\n\n")
	p.f("Expected score of each dimension over equilibrium play (0–10 scale), and each actor-type's expected payoff from it (weight × score; negative is a cost), conditional on the type.\n\n")
	p.f("| Dimension | Kind | Expected score |")
	for _, a := range b.Costs.Actors {
		p.f(" %s |", actor.TypeName(a.Actor, a.Type))
	}
	p.f("\n|---|---|---:|%s\n", strings.Repeat("---:|", len(b.Costs.Actors)))
	for k, d := range b.Costs.Dimensions {
		p.f("| %s: %s | %s | %.2f |", d.ID, d.Label, d.Kind, d.Expected)
		for _, a := range b.Costs.Actors {
			p.f(" %s |", num(a.ByDimension[k], 2))
		}
		p.f("\n")
	}
	p.f("| **from dimensions** | | |")
	for _, a := range b.Costs.Actors {
		p.f(" **%.2f** |", a.Total-termSum(a.Terms))
	}
	p.f("\n\n")
	p.f("Structural payoff terms (audience costs, face costs, bonuses), expected value by actor-type:\n\n")
	p.f("| Actor | Type | Term | Expected |\n|---|---|---|---:|\n")
	for _, a := range b.Costs.Actors {
		for _, t := range a.Terms {
			p.f("| %s | %s | %s | %s |\n", a.Actor, a.Type, t.Label, num(t.Expected, 3))
		}
		p.f("| %s | %s | **expected payoff** | **%.3f** |\n", a.Actor, a.Type, a.Total)
	}
	p.f("\n")
}

func termSum(ts []equilibrium.TermValue) float64 {
	s := 0.0
	for _, t := range ts {
		s += t.Expected
	}
	return s
}

func (b *Brief) knownMD(p *printer) {
	if len(b.Known) == 0 {
		return
	}
	p.f("## If the types were known\n\n")
	p.f("Subgame-perfect equilibria of the complete-information game for each profile of types (backward induction; every move observed).\n\n")
	p.f("| Types | Equilibria | Path of play | Scenarios | Results |\n|---|---:|---|---|---|\n")
	for _, k := range b.Known {
		var types []string
		for _, t := range k.Types {
			types = append(types, t.Name+"="+t.Value)
		}
		count := fmt.Sprint(k.Equilibria)
		if !k.Agree {
			count += " (they differ)"
		}
		p.f("| %s | %s | %s | %s | %s |\n", strings.Join(types, ", "), count, strings.Join(k.Path, "; "), probList(k.Scenarios), probList(k.Results))
	}
	p.f("\n")
}

func probList(ps []Prob) string {
	var out []string
	for _, x := range ps {
		out = append(out, fmt.Sprintf("%s %.2f", x.Name, x.Probability))
	}
	return strings.Join(out, ", ")
}

func (b *Brief) assumptionsMD(p *printer) {
	p.f("## Assumptions\n\n")
	p.f("| Id | What | Value | Range | Unit | Provenance | Motivated by | Note |\n|---|---|---:|---|---|---|---|---|\n")
	for _, a := range b.Assumptions {
		val := fmt.Sprintf("%g", a.Value)
		if strings.HasPrefix(a.ID, "scores:") || strings.HasPrefix(a.ID, "weights:") {
			val = "listed in the file"
		}
		rng := ""
		if len(a.Range) == 2 {
			rng = fmt.Sprintf("[%g, %g]", a.Range[0], a.Range[1])
		}
		if a.Formula != "" {
			rng = "= " + a.Formula
		}
		prov := a.Provenance
		if a.Reference != "" {
			prov += ": " + a.Reference
		}
		p.f("| %s | %s | %s | %s | %s | %s | %s | %s |\n", a.ID, cell(a.Label), val, rng, a.Unit, prov, strings.Join(a.Refs, ", "), cell(a.Note))
	}
	p.f("\n")
}
