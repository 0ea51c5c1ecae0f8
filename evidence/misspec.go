package evidence

import "fmt"

// Negligible is the probability below which evidence is flagged as
// implausible under a model: an observed history (with the observed
// signposts) that the model gives less than one chance in a thousand says
// more about the model than about the future.
const Negligible = 1e-3

// Plausibility is the probability of the observed evidence under one
// solution of the model, and whether it is negligible.
type Plausibility struct {
	// Solution names the equilibrium the probability is computed under,
	// e.g. "logit QRE at λ = 1".
	Solution    string  `json:"solution"`
	Probability float64 `json:"probability"`
	// Negligible is Probability < Negligible.
	Negligible bool `json:"negligible"`
	// Warning says, when Negligible, what the probability means.
	Warning string `json:"warning,omitempty"`
}

// Plausibility returns the probability of the evidence (the observed moves
// and signposts, at the declared likelihoods) under the play reach of the
// solution named, and flags it when it is below Negligible: a history the
// model all but rules out is a sign of misspecification, not a forecast.
// The evidence's model must be the one reach was solved on (for parameter
// measurements, the measured model: see On).
func (e *Evidence) Plausibility(solution string, reach []float64) Plausibility {
	w := make([]float64, len(e.m.Leaves()))
	p := Plausibility{Solution: solution, Probability: e.Weights(reach, e.Declared(), w)}
	if p.Probability < Negligible {
		p.Negligible = true
		p.Warning = fmt.Sprintf("the observed %s has probability %.1g under the model (%s): a sign of misspecification, not a forecast", e.what(), p.Probability, solution)
	}
	return p
}

// what names the evidence for a warning: "history" when it is observed
// moves only.
func (e *Evidence) what() string {
	if len(e.signs) == 0 && e.allowed != nil {
		return "history"
	}
	return "evidence"
}
