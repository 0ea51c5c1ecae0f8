package uncertain

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// testModel is a small model with every kind of output: an indicator (a
// threshold on a), a probability, and a value with wide dynamic range. It
// fails on every 97th draw and panics on every 211th.
func testModel(k int, x, out []float64) error {
	switch {
	case k%211 == 5:
		panic("boom")
	case k%97 == 3:
		return errors.New("no equilibrium")
	}
	out[0] = 0
	if x[0] > 0.3 {
		out[0] = 1
	}
	out[1] = x[0] * x[1]
	out[2] = math.Exp(10*x[1]) - 1e3*x[2] + 1e-300*x[0]
	return nil
}

var testOutputs = []Output{{"hit", Indicator}, {"p", Probability}, {"cost", Value}}

func testDesign(t testing.TB, n int, m Method) *Design {
	ps := []Param{
		{"a", must(NewUniform(0, 1))},
		{"b", must(NewBeta(2, 5))},
		{"c", must(Truncate(must(NewNormal(0, 1)), -1, 2))},
	}
	return newDesign(t, DesignConfig{Params: ps, Draws: n, Seed: 20251123, Method: m})
}

func run(t testing.TB, d *Design, opt RunOptions) *Partial {
	t.Helper()
	p, err := Run(context.Background(), d, testOutputs, testModel, opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func marshal(t testing.TB, p *Partial) []byte {
	t.Helper()
	b, err := p.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestThresholdProbability(t *testing.T) {
	// P(a > 0.3) = 0.7 for a ~ U(0, 1): the Wilson interval must contain it.
	for _, m := range []Method{MonteCarlo, LatinHypercube} {
		for _, seed := range []uint64{1, 2, 3} {
			d := newDesign(t, DesignConfig{Params: uniformParams("a"), Draws: 4000, Seed: seed, Method: m})
			p, err := Run(context.Background(), d, []Output{{"above", Indicator}}, func(_ int, x, out []float64) error {
				out[0] = 0
				if x[0] > 0.3 {
					out[0] = 1
				}
				return nil
			}, RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			s := p.Summary(0.95).Outputs[0]
			if s.Interval != "wilson" || !(s.Lo <= 0.7 && 0.7 <= s.Hi) {
				t.Errorf("%s seed %d: P = %v, %s interval [%v, %v] misses 0.7", m, seed, s.Mean, s.Interval, s.Lo, s.Hi)
			}
			if m == LatinHypercube && math.Abs(s.Mean-0.7) > 1.0/4000 {
				t.Errorf("LHS seed %d: P = %v, want 0.7 within one stratum", seed, s.Mean)
			}
		}
	}
}

func TestBitIdenticalAcrossWorkers(t *testing.T) {
	for _, m := range []Method{MonteCarlo, LatinHypercube} {
		d := testDesign(t, 3000, m)
		want := marshal(t, run(t, d, RunOptions{Workers: 1, KeepRows: true}))
		for _, w := range []int{2, 4, 7} {
			if got := marshal(t, run(t, d, RunOptions{Workers: w, KeepRows: true})); !bytes.Equal(got, want) {
				t.Errorf("%s: %d workers differ from 1", m, w)
			}
		}
	}
}

func TestBitIdenticalAcrossShards(t *testing.T) {
	const n = 2500
	for _, keep := range []bool{false, true} {
		d := testDesign(t, n, LatinHypercube)
		single := run(t, d, RunOptions{Workers: 2, KeepRows: keep})
		want := marshal(t, single)
		if !single.Complete() || single.Failed() == 0 {
			t.Fatalf("single run: complete %v, %d failed", single.Complete(), single.Failed())
		}
		for _, count := range []int{1, 2, 7} {
			parts := make([]*Partial, count)
			for i := range parts {
				parts[i] = run(t, d, RunOptions{Workers: 1 + i%2, Shard: Shard{i, count}, KeepRows: keep})
				// Every part goes through its JSON form, as a sweep writes it.
				parts[i] = roundTrip(t, parts[i])
			}
			rng := rand.New(rand.NewPCG(uint64(count), 0))
			for trial := range 4 {
				order := rng.Perm(count)
				if trial == 0 {
					order = reversed(count)
				}
				var shuffled []*Partial
				for _, i := range order {
					shuffled = append(shuffled, parts[i])
				}
				m := mergeTree(t, shuffled, trial%2 == 1)
				if got := marshal(t, m); !bytes.Equal(got, want) {
					t.Errorf("rows %v: %d shards merged in order %v differ from a single run", keep, count, order)
				}
			}
		}
	}
}

func reversed(n int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = n - 1 - i
	}
	return o
}

// mergeTree merges parts all at once, or pairwise as a balanced tree.
func mergeTree(t *testing.T, parts []*Partial, tree bool) *Partial {
	t.Helper()
	if !tree || len(parts) == 1 {
		m, err := Merge(parts...)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	h := len(parts) / 2
	m, err := Merge(mergeTree(t, parts[:h], true), mergeTree(t, parts[h:], true))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func roundTrip(t testing.TB, p *Partial) *Partial {
	t.Helper()
	q, err := ReadPartial(bytes.NewReader(marshal(t, p)))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestEmptyShards(t *testing.T) {
	d := testDesign(t, 3, MonteCarlo)
	want := marshal(t, run(t, d, RunOptions{}))
	var parts []*Partial
	for i := range 7 {
		parts = append(parts, roundTrip(t, run(t, d, RunOptions{Shard: Shard{i, 7}})))
	}
	m, err := Merge(parts...)
	if err != nil {
		t.Fatal(err)
	}
	if got := marshal(t, m); !bytes.Equal(got, want) {
		t.Errorf("7 shards of 3 draws differ from a single run:\n%s\n%s", got, want)
	}
}

func TestDrawErrorsAreRecorded(t *testing.T) {
	d := testDesign(t, 1000, MonteCarlo)
	p := run(t, d, RunOptions{Workers: 3})
	wantFailed := 0
	for k := range 1000 {
		if k%211 == 5 || k%97 == 3 {
			wantFailed++
		}
	}
	if p.Failed() != int64(wantFailed) {
		t.Errorf("Failed() = %d, want %d", p.Failed(), wantFailed)
	}
	errs := p.Errors()
	if len(errs) == 0 || errs[0].K != 3 || errs[0].Err != "no equilibrium" {
		t.Fatalf("first error = %+v", errs[0])
	}
	if x := d.Point(3, nil); fmt.Sprint(errs[0].X) != fmt.Sprint(x) {
		t.Errorf("error records x = %v, want %v", errs[0].X, x)
	}
	var panics int
	for _, e := range errs {
		if strings.Contains(e.Err, "panic: boom") {
			panics++
		}
	}
	if panics != 5 {
		t.Errorf("%d panics recorded, want 5", panics)
	}
	if n := p.Summary(0.95).Outputs[0].N; n != int64(1000-wantFailed) {
		t.Errorf("N = %d, want %d", n, 1000-wantFailed)
	}
}

func TestBadOutputsFailDraws(t *testing.T) {
	d := testDesign(t, 50, MonteCarlo)
	outs := []Output{{"i", Indicator}, {"p", Probability}, {"v", Value}}
	tests := []struct {
		eval EvalFunc
		want string
	}{
		{func(_ int, _, out []float64) error { out[0], out[1] = 1, 0.5; return nil }, `output "v" is NaN (not written?)`},
		{func(_ int, _, out []float64) error { out[0], out[1], out[2] = 0.5, 0.5, 1; return nil }, "not 0 or 1"},
		{func(_ int, _, out []float64) error { out[0], out[1], out[2] = 1, 1.1, 1; return nil }, "outside [0, 1]"},
		{func(_ int, _, out []float64) error { out[0], out[1], out[2] = 1, 0, math.Inf(1); return nil }, "+Inf"},
	}
	for _, tt := range tests {
		p, err := Run(context.Background(), d, outs, tt.eval, RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Failed() != 50 || !strings.Contains(p.Errors()[0].Err, tt.want) {
			t.Errorf("failed %d, first error %q; want 50 failures with %q", p.Failed(), p.Errors()[0].Err, tt.want)
		}
	}
}

func TestRunStops(t *testing.T) {
	d := testDesign(t, 100000, MonteCarlo)
	fail := func(int, []float64, []float64) error { return errors.New("broken model") }
	if _, err := Run(context.Background(), d, testOutputs, fail, RunOptions{MaxErrors: 10}); err == nil || !strings.Contains(err.Error(), "more than 10 draws failed") {
		t.Errorf("MaxErrors: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, d, testOutputs, testModel, RunOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: err = %v", err)
	}
	if _, err := Run(context.Background(), d, []Output{{"x", "ratio"}}, testModel, RunOptions{}); err == nil {
		t.Error("unknown output kind accepted")
	}
	if _, err := Run(context.Background(), d, testOutputs, testModel, RunOptions{Shard: Shard{3, 3}}); err == nil {
		t.Error("shard 3 of 3 accepted")
	}
}

func TestProgressCallback(t *testing.T) {
	d := testDesign(t, 2000, MonteCarlo)
	var last, calls int64
	_, err := Run(context.Background(), d, testOutputs, testModel, RunOptions{Progress: func(done, total int64) {
		if total != 2000 || done < last {
			t.Errorf("progress(%d, %d) after %d", done, total, last)
		}
		last = done
		calls++
	}})
	if err != nil {
		t.Fatal(err)
	}
	if last != 2000 || calls == 0 {
		t.Errorf("last progress %d after %d calls, want 2000", last, calls)
	}
}
