package brief

import (
	"io"
	"strings"

	"github.com/tablero-project/tablero/internal/english"
)

// evidenceMD writes what the observations did: the forecast before and
// after, the posterior over types, and each observation's effect.
func (b *Brief) evidenceMD(pw *printer) {
	e := b.Evidence
	if e == nil {
		return
	}
	pw.f("## Evidence\n\n")
	n := len(e.Observations)
	pw.f("The scenario is the prior; %s %s it by Bayes' rule on the equilibrium (probability of all the evidence at the defaults: %s).\n\n", english.Count(n, "observation"), english.Agree(n, "updates", "update"), num(e.Probability, 4))
	pw.f("| Date | Observation | Kind | What | Source |\n|---|---|---|---|---|\n")
	for _, o := range e.Observations {
		what := strings.Join(o.Move, ", ")
		switch o.Kind() {
		case "signpost":
			what = o.Signpost + " occurred"
			if !o.Happened() {
				what = o.Signpost + " did not occur"
			}
		case "parameter":
			what = o.Parameter + " measured"
		}
		pw.f("| %s | %s | %s | %s | %s |\n", o.Date, o.ID, o.Kind(), what, o.Source)
	}
	pw.f("\n")
	e.plausibilityMD(pw)
	shiftTable(pw, "Result", e.Results)
	shiftTable(pw, "Scenario", e.Scenarios)
	if len(e.Types) > 0 {
		pw.f("| Actor | Type | | Prior | Posterior |\n|---|---|---|---:|---:|\n")
		for _, t := range e.Types {
			pw.f("| %s | %s | %s | %s | %s%s |\n", t.Actor, t.Type, t.Label, percent(t.Prior), percent(t.Posterior), percentInterval(t.Low, t.High))
		}
		pw.f("\n")
	}
	pw.f("What moved the forecast, one observation at a time (point estimate):\n\n")
	pw.f("| Observation | P(it \\| earlier) | Results after | Largest move |\n|---|---:|---|---|\n")
	for _, st := range e.Steps {
		var rs []string
		for _, r := range st.Results {
			rs = append(rs, r.Name+" "+percent(r.Probability))
		}
		lik := "(re-solved)"
		if st.Likelihood != nil {
			lik = num(*st.Likelihood, 3)
		}
		pw.f("| %s | %s | %s | %s %+.1f pp |\n", st.Observation, lik, strings.Join(rs, ", "), st.Mover, 100*st.Change)
	}
	pw.f("\n")
	if d := e.Draws; d != nil {
		pw.f("Monte Carlo: %d prior draws weighted by the probability they give the evidence, worth %.0f unweighted draws", d.Draws, d.EffectiveDraws)
		if len(d.Likelihoods) > 0 {
			pw.f("; the observed signposts' likelihoods are drawn uniformly from their ranges")
		}
		pw.f(".\n\n")
	}
}

func shiftTable(pw *printer, what string, sh []Shift) {
	pw.f("| %s | | Prior | Posterior | Change |\n|---|---|---:|---:|---:|\n", what)
	for _, x := range sh {
		pw.f("| %s | %s | %s%s | %s%s | %+.1f pp |\n", x.Name, x.Label, percent(x.Prior), percentInterval(x.PriorLow, x.PriorHigh),
			percent(x.Posterior), percentInterval(x.Low, x.High), 100*(x.Posterior-x.Prior))
	}
	pw.f("\n")
}

// watchMD writes the value of information of the signposts not yet
// observed.
func (b *Brief) watchMD(pw *printer) {
	if len(b.Watch) == 0 {
		return
	}
	pw.f("## Signposts to watch\n\n")
	pw.f("For each declared signpost not yet observed, ranked by the expected change of the result distribution (total variation), at the point estimate:\n\n")
	pw.f("| Signpost | P(occurs) | Watch for | Expected change |\n|---|---:|---|---:|\n")
	for _, w := range b.Watch {
		for _, r := range w.Results {
			if r.Name != w.Mover {
				continue
			}
			pw.f("| %s | %s | %s: if it happens, %s (%s) goes from %s to %s (if not: %s) | %s |\n", w.Signpost, percent(w.Probability), w.Label,
				r.Name, r.Label, percent(r.Now), percent(r.IfOccurs), percent(r.IfNot), num(w.ExpectedChange, 3))
		}
	}
	pw.f("\n")
}

// percent formats a probability as a percentage with one decimal, for tables.
func percent(x float64) string { return num(100*x, 1) + " %" }

func percentInterval(lo, hi *float64) string {
	if lo == nil || hi == nil {
		return ""
	}
	return " [" + num(100**lo, 1) + ", " + num(100**hi, 1) + "]"
}

// EvidenceMarkdown writes the part of the brief about evidence: what the
// observations did to the forecast and which signposts to watch next.
func (b *Brief) EvidenceMarkdown(w io.Writer) error {
	pw := &printer{w: w}
	pw.f("# %s — the evidence\n\n", b.Title)
	pw.f("Scenario `%s` · mapping `%s` · %s at λ = %g.\n\n", b.ID, b.Mapping, b.Solution.Concept, b.Solution.Lambda)
	b.misspecMD(pw)
	b.evidenceMD(pw)
	b.watchMD(pw)
	return pw.err
}
