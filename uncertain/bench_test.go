package uncertain

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"
)

// reportCPU adds the process CPU time per operation since start as a
// metric: on a shared machine wall time (ns/op) overstates the cost.
func reportCPU(b *testing.B, start time.Duration) {
	if start > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkRunOverhead measures the engine's cost per draw with a trivial
// model: 6 parameters (sampling through quantiles), 12 outputs (exact
// sums, histograms).
func BenchmarkRunOverhead(b *testing.B) {
	ps := []Param{
		{"a", must(NewUniform(0, 1))}, {"b", must(NewTriangular(0, 0.3, 1))}, {"c", must(NewPERT(0, 0.3, 1))},
		{"d", must(NewNormal(0, 1))}, {"e", must(NewBeta(2, 3))}, {"f", must(NewDiscrete([]float64{1, 2}, []float64{0.5, 0.5}))},
	}
	var outs []Output
	for i := range 12 {
		kind := Probability
		if i >= 8 {
			kind = Value
		}
		outs = append(outs, Output{fmt.Sprint("o", i), kind})
	}
	eval := func(_ int, x, out []float64) error {
		for i := range out {
			out[i] = x[i%3]
		}
		return nil
	}
	for _, m := range []Method{MonteCarlo, LatinHypercube} {
		b.Run(string(m), func(b *testing.B) {
			d := newDesign(b, DesignConfig{Params: ps, Draws: max(b.N, 1), Seed: 1, Method: m})
			b.ResetTimer()
			start := cpuTime()
			if _, err := Run(context.Background(), d, outs, eval, RunOptions{Workers: 1}); err != nil {
				b.Fatal(err)
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkRunScaling runs a CPU-bound model of about 0.35 ms per draw on
// 1 and 2 workers: on otherwise idle cores, the parallel efficiency is
// ns/op(1 worker) / (2 · ns/op(2 workers)).
func BenchmarkRunScaling(b *testing.B) {
	ps := uniformParams("a", "b", "c")
	outs := []Output{{"p", Probability}, {"v", Value}}
	eval := func(_ int, x, out []float64) error {
		s := x[0]
		for i := range 20000 {
			s = math.Sin(s + x[1] + float64(i&7))
		}
		out[0], out[1] = (s+1)/2, s*x[2]
		return nil
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprint("workers=", w), func(b *testing.B) {
			d := newDesign(b, DesignConfig{Params: ps, Draws: max(b.N, 1), Seed: 1})
			b.ResetTimer()
			start := cpuTime()
			if _, err := Run(context.Background(), d, outs, eval, RunOptions{Workers: w}); err != nil {
				b.Fatal(err)
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkMergeJSON: decode 7 shards of 20,000 draws, merge, summarise.
func BenchmarkMergeJSON(b *testing.B) {
	d := testDesign(b, 20000, MonteCarlo)
	var parts [][]byte
	for i := range 7 {
		parts = append(parts, marshal(b, run(b, d, RunOptions{Shard: Shard{i, 7}})))
	}
	start := cpuTime()
	for b.Loop() {
		var ps []*Partial
		for _, p := range parts {
			q := new(Partial)
			if err := q.UnmarshalJSON(p); err != nil {
				b.Fatal(err)
			}
			ps = append(ps, q)
		}
		m, err := Merge(ps...)
		if err != nil {
			b.Fatal(err)
		}
		m.Summary(0.95)
	}
	reportCPU(b, start)
}

// BenchmarkSobolIshigami: 4096·5 evaluations and 100 bootstrap replicates.
func BenchmarkSobolIshigami(b *testing.B) {
	start := cpuTime()
	for b.Loop() {
		if _, err := Sobol(context.Background(), ishigamiParams(), 1, ishigami, SobolOptions{N: 1 << 12, Seed: 1, Bootstrap: 100}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkPRIM: 10,000 points in 4 dimensions with 5 % label noise.
func BenchmarkPRIM(b *testing.B) {
	x, y := plantedBox(10000, 0.05, 1)
	start := cpuTime()
	for b.Loop() {
		if _, err := PRIM(x, y, PrimOptions{Threshold: 0.9}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkImanConover: the reordering of a 100,000 × 3 Latin hypercube.
func BenchmarkImanConover(b *testing.B) {
	c := [][]float64{{1, 0.5, 0}, {0.5, 1, -0.2}, {0, -0.2, 1}}
	start := cpuTime()
	for b.Loop() {
		newDesign(b, DesignConfig{Params: uniformParams("a", "b", "c"), Draws: 100000, Seed: 1, Method: LatinHypercube, RankCorr: c})
	}
	reportCPU(b, start)
}
