package forecast

import (
	"context"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"
)

const flagshipSpec = "../scenarios/us-mexico-2025.yaml"

const miniSpec = `
title: mini
dimensions:
  - {id: x, label: X, min: 0, max: 100}
actors:
  - id: a
    label: A
    capability: {value: 10, range: [5, 20], provenance: assumption}
    stances:
      - dimension: x
        position: {value: 20, range: [10, 30]}
        salience: {value: 50}
  - id: b
    label: B
    capability: {value: 20}
    stances:
      - {dimension: x, position: {value: 80}, salience: {value: 60, range: [40, 80]}}
`

func TestParseSpecBareAndWrapped(t *testing.T) {
	wrapped := "stakeholders:\n" + indent(miniSpec, "  ")
	for name, doc := range map[string]string{"bare": miniSpec, "wrapped": wrapped} {
		s, err := ParseSpec([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tb, err := s.Table()
		if err != nil {
			t.Fatal(err)
		}
		a := tb.Actors[0]
		if tb.Name != "mini" || a.Name != "A" || a.Salience[0] != 0.5 || tb.Ranges.Actors[0].Capability != [2]float64{5, 20} ||
			tb.Ranges.Actors[1].Salience[0] != [2]float64{0.4, 0.8} || tb.Ranges.Actors[1].Position[0] != [2]float64{80, 80} {
			t.Errorf("%s: table %+v ranges %+v", name, tb, tb.Ranges)
		}
	}
}

func indent(s, pre string) string {
	lines := strings.Split(s, "\n")
	for k, l := range lines {
		if l != "" {
			lines[k] = pre + l
		}
	}
	return strings.Join(lines, "\n")
}

func TestParseSpecErrors(t *testing.T) {
	tests := []struct{ name, edit, want string }{
		{"unknown key", strings.Replace(miniSpec, "title: mini", "title: mini\ncolour: red", 1), `unknown field "colour"`},
		{"unknown key line", strings.Replace(miniSpec, "label: B", "label: B\n    vote: 3", 1), "[15:5]"},
		{"dimension ref", strings.Replace(miniSpec, "dimension: x,", "dimension: y,", 1), `stance on unknown dimension "y"`},
		{"range order", strings.Replace(miniSpec, "range: [10, 30]", "range: [30, 10]", 1), "must be [low, high]"},
		{"range outside", strings.Replace(miniSpec, "range: [10, 30]", "range: [25, 30]", 1), "contain the value 20"},
		{"position scale", strings.Replace(miniSpec, "value: 80", "value: 180", 1), "position on x: value 180 is outside [0, 100]"},
		{"salience sum", strings.Replace(miniSpec, "salience: {value: 50}", "salience: {value: 150}", 1), "salience on x: value 150"},
		{"provenance", strings.Replace(miniSpec, "provenance: assumption", "provenance: hunch", 1), `provenance "hunch"`},
		{"capability", strings.Replace(miniSpec, "capability: {value: 20}", "capability: {value: 0}", 1), "capability 0 must be positive"},
		{"capability range", strings.Replace(miniSpec, "range: [5, 20]", "range: [0, 20]", 1), "capability: range [0 20] must be positive"},
		{"duplicate actor", strings.Replace(miniSpec, "id: b", "id: a", 1), `actor id "a" appears twice`},
		{"scale", strings.Replace(miniSpec, "max: 100", "max: 0", 1), "min 0 must be below max 0"},
		{"no stances", strings.Replace(miniSpec, "stances:\n      - {dimension: x, position: {value: 80}, salience: {value: 60, range: [40, 80]}}", "stances: []", 1), "no stances"},
		{"shocks", miniSpec + "shocks: {draws: 0}\n", "draws 0 must be positive"},
		{"syntax", "dimensions: [", "["},
		{"empty", "", "empty document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSpec([]byte(tc.edit))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestFlagshipSpec checks the flagship table: every number carries a
// range, a provenance and refs to claims that exist in the flagship
// scenario, and every model runs on it.
func TestFlagshipSpec(t *testing.T) {
	s, err := LoadSpec(flagshipSpec)
	if err != nil {
		t.Fatal(err)
	}
	claims := flagshipClaims(t)
	check := func(what string, q Quantity) {
		if len(q.Range) != 2 || q.Provenance == "" || len(q.Refs) == 0 {
			t.Errorf("%s: every number needs a range, a provenance and refs: %+v", what, q)
		}
		for _, r := range q.Refs {
			if claims != nil && !claims[r] {
				t.Errorf("%s: ref %s is not a claim of the flagship scenario", what, r)
			}
		}
	}
	want := []string{"US executive", "Mexican executive", "US Congress", "MAGA base", "Mexican opposition",
		"Mexican nationalist sectors", "Mexican public opinion", "Canada", "The cartels"}
	if len(s.Actors) != len(want) {
		t.Fatalf("%d actors, want %d", len(s.Actors), len(want))
	}
	for k, a := range s.Actors {
		if a.Label != want[k] {
			t.Errorf("actor %d is %q, want %q", k, a.Label, want[k])
		}
		check(a.ID+" capability", a.Capability)
		for _, st := range a.Stances {
			check(a.ID+" position", st.Position)
			check(a.ID+" salience", st.Salience)
		}
	}
	if n := len(s.Dimensions[0].Anchors); n != 5 {
		t.Errorf("%d anchors, want the four scenarios and 0", n)
	}
	tb, err := s.Table()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range Models {
		r, err := Run(context.Background(), tb, Options{Model: m, EUM: EUMPresets["scholz-code"]})
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		if p := r.Forecasts[0].Point; !(p >= 0 && p <= 100) {
			t.Errorf("%s forecast %v", m, p)
		}
	}
}

// flagshipClaims returns the claim ids of the flagship scenario, or nil
// when the file is not there.
func flagshipClaims(t *testing.T) map[string]bool {
	data, err := os.ReadFile("../scenarios/us-mexico-2025.yaml")
	if err != nil {
		t.Log("flagship scenario not found; claim ids not checked")
		return nil
	}
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`id: (ART-\d+)`).FindAllStringSubmatch(string(data), -1) {
		out[m[1]] = true
	}
	return out
}

func TestFlagshipSensitivity(t *testing.T) {
	s, err := LoadSpec(flagshipSpec)
	if err != nil {
		t.Fatal(err)
	}
	tb, _ := s.Table()
	sh := *s.Shocks
	sh.Draws = 60
	sens, err := RunSensitivity(context.Background(), tb, Options{Model: ModelCompromise}, sh)
	if err != nil {
		t.Fatal(err)
	}
	p := sens.Dims[0].Point
	if sens.Failed > 0 || p.N != 60 || !(p.P5 <= p.P50 && p.P50 <= p.P95) || p.P95-p.P5 <= 0 || math.Abs(p.P50-sens.Base.Forecasts[0].Point) > 15 {
		t.Errorf("sensitivity %+v (failed %d)", p, sens.Failed)
	}
}
