package brief

import (
	"context"
	"math"
	"testing"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
)

func coinModel(t testing.TB) *scenario.Model {
	t.Helper()
	return scenariotest.Model(t, "../evidence/testdata/coin.yaml")
}

// TestEvidenceDrawsMeasuredParameter: a measurement re-solves the draws
// from the new distribution: with the rain fixed at 0.6 and t observed,
// P(R2 | evidence) = E[0.3·L(t|o2)] / E[0.3·L(t|o2) + 0.7·L(t|else)] = 0.27/0.34.
func TestEvidenceDrawsMeasuredParameter(t *testing.T) {
	m := coinModel(t)
	v := 0.6
	opt := Options{Observations: []scenario.Observation{{Date: "2025-01-02", Source: "poll", Parameter: "rain", Value: &v}, {Date: "2025-01-03", Source: "test", Signpost: "t"}}}
	b, err := Build(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Analyse(context.Background(), m, opt, draws.Sampling{Draws: 2000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	got, exact := b.Evidence.Results[1], 0.27/0.34
	if *got.Low > exact || *got.High < exact {
		t.Errorf("P(R2 | evidence) = %g [%g, %g], exact %g", got.Posterior, *got.Low, *got.High, exact)
	}
	if math.Abs(*got.AtDefaults-exact) > 1e-12 {
		t.Errorf("point P(R2 | evidence) = %.15g, exact %.15g", *got.AtDefaults, exact)
	}
}
