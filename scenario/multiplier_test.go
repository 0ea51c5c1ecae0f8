package scenario

import (
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
