package brief

import (
	"fmt"

	"github.com/tablero-project/tablero/evidence"
)

// plausibility records the probability of the evidence under the logit
// QRE the brief solves (post.Evidence, on the measured model) and flags it
// when it is negligible.
func (e *Evidence) plausibility(ev *evidence.Evidence, lambda float64, reach []float64) {
	e.Plausibility = append(e.Plausibility, ev.Plausibility(fmt.Sprintf("logit QRE at λ = %g", lambda), reach))
}

// refinedPlausibility adds the probability of the evidence under the
// refined equilibrium (the limit of the QRE as precision grows), at the
// scenario's parameters: an observed history the sequential equilibrium
// rules out, while the noisy QRE only discounts it, is the sign that no
// type in the model has a reason to play it.
func (b *Brief) refinedPlausibility() error {
	if b.Evidence == nil || b.Refined == nil {
		return nil
	}
	model, reach := b.Refined.Play()
	if reach == nil {
		return nil
	}
	ev, err := evidence.New(model, b.Evidence.Observations)
	if err != nil {
		return err
	}
	b.Evidence.Plausibility = append(b.Evidence.Plausibility, ev.Plausibility(fmt.Sprintf("refined equilibrium, λ = %.3g", b.Refined.Lambda), reach))
	return nil
}

// misspecMD writes a warning for every solution under which the evidence
// is all but impossible; it comes first, before any probability.
func (b *Brief) misspecMD(pw *printer) {
	if b.Evidence == nil {
		return
	}
	for _, p := range b.Evidence.Plausibility {
		if p.Negligible {
			pw.f("> **Warning: %s.** The forecasts below condition on something the model all but rules out; revise the model before reading them.\n\n", p.Warning)
		}
	}
}

// plausibilityMD lists the probability of the evidence under each solution.
func (e *Evidence) plausibilityMD(pw *printer) {
	if len(e.Plausibility) == 0 {
		return
	}
	pw.f("Probability of the observations under the model (below %g they are flagged as a sign of misspecification):\n\n", evidence.Negligible)
	pw.f("| Solution | P(observations) | |\n|---|---:|---|\n")
	for _, p := range e.Plausibility {
		flag := "plausible"
		if p.Negligible {
			flag = "**negligible: a sign of misspecification, not a forecast**"
		}
		pw.f("| %s | %.3g | %s |\n", p.Solution, p.Probability, flag)
	}
	pw.f("\n")
}
