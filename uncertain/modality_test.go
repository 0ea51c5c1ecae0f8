package uncertain

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// samples draws n values from gen with a fixed seed.
func samples(n int, gen func(r *rand.Rand) float64) []float64 {
	r := rand.New(rand.NewPCG(7, 18))
	x := make([]float64, n)
	for i := range x {
		x[i] = gen(r)
	}
	return x
}

// TestBimodality checks the bimodality check on samples of known shape:
// two separated humps (also as a point mass at 0 and a hump near 0.9, the
// shape of a probability that switches regime) are bimodal; a normal, a
// uniform, a very skewed sample and two humps too close to show a dip are
// not.
func TestBimodality(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  func(r *rand.Rand) float64
		want bool
	}{
		{"two humps", func(r *rand.Rand) float64 {
			if r.Float64() < 0.4 {
				return 5 + r.NormFloat64()
			}
			return r.NormFloat64()
		}, true},
		{"switch at zero", func(r *rand.Rand) float64 {
			if r.Float64() < 0.6 {
				return 0
			}
			return math.Min(1, 0.9+0.03*r.NormFloat64())
		}, true},
		{"u-shaped beta(0.3, 0.3)", func(r *rand.Rand) float64 {
			a, b := math.Pow(r.Float64(), 1/0.3), math.Pow(r.Float64(), 1/0.3)
			for a+b > 1 { // Jöhnk's method
				a, b = math.Pow(r.Float64(), 1/0.3), math.Pow(r.Float64(), 1/0.3)
			}
			return a / (a + b)
		}, true},
		{"normal", func(r *rand.Rand) float64 { return r.NormFloat64() }, false},
		{"uniform", func(r *rand.Rand) float64 { return r.Float64() }, false},
		{"exponential", func(r *rand.Rand) float64 { return r.ExpFloat64() }, false},
		{"lognormal", func(r *rand.Rand) float64 { return math.Exp(1.2 * r.NormFloat64()) }, false},
		{"humps 2 sd apart", func(r *rand.Rand) float64 {
			if r.Float64() < 0.5 {
				return 2 + r.NormFloat64()
			}
			return r.NormFloat64()
		}, false},
		{"small share in a second hump", func(r *rand.Rand) float64 {
			if r.Float64() < 0.02 {
				return 10 + r.NormFloat64()
			}
			return r.NormFloat64()
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Bimodality(samples(2000, tc.gen), nil)
			if m.Bimodal != tc.want {
				t.Errorf("bimodal = %v, want %v (%+v)", m.Bimodal, tc.want, m)
			}
		})
	}
	if m := Bimodality([]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, nil); m.Bimodal || m.Coefficient != 0 {
		t.Errorf("constant sample: %+v", m)
	}
}

// TestBimodalityModes checks where the modes and the antimode of a point
// mass at 0 and a hump at 0.9 lie, and the mass on each side, from the
// Monte Carlo histogram as from the raw draws.
func TestBimodalityModes(t *testing.T) {
	x := samples(1000, func(r *rand.Rand) float64 {
		if r.Float64() < 0.6 {
			return 0
		}
		return 0.9 + 0.02*r.NormFloat64()
	})
	m := Bimodality(x, nil)
	if !m.Bimodal || math.Abs(m.Modes[0]) > 0.05 || math.Abs(m.Modes[1]-0.9) > 0.05 || m.Antimode < 0.2 || m.Antimode > 0.8 {
		t.Fatalf("modes: %+v", m)
	}
	if math.Abs(m.LowMass-0.6) > 0.05 || math.Abs(m.LowMass+m.HighMass-1) > 1e-12 {
		t.Errorf("masses %v, %v, want about 0.6 and 0.4", m.LowMass, m.HighMass)
	}
	p, err := Run(context.Background(), fixedDesign(t, len(x)), []Output{{Name: "y", Kind: Probability}},
		func(k int, _, out []float64) error { out[0] = x[k]; return nil }, RunOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	h := p.Bimodality(0)
	if !h.Bimodal || math.Abs(h.LowMass-m.LowMass) > 1e-9 || math.Abs(h.Coefficient-m.Coefficient) > 0.01 {
		t.Errorf("from the histogram %+v, from the draws %+v", h, m)
	}
}

// fixedDesign is a design of n draws of one uniform parameter.
func fixedDesign(t *testing.T, n int) *Design {
	t.Helper()
	u, err := NewUniform(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDesign(DesignConfig{Params: []Param{{Name: "a", Dist: u}}, Draws: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSplits checks that the switch parameter is found, with its
// threshold and direction, and that a noise column ranks below it.
func TestSplits(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var x [][]float64
	var y []bool
	for range 500 {
		a, b := r.Float64(), r.Float64()
		x = append(x, []float64{b, a})
		y = append(y, a < 0.3)
	}
	s := Splits(x, y)
	if len(s) != 2 || s[0].Param != 1 || s[0].Above || s[0].Accuracy != 1 || math.Abs(s[0].Threshold-0.3) > 0.01 {
		t.Fatalf("splits %+v", s)
	}
	if s[1].Accuracy > 0.6 {
		t.Errorf("noise column separates with accuracy %v", s[1].Accuracy)
	}
	if Splits(x, make([]bool, len(x))) != nil {
		t.Error("splits without cases")
	}
}

// BenchmarkBimodality checks one output of 1000 draws (what the brief does
// per scenario and result).
func BenchmarkBimodality(b *testing.B) {
	x := samples(1000, func(r *rand.Rand) float64 {
		if r.Float64() < 0.6 {
			return 0
		}
		return 0.9 + 0.02*r.NormFloat64()
	})
	for b.Loop() {
		Bimodality(x, nil)
	}
}

// BenchmarkSplits finds the switch among 64 inputs over 1000 draws (the
// trilateral flagship's parameters and multipliers).
func BenchmarkSplits(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	x := make([][]float64, 1000)
	y := make([]bool, len(x))
	for i := range x {
		x[i] = make([]float64, 64)
		for j := range x[i] {
			x[i][j] = r.Float64()
		}
		y[i] = x[i][7] > 0.6
	}
	for b.Loop() {
		Splits(x, y)
	}
}
