package brief

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

// withLiterals loads a scenario with the given sampling modes of its
// literal numbers.
func withLiterals(t *testing.T, path string, u *scenario.LiteralUncertainty) *scenario.Model {
	t.Helper()
	s, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Uncertainty = u
	m, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// analysed builds and analyses m with the given overrides.
func analysed(t *testing.T, m *scenario.Model, v scenario.Values, s draws.Sampling) *Brief {
	t.Helper()
	opt := Options{Values: v}
	b := build(t, m, opt)
	if err := b.Analyse(context.Background(), m, opt, s); err != nil {
		t.Fatal(err)
	}
	return b
}

func width(p Prob) float64 { return *p.P95 - *p.P05 }

// TestScoreUncertaintyWidens checks that the declared relative
// uncertainty of outcome scores is sampled: with every parameter pinned,
// the draws vary only through the score multipliers, so the spread is zero
// when scores are fixed and positive when they are sampled; with the
// parameters free too, sampling the scores widens the spread. A brief that
// holds them fixed says so.
func TestScoreUncertaintyWidens(t *testing.T) {
	const path = "../scenario/testdata/deterrence.yaml"
	pinned := scenario.Values{"p_resolved": 0.4, "audience": 2, "precision": 2}
	fixed := withLiterals(t, path, &scenario.LiteralUncertainty{Scores: scenario.Fixed})
	sampled := withLiterals(t, path, nil)
	s := draws.Sampling{Draws: 200, Seed: 4}
	bf, bs := analysed(t, fixed, pinned, s), analysed(t, sampled, pinned, s)
	for i := range bs.Results {
		if got := width(bf.Results[i]); got != 0 {
			t.Errorf("%s: spread %v with everything pinned and scores fixed", bf.Results[i].Name, got)
		}
		if got := width(bs.Results[i]); !(got > 0.01) {
			t.Errorf("%s: spread %v with the scores sampled", bs.Results[i].Name, got)
		}
	}
	if want := []string{"scores:stake", "scores:war"}; !slices.Equal(bs.Uncertainty.Params, want) {
		t.Errorf("sampled %v, want %v", bs.Uncertainty.Params, want)
	}
	bf, bs = analysed(t, fixed, nil, s), analysed(t, sampled, nil, s)
	crisis := len(bs.Results) - 1
	if !(width(bs.Results[crisis]) > width(bf.Results[crisis])) {
		t.Errorf("P(crisis) spread %v with scores sampled, %v fixed: the score uncertainty does not widen it", width(bs.Results[crisis]), width(bf.Results[crisis]))
	}
	var md bytes.Buffer
	if err := bf.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "**Held fixed:** the outcome scores on stake, war are declared uncertain") {
		t.Error("the brief does not say the scores are held fixed")
	}
	md.Reset()
	if err := bs.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "scales the outcome scores (2 multipliers, one per attribute)") || strings.Contains(md.String(), "Held fixed") {
		t.Error("the brief does not say the scores are sampled")
	}
}

// TestDriversOfEveryTarget checks, on a scenario built to switch regime,
// that a scenario can be the focus, that every scenario and result gets
// its drivers, that the switching probability is reported bimodal with
// the switch parameter and a PRIM box on it, in words.
func TestDriversOfEveryTarget(t *testing.T) {
	m := scenariotest.Model(t, "testdata/switch.yaml")
	b := analysed(t, m, nil, draws.Sampling{Draws: 400, Seed: 2, Sensitivity: []string{"sobol"}, SobolN: 64})
	u := b.Uncertainty
	if u.Focus != "S1" || u.Tornado[0].Param != "x" || math.Abs(u.Tornado[0].YBase-*b.Scenarios[0].AtDefaults) > 1e-9 {
		t.Fatalf("focus %s, tornado %+v", u.Focus, u.Tornado[0])
	}
	var names []string
	for _, tg := range u.Targets {
		names = append(names, tg.Kind+":"+tg.Name)
		if len(tg.Drivers) == 0 || len(tg.Sobol) == 0 || tg.Shape == nil || tg.Regime == nil {
			t.Errorf("%s: incomplete %+v", tg.Name, tg)
			continue
		}
		if tg.Drivers[0].Param != "x" || tg.Sobol[0].Param != "x" {
			t.Errorf("%s: drivers %+v, sobol %+v", tg.Name, tg.Drivers[0], tg.Sobol[0])
		}
		if !tg.Shape.Bimodal {
			t.Errorf("%s: not bimodal: %+v", tg.Name, tg.Shape)
		}
		sw := tg.Regime.Switch
		if sw == nil || sw.Param != "x" || sw.Accuracy < 0.9 || math.Abs(sw.Threshold-0.5) > 0.15 || sw.Above != (tg.Name == "S1" || tg.Name == "R1") {
			t.Errorf("%s: switch %+v", tg.Name, sw)
		}
		if bx := tg.Regime.Box; bx == nil || len(bx.Limits) != 1 || bx.Limits[0].Param != "x" {
			t.Errorf("%s: box %+v", tg.Name, bx)
		}
	}
	if want := []string{"scenario:S1", "scenario:S2", "result:R1", "result:R2"}; !slices.Equal(names, want) {
		t.Errorf("targets %v, want %v", names, want)
	}
	var md bytes.Buffer
	if err := b.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Sensitivity of S1", "## Drivers of every scenario and result", "**S1** (Action) is bimodal:", "the switch is `x`: with it above 0.5", "PRIM: P(S1) ≥"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("brief lacks %q", want)
		}
	}
}

// TestFocusScenario checks that Sampling.Focus picks a scenario and that
// an unknown focus is an error, not a panic.
func TestFocusScenario(t *testing.T) {
	m := scenariotest.Model(t, "../scenario/testdata/deterrence.yaml")
	b := analysed(t, m, nil, draws.Sampling{Draws: 0, Focus: "war"})
	if b.Uncertainty.Focus != "war" || math.Abs(b.Uncertainty.Tornado[0].YBase-prob(b.Scenarios, "war")) > 1e-9 {
		t.Errorf("focus %s, base %v, P(war) %v", b.Uncertainty.Focus, b.Uncertainty.Tornado[0].YBase, prob(b.Scenarios, "war"))
	}
	opt := Options{}
	if err := build(t, m, opt).Analyse(context.Background(), m, opt, draws.Sampling{Focus: "nowhere"}); err == nil {
		t.Error("an unknown focus was accepted")
	}
}

// TestShapeWords checks how the brief names a probability's shape: a
// second mode with a clear dip but few draws is a minor mode, not
// bimodality.
func TestShapeWords(t *testing.T) {
	for _, tc := range []struct {
		shape *uncertain.Modality
		want  string
	}{
		{&uncertain.Modality{Bimodal: true, Modes: []float64{0.02, 0.98}, Dip: 0.2, Coefficient: 0.8, LowMass: 0.9, HighMass: 0.1}, "**bimodal** (0.02 and 0.98)"},
		{&uncertain.Modality{Modes: []float64{0.008, 0.968}, Dip: 0.27, Coefficient: 0.64, LowMass: 0.982, HighMass: 0.018}, "unimodal, a minor mode near 0.97 (1.8% of the draws)"},
		{&uncertain.Modality{Modes: []float64{0.2, 0.5}, Dip: 0.9, Coefficient: 0.6, LowMass: 0.5, HighMass: 0.5}, "unimodal"},
		{nil, "—"},
	} {
		if got := shapeWord(draws.Target{Shape: tc.shape}); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.shape, got, tc.want)
		}
	}
}
