package uncertain_test

import (
	"context"
	"fmt"
	"math"

	"github.com/tablero-project/tablero/uncertain"
)

func ExampleNewDist() {
	d, err := uncertain.NewDist("pert", uncertain.DistParams{Low: ptr(0.1), Mode: ptr(0.4), High: ptr(0.9)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v: mean %.4f, median %.4f\n", d, d.Mean(), d.Quantile(0.5))
	_, err = uncertain.NewDist("uniform", uncertain.DistParams{Low: ptr(1)})
	fmt.Println(err)
	// Output:
	// pert(0.1, 0.4, 0.9): mean 0.4333, median 0.4255
	// uniform distribution: needs high
}

func ptr(v float64) *float64 { return &v }

// A threshold on a uniform parameter: P(leak > 0.3) = 0.7.
func ExampleRun() {
	leak, _ := uncertain.NewUniform(0, 1)
	d, _ := uncertain.NewDesign(uncertain.DesignConfig{
		Params: []uncertain.Param{{Name: "leak", Dist: leak}},
		Draws:  10000, Seed: 1, Method: uncertain.LatinHypercube,
	})
	outputs := []uncertain.Output{{Name: "escalation", Kind: uncertain.Indicator}}
	p, err := uncertain.Run(context.Background(), d, outputs, func(k int, x, out []float64) error {
		out[0] = 0
		if x[0] > 0.3 {
			out[0] = 1
		}
		return nil
	}, uncertain.RunOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := p.Summary(0.95).Outputs[0]
	fmt.Printf("P(%s) = %.3f, %s 95%% interval [%.3f, %.3f], %d draws\n", s.Name, s.Mean, s.Interval, s.Lo, s.Hi, s.N)
	// Output:
	// P(escalation) = 0.700, wilson 95% interval [0.691, 0.709], 10000 draws
}

// Shards merged in any order give the single-run result, bit for bit.
func ExampleMerge() {
	x, _ := uncertain.NewNormal(0, 1)
	d, _ := uncertain.NewDesign(uncertain.DesignConfig{Params: []uncertain.Param{{Name: "x", Dist: x}}, Draws: 1000, Seed: 7})
	outputs := []uncertain.Output{{Name: "cost", Kind: uncertain.Value}}
	eval := func(k int, x, out []float64) error { out[0] = math.Exp(x[0]); return nil }
	ctx := context.Background()
	whole, _ := uncertain.Run(ctx, d, outputs, eval, uncertain.RunOptions{})
	var parts []*uncertain.Partial
	for i := 2; i >= 0; i-- {
		p, _ := uncertain.Run(ctx, d, outputs, eval, uncertain.RunOptions{Shard: uncertain.Shard{Index: i, Count: 3}})
		parts = append(parts, p)
	}
	merged, _ := uncertain.Merge(parts...)
	a, _ := whole.MarshalJSON()
	b, _ := merged.MarshalJSON()
	fmt.Println(merged.Complete(), string(a) == string(b))
	// Output: true true
}

func ExampleSobol() {
	var params []uncertain.Param
	for _, name := range []string{"x1", "x2", "x3"} {
		u, _ := uncertain.NewUniform(-math.Pi, math.Pi)
		params = append(params, uncertain.Param{Name: name, Dist: u})
	}
	ishigami := func(_ int, x, out []float64) error {
		s := math.Sin(x[1])
		out[0] = math.Sin(x[0]) + 7*s*s + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
		return nil
	}
	// Analytic: S1 = (0.314, 0.442, 0), ST = (0.558, 0.442, 0.244).
	r, err := uncertain.Sobol(context.Background(), params, 1, ishigami, uncertain.SobolOptions{N: 1 << 13, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, name := range r.Params {
		fmt.Printf("%s: S1 %.2f ST %.2f\n", name, r.Outputs[0].S1[i], r.Outputs[0].ST[i])
	}
	// Output:
	// x1: S1 0.31 ST 0.55
	// x2: S1 0.44 ST 0.45
	// x3: S1 0.00 ST 0.25
}

func ExampleWilson() {
	lo, hi := uncertain.Wilson(81, 263, uncertain.ZForLevel(0.95))
	fmt.Printf("[%.4f, %.4f]\n", lo, hi)
	// Output: [0.2553, 0.3662]
}

func ExampleResolveShard() {
	env := map[string]string{"JOB_COMPLETION_INDEX": "4"}
	s, err := uncertain.ResolveShard(-1, 7, func(k string) string { return env[k] })
	fmt.Println(s, err)
	lo, hi, _ := uncertain.ShardRange(1000, s.Index, s.Count)
	fmt.Println(lo, hi)
	// Output:
	// {4 7} <nil>
	// 572 715
}
