package uncertain

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func uniformParams(names ...string) []Param {
	var ps []Param
	for _, n := range names {
		ps = append(ps, Param{n, must(NewUniform(0, 1))})
	}
	return ps
}

func newDesign(t testing.TB, c DesignConfig) *Design {
	t.Helper()
	d, err := NewDesign(c)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestFeistelIsPermutation(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 4, 5, 16, 17, 100, 255, 256, 1000, 4097} {
		for _, key := range []uint64{0, 1, 0xdeadbeef} {
			f := newFeistel(n, key)
			seen := make([]bool, n)
			for x := range n {
				y := f.apply(x)
				if y >= n || seen[y] {
					t.Fatalf("n=%d key=%d: π(%d) = %d repeats or is out of range", n, key, x, y)
				}
				seen[y] = true
			}
		}
	}
}

func TestLHSStratification(t *testing.T) {
	for _, n := range []int{1, 2, 7, 100, 1000} {
		d := newDesign(t, DesignConfig{Params: uniformParams("a", "b", "c"), Draws: n, Seed: 9, Method: LatinHypercube})
		for j := range 3 {
			seen := make([]bool, n)
			for k := range n {
				u := d.Unit(k, nil)[j]
				s := int(u * float64(n))
				if u <= 0 || u >= 1 || seen[s] {
					t.Fatalf("n=%d param %d draw %d: u = %v in stratum %d (repeated or out of range)", n, j, k, u, s)
				}
				seen[s] = true
			}
		}
	}
}

func TestPointIsDeterministic(t *testing.T) {
	ps := []Param{{"a", must(NewNormal(0, 1))}, {"b", must(NewBeta(2, 3))}, {"c", must(NewDiscrete([]float64{1, 2, 3}, []float64{0.2, 0.3, 0.5}))}}
	for _, m := range []Method{MonteCarlo, LatinHypercube} {
		c := DesignConfig{Params: ps, Draws: 500, Seed: 42, Method: m}
		d1, d2 := newDesign(t, c), newDesign(t, c)
		if d1.Fingerprint() != d2.Fingerprint() {
			t.Errorf("%s: fingerprints differ", m)
		}
		for _, k := range []int{0, 1, 250, 499} {
			if a, b := d1.Point(k, nil), d2.Point(k, nil); !slices.Equal(a, b) {
				t.Errorf("%s: Point(%d) = %v and %v", m, k, a, b)
			}
		}
		c.Seed = 43
		d3 := newDesign(t, c)
		if d3.Fingerprint() == d1.Fingerprint() || slices.Equal(d3.Point(0, nil), d1.Point(0, nil)) {
			t.Errorf("%s: seed 43 gives the same design as seed 42", m)
		}
	}
	// Monte Carlo draw k depends on (seed, k) only, not on N.
	a := newDesign(t, DesignConfig{Params: ps, Draws: 10, Seed: 1}).Point(3, nil)
	b := newDesign(t, DesignConfig{Params: ps, Draws: 1000, Seed: 1}).Point(3, nil)
	if !slices.Equal(a, b) {
		t.Errorf("Monte Carlo draw 3 differs between N = 10 and N = 1000: %v, %v", a, b)
	}
}

// spearman returns the rank correlation of two samples without ties.
func spearman(a, b []float64) float64 {
	ra, rb := ranks(a), ranks(b)
	n := float64(len(a))
	s := 0.0
	for i := range ra {
		d := float64(ra[i] - rb[i])
		s += d * d
	}
	return 1 - 6*s/(n*(n*n-1))
}

func TestImanConover(t *testing.T) {
	target := [][]float64{{1, 0.7, -0.3}, {0.7, 1, 0}, {-0.3, 0, 1}}
	ps := []Param{{"a", must(NewNormal(0, 1))}, {"b", must(NewUniform(0, 1))}, {"c", must(NewLogNormal(0, 1))}}
	const n = 2000
	for _, m := range []Method{MonteCarlo, LatinHypercube} {
		t.Run(string(m), func(t *testing.T) {
			plain := newDesign(t, DesignConfig{Params: ps, Draws: n, Seed: 5, Method: m})
			corr := newDesign(t, DesignConfig{Params: ps, Draws: n, Seed: 5, Method: m, RankCorr: target})
			cols, plainCols := make([][]float64, 3), make([][]float64, 3)
			for k := range n {
				x, y := corr.Point(k, nil), plain.Point(k, nil)
				for j := range 3 {
					cols[j] = append(cols[j], x[j])
					plainCols[j] = append(plainCols[j], y[j])
				}
			}
			for i := range 3 {
				for j := i + 1; j < 3; j++ {
					if got := spearman(cols[i], cols[j]); math.Abs(got-target[i][j]) > 0.03 {
						t.Errorf("rank correlation (%d, %d) = %.3f, want %.3f", i, j, got, target[i][j])
					}
				}
				// The marginal sample is exactly the uncorrelated one, rearranged.
				a, b := slices.Clone(cols[i]), slices.Clone(plainCols[i])
				slices.Sort(a)
				slices.Sort(b)
				if !slices.Equal(a, b) {
					t.Errorf("parameter %d: marginal sample changed", i)
				}
			}
			if corr.Fingerprint() == plain.Fingerprint() {
				t.Error("rank correlation does not change the fingerprint")
			}
		})
	}
}

func TestNewDesignErrors(t *testing.T) {
	ps := uniformParams("a", "b")
	tests := []struct {
		c    DesignConfig
		want string
	}{
		{DesignConfig{Params: ps, Draws: 0}, "at least 1 draw"},
		{DesignConfig{Params: ps, Draws: 10, Method: "sobol"}, "unknown sampling method"},
		{DesignConfig{Params: append(uniformParams("a"), uniformParams("a")...), Draws: 10}, "appears twice"},
		{DesignConfig{Params: []Param{{"a", nil}}, Draws: 10}, "no distribution"},
		{DesignConfig{Params: ps, Draws: 10, RankCorr: [][]float64{{1, 0.5}, {0.4, 1}}}, "differ"},
		{DesignConfig{Params: ps, Draws: 10, RankCorr: [][]float64{{1, 2}, {2, 1}}}, "outside [-1, 1]"},
		{DesignConfig{Params: ps, Draws: 10, RankCorr: [][]float64{{1, 0}}}, "rows"},
		{DesignConfig{Params: ps, Draws: 10, RankCorr: [][]float64{{0.5, 0}, {0, 1}}}, "diagonal"},
		{DesignConfig{Params: uniformParams("a", "b", "c"), Draws: 10, RankCorr: [][]float64{{1, 0.9, -0.9}, {0.9, 1, 0.9}, {-0.9, 0.9, 1}}}, "not positive definite"},
		{DesignConfig{Params: ps, Draws: 3, RankCorr: [][]float64{{1, 0.5}, {0.5, 1}}}, "more than 3 draws"},
	}
	for _, tt := range tests {
		if _, err := NewDesign(tt.c); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewDesign(%+v) error = %v, want one containing %q", tt.c, err, tt.want)
		}
	}
}
