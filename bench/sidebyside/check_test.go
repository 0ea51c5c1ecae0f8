package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestRegret(t *testing.T) {
	tests := []struct {
		file    string
		profile []float64
		want    float64 // relative regret
	}{
		{"entry.efg", []float64{0, 1, 1, 0}, 0},             // Out, Fight
		{"entry.efg", []float64{1, 0, 0, 1}, 0},             // In, Accommodate
		{"entry.efg", []float64{0, 1, 0.5, 0.5}, 0},         // Out against an even threat
		{"entry.efg", []float64{0, 1, 0.25, 0.75}, 1.0 / 6}, // too weak a threat: In gains 1/2, range 3
		{"entry.efg", []float64{1, 0, 1, 0}, 2.0 / 3},       // Fight after In costs the incumbent 2
		{"pennies.efg", []float64{0.5, 0.5, 0.5, 0.5}, 0},
		{"pennies.efg", []float64{1, 0, 1, 0}, 1}, // Odd gains 2 of range 2
		{"pennies.efg", []float64{1, 0, 0.5, 0.6}, math.Inf(1)},
		{"coord.nfg", []float64{2.0 / 3, 1.0 / 3, 1.0 / 3, 2.0 / 3}, 0},
		{"coord.nfg", []float64{1, 0, 0, 1}, 0.5},
	}
	r := &runner{}
	for _, tt := range tests {
		gi, err := r.game(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		got, err := gi.regret(tt.profile, behaviour, false)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-tt.want) > 1e-12 && got != tt.want {
			t.Errorf("%s %v: regret %g, want %g", tt.file, tt.profile, got, tt.want)
		}
	}
}

func TestParseLrsnash(t *testing.T) {
	out := []byte(`*lrsnash:lrslib v.7.1 2021.6.2(64bit,lrsgmp.h,hybrid arithmetic) gmp v.6.2
2  1/3  2/3  2/3
1  2/3  1/3  2/3

2  0  1  1
1  0  1  2

*Number of equilibria found: 2
`)
	ps, err := parseLrsnash(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2/3,1/3,1/3,2/3", "0,1,0,1"}
	if len(ps) != len(want) {
		t.Fatalf("got %d profiles, want %d", len(ps), len(want))
	}
	for i, p := range ps {
		if p.key != want[i] {
			t.Errorf("profile %d: %s, want %s", i, p.key, want[i])
		}
	}
}

// TestGambitReference checks the regret computation on Gambit's own
// outputs in the shared reference data: its exact equilibria pass, and
// logit's end point on 2x2x2.nfg, which is not an equilibrium, fails.
func TestGambitReference(t *testing.T) {
	ref := "../../../shared/peers/gambit"
	if _, err := os.Stat(ref); err != nil {
		t.Skip("shared reference data not found:", ref)
	}
	r := &runner{}
	for _, c := range []struct {
		game, tool string
		want       form
		ok         bool
	}{
		{"doc/poker.efg", "lcp", behaviour, true},
		{"contrib/games/work3.efg", "enumpure", behaviour, true},
		{"contrib/games/work3.efg", "enummixed", mixed, true},
		{"contrib/games/2x2x2.nfg", "enumpoly", mixed, true},
		{"contrib/games/2x2x2.nfg", "logit", mixed, false},
	} {
		gi, err := r.game(filepath.Join(ref, "games", c.game))
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.ReadFile(filepath.Join(ref, "reference", c.game+"."+c.tool+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		chk, err := gi.checkAll(out, parseNE, c.want, false, floatTol)
		if err != nil {
			t.Fatal(err)
		}
		if len(chk.ps) == 0 || (chk.bad == 0) != c.ok {
			t.Errorf("%s %s: %s", c.game, c.tool, chk.summary())
		}
	}
}
