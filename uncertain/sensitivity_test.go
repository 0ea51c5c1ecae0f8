package uncertain

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// ishigami is the Ishigami function with a = 7, b = 0.1.
func ishigami(_ int, x, out []float64) error {
	s := math.Sin(x[1])
	out[0] = math.Sin(x[0]) + 7*s*s + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
	return nil
}

func ishigamiParams() []Param {
	var ps []Param
	for _, n := range []string{"x1", "x2", "x3"} {
		ps = append(ps, Param{n, must(NewUniform(-math.Pi, math.Pi))})
	}
	return ps
}

// TestSobolInert checks that parameters a model ignores get first-order
// and total indices of exactly 0, whatever the noise of a small sample
// (Jansen's first-order estimator gives them all one shared, nonzero
// value).
func TestSobolInert(t *testing.T) {
	ps := ishigamiParams()
	ps = append(ps, Param{"inert1", must(NewUniform(0, 1))}, Param{"inert2", must(NewUniform(0, 1))})
	r, err := Sobol(context.Background(), ps, 1, ishigami, SobolOptions{N: 64, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Outputs[0]
	for i := 3; i < 5; i++ {
		for _, v := range []float64{s.S1[i], s.S1Lo[i], s.S1Hi[i], s.ST[i], s.STLo[i], s.STHi[i]} {
			if v != 0 {
				t.Errorf("%s: S1 %v [%v, %v], ST %v [%v, %v], want all 0", ps[i].Name, s.S1[i], s.S1Lo[i], s.S1Hi[i], s.ST[i], s.STLo[i], s.STHi[i])
				break
			}
		}
	}
}

func TestSobolIshigami(t *testing.T) {
	// Analytic indices for a = 7, b = 0.1.
	wantS1 := []float64{0.3139, 0.4424, 0}
	wantST := []float64{0.5576, 0.4424, 0.2437}
	const n = 1 << 14
	r, err := Sobol(context.Background(), ishigamiParams(), 1, ishigami, SobolOptions{N: n, Seed: 7, Bootstrap: 200})
	if err != nil {
		t.Fatal(err)
	}
	if r.Evals != n*5 {
		t.Errorf("%d evaluations, want %d", r.Evals, n*5)
	}
	s := r.Outputs[0]
	// Variance: a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2.
	wantV := 49.0/8 + 0.1*math.Pow(math.Pi, 4)/5 + 0.01*math.Pow(math.Pi, 8)/18 + 0.5
	if math.Abs(s.Variance-wantV)/wantV > 0.03 || math.Abs(s.Mean-3.5) > 0.1 {
		t.Errorf("mean %v (want 3.5), variance %v (want %v)", s.Mean, s.Variance, wantV)
	}
	for i := range 3 {
		t.Logf("x%d: S1 %.4f [%.4f, %.4f] (%.4f)  ST %.4f [%.4f, %.4f] (%.4f)", i+1,
			s.S1[i], s.S1Lo[i], s.S1Hi[i], wantS1[i], s.ST[i], s.STLo[i], s.STHi[i], wantST[i])
		if math.Abs(s.S1[i]-wantS1[i]) > 0.03 || math.Abs(s.ST[i]-wantST[i]) > 0.03 {
			t.Errorf("x%d: S1 = %.4f (want %.4f), ST = %.4f (want %.4f)", i+1, s.S1[i], wantS1[i], s.ST[i], wantST[i])
		}
		if !(s.S1Lo[i] <= s.S1[i] && s.S1[i] <= s.S1Hi[i] && s.STLo[i] <= s.ST[i] && s.ST[i] <= s.STHi[i]) {
			t.Errorf("x%d: intervals do not contain the estimates", i+1)
		}
		if s.S1Hi[i]-s.S1Lo[i] > 0.1 || s.STHi[i]-s.STLo[i] > 0.1 {
			t.Errorf("x%d: intervals too wide", i+1)
		}
	}
	// Deterministic whatever the number of workers.
	r2, err := Sobol(context.Background(), ishigamiParams(), 1, ishigami, SobolOptions{N: n, Seed: 7, Bootstrap: 200, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if r2.Outputs[0].S1[i] != s.S1[i] || r2.Outputs[0].STHi[i] != s.STHi[i] {
			t.Errorf("x%d: results depend on the number of workers", i+1)
		}
	}
}

func TestSobolErrors(t *testing.T) {
	// A failed evaluation drops its row of the design (evaluations 15–19
	// for 3 parameters); the others give the indices.
	fail := func(k int, x, out []float64) error {
		if k == 17 {
			return errors.New("no equilibrium")
		}
		return ishigami(k, x, out)
	}
	r, err := Sobol(context.Background(), ishigamiParams(), 1, fail, SobolOptions{N: 1 << 12, Seed: 7})
	if err != nil || r.Dropped != 1 {
		t.Fatalf("dropped %d rows, error %v; want 1 row dropped", r.Dropped, err)
	}
	if s := r.Outputs[0]; math.Abs(s.S1[1]-0.4424) > 0.05 || math.Abs(s.ST[2]-0.2437) > 0.05 {
		t.Errorf("indices without the failed row: S1 %v ST %v", s.S1, s.ST)
	}
	never := func(int, []float64, []float64) error { return errors.New("no equilibrium") }
	if _, err := Sobol(context.Background(), ishigamiParams(), 1, never, SobolOptions{N: 10}); err == nil || !strings.Contains(err.Error(), "10 of 10 rows") {
		t.Errorf("every evaluation failing: error = %v", err)
	}
	r, err = Sobol(context.Background(), ishigamiParams(), 1, func(_ int, _, out []float64) error { out[0] = 2; return nil }, SobolOptions{N: 100, Bootstrap: -1})
	if err != nil || r.Outputs[0].Variance != 0 || r.Outputs[0].S1[0] != 0 {
		t.Errorf("constant output: %+v, %v", r, err)
	}
}

// plantedBox returns n uniform points in [0, 1]^4 whose outcome is 1 inside
// the box x0 in [0.2, 0.6], x1 >= 0.5 and, with noise probability, flipped.
func plantedBox(n int, noise float64, seed uint64) ([][]float64, []float64) {
	rng := rand.New(rand.NewPCG(seed, 0))
	x, y := make([][]float64, n), make([]float64, n)
	for i := range x {
		x[i] = []float64{rng.Float64(), rng.Float64(), rng.Float64(), rng.Float64()}
		in := x[i][0] >= 0.2 && x[i][0] <= 0.6 && x[i][1] >= 0.5
		if rng.Float64() < noise {
			in = !in
		}
		if in {
			y[i] = 1
		}
	}
	return x, y
}

func TestPRIMRecoversPlantedBox(t *testing.T) {
	for _, noise := range []float64{0, 0.05} {
		x, y := plantedBox(5000, noise, 3)
		r, err := PRIM(x, y, PrimOptions{Threshold: 0.9})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Boxes) != 1 || !r.Boxes[0].MeetsThreshold {
			t.Fatalf("noise %v: boxes %+v", noise, r.Boxes)
		}
		b := r.Boxes[0].Box()
		t.Logf("noise %v: box lo %.3f hi %.3f coverage %.3f density %.3f mass %.3f, %d steps",
			noise, b.Lo, b.Hi, b.Coverage, b.Density, b.Mass, len(r.Boxes[0].Trajectory))
		want := [][2]float64{{0.2, 0.6}, {0.5, 1}}
		for j, w := range want {
			if math.Abs(b.Lo[j]-w[0]) > 0.03 || (w[1] < 1 && math.Abs(b.Hi[j]-w[1]) > 0.03) || !b.Restricted[j] {
				t.Errorf("noise %v: dimension %d limits [%.3f, %.3f], want about %v", noise, j, b.Lo[j], b.Hi[j], w)
			}
		}
		if b.Restricted[2] || b.Restricted[3] || b.ResDim != 2 {
			t.Errorf("noise %v: irrelevant dimensions restricted: %v", noise, b.Restricted)
		}
		if b.Density < 0.9 || b.Coverage < 0.8 {
			t.Errorf("noise %v: density %.3f, coverage %.3f", noise, b.Density, b.Coverage)
		}
		first := r.Boxes[0].Trajectory[0]
		if first.Mass != 1 || first.Coverage != 1 || first.ResDim != 0 {
			t.Errorf("trajectory starts at %+v", first)
		}
	}
}

func TestPRIMLast(t *testing.T) {
	// Without noise, EMA's choice (the last step) is the planted box itself.
	x, y := plantedBox(5000, 0, 3)
	r, err := PRIM(x, y, PrimOptions{Threshold: 0.9, Choose: PrimLast})
	if err != nil {
		t.Fatal(err)
	}
	b := r.Boxes[0].Box()
	if b.Density != 1 || b.Coverage < 0.93 || math.Abs(b.Lo[0]-0.2) > 0.02 || math.Abs(b.Hi[0]-0.6) > 0.02 || math.Abs(b.Lo[1]-0.5) > 0.02 || b.ResDim != 2 {
		t.Errorf("last box %+v", b)
	}
}

func TestPRIMTwoBoxes(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 0))
	x, y := make([][]float64, 4000), make([]float64, 4000)
	for i := range x {
		x[i] = []float64{rng.Float64(), rng.Float64()}
		if x[i][0] < 0.25 || x[i][1] > 0.8 {
			y[i] = 1
		}
	}
	r, err := PRIM(x, y, PrimOptions{Threshold: 0.9, MaxBoxes: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Boxes) < 2 || !r.Boxes[0].MeetsThreshold || !r.Boxes[1].MeetsThreshold {
		t.Fatalf("boxes: %+v", r.Boxes)
	}
	cov := r.Boxes[0].Box().Coverage + r.Boxes[1].Box().Coverage
	if cov < 0.9 {
		t.Errorf("two boxes cover %.3f of the cases", cov)
	}
}

func TestPRIMErrors(t *testing.T) {
	x, y := plantedBox(10, 0, 1)
	tests := []struct {
		x    [][]float64
		y    []float64
		opt  PrimOptions
		want string
	}{
		{x, y[:5], PrimOptions{Threshold: 0.5}, "as many outcomes"},
		{x, y, PrimOptions{}, "threshold"},
		{x, make([]float64, 10), PrimOptions{Threshold: 0.5}, "no cases of interest"},
		{x, y, PrimOptions{Threshold: 0.5, PeelAlpha: 0.7}, "alphas"},
		{[][]float64{{1}, {math.NaN()}}, []float64{1, 0}, PrimOptions{Threshold: 0.5}, "coordinate NaN"},
		{[][]float64{{1}, {2}}, []float64{1, -1}, PrimOptions{Threshold: 0.5}, "outcome 1"},
	}
	for _, tt := range tests {
		if _, err := PRIM(tt.x, tt.y, tt.opt); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("PRIM error = %v, want %q", err, tt.want)
		}
	}
}

