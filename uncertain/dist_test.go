package uncertain

import (
	"math"
	"strings"
	"testing"
)

// must returns d, panicking on err (for test tables).
func must(d Dist, err error) Dist {
	if err != nil {
		panic(err)
	}
	return d
}

func f(v float64) *float64 { return &v }

func TestQuantileClosedForms(t *testing.T) {
	z975 := 1.959963984540054
	tests := []struct {
		name string
		d    Dist
		p    float64
		want float64
	}{
		{"fixed", must(NewFixed(3)), 0.3, 3},
		{"uniform", must(NewUniform(2, 6)), 0.25, 3},
		{"uniform/point", must(NewUniform(2, 2)), 0.9, 2},
		{"triangular/left", must(NewTriangular(0, 1, 4)), 0.125, math.Sqrt(0.5)}, // Q(p) = sqrt(p·4·1) below F(1) = 1/4
		{"triangular/mode", must(NewTriangular(0, 1, 4)), 0.25, 1},
		{"triangular/right", must(NewTriangular(0, 1, 4)), 1 - 0.75/4, 4 - math.Sqrt(0.75/4*4*3)},
		{"pert/sym median", must(NewPERT(0, 5, 10)), 0.5, 5},
		// PERT(0, 0, 1) = Beta(1, 5): Q(p) = 1 - (1-p)^(1/5).
		{"pert/beta(1,5)", must(NewPERT(0, 0, 1)), 0.3, 1 - math.Pow(0.7, 0.2)},
		{"normal", must(NewNormal(1, 2)), 0.975, 1 + 2*z975},
		{"normal/median", must(NewNormal(1, 2)), 0.5, 1},
		{"normal/tail", must(NewNormal(0, 1)), 1e-10, -6.361340902404056},
		{"lognormal", must(NewLogNormal(0.5, 0.3)), 0.975, math.Exp(0.5 + 0.3*z975)},
		{"beta(2,1)", must(NewBeta(2, 1)), 0.49, 0.7},  // Q(p) = sqrt(p)
		{"beta(1,3)", must(NewBeta(1, 3)), 0.784, 0.4}, // Q(p) = 1-(1-p)^(1/3)
		{"discrete/first", must(NewDiscrete([]float64{3, 1, 2}, []float64{0.5, 0.2, 0.3})), 0.19, 1},
		{"discrete/second", must(NewDiscrete([]float64{3, 1, 2}, []float64{0.5, 0.2, 0.3})), 0.2, 2},
		{"discrete/last", must(NewDiscrete([]float64{3, 1, 2}, []float64{0.5, 0.2, 0.3})), 0.99, 3},
		{"discrete/skip zero", must(NewDiscrete([]float64{1, 2, 3}, []float64{0.5, 0.5, 0})), 0.9999999, 2},
		// Normal truncated to [0, inf): Q(p) = Φ⁻¹((1+p)/2).
		{"normal/half", must(Truncate(must(NewNormal(0, 1)), 0, math.Inf(1))), 0.95, z975},
		// Far upper tail: [6, 7] keeps full accuracy through the reflection.
		{"normal/tail trunc", must(Truncate(must(NewNormal(0, 1)), 6, 7)), 0, 6},
		{"beta/trunc", must(Truncate(must(NewBeta(2, 1)), 0.5, 1)), 0.5, math.Sqrt(0.625)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Quantile(tt.p); math.Abs(got-tt.want) > 1e-9*math.Max(1, math.Abs(tt.want)) {
				t.Errorf("%v.Quantile(%v) = %v, want %v", tt.d, tt.p, got, tt.want)
			}
		})
	}
}

