package brief

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/scenario"
)

// TestOverridePinsDraws checks that an override reaches the Monte Carlo:
// the pinned parameter leaves the sampled set, the mean moves with it, an
// override outside the declared range is warned about, and the Markdown
// lists the overrides and stops calling the point "the defaults".
func TestOverridePinsDraws(t *testing.T) {
	m := model(t, flagship)
	ctx := context.Background()
	mean := map[float64]float64{}
	var out string
	for _, rho := range []float64{0.1, 0.9} {
		opt := Options{Values: scenario.Values{"rho": rho}}
		b := build(t, m, opt)
		if err := b.Analyse(ctx, m, opt, Sampling{Draws: 48, Seed: 5}); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(b.Uncertainty.Params, "rho") {
			t.Errorf("rho = %g: still sampled (params %v)", rho, b.Uncertainty.Params)
		}
		mean[rho] = prob(b.Results, "R3")
		warned := slices.ContainsFunc(b.Warnings(), func(w string) bool { return strings.Contains(w, "rho = 0.9 lies outside") })
		if warned != (rho == 0.9) {
			t.Errorf("rho = %g: warnings %q", rho, b.Warnings())
		}
		var buf bytes.Buffer
		if err := b.Markdown(&buf); err != nil {
			t.Fatal(err)
		}
		out = buf.String()
	}
	if !(mean[0.9] > mean[0.1]+0.02) {
		t.Errorf("P(R3) mean %v at rho 0.1, %v at rho 0.9: the override does not reach the draws", mean[0.1], mean[0.9])
	}
	for _, want := range []string{"**Overrides.**", "`rho` = 0.9 (default 0.3) — **warning:**", "| At the overrides |"} {
		if !strings.Contains(out, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
	if strings.Contains(out, "At the defaults") {
		t.Error("brief still says \"At the defaults\" after an override")
	}
}
