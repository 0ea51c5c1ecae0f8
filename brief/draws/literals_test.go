package draws

import (
	"math"
	"slices"
	"testing"

	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

const deterrence = "../../scenario/testdata/deterrence.yaml"

func ptr(x float64) *float64 { return &x }

// TestMultiplierDraws checks, over seeded draws of both sampling methods,
// that a multiplier follows the distribution it is given: the draws' mean
// within four standard errors of the distribution's, their deciles where
// the distribution puts them, none below 0, and the tornado's ends at the
// distribution's 5 % and 95 % quantiles (its range when it is uniform).
func TestMultiplierDraws(t *testing.T) {
	const n, name = 20000, "scores:war"
	base := scenariotest.Model(t, deterrence)
	for _, tc := range []struct {
		label string
		d     *scenario.Distribution // nil: as declared, uniform over ±20 %
	}{
		{"declared", nil},
		{"triangular", &scenario.Distribution{Kind: "triangular", Low: ptr(0.8), Mode: ptr(1), High: ptr(1.3)}},
		{"pert", &scenario.Distribution{Kind: "pert", Low: ptr(0.5), Mode: ptr(1), High: ptr(1.2)}},
		{"lognormal", &scenario.Distribution{Kind: "lognormal", Mean: ptr(0), SD: ptr(0.2)}},
		{"truncated normal", &scenario.Distribution{Kind: "normal", Mean: ptr(1), SD: ptr(0.4), Low: ptr(0), High: ptr(2)}},
		{"beta", &scenario.Distribution{Kind: "beta", Alpha: ptr(5), Beta: ptr(2)}},
		{"discrete", &scenario.Distribution{Kind: "discrete", Values: []float64{0.5, 1, 2}, Probs: []float64{0.25, 0.5, 0.25}}},
	} {
		m := base
		if tc.d != nil {
			var err error
			if m, err = base.WithDists(map[string]scenario.Distribution{name: *tc.d}); err != nil {
				t.Fatal(err)
			}
		}
		g, _ := m.Multiplier(name)
		want, err := g.Dist()
		if err != nil {
			t.Fatal(err)
		}
		params, _, err := Params(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		names := make([]string, len(params))
		for i, p := range params {
			names[i] = p.Name
		}
		j := slices.Index(names, name)
		if j < 0 {
			t.Fatalf("%s: %s is not sampled (%v)", tc.label, name, names)
		}
		lo, hi := ranges(m, names)[j][0], ranges(m, names)[j][1]
		if tc.d == nil || tc.d.Kind == "uniform" {
			if lo != want.Quantile(0) || hi != want.Quantile(1) {
				t.Errorf("%s: tornado over [%v, %v], want the whole range of %v", tc.label, lo, hi, want)
			}
		} else if lo != want.Quantile(0.05) || hi != want.Quantile(0.95) {
			t.Errorf("%s: tornado over [%v, %v], want the 5 %% and 95 %% quantiles %v, %v", tc.label, lo, hi, want.Quantile(0.05), want.Quantile(0.95))
		}
		for _, method := range []string{"mc", "lhs"} {
			design, err := NewDesign(params, Sampling{Draws: n, Seed: 7, Method: method})
			if err != nil {
				t.Fatal(err)
			}
			xs := make([]float64, n)
			x := make([]float64, design.Dim())
			var sum, sq float64
			for k := range n {
				xs[k] = design.Point(k, x)[j]
				sum += xs[k]
				sq += xs[k] * xs[k]
			}
			mean := sum / n
			se := math.Sqrt((sq/n - mean*mean) / n)
			if math.Abs(mean-want.Mean()) > 4*se {
				t.Errorf("%s, %s: mean of the draws %v, want %v ± %.2g", tc.label, method, mean, want.Mean(), 4*se)
			}
			slices.Sort(xs)
			if xs[0] < 0 {
				t.Errorf("%s, %s: a draw %v below 0", tc.label, method, xs[0])
			}
			for _, q := range []float64{0.1, 0.25, 0.5, 0.75, 0.9} {
				// the empirical q-quantile lies where the distribution's CDF
				// straddles q (a discrete one jumps over it)
				v := xs[int(q*n)]
				below := want.CDF(math.Nextafter(v, math.Inf(-1)))
				if below > q+0.01 || want.CDF(v) < q-0.01 {
					t.Errorf("%s, %s: the draws' %v-quantile %v has CDF %v–%v", tc.label, method, q, v, below, want.CDF(v))
				}
			}
		}
	}
}

// TestFixedMultiplier checks that a multiplier held at 1 by a fixed
// distribution leaves the draws, the tornado and the literals the draws
// scale, as a parameter with a fixed distribution does.
func TestFixedMultiplier(t *testing.T) {
	m, err := scenariotest.Model(t, deterrence).WithDists(map[string]scenario.Distribution{"scores:war": {Kind: "fixed", Value: ptr(1)}})
	if err != nil {
		t.Fatal(err)
	}
	params, _, err := Params(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(params, func(p uncertain.Param) bool { return p.Name == "scores:war" }) {
		t.Error("scores:war ~ fixed(1) is sampled")
	}
	if slices.ContainsFunc(literals(m, nil).Multipliers, func(g scenario.Multiplier) bool { return g.ID == "scores:war" }) {
		t.Error("the literals list scores:war ~ fixed(1) among the multipliers the draws scale")
	}
}