func TestMeanClosedForms(t *testing.T) {
	phi := func(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }
	Phi := func(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
	tests := []struct {
		name string
		d    Dist
		want float64
	}{
		{"uniform", must(NewUniform(2, 6)), 4},
		{"triangular", must(NewTriangular(0, 1, 5)), 2},
		{"pert", must(NewPERT(0, 1, 5)), 1.5},
		{"normal", must(NewNormal(-1, 3)), -1},
		{"lognormal", must(NewLogNormal(0.5, 0.4)), math.Exp(0.5 + 0.08)},
		{"beta", must(NewBeta(2, 6)), 0.25},
		{"discrete", must(NewDiscrete([]float64{0, 10}, []float64{0.7, 0.3})), 3},
		{"normal/half", must(Truncate(must(NewNormal(0, 1)), 0, math.Inf(1))), math.Sqrt(2 / math.Pi)},
		{"normal/[1,2]", must(Truncate(must(NewNormal(0, 1)), 1, 2)), (phi(1) - phi(2)) / (Phi(2) - Phi(1))},
		{"normal/scaled", must(Truncate(must(NewNormal(10, 2)), 10, math.Inf(1))), 10 + 2*math.Sqrt(2/math.Pi)},
		// Lognormal truncated above at its median e^mu: E = e^(mu+s²/2) Φ(-s) / (1/2).
		{"lognormal/trunc", must(Truncate(must(NewLogNormal(0, 0.5)), 0, 1)), math.Exp(0.125) * Phi(-0.5) * 2},
		// Beta(2,1) on [0.5, 1]: density 2x/0.75, mean (2/3)(1-1/8)/0.75.
		{"beta/trunc", must(Truncate(must(NewBeta(2, 1)), 0.5, 1)), 2.0 / 3 * 0.875 / 0.75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Mean(); math.Abs(got-tt.want) > 1e-12*math.Max(1, math.Abs(tt.want)) {
				t.Errorf("%v.Mean() = %v, want %v", tt.d, got, tt.want)
			}
			// The mean is also the integral of the quantile function.
			if got := integrateQuantile(tt.d); math.Abs(got-tt.want) > 2e-3*math.Max(1, math.Abs(tt.want)) {
				t.Errorf("%v: ∫Q = %v, want %v", tt.d, got, tt.want)
			}
		})
	}
}

// integrateQuantile approximates ∫₀¹ Q(p) dp by the midpoint rule.
func integrateQuantile(d Dist) float64 {
	const n = 20000
	s := 0.0
	for i := range n {
		s += d.Quantile((float64(i) + 0.5) / n)
	}
	return s / n
}

func TestCDFInvertsQuantile(t *testing.T) {
	dists := []Dist{
		must(NewUniform(-1, 3)), must(NewTriangular(0, 2, 3)), must(NewPERT(1, 1.5, 4)),
		must(NewNormal(2, 0.5)), must(NewLogNormal(0, 1)), must(NewBeta(0.5, 0.7)),
		must(Truncate(must(NewNormal(0.4, 0.3)), 0, 1)), must(Truncate(must(NewLogNormal(0, 1)), 0.5, 3)),
		must(Truncate(must(NewBeta(3, 2)), 0.2, 0.9)),
	}
	for _, d := range dists {
		for _, p := range []float64{0.001, 0.1, 0.37, 0.5, 0.8, 0.999} {
			x := d.Quantile(p)
			if got := d.CDF(x); math.Abs(got-p) > 1e-9 {
				t.Errorf("%v: CDF(Quantile(%v)) = %v", d, p, got)
			}
		}
		lo, hi := d.Quantile(0.2), d.Quantile(0.8)
		if !(lo < hi) {
			t.Errorf("%v: quantile not increasing: %v, %v", d, lo, hi)
		}
	}
}

