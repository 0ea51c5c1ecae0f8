package analysis

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/scenario"
)

// TestParseDist checks the command-line form of every distribution kind
// and that malformed ones are refused with the reason.
func TestParseDist(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"normal(0.3,0.05)", `{"kind":"normal","mean":0.3,"sd":0.05}`},
		{"normal(0.3, 0.05, 0, 1)", `{"kind":"normal","low":0,"high":1,"mean":0.3,"sd":0.05}`},
		{"uniform(0.1,0.5)", `{"kind":"uniform","low":0.1,"high":0.5}`},
		{"triangular(0,0.2,1)", `{"kind":"triangular","low":0,"high":1,"mode":0.2}`},
		{"pert(0,0.2,1)", `{"kind":"pert","low":0,"high":1,"mode":0.2}`},
		{"lognormal(0,0.5)", `{"kind":"lognormal","mean":0,"sd":0.5}`},
		{"beta(2,5)", `{"kind":"beta","alpha":2,"beta":5}`},
		{"fixed(0.4)", `{"kind":"fixed","value":0.4}`},
		{"discrete(0.1:0.25,0.5:0.75)", `{"kind":"discrete","values":[0.1,0.5],"probs":[0.25,0.75]}`},
	} {
		d, err := ParseDist(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		b, _ := json.Marshal(d)
		if string(b) != tc.want {
			t.Errorf("%s: %s, want %s", tc.in, b, tc.want)
		}
	}
	for _, tc := range []struct{ in, msg string }{
		{"normal(0.3)", "normal takes (mean, sd)"},
		{"gamma(1,2)", "unknown kind"},
		{"normal 0.3,0.05", "expected kind(arguments)"},
		{"uniform(a,1)", `"a" is not a finite number`},
		{"uniform(0,Inf)", "not a finite number"},
		{"discrete(1,2)", "value:probability pairs"},
	} {
		if _, err := ParseDist(tc.in); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error %v, want %q", tc.in, err, tc.msg)
		}
	}
}

// TestDistsReplaceUncertainty checks that Options.Dists change the draws
// (a narrow normal narrows the spread), enter the hash, are listed in the
// result with the declared distribution, and are validated.
func TestDistsReplaceUncertainty(t *testing.T) {
	sc := load(t)
	narrow, err := ParseDist("normal(0.4,0.005)")
	if err != nil {
		t.Fatal(err)
	}
	wide := Options{Draws: 64, Seed: 3}
	repl := Options{Draws: 64, Seed: 3, Dists: map[string]scenario.Distribution{"p_resolved": narrow}}
	rw, err := Run(context.Background(), sc, wide, Hooks{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	rn, err := Run(context.Background(), sc, repl, Hooks{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	spread := func(r *Result) float64 { return *r.Results[0].P95 - *r.Results[0].P05 }
	if !(spread(rn) < spread(rw)) {
		t.Errorf("5–95 spread %v with p_resolved ~ normal(0.4, 0.005), %v as declared", spread(rn), spread(rw))
	}
	if rn.Run.Hash == rw.Run.Hash {
		t.Error("the distribution replacement does not enter the hash")
	}
	got := rn.Uncertainty.Replaced
	if len(got) != 1 || got[0].Name != "p_resolved" || !strings.HasPrefix(got[0].Dist, "normal(0.4, 0.005") || got[0].Declared != "uniform(0.1, 0.9)" {
		t.Errorf("replaced %+v", got)
	}
	var md strings.Builder
	if err := rn.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "**Uncertainty replaced.**") || !strings.Contains(md.String(), "`p_resolved` ~ normal(0.4, 0.005") {
		t.Error("the brief does not list the replacement at the top")
	}
	for _, o := range []Options{
		{Dists: map[string]scenario.Distribution{"nothing": narrow}},
		{Dists: map[string]scenario.Distribution{"p_resolved": {Kind: "normal"}}},
		{Dists: map[string]scenario.Distribution{"p_resolved": narrow}, Ranges: map[string][]float64{"p_resolved": {0.2, 0.3}}},
	} {
		if _, err := o.Canonical(sc); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// TestFocusOption checks that Options.Focus can name a scenario, is
// canonical (naming the default is the same run) and is validated.
func TestFocusOption(t *testing.T) {
	sc := load(t)
	c, err := Options{Focus: "crisis"}.Canonical(sc)
	if err != nil || c.Focus != "" {
		t.Errorf("focus on the default result: %q, %v", c.Focus, err)
	}
	r, err := Run(context.Background(), sc, Options{Draws: 16, Seed: 1, Focus: "war"}, Hooks{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Uncertainty.Focus != "war" || math.Abs(r.Uncertainty.Tornado[0].YBase-*r.Scenarios[1].AtDefaults) > 1e-9 {
		t.Errorf("focus %q, tornado base %v, P(war) %v", r.Uncertainty.Focus, r.Uncertainty.Tornado[0].YBase, r.Scenarios[1])
	}
	if _, err := (Options{Focus: "nowhere"}).Canonical(sc); err == nil {
		t.Error("an unknown focus was accepted")
	}
}
