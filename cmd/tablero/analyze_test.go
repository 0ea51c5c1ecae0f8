package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestAnalyzeMultiplierDist checks that --dist replaces the uniform draw
// of a multiplier of literal numbers by any kind of distribution: the JSON
// brief records the replacement (its run options too), the multiplier's
// distribution, and the tornado's ends, and the Markdown brief lists it
// at the top.
func TestAnalyzeMultiplierDist(t *testing.T) {
	const scenario = "../../scenario/testdata/deterrence.yaml"
	for _, tc := range []struct {
		flag, dist string
		lo, hi     float64 // the tornado's ends; 0, 0: its 5 % and 95 % quantiles, inside the support
	}{
		{"scores:war=uniform(0.5,1.5)", "uniform(0.5, 1.5)", 0, 0},
		{"scores:war=triangular(0.8,1,1.3)", "triangular(0.8, 1, 1.3)", 0, 0},
		{"scores:war=pert(0.8,1,1.3)", "pert(0.8, 1, 1.3)", 0, 0},
		{"scores:war=lognormal(0,0.2)", "lognormal(0, 0.2)", 0, 0},
		{"scores:war=normal(1,0.2,0,2)", "normal(1, 0.2; 0, 2)", 0, 0},
		{"scores:stake=beta(5,2)", "beta(5, 2)", 0, 0},
		{"scores:stake=discrete(0.5:0.25,1:0.75)", "discrete(0.5:0.25, 1:0.75)", 0.5, 1},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			out, err := run(t, "analyze", scenario, "--draws", "16", "--format", "json", "--dist", tc.flag)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Run struct {
					Options struct{ Dists map[string]json.RawMessage }
				}
				Uncertainty struct {
					Replaced []struct{ Name, Declared, Dist string }
					Tornado  []struct {
						Param     string
						Low, High float64
					}
					Literals struct {
						Multipliers []struct {
							ID           string
							Distribution *struct{ Kind string }
						}
					}
				}
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			name, _, _ := strings.Cut(tc.flag, "=")
			u := doc.Uncertainty
			if len(u.Replaced) != 1 || u.Replaced[0].Name != name || u.Replaced[0].Declared != "uniform(0.8, 1.2)" || !strings.HasPrefix(u.Replaced[0].Dist, tc.dist) {
				t.Errorf("replaced %+v, want %s ~ %s", u.Replaced, name, tc.dist)
			}
			if _, ok := doc.Run.Options.Dists[name]; !ok || len(doc.Run.Options.Dists) != 1 {
				t.Errorf("run options' dists %v do not record the distribution of %s alone", doc.Run.Options.Dists, name)
			}
			kind, _, _ := strings.Cut(strings.TrimPrefix(tc.flag, name+"="), "(")
			found := false
			for _, g := range u.Literals.Multipliers {
				if g.ID == name {
					found = g.Distribution != nil && g.Distribution.Kind == kind
				}
			}
			if !found {
				t.Errorf("the literals do not give %s its %s distribution: %+v", name, kind, u.Literals.Multipliers)
			}
			for _, b := range u.Tornado {
				if b.Param != name {
					continue
				}
				if tc.lo != tc.hi && (b.Low != tc.lo || b.High != tc.hi) || tc.lo == tc.hi && !(0 < b.Low && b.Low < b.High) {
					t.Errorf("tornado swings %s over [%v, %v]", name, b.Low, b.High)
				}
			}
		})
	}
	out, err := run(t, "analyze", scenario, "--draws", "16", "--dist", "scores:war=triangular(0.8,1,1.3)")
	if err != nil {
		t.Fatal(err)
	}
	if want := "- `scores:war` ~ triangular(0.8, 1, 1.3) (declared: uniform(0.8, 1.2))"; !strings.Contains(out, want) {
		t.Errorf("the brief does not list %q", want)
	}
}

// TestAnalyzeMultiplierDistErrors checks the errors of --dist on a
// multiplier: a distribution that could flip the sign of the numbers, an
// unknown multiplier (the error lists the scenario's), and a range and a
// distribution on one name; and fixed(v) on a parameter, which the draws
// would hold at its default rather than v.
func TestAnalyzeMultiplierDistErrors(t *testing.T) {
	const scenario = "../../scenario/testdata/deterrence.yaml"
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--dist", "scores:war=normal(1,0.2)"}, "dists: scores:war: normal(1, 0.2) draws negative multipliers"},
		{[]string{"--dist", "scores:war=discrete(-1:0.1,1:0.9)"}, "a multiplier must be ≥ 0"},
		{[]string{"--dist", "scores:war=fixed(2)"}, "a multiplier held fixed stays at 1, the listed values; to scale them by 2 in every draw, pin the multiplier instead"},
		{[]string{"--dist", "scores:nope=triangular(0.8,1,1.3)"}, `dists: unknown multiplier "scores:nope": scenario deterrence samples scores:stake, scores:war`},
		{[]string{"--range", "scores:war=0.5,1", "--dist", "scores:war=lognormal(0,0.2)"}, "scores:war has both a range and a distribution replacement"},
		{[]string{"--dist", "p_resolved=fixed(0.3)"}, `fixed(0.3) differs from the default of "p_resolved", 0.4, at which uncertainty analysis holds a fixed parameter: set the default to 0.3, or pin the value with --set`},
	} {
		_, err := run(t, append([]string{"analyze", scenario, "--draws", "0"}, tc.flags...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want it to contain %q", tc.flags, err, tc.want)
		}
	}
}
