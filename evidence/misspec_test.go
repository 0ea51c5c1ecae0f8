package evidence_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/evidence"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/solve/logit"
)

// An observed move the equilibrium all but rules out is flagged, with its
// probability; at precision 0 the same move is an even chance and is not.
func TestPlausibilityFlagsANegligibleHistory(t *testing.T) {
	m := scenariotest.Model(t, "testdata/threat.yaml")
	ev, err := evidence.New(m, m.Scenario.Observations)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lambda     float64
		negligible bool
	}{{3, true}, {0, false}} {
		in, err := m.Game(nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := logit.Logit(context.Background(), in.Game, logit.LogitOptions{Lambdas: []float64{c.lambda}, MaxLambda: c.lambda})
		if err != nil {
			t.Fatal(err)
		}
		reach := in.Game.Realization(res.Points[0].Profile)
		p := ev.Plausibility("logit QRE", reach)
		want := 1 / (1 + math.Exp(5*c.lambda))
		if math.Abs(p.Probability-want) > 1e-6*want {
			t.Errorf("λ = %g: P(history) = %g, want %g", c.lambda, p.Probability, want)
		}
		if p.Negligible != c.negligible {
			t.Errorf("λ = %g: negligible = %v, want %v", c.lambda, p.Negligible, c.negligible)
		}
		if c.negligible && !strings.Contains(p.Warning, "the observed history has probability 3e-07 under the model (logit QRE): a sign of misspecification, not a forecast") {
			t.Errorf("warning %q", p.Warning)
		}
		if !c.negligible && p.Warning != "" {
			t.Errorf("λ = %g: a plausible history warns: %q", c.lambda, p.Warning)
		}
	}
}
