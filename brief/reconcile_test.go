package brief

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/brief/equilibrium"
	inum "github.com/tablero-project/tablero/brief/internal/num"
	"github.com/tablero-project/tablero/brief/reconcile"
	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/internal/scenariotest"
)

// TestReconcile checks the reconciliation of testdata/reconcile.yaml, a
// small crisis built so that the engines disagree: every engine's row
// sums to one over the anchors, the game's row is the brief's scenario
// probabilities, distances are total variation, the red line a tight
// Bravo's audience draws is reported as a conflict exactly when, with
// types known, Bravo's own last decision leads into a forbidden anchor,
// the reservation values are compared three ways, the Monte Carlo row
// appears once the draws ran, and the stakeholder forecasts are placed on
// the anchors as package forecast places them.
func TestReconcile(t *testing.T) {
	m := scenariotest.Model(t, "testdata/reconcile.yaml")
	ctx := context.Background()
	b, err := Build(ctx, m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := b.Reconciliation
	if r == nil {
		t.Fatal("no reconciliation")
	}
	if !slices.Equal(r.Anchors, []string{"S1", "S2", "S3", reconcile.OffScale}) {
		t.Fatalf("anchors %v", r.Anchors)
	}
	engines := map[string]reconcile.EngineAnswer{}
	for _, e := range r.Engines {
		engines[e.Engine] = e
		sum := 0.0
		for _, x := range e.Probabilities {
			sum += x
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("%s sums to %g", e.Engine, sum)
		}
		if d := inum.TV(e.Probabilities, r.Engines[0].Probabilities); math.Abs(d-e.Distance) > 1e-12 {
			t.Errorf("%s: distance %g, want %g", e.Engine, e.Distance, d)
		}
	}
	for _, name := range []string{"game", "negotiation_nash", "negotiation_range", "stakeholders_eum", "stakeholders_smp"} {
		if _, ok := engines[name]; !ok {
			t.Errorf("no %s row in %v", name, r.Engines)
		}
	}
	if _, ok := engines["monte_carlo"]; ok {
		t.Error("a Monte Carlo row without draws")
	}
	for k, a := range r.Anchors[:3] {
		p := b.Scenarios[slices.IndexFunc(b.Scenarios, func(p Prob) bool { return p.Name == a })].Probability
		if g := engines["game"].Probabilities[k]; math.Abs(g-p) > 1e-12 {
			t.Errorf("game row on %s: %g, want %g", a, g, p)
		}
	}
	// the stakeholder rows sit on the anchor forecast names nearest
	tb, err := m.Scenario.Stakeholders.Table()
	if err != nil {
		t.Fatal(err)
	}
	for _, mod := range b.Forecast.Models {
		f := mod.Forecasts[0]
		if f.Anchor != forecast.AnchorText(tb.Dims[0], f.Point) {
			t.Errorf("%s: anchor %q, want %q", mod.Model, f.Anchor, forecast.AnchorText(tb.Dims[0], f.Point))
		}
		want := forecast.AnchorID(tb.Dims[0].Anchors[forecast.NearestAnchor(tb.Dims[0], f.Point)].Label)
		if e := engines["stakeholders_"+mod.Model]; e.Probabilities[slices.Index(r.Anchors, want)] != 1 {
			t.Errorf("%s row %v, want all on %s", mod.Model, e.Probabilities, want)
		}
	}
	// the red line: a conflict exactly when Bravo=T chooses a forbidden
	// anchor (r, Bravo's move, is the last decision on the paths it makes)
	chosen := false
	for _, k := range b.Known {
		if slices.Contains(k.Types, equilibrium.Fact{Name: "B", Value: "T"}) && strings.HasPrefix(k.Path[len(k.Path)-1], "r=") &&
			slices.ContainsFunc(k.Scenarios, func(p Prob) bool { return (p.Name == "S2" || p.Name == "S3") && p.Probability > 0 }) {
			chosen = true
		}
	}
	if len(r.RedLines) != 1 || r.RedLines[0].Conflict != chosen || !chosen || !slices.Equal(r.RedLines[0].Forbidden, []string{"S2", "S3"}) {
		t.Errorf("red lines %+v (chosen %v)", r.RedLines, chosen)
	}
	rc := r.Reservations
	if rc == nil || rc.Packages != 9 || rc.Assumed.Range != b.Negotiation.Linked.Range || rc.Equilibrium.Range != b.Negotiation.FromGame.Linked.Range ||
		rc.NoDealResult != "R2" || (rc.Holds == "assumed") != (rc.NoDeal.Range > 0) {
		t.Errorf("reservations %+v", rc)
	}
	if len(r.Differences) != len(r.Engines)-1+len(r.RedLines)+1 {
		t.Errorf("%d differences for %d engines", len(r.Differences), len(r.Engines))
	}
	var md bytes.Buffer
	if err := b.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range append([]string{"## Reconciling the engines", "(between S2 and S3)"}, r.Differences...) {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if err := b.Analyse(ctx, m, Options{}, draws.Sampling{Draws: 20, Seed: 1, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(b.Reconciliation.Engines, func(e reconcile.EngineAnswer) bool { return e.Engine == "monte_carlo" }) {
		t.Error("no Monte Carlo row after the draws")
	}
}
