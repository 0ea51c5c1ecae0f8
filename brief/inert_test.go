package brief

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/internal/scenariotest"
)

// TestNoEffectFlagged checks that the flagship's us_polarization, which
// moves only the negotiation's ratification threshold, is reported as
// entering the negotiation alone and warned about, while rho enters the
// game.
func TestNoEffectFlagged(t *testing.T) {
	m := scenariotest.Model(t, flagship)
	b := build(t, m, Options{})
	if err := b.Analyse(context.Background(), m, Options{}, draws.Sampling{Draws: 8, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	got := map[string]draws.Reach{}
	for _, r := range b.Uncertainty.Reach {
		got[r.Param] = r
	}
	if r := got["us_polarization"]; r.Game || !slices.Equal(r.Engines, []string{"negotiation"}) {
		t.Errorf("us_polarization reach %+v, want the negotiation only", r)
	}
	if r := got["rho"]; !r.Game {
		t.Errorf("rho reach %+v, want the game", r)
	}
	var buf bytes.Buffer
	if err := b.Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "**Warning: `us_polarization` has no effect on the headline**") {
		t.Error("the brief does not warn about us_polarization")
	}
	if !slices.ContainsFunc(b.Warnings(), func(w string) bool { return strings.HasPrefix(w, "us_polarization has no effect") }) {
		t.Errorf("warnings %q lack us_polarization", b.Warnings())
	}
}
