package analysis

import (
	"context"
	"slices"
	"testing"
)

// TestOverridesReachDraws checks that Options.Overrides (what the server
// passes) pin the parameter in the Monte Carlo: the draws' means move with
// the override and the result lists it.
func TestOverridesReachDraws(t *testing.T) {
	sc := load(t)
	means := map[float64]float64{}
	for _, p := range []float64{0.1, 0.9} {
		r, err := Run(context.Background(), sc, Options{Draws: 32, Seed: 3, Overrides: map[string]float64{"p_resolved": p}}, Hooks{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(r.Uncertainty.Params, "p_resolved") {
			t.Errorf("p_resolved = %g still sampled", p)
		}
		if len(r.Overrides) != 1 || r.Overrides[0].Name != "p_resolved" || r.Overrides[0].Value != p || r.Overrides[0].OutsideRange {
			t.Errorf("overrides %+v", r.Overrides)
		}
		means[p] = r.Results[0].Probability
	}
	if means[0.1] == means[0.9] {
		t.Errorf("mean of %s is %v at both overrides: the draws ignore them", "the first result", means[0.1])
	}
}

// TestRangesReplaceUncertainty checks that Options.Ranges change the
// uncertainty itself: a narrower range narrows the spread of the draws,
// and a malformed range is refused.
func TestRangesReplaceUncertainty(t *testing.T) {
	sc := load(t)
	spread := func(o Options) float64 {
		t.Helper()
		r, err := Run(context.Background(), sc, o, Hooks{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		x := r.Results[0]
		return *x.P95 - *x.P05
	}
	wide := spread(Options{Draws: 64, Seed: 3})
	narrow := spread(Options{Draws: 64, Seed: 3, Ranges: map[string][]float64{"p_resolved": {0.39, 0.41}}})
	if !(narrow < wide) {
		t.Errorf("5–95 spread %v with p_resolved in [0.39, 0.41], %v as declared: the range is ignored", narrow, wide)
	}
	if _, err := (Options{Ranges: map[string][]float64{"p_resolved": {0.5, 0.2}}}).Canonical(sc); err == nil {
		t.Error("a range with low > high was accepted")
	}
}
