package scenario

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// deterrenceWith loads the deterrence scenario with the given sampling
// modes and relative uncertainty of the actors' literal weights.
func deterrenceWith(t *testing.T, u *LiteralUncertainty, weights float64) *Model {
	t.Helper()
	s, err := Load("testdata/deterrence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s.Uncertainty = u
	for i := range s.Actors {
		s.Actors[i].Uncertainty = weights
	}
	m, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func multiplierIDs(m *Model) string {
	var ids []string
	for _, x := range m.Multipliers() {
		ids = append(ids, x.ID+"×"+string(rune('0'+x.Count)))
	}
	return strings.Join(ids, " ")
}

// TestMultipliers checks how each sampling mode groups the literal scores
// and weights: zeros and groups without declared uncertainty are left out,
// and a weight an actor lists once counts once however many types use it.
func TestMultipliers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		u       *LiteralUncertainty
		weights float64
		want    string
	}{
		{"default", nil, 0, "scores:stake×2 scores:war×1"},
		{"weights too", nil, 0.3, "scores:stake×2 scores:war×1 weights:C:stake×1 weights:C:war×2 weights:T:stake×1 weights:T:war×1"},
		{"independent", &LiteralUncertainty{Scores: Independent, Weights: Independent}, 0.3,
			"scores:stake:concession×1 scores:stake:fight×1 scores:war:fight×1 weights:C:stake×1 weights:C:R:war×1 weights:C:war×1 weights:T:stake×1 weights:T:war×1"},
		{"fixed", &LiteralUncertainty{Scores: Fixed, Weights: Fixed}, 0.3, ""},
		{"fixed scores", &LiteralUncertainty{Scores: Fixed}, 0.3, "weights:C:stake×1 weights:C:war×2 weights:T:stake×1 weights:T:war×1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := multiplierIDs(deterrenceWith(t, tc.u, tc.weights)); got != tc.want {
				t.Errorf("multipliers\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestMultiplierScales checks that a multiplier scales exactly the
// numbers of its group, and the payoffs built from them.
func TestMultiplierScales(t *testing.T) {
	m := deterrenceWith(t, nil, 0.3)
	base, err := m.Numbers(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Numbers(Values{"scores:stake": 1.5, "weights:C:war": 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for o := range base.Attr {
		if want := base.Attr[o][0] * 1.5; got.Attr[o][0] != want {
			t.Errorf("outcome %d stake = %v, want %v", o, got.Attr[o][0], want)
		}
		if got.Attr[o][1] != base.Attr[o][1] {
			t.Errorf("outcome %d war moved: %v → %v", o, base.Attr[o][1], got.Attr[o][1])
		}
	}
	for ty := range base.Weight[0] {
		if want := base.Weight[0][ty][1] * 0.5; got.Weight[0][ty][1] != want {
			t.Errorf("C type %d war weight = %v, want %v", ty, got.Weight[0][ty][1], want)
		}
	}
	if slices.Equal(got.Payoffs[1], base.Payoffs[1]) && slices.Equal(got.Payoffs[2], base.Payoffs[2]) {
		t.Error("payoffs did not move with the multipliers")
	}
	if _, err := m.Numbers(Values{"scores:stake": -1}); err == nil {
		t.Error("a negative multiplier was accepted")
	}
	if _, err := m.Numbers(Values{"scores:nothing": 1}); err == nil {
		t.Error("an unknown multiplier was accepted")
	}
	for _, x := range m.Multipliers() {
		if x.Low() != 0.7 && x.Low() != 0.8 || x.High() != 2-x.Low() {
			t.Errorf("%s: range [%v, %v]", x.ID, x.Low(), x.High())
		}
	}
}

// TestWithRanges checks that a replaced range moves a multiplier's ends,
// leaves the others and the original model alone, and is checked.
func TestWithRanges(t *testing.T) {
	m := deterrenceWith(t, nil, 0)
	r, err := m.WithRanges(map[string][]float64{"scores:war": {0.5, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := r.Multiplier("scores:war"); g.Low() != 0.5 || g.High() != 2 {
		t.Errorf("scores:war over [%v, %v], want [0.5, 2]", g.Low(), g.High())
	}
	if g, _ := m.Multiplier("scores:war"); g.Low() != 0.8 {
		t.Errorf("the original model moved: scores:war from %v", g.Low())
	}
	if g, _ := r.Multiplier("scores:stake"); g.Low() != 0.8 || g.High() != 1.2 {
		t.Errorf("scores:stake over [%v, %v], want its declared [0.8, 1.2]", g.Low(), g.High())
	}
	for _, bad := range []map[string][]float64{{"scores:nothing": {0.5, 1}}, {"scores:war": {-1, 1}}, {"scores:war": {1, 1}}} {
		if _, err := m.WithRanges(bad); err == nil {
			t.Errorf("WithRanges(%v) accepted", bad)
		}
	}
}

func ptr(x float64) *float64 { return &x }

// TestMultiplierDist checks which distributions a multiplier takes: any
// kind whose draws are ≥ 0, fixed only at 1, and none that draws negative
// multipliers, saying why.
func TestMultiplierDist(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Distribution
		want string // error text; "" accepts
	}{
		{"uniform", Distribution{Kind: "uniform", Low: ptr(0.5), High: ptr(1.5)}, ""},
		{"triangular", Distribution{Kind: "triangular", Low: ptr(0.8), Mode: ptr(1), High: ptr(1.3)}, ""},
		{"pert", Distribution{Kind: "pert", Low: ptr(0), Mode: ptr(1), High: ptr(2)}, ""},
		{"truncated normal", Distribution{Kind: "normal", Mean: ptr(1), SD: ptr(0.2), Low: ptr(0), High: ptr(2)}, ""},
		{"lognormal", Distribution{Kind: "lognormal", Mean: ptr(0), SD: ptr(0.2)}, ""},
		{"beta", Distribution{Kind: "beta", Alpha: ptr(2), Beta: ptr(2)}, ""},
		{"discrete", Distribution{Kind: "discrete", Values: []float64{0.5, 1, 2}, Probs: []float64{0.25, 0.5, 0.25}}, ""},
		{"fixed at 1", Distribution{Kind: "fixed", Value: ptr(1)}, ""},
		{"normal", Distribution{Kind: "normal", Mean: ptr(1), SD: ptr(0.2)}, "normal(1, 0.2) draws negative multipliers (its support reaches -Inf; P(below 0) = 2.87e-07), which would flip the sign"},
		{"negative uniform", Distribution{Kind: "uniform", Low: ptr(-0.5), High: ptr(1)}, "P(below 0) = 0.333"},
		{"negative discrete", Distribution{Kind: "discrete", Values: []float64{-1, 1}, Probs: []float64{0.1, 0.9}}, "a multiplier must be ≥ 0"},
		{"fixed elsewhere", Distribution{Kind: "fixed", Value: ptr(1.2)}, "a multiplier held fixed stays at 1"},
		{"no kind", Distribution{Low: ptr(0)}, "distribution needs a kind"},
		{"missing field", Distribution{Kind: "triangular", Low: ptr(0), High: ptr(2)}, "mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.d.MultiplierDist()
			if tc.want == "" && err != nil {
				t.Errorf("refused: %v", err)
			}
			if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestMultiplierEnds checks where the one-at-a-time analysis swings a
// multiplier: the ends of its range (declared or replaced), else the 5 %
// and 95 % quantiles of its distribution (a uniform one too), as for a
// parameter with a distribution and no range.
func TestMultiplierEnds(t *testing.T) {
	tri := &Distribution{Kind: "triangular", Low: ptr(0), Mode: ptr(1), High: ptr(2)}
	for _, tc := range []struct {
		name   string
		x      Multiplier
		lo, hi float64
	}{
		{"declared", Multiplier{Half: 0.3}, 0.7, 1.3},
		{"declared beyond 1", Multiplier{Half: 1.5}, 0, 2.5},
		{"range", Multiplier{Half: 0.3, Range: []float64{0.5, 2}}, 0.5, 2},
		{"uniform", Multiplier{Distribution: &Distribution{Kind: "uniform", Low: ptr(0.9), High: ptr(1.4)}}, 0.925, 1.375},
		// triangular(0, 1, 2): F(x) = x²/2 below the mode, so q05 = √0.1
		{"triangular", Multiplier{Distribution: tri}, math.Sqrt(0.1), 2 - math.Sqrt(0.1)},
		{"range over distribution", Multiplier{Distribution: tri, Range: []float64{0.5, 1.5}}, 0.5, 1.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if lo, hi := tc.x.Low(), tc.x.High(); math.Abs(lo-tc.lo) > 1e-12 || math.Abs(hi-tc.hi) > 1e-12 {
				t.Errorf("swings over [%v, %v], want [%v, %v]", lo, hi, tc.lo, tc.hi)
			}
		})
	}
}

// TestWithDists checks that a replaced distribution changes a multiplier's
// draws and ends, leaves the others and the original model alone, and is
// checked.
func TestWithDists(t *testing.T) {
	m := deterrenceWith(t, nil, 0)
	tri := Distribution{Kind: "triangular", Low: ptr(0.8), Mode: ptr(1), High: ptr(1.3)}
	r, err := m.WithDists(map[string]Distribution{"scores:war": tri})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := r.Multiplier("scores:war")
	if d, err := g.Dist(); err != nil || d.String() != "triangular(0.8, 1, 1.3)" {
		t.Errorf("scores:war ~ %v (%v), want triangular(0.8, 1, 1.3)", d, err)
	}
	if !(g.Low() > 0.8 && g.High() < 1.3) {
		t.Errorf("scores:war swings over [%v, %v], want its 5 %% and 95 %% quantiles", g.Low(), g.High())
	}
	if g, _ := m.Multiplier("scores:war"); g.Distribution != nil {
		t.Error("the original model moved")
	}
	if g, _ := r.Multiplier("scores:stake"); g.Distribution != nil || g.Low() != 0.8 {
		t.Errorf("scores:stake moved: %+v", g)
	}
	ranged, err := r.WithRanges(map[string][]float64{"scores:war": {0.5, 1}})
	if g, _ := ranged.Multiplier("scores:war"); err != nil || g.Distribution != nil || g.Low() != 0.5 {
		t.Errorf("a range after a distribution: %+v, %v", g, err)
	}
	for _, tc := range []struct {
		d    map[string]Distribution
		want string
	}{
		{map[string]Distribution{"scores:nothing": tri}, `unknown multiplier "scores:nothing"`},
		{map[string]Distribution{"scores:war": {Kind: "normal", Mean: ptr(1), SD: ptr(0.5)}}, "multiplier scores:war: normal(1, 0.5) draws negative multipliers"},
		{map[string]Distribution{"scores:war": {Kind: "uniform", Low: ptr(0), High: ptr(1e9)}}, "multiplier scores:war = 5e+07"},
	} {
		if _, err := m.WithDists(tc.d); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("WithDists(%v): %v, want %q", tc.d, err, tc.want)
		}
	}
}

// TestUncertaintyDistribution checks a distribution the scenario declares
// for the multipliers of an attribute's scores and an actor's weights: it
// reaches every multiplier of the group in every sampling mode, and its
// errors say where.
func TestUncertaintyDistribution(t *testing.T) {
	data, err := os.ReadFile("testdata/deterrence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(t *testing.T, pairs ...string) []byte {
		t.Helper()
		s := string(data)
		for i := 0; i < len(pairs); i += 2 {
			if !strings.Contains(s, pairs[i]) {
				t.Fatalf("deterrence.yaml has no %q", pairs[i])
			}
			s = strings.Replace(s, pairs[i], pairs[i+1], 1)
		}
		return []byte(s)
	}
	const war = "provenance: assumption, uncertainty: 0.2}\nparameters:"
	t.Run("groups", func(t *testing.T) {
		for _, tc := range []struct {
			mode string
			want string
		}{
			{"", "scores:stake uniform(0.8, 1.2); scores:war triangular(0.5, 1, 1.5); weights:T:stake lognormal(0, 0.1); weights:T:war lognormal(0, 0.1)"},
			{"uncertainty: {scores: independent, weights: independent}\n", "scores:stake:concession uniform(0.8, 1.2); scores:stake:fight uniform(0.8, 1.2); scores:war:fight triangular(0.5, 1, 1.5); weights:T:stake lognormal(0, 0.1); weights:T:war lognormal(0, 0.1)"},
			{"uncertainty: {scores: fixed}\n", "weights:T:stake lognormal(0, 0.1); weights:T:war lognormal(0, 0.1)"},
		} {
			src := edit(t, war, "provenance: assumption, uncertainty_distribution: {kind: triangular, low: 0.5, mode: 1, high: 1.5}}\nparameters:",
				"    name: Target\n    provenance: assumption\n", "    name: Target\n    provenance: assumption\n    uncertainty_distribution: {kind: lognormal, mean: 0, sd: 0.1}\n",
				"claims:", tc.mode+"claims:")
			s, err := Parse("d.yaml", src)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range m.Multipliers() {
				d, err := x.Dist()
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, x.ID+" "+d.String())
			}
			if g := strings.Join(got, "; "); g != tc.want {
				t.Errorf("mode %q:\n got %s\nwant %s", tc.mode, g, tc.want)
			}
		}
	})
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"negative", war, "provenance: assumption, uncertainty_distribution: {kind: normal, mean: 1, sd: 0.3}}\nparameters:",
			"d.yaml:10:92: the multiplier of attribute war: normal(1, 0.3) draws negative multipliers"},
		{"both", war, "provenance: assumption, uncertainty: 0.2, uncertainty_distribution: {kind: lognormal, mean: 0, sd: 0.3}}\nparameters:",
			"d.yaml:10:110: attribute war declares both uncertainty (a relative half-width, drawn uniformly) and uncertainty_distribution: give one"},
		{"actor", "    name: Target\n    provenance: assumption\n", "    name: Target\n    provenance: assumption\n    uncertainty_distribution: {kind: fixed, value: 2}\n",
			"d.yaml:28:31: the multiplier of the weights of actor T: fixed(2): a multiplier held fixed stays at 1"},
		{"unknown field", war, "provenance: assumption, uncertainty_distribution: {kind: lognormal, mean: 0, sd: 0.3, mode: 1}}\nparameters:",
			"the multiplier of attribute war: lognormal distribution: unexpected mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse("d.yaml", edit(t, tc.from, tc.to))
			if err == nil {
				_, err = Compile(s)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %q", err, tc.want)
			}
		})
	}
}
