package analysis

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
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

// TestMultiplierOverrides checks that an override pins a multiplier of
// literal numbers as it pins a parameter: out of the draws and their
// tornado, listed among the overrides (default 1, range its draws'), and
// in the run's hash.
func TestMultiplierOverrides(t *testing.T) {
	sc := load(t)
	r, err := Run(context.Background(), sc, Options{Draws: 16, Seed: 3, Overrides: map[string]float64{"scores:stake": 1.5}}, Hooks{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := brief.Override{Name: "scores:stake", Value: 1.5, Default: 1, Range: []float64{0.8, 1.2}, OutsideRange: true}
	if len(r.Overrides) != 1 || !reflect.DeepEqual(r.Overrides[0], want) {
		t.Errorf("overrides %+v, want %+v", r.Overrides, want)
	}
	u := r.Uncertainty
	if slices.Contains(u.Params, "scores:stake") || !slices.Contains(u.Params, "scores:war") {
		t.Errorf("sampled %v: want scores:war, not the pinned scores:stake", u.Params)
	}
	for _, g := range u.Literals.Multipliers {
		if g.ID == "scores:stake" {
			t.Error("the literals list the pinned multiplier among those the draws scale")
		}
	}
	hashes := map[string]string{}
	for _, v := range []map[string]float64{nil, {"scores:stake": 1.5}, {"scores:stake": 1.2}, {"scores:war": 1.5}} {
		c, err := Options{Overrides: v}.Canonical(sc)
		if err != nil {
			t.Fatal(err)
		}
		h, err := Hash(sc, c)
		if err != nil {
			t.Fatal(err)
		}
		if prev, dup := hashes[h]; dup {
			t.Errorf("overrides %v and %s have the same hash", v, prev)
		}
		hashes[h] = fmt.Sprint(v)
	}
}

// TestMultiplierReplacements checks that a range, or a uniform
// distribution, replaces a multiplier's declared relative range, and that
// the brief lists the replacement.
func TestMultiplierReplacements(t *testing.T) {
	sc := load(t)
	lo, hi := 0.9, 1.4
	for name, o := range map[string]Options{
		"range": {Ranges: map[string][]float64{"scores:war": {lo, hi}}},
		"dist":  {Dists: map[string]scenario.Distribution{"scores:war": {Kind: "uniform", Low: &lo, High: &hi}}},
	} {
		t.Run(name, func(t *testing.T) {
			o.Draws, o.Seed = 8, 3
			r, err := Run(context.Background(), sc, o, Hooks{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			want := []draws.Replacement{{Name: "scores:war", Declared: "uniform(0.8, 1.2)", Dist: "uniform(0.9, 1.4)"}}
			if !reflect.DeepEqual(r.Uncertainty.Replaced, want) {
				t.Errorf("replaced %+v, want %+v", r.Uncertainty.Replaced, want)
			}
			i := slices.IndexFunc(r.Uncertainty.Tornado, func(b uncertain.TornadoBar) bool { return b.Param == "scores:war" })
			if i < 0 {
				t.Fatal("no tornado bar for scores:war")
			}
			if b := r.Uncertainty.Tornado[i]; b.Low != lo || b.High != hi {
				t.Errorf("tornado swings scores:war over [%v, %v], want [%v, %v]", b.Low, b.High, lo, hi)
			}
		})
	}
}

// TestMultiplierOptionErrors checks the errors of overrides and
// replacements of multipliers; an unknown one lists the valid names.
func TestMultiplierOptionErrors(t *testing.T) {
	sc := load(t)
	mu, sd, lo, hi := 1.0, 0.1, -0.5, 1.0
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"unknown", Options{Overrides: map[string]float64{"scores:nothing": 1}}, `unknown multiplier "scores:nothing": scenario deterrence samples scores:stake, scores:war`},
		{"unknown range", Options{Ranges: map[string][]float64{"weights:C:war": {0.5, 1}}}, `ranges: unknown multiplier "weights:C:war"`},
		{"negative", Options{Overrides: map[string]float64{"scores:war": -1}}, "a multiplier must be ≥ 0"},
		{"negative range", Options{Ranges: map[string][]float64{"scores:war": {-0.5, 1}}}, "a multiplier must be ≥ 0"},
		{"normal", Options{Dists: map[string]scenario.Distribution{"scores:war": {Kind: "normal", Mean: &mu, SD: &sd}}}, "drawn uniformly"},
		{"negative uniform", Options{Dists: map[string]scenario.Distribution{"scores:war": {Kind: "uniform", Low: &lo, High: &hi}}}, "0 ≤ lo < hi"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.o.Canonical(sc)
			if err == nil || !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one wrapping ErrOptions with %q", err, tc.want)
			}
		})
	}
}
