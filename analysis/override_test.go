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

// TestMultiplierReplacements checks that a range, or a distribution of
// any kind, replaces a multiplier's declared relative range: the brief
// lists the replacement, the tornado swings the multiplier over the range
// or between the distribution's 5 % and 95 % quantiles (a uniform one's
// too, as a parameter's), and the replacement enters the run's record and hash.
func TestMultiplierReplacements(t *testing.T) {
	sc := load(t)
	lo, hi, mode := 0.9, 1.4, 1.0
	tri := scenario.Distribution{Kind: "triangular", Low: &lo, Mode: &mode, High: &hi}
	triDist, err := tri.MultiplierDist()
	if err != nil {
		t.Fatal(err)
	}
	uni := scenario.Distribution{Kind: "uniform", Low: &lo, High: &hi}
	uniDist, err := uni.MultiplierDist()
	if err != nil {
		t.Fatal(err)
	}
	hashes := map[string]string{}
	for _, tc := range []struct {
		name             string
		o                Options
		dist             string
		swingLo, swingHi float64
	}{
		{"range", Options{Ranges: map[string][]float64{"scores:war": {lo, hi}}}, "uniform(0.9, 1.4)", lo, hi},
		{"uniform", Options{Dists: map[string]scenario.Distribution{"scores:war": uni}}, "uniform(0.9, 1.4)", uniDist.Quantile(0.05), uniDist.Quantile(0.95)},
		{"triangular", Options{Dists: map[string]scenario.Distribution{"scores:war": tri}}, "triangular(0.9, 1, 1.4)", triDist.Quantile(0.05), triDist.Quantile(0.95)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o
			o.Draws, o.Seed = 8, 3
			r, err := Run(context.Background(), sc, o, Hooks{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			want := []draws.Replacement{{Name: "scores:war", Declared: "uniform(0.8, 1.2)", Dist: tc.dist}}
			if !reflect.DeepEqual(r.Uncertainty.Replaced, want) {
				t.Errorf("replaced %+v, want %+v", r.Uncertainty.Replaced, want)
			}
			i := slices.IndexFunc(r.Uncertainty.Tornado, func(b uncertain.TornadoBar) bool { return b.Param == "scores:war" })
			if i < 0 {
				t.Fatal("no tornado bar for scores:war")
			}
			if b := r.Uncertainty.Tornado[i]; b.Low != tc.swingLo || b.High != tc.swingHi {
				t.Errorf("tornado swings scores:war over [%v, %v], want [%v, %v]", b.Low, b.High, tc.swingLo, tc.swingHi)
			}
			var md strings.Builder
			if err := r.Markdown(&md); err != nil {
				t.Fatal(err)
			}
			if line := "- `scores:war` ~ " + tc.dist + " (declared: uniform(0.8, 1.2))"; !strings.Contains(md.String(), line) {
				t.Errorf("the brief does not list %q", line)
			}
			if !strings.Contains(string(r.Run.Options), `"scores:war"`) {
				t.Errorf("the run record's options %s do not hold the replacement", r.Run.Options)
			}
			if prev, dup := hashes[r.Run.Hash]; dup {
				t.Errorf("%s has the hash of %s", tc.name, prev)
			}
			hashes[r.Run.Hash] = tc.name
		})
	}
}

// TestMultiplierOptionErrors checks the errors of overrides and
// replacements of multipliers; an unknown one lists the valid names.
func TestMultiplierOptionErrors(t *testing.T) {
	sc := load(t)
	mu, sd, lo, hi, hi2, one := 1.0, 0.1, -0.5, 1.0, 2.0, 1.0
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"unknown", Options{Overrides: map[string]float64{"scores:nothing": 1}}, `unknown multiplier "scores:nothing": scenario deterrence samples scores:stake, scores:war`},
		{"unknown range", Options{Ranges: map[string][]float64{"weights:C:war": {0.5, 1}}}, `ranges: unknown multiplier "weights:C:war"`},
		{"negative", Options{Overrides: map[string]float64{"scores:war": -1}}, "a multiplier must be ≥ 0"},
		{"negative range", Options{Ranges: map[string][]float64{"scores:war": {-0.5, 1}}}, "a multiplier must be ≥ 0"},
		{"normal", Options{Dists: map[string]scenario.Distribution{"scores:war": {Kind: "normal", Mean: &mu, SD: &sd}}},
			"dists: scores:war: normal(1, 0.1) draws negative multipliers (its support reaches -Inf; P(below 0) = 7.62e-24), which would flip the sign of the numbers it scales"},
		{"negative uniform", Options{Dists: map[string]scenario.Distribution{"scores:war": {Kind: "uniform", Low: &lo, High: &hi}}}, "dists: scores:war: uniform(-0.5, 1) draws negative multipliers"},
		{"fixed elsewhere", Options{Dists: map[string]scenario.Distribution{"scores:war": {Kind: "fixed", Value: &hi2}}}, "a multiplier held fixed stays at 1"},
		{"unknown dist", Options{Dists: map[string]scenario.Distribution{"weights:C:war": {Kind: "fixed", Value: &one}}}, `dists: unknown multiplier "weights:C:war": scenario deterrence samples scores:stake, scores:war`},
		{"range and dist", Options{Ranges: map[string][]float64{"scores:war": {0.5, 1}}, Dists: map[string]scenario.Distribution{"scores:war": {Kind: "fixed", Value: &one}}},
			"dists: scores:war has both a range and a distribution replacement: give one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.o.Canonical(sc)
			if err == nil || !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one wrapping ErrOptions with %q", err, tc.want)
			}
		})
	}
}