func TestNewDist(t *testing.T) {
	tests := []struct {
		kind    string
		p       DistParams
		want    string // String() or error substring
		wantErr bool
	}{
		{"uniform", DistParams{Low: f(0), High: f(1)}, "uniform(0, 1)", false},
		{"uniform", DistParams{Low: f(0)}, "needs high", true},
		{"uniform", DistParams{Low: f(2), High: f(1)}, "exceeds", true},
		{"uniform", DistParams{Low: f(0), High: f(1), Mean: f(0.5)}, "unexpected mean", true},
		{"fixed", DistParams{Value: f(0.25)}, "fixed(0.25)", false},
		{"triangular", DistParams{Low: f(0), Mode: f(0.2), High: f(1)}, "triangular(0, 0.2, 1)", false},
		{"triangular", DistParams{Low: f(0), Mode: f(2), High: f(1)}, "low <= mode", true},
		{"pert", DistParams{Low: f(0), Mode: f(0.2), High: f(1)}, "pert(0, 0.2, 1)", false},
		{"normal", DistParams{Mean: f(0.5), SD: f(0.1)}, "normal(0.5, 0.1)", false},
		{"normal", DistParams{Mean: f(0.5), SD: f(0.1), Low: f(0), High: f(1)}, "normal(0.5, 0.1; 0, 1)", false},
		{"normal", DistParams{Mean: f(0.5), SD: f(0.1), Low: f(0)}, "normal(0.5, 0.1; 0, +Inf)", false},
		{"normal", DistParams{Mean: f(0.5), SD: f(0)}, "must be positive", true},
		{"normal", DistParams{Mean: f(0.5), SD: f(0.1), Low: f(1), High: f(0)}, "low < high", true},
		{"normal", DistParams{Mean: f(0), SD: f(1), Low: f(50), High: f(60)}, "no probability", true},
		{"normal", DistParams{Mean: f(math.NaN()), SD: f(1)}, "NaN", true},
		{"lognormal", DistParams{Mean: f(0), SD: f(1), High: f(10)}, "lognormal(0, 1; 0, 10)", false},
		{"beta", DistParams{Alpha: f(2), Beta: f(3)}, "beta(2, 3)", false},
		{"beta", DistParams{Alpha: f(2), Beta: f(3), High: f(0.5)}, "beta(2, 3; 0, 0.5)", false},
		{"beta", DistParams{Alpha: f(-2), Beta: f(3)}, "positive", true},
		{"discrete", DistParams{Values: []float64{1, 2}, Probs: []float64{0.4, 0.6}}, "discrete(1:0.4, 2:0.6)", false},
		{"categorical", DistParams{Values: []float64{1, 2}, Probs: []float64{0.4, 0.5}}, "sum to", true},
		{"discrete", DistParams{Values: []float64{1, 2}, Probs: []float64{1.2, -0.2}}, "negative", true},
		{"discrete", DistParams{Values: []float64{1}}, "as many probs", true},
		{"discrete", DistParams{Values: []float64{1}, Probs: []float64{1}, Low: f(0)}, "unexpected low", true},
		{"weibull", DistParams{}, "unknown kind", true},
		{"", DistParams{}, "missing kind", true},
	}
	for _, tt := range tests {
		d, err := NewDist(tt.kind, tt.p)
		switch {
		case tt.wantErr && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("NewDist(%q, %+v) error = %v, want one containing %q", tt.kind, tt.p, err, tt.want)
		case !tt.wantErr && err != nil:
			t.Errorf("NewDist(%q, %+v): %v", tt.kind, tt.p, err)
		case !tt.wantErr && d.String() != tt.want:
			t.Errorf("NewDist(%q, %+v) = %v, want %v", tt.kind, tt.p, d, tt.want)
		}
	}
}

func TestParamDist(t *testing.T) {
	tests := []struct {
		def  float64
		rng  []float64
		kind string
		p    DistParams
		want string
	}{
		{0.4, []float64{0.15, 0.7}, "", DistParams{}, "uniform(0.15, 0.7)"},
		{0.4, nil, "", DistParams{}, "fixed(0.4)"},
		{0.4, []float64{0.15, 0.7}, "pert", DistParams{Low: f(0.15), Mode: f(0.4), High: f(0.7)}, "pert(0.15, 0.4, 0.7)"},
	}
	for _, tt := range tests {
		d, err := ParamDist(tt.def, tt.rng, tt.kind, tt.p)
		if err != nil || d.String() != tt.want {
			t.Errorf("ParamDist(%v, %v, %q) = %v, %v; want %v", tt.def, tt.rng, tt.kind, d, err, tt.want)
		}
	}
	if _, err := ParamDist(0, []float64{1}, "", DistParams{}); err == nil {
		t.Error("ParamDist accepted a one-number range")
	}
}
