package reconcile

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
)

// flagship has a stakeholder scale whose anchors name S1–S4.
const flagship = "../../scenarios/us-mexico-2025.yaml"

// probs names the probabilities of the flagship's S0–S4, in that order.
func probs(p ...float64) []equilibrium.Prob {
	out := make([]equilibrium.Prob, len(p))
	for i, x := range p {
		out[i] = equilibrium.Prob{Name: fmt.Sprintf("S%d", i), Probability: x}
	}
	return out
}

// scale is the name of the flagship's stakeholder scale.
const scale = "US military involvement in Mexico (0–100)"

// TestBuild checks the game's answer on the common scale (S0 and the
// remainder are off it), the stakeholder answers, their modes, distances
// and sentences, ties (the mode is the first anchor in scale order) and
// rounding (a total a little over 1 leaves no negative remainder).
func TestBuild(t *testing.T) {
	m := scenariotest.Model(t, flagship)
	smp := []Forecast{{Model: "smp", Forecasts: []forecast.DimForecast{{Name: scale, Point: 47, Anchor: "near S2", Nearest: "S2"}}}}
	spread := []forecast.DimSensitivity{{Name: scale, Point: forecast.Summary{N: 10},
		Anchors: []forecast.AnchorShare{{Anchor: "S2", Share: 0.75}, {Anchor: "S3", Share: 0.25}}}}
	for _, tc := range []struct {
		name      string
		sec       Sections
		point     []float64
		modes     []string // by engine
		distances []float64
	}{
		{"typical", Sections{Scenarios: probs(0.1, 0.5, 0.2, 0.1, 0.05), Forecasts: smp, Spread: spread},
			[]float64{0.5, 0.2, 0.1, 0.05, 0.15}, []string{"S1", "S2", "S2"}, []float64{0, 0.8, 0.7}},
		{"tie", Sections{Scenarios: probs(0, 0.4, 0.4, 0.1, 0.1)},
			[]float64{0.4, 0.4, 0.1, 0.1, 0}, []string{"S1"}, []float64{0}},
		{"rounding", Sections{Scenarios: probs(0, 0.5, 0.5+1e-12, 0, 0)},
			[]float64{0.5, 0.5 + 1e-12, 0, 0, 0}, []string{"S2"}, []float64{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(context.Background(), Input{Model: m, Sections: tc.sec})
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"S1", "S2", "S3", "S4", OffScale}; !reflect.DeepEqual(r.Anchors, want) || r.Dimension != scale {
				t.Fatalf("anchors %v on %q, want %v on %q", r.Anchors, r.Dimension, want, scale)
			}
			if got := r.Engines[0].Probabilities; !near(got, tc.point) {
				t.Errorf("the game's answer %v, want %v", got, tc.point)
			}
			if len(r.Engines) != len(tc.modes) {
				t.Fatalf("%d engines, want %d", len(r.Engines), len(tc.modes))
			}
			for k, e := range r.Engines {
				if e.Modal != tc.modes[k] || !near([]float64{e.Distance}, tc.distances[k:k+1]) {
					t.Errorf("%s: mode %s at distance %g, want %s at %g", e.Engine, e.Modal, e.Distance, tc.modes[k], tc.distances[k])
				}
			}
			if len(r.Differences) != len(r.Engines)-1 {
				t.Errorf("%d differences for %d engines besides the game", len(r.Differences), len(r.Engines)-1)
			}
		})
	}
}

// near reports whether x and y agree to 1e-9 everywhere.
func near(x, y []float64) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if d := x[i] - y[i]; d > 1e-9 || d < -1e-9 {
			return false
		}
	}
	return true
}