// TestDeclaredMultiplierDist checks a multiplier distribution the scenario
// declares (uncertainty_distribution): the brief says what the multiplier
// is drawn from and lists it in the assumptions, the scenario's hash
// changes with it, and a replacement names it as the declared one.
func TestDeclaredMultiplierDist(t *testing.T) {
	plain := load(t)
	doc := *plain.Doc
	doc.Attributes = slices.Clone(doc.Attributes)
	lo, mode, hi := 0.5, 1.0, 1.5
	doc.Attributes[1].Uncertainty = 0
	doc.Attributes[1].UncertaintyDistribution = &scenario.Distribution{Kind: "triangular", Low: &lo, Mode: &mode, High: &hi}
	sc, err := FromDoc(&doc)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Hash == plain.Hash {
		t.Error("the declared distribution does not enter the scenario's hash")
	}
	r, err := Run(context.Background(), sc, Options{Draws: 8, Seed: 3}, Hooks{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	if err := r.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	if want := "each multiplier drawn uniformly over the declared relative range (±20 %), as the assumptions list them, or from the distribution the scenario declares (`scores:war` ~ triangular(0.5, 1, 1.5))."; !strings.Contains(md.String(), want) {
		t.Errorf("the brief does not say %q", want)
	}
	i := slices.IndexFunc(r.Assumptions, func(a brief.Assumption) bool { return a.ID == "scores:war" })
	if a := r.Assumptions[i]; !slices.Equal(a.Range, []float64{0.5, 1.5}) || a.Note != "multiplier ~ triangular(0.5, 1, 1.5)" {
		t.Errorf("assumption %+v", a)
	}
	narrow := 1.1
	r, err = Run(context.Background(), sc, Options{Draws: 8, Seed: 3, Ranges: map[string][]float64{"scores:war": {1, narrow}}}, Hooks{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []draws.Replacement{{Name: "scores:war", Declared: "triangular(0.5, 1, 1.5)", Dist: "uniform(1, 1.1)"}}
	if !reflect.DeepEqual(r.Uncertainty.Replaced, want) {
		t.Errorf("replaced %+v, want %+v", r.Uncertainty.Replaced, want)
	}
}