func TestTornado(t *testing.T) {
	ps := []Param{
		{"a", must(NewUniform(0, 1))},
		{"b", must(NewNormal(0, 1))},
		{"c", must(NewFixed(3))},
	}
	lin := func(_ int, x, out []float64) error {
		out[0] = 1*x[0] - 5*x[1] + x[2]
		out[1] = x[0] * x[0]
		return nil
	}
	r, err := Tornado(context.Background(), ps, []float64{0.5, 0, 3}, 2, lin, TornadoOptions{Ranges: [][2]float64{{0, 1}, {math.NaN(), 0}, {math.NaN(), 0}}})
	if err != nil {
		t.Fatal(err)
	}
	bars := r.Bars(0)
	lo, hi := ps[1].Dist.Quantile(0.05), ps[1].Dist.Quantile(0.95)
	if bars[0].Param != "b" || bars[0].Low != lo || bars[0].High != hi || math.Abs(bars[0].Swing-5*(hi-lo)) > 1e-12 || bars[0].YLow != 3.5-5*lo {
		t.Errorf("first bar %+v, want b with swing %v", bars[0], 5*(hi-lo))
	}
	if bars[1].Param != "a" || bars[1].Swing != 1 || bars[2].Param != "c" || bars[2].Swing != 0 {
		t.Errorf("bars %+v", bars)
	}
	if r.YBase[0] != 3.5 || bars[0].YBase != 3.5 {
		t.Errorf("base output %v", r.YBase)
	}
	if b := r.Bars(1); b[0].Param != "a" || b[0].YHigh != 1 {
		t.Errorf("output 1 bars %+v", b)
	}
	if _, err := Tornado(context.Background(), ps, []float64{0}, 1, lin, TornadoOptions{}); err == nil {
		t.Error("short base accepted")
	}
}

func TestBootstrap(t *testing.T) {
	data := make([]float64, 400)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range data {
		data[i] = rng.NormFloat64()
	}
	mean := func(idx []int) float64 {
		s := 0.0
		for _, i := range idx {
			s += data[i]
		}
		return s / float64(len(idx))
	}
	reps := Bootstrap(len(data), 1000, 3, mean)
	lo, hi, err := PercentileInterval(reps, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	// The interval should be about mean ± 1.96/sqrt(400) = ±0.098.
	all := make([]int, len(data))
	for i := range all {
		all[i] = i
	}
	m := mean(all)
	if !(lo < m && m < hi) || math.Abs(hi-lo-0.196) > 0.03 {
		t.Errorf("bootstrap interval [%v, %v] around %v", lo, hi, m)
	}
	if again := Bootstrap(len(data), 1000, 3, mean); again[999] != reps[999] {
		t.Error("bootstrap is not deterministic")
	}
	if _, _, err := PercentileInterval(nil, 0.9); err == nil {
		t.Error("empty replicates accepted")
	}
}
