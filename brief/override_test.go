package brief

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
)

// TestOverridePinsDraws checks that an override reaches the Monte Carlo:
// the pinned parameter leaves the sampled set, the mean moves with it, an
// override outside the declared range is warned about, and the Markdown
// lists the overrides and stops calling the point "the defaults".
func TestOverridePinsDraws(t *testing.T) {
	m := scenariotest.Model(t, flagship)
	ctx := context.Background()
	mean := map[float64]float64{}
	var out string
	for _, rho := range []float64{0.1, 0.9} {
		opt := Options{Values: scenario.Values{"rho": rho}}
		b := build(t, m, opt)
		if err := b.Analyse(ctx, m, opt, draws.Sampling{Draws: 48, Seed: 5}); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(b.Uncertainty.Params, "rho") {
			t.Errorf("rho = %g: still sampled (params %v)", rho, b.Uncertainty.Params)
		}
		mean[rho] = prob(b.Results, "R3")
		warned := slices.ContainsFunc(b.Warnings(), func(w string) bool { return strings.Contains(w, "rho = 0.9 lies outside") })
		if warned != (rho == 0.9) {
			t.Errorf("rho = %g: warnings %q", rho, b.Warnings())
		}
		var buf bytes.Buffer
		if err := b.Markdown(&buf); err != nil {
			t.Fatal(err)
		}
		out = buf.String()
	}
	if !(mean[0.9] > mean[0.1]+0.02) {
		t.Errorf("P(R3) mean %v at rho 0.1, %v at rho 0.9: the override does not reach the draws", mean[0.1], mean[0.9])
	}
	for _, want := range []string{"**Overrides.**", "`rho` = 0.9 (default 0.3) — **warning:**", "| At the overrides |"} {
		if !strings.Contains(out, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
	if strings.Contains(out, "At the defaults") {
		t.Error("brief still says \"At the defaults\" after an override")
	}
}

// TestMultiplierOverride checks that Build and Analyse record a pinned
// multiplier of literal numbers themselves: among the overrides (default
// 1, range its draws'), sorted with the parameters, and out of the
// multipliers the draws scale.
func TestMultiplierOverride(t *testing.T) {
	m := scenariotest.Model(t, "../scenario/testdata/deterrence.yaml")
	opt := Options{Values: scenario.Values{"scores:stake": 1.5, "p_resolved": 0.2}}
	b := build(t, m, opt)
	if err := b.Analyse(context.Background(), m, opt, draws.Sampling{Draws: 8, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	want := []Override{
		{Name: "p_resolved", Value: 0.2, Default: 0.4, Range: []float64{0.1, 0.9}},
		{Name: "scores:stake", Value: 1.5, Default: 1, Range: []float64{0.8, 1.2}, OutsideRange: true},
	}
	if !reflect.DeepEqual(b.Overrides, want) {
		t.Errorf("overrides %+v, want %+v", b.Overrides, want)
	}
	for _, g := range b.Uncertainty.Literals.Multipliers {
		if g.ID == "scores:stake" {
			t.Error("the literals list the pinned multiplier among those the draws scale")
		}
	}
}

// TestSpreadFirst checks that the probability tables lead with the spread
// over the uncertainty and label the interval of the mean as Monte Carlo
// error, and that the brief says which number to quote.
func TestSpreadFirst(t *testing.T) {
	m := scenariotest.Model(t, "../scenario/testdata/deterrence.yaml")
	b := build(t, m, Options{})
	if err := b.Analyse(context.Background(), m, Options{}, draws.Sampling{Draws: 32, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	spread := strings.Index(out, "| Spread over the uncertainty (5th–95th percentile) |")
	mc := strings.Index(out, "| Monte Carlo error (95% interval of the mean) |")
	if spread < 0 || mc < 0 || spread > mc {
		t.Errorf("table header: spread at %d, Monte Carlo error at %d; want the spread first", spread, mc)
	}
	if !strings.Contains(out, "Quote the mean with its spread") {
		t.Error("the brief does not say which number to quote")
	}
}

func TestCountInputs(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{[]string{"rho"}, "1 parameter"},
		{[]string{"rho", "scores:sov"}, "1 parameter and 1 multiplier"},
		{[]string{"scores:sov", "weights:mx", "scores:dip"}, "3 multipliers"},
		{[]string{"a", "b"}, "2 parameters"},
	} {
		if got := countInputs(tc.names); got != tc.want {
			t.Errorf("countInputs(%q) = %q, want %q", tc.names, got, tc.want)
		}
	}
}

// TestMultiplierOverrideRange checks the range a pinned multiplier is
// checked against: the whole range of a uniform draw, the support of a
// bounded distribution, none for an unbounded one (no warning then).
func TestMultiplierOverrideRange(t *testing.T) {
	m := scenariotest.Model(t, "../scenario/testdata/deterrence.yaml")
	lo, mode, hi, mu, sd := 0.5, 1.0, 1.6, 0.0, 0.2
	for _, tc := range []struct {
		name    string
		d       *scenario.Distribution
		rng     []float64
		outside bool // at 1.7
	}{
		{"declared", nil, []float64{0.8, 1.2}, true},
		{"triangular", &scenario.Distribution{Kind: "triangular", Low: &lo, Mode: &mode, High: &hi}, []float64{0.5, 1.6}, true},
		{"lognormal", &scenario.Distribution{Kind: "lognormal", Mean: &mu, SD: &sd}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mm := m
			if tc.d != nil {
				var err error
				if mm, err = m.WithDists(map[string]scenario.Distribution{"scores:war": *tc.d}); err != nil {
					t.Fatal(err)
				}
			}
			got := OverridesOf(mm, scenario.Values{"scores:war": 1.7})
			want := []Override{{Name: "scores:war", Value: 1.7, Default: 1, Range: tc.rng, OutsideRange: tc.outside}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("overrides %+v, want %+v", got, want)
			}
		})
	}
}