// TestBuildNone checks that there is no table when no other engine names
// the game's scenarios, and that a stakeholder table that does not
// validate is an error naming the package.
func TestBuildNone(t *testing.T) {
	r, err := Build(context.Background(), Input{Model: scenariotest.Model(t, "../../scenario/testdata/deterrence.yaml")})
	if r != nil || err != nil {
		t.Errorf("a scenario without stakeholders or negotiation: table %+v, error %v; want neither", r, err)
	}
	m := scenariotest.Model(t, flagship)
	m.Scenario.Stakeholders.Dimensions = nil
	if _, err := Build(context.Background(), Input{Model: m}); err == nil || !strings.HasPrefix(err.Error(), "reconcile: ") {
		t.Errorf("a stakeholder table without dimensions: error %v, want one from reconcile", err)
	}
}

// TestRefresh checks that once the draws ran the game's answer is read at
// the point (AtDefaults) and the draws' means join as their own engine.
func TestRefresh(t *testing.T) {
	m := scenariotest.Model(t, flagship)
	r, err := Build(context.Background(), Input{Model: m, Sections: Sections{Scenarios: probs(0, 1, 0, 0, 0), Point: "at the defaults"}})
	if err != nil {
		t.Fatal(err)
	}
	drawn := probs(0.2, 0.4, 0.4, 0, 0)
	for i := range drawn {
		p := []float64{0, 1, 0, 0, 0}[i]
		drawn[i].AtDefaults = &p
	}
	r.Refresh(Sections{Scenarios: drawn, Draws: 100, Point: "at the defaults"})
	if len(r.Engines) != 2 || r.Engines[1].Engine != "monte_carlo" {
		t.Fatalf("engines %+v, want the game and the Monte Carlo", r.Engines)
	}
	if g := r.Engines[0]; g.Label != "crisis game: equilibrium at the defaults" || g.Modal != "S1" {
		t.Errorf("game %+v", g)
	}
	if mc := r.Engines[1]; !near(mc.Probabilities, []float64{0.4, 0.4, 0, 0, 0.2}) || mc.Modal != "S1" || !near([]float64{mc.Distance}, []float64{0.6}) {
		t.Errorf("Monte Carlo %+v", mc)
	}
	if !strings.HasPrefix(r.Differences[0], "Crisis game: mean over 100 draws: mode S1") {
		t.Errorf("difference %q", r.Differences[0])
	}
}

// TestProfileText checks that a type profile lists the parties in sorted
// order, whatever the map's.
func TestProfileText(t *testing.T) {
	for _, tc := range []struct {
		in   map[string]string
		want string
	}{
		{nil, ""},
		{map[string]string{"US": "D"}, "US=D"},
		{map[string]string{"US": "D", "MX": "T", "CA": "H"}, "CA=H, MX=T, US=D"},
	} {
		if got := profileText(tc.in); got != tc.want {
			t.Errorf("profileText(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// ExampleBuild sets the game's scenario probabilities beside one
// stakeholder model's settlement on the flagship's involvement scale.
func ExampleBuild() {
	s, err := scenario.Load(flagship)
	if err != nil {
		panic(err)
	}
	m, err := scenario.Compile(s)
	if err != nil {
		panic(err)
	}
	sec := Sections{Scenarios: probs(0.1, 0.5, 0.2, 0.1, 0.05), Point: "at the defaults",
		Forecasts: []Forecast{{Model: "smp", Forecasts: []forecast.DimForecast{{Name: scale, Point: 47, Anchor: "near S2", Nearest: "S2"}}}}}
	r, err := Build(context.Background(), Input{Model: m, Sections: sec})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Anchors, "—", r.OffScaleNote())
	for _, e := range r.Engines {
		fmt.Printf("%s: %.2f, mode %s, distance %.2f\n", e.Engine, e.Probabilities, e.Modal, e.Distance)
	}
	// Output:
	// [S1 S2 S3 S4 other] — other collects the other scenarios and no deal
	// game: [0.50 0.20 0.10 0.05 0.15], mode S1, distance 0.00
	// stakeholders_smp: [0.00 1.00 0.00 0.00 0.00], mode S2, distance 0.80
}
