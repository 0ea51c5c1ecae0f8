package brief

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

func coinObservations() []scenario.Observation {
	return []scenario.Observation{{Date: "2025-01-02", Source: "test", Signpost: "t"}, {Date: "2025-01-03", Source: "test", Signpost: "s"}}
}

func coinModel(t testing.TB) *scenario.Model {
	t.Helper()
	s, err := scenario.Load("../evidence/testdata/coin.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// analyseCoin runs the brief of the coin game with evidence under Monte
// Carlo.
func analyseCoin(t *testing.T, workers int) *Brief {
	t.Helper()
	m := coinModel(t)
	opt := Options{Observations: coinObservations()}
	b, err := Build(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Analyse(context.Background(), m, opt, Sampling{Draws: 3000, Seed: 7, Workers: workers}); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEvidenceDrawsBruteForce: the weighted Monte Carlo posterior equals a
// brute-force computation on the same draws (each re-solved exactly, its
// posterior weighted by the probability of the evidence), and is close to
// the exact answer: with the likelihoods' and the rain's uncertainty
// independent, P(R2 | t, s) = E[rain·L(t|o2)] / E[rain·L(t|o2) + (2 -
// rain)·L(t|else)] = 0.18 / 0.26 (s tells nothing about the weather).
func TestEvidenceDrawsBruteForce(t *testing.T) {
	b := analyseCoin(t, 2)
	m := coinModel(t)
	opt := Options{Observations: coinObservations()}
	sw, err := newEvidenceSweep(context.Background(), m, opt, Sampling{Draws: 3000, Seed: 7}, nil)
	if err != nil {
		t.Fatal(err)
	}
	np := sw.design.Dim() - len(sw.names)
	num, den := 0.0, 0.0
	var x []float64
	for k := 0; k < sw.design.Draws(); k++ {
		x = sw.design.Point(k, x)
		v := scenario.Values{}
		for i, name := range sw.design.Names()[:np] {
			v[name] = x[i]
		}
		_, _, reach, err := solvePoint(context.Background(), m, Options{Values: v})
		if err != nil {
			t.Fatal(err)
		}
		u, err := sw.ev.Update(0, reach, sw.ev.With(sw.ev.Dims(), x[np:]))
		if err != nil {
			t.Fatal(err)
		}
		num += u.Evidence * u.Results[1]
		den += u.Evidence
	}
	got := b.Evidence.Results[1]
	if math.Abs(got.Posterior-num/den) > 1e-9 {
		t.Errorf("Monte Carlo P(R2 | evidence) = %.12g, brute force on the same draws %.12g", got.Posterior, num/den)
	}
	if exact := 0.18 / 0.26; *got.Low > exact || *got.High < exact || math.Abs(got.Posterior-exact) > 0.03 {
		t.Errorf("P(R2 | evidence) = %g [%g, %g], exact %g", got.Posterior, *got.Low, *got.High, exact)
	}
	if d := b.Evidence.Draws; d == nil || len(d.Likelihoods) != 4 || d.EffectiveDraws <= 0 || d.EffectiveDraws > 3000 {
		t.Errorf("draws: %+v", d)
	}
}

// TestEvidenceDrawsDeterministic: the posterior is bit-identical whatever
// the workers, and a sharded run merges to the single run.
func TestEvidenceDrawsDeterministic(t *testing.T) {
	a, _ := json.Marshal(analyseCoin(t, 1).Evidence)
	b, _ := json.Marshal(analyseCoin(t, 3).Evidence)
	if string(a) != string(b) {
		t.Fatalf("workers changed the evidence:\n%s\n%s", a, b)
	}
	m := coinModel(t)
	sw, err := newEvidenceSweep(context.Background(), m, Options{Observations: coinObservations()}, Sampling{Draws: 1000, Seed: 3, Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	run := func(sh uncertain.Shard) *uncertain.Partial {
		p, err := uncertain.Run(context.Background(), sw.design, sw.ev.DrawOutputs(), sw.eval, uncertain.RunOptions{Workers: 2, Shard: sh})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	merged, err := uncertain.Merge(run(uncertain.Shard{Index: 1, Count: 3}), run(uncertain.Shard{Index: 0, Count: 3}), run(uncertain.Shard{Index: 2, Count: 3}))
	if err != nil {
		t.Fatal(err)
	}
	one, _, err := sw.ev.Posterior(run(uncertain.Shard{}).Summary(0.95).Outputs, 1.96)
	if err != nil {
		t.Fatal(err)
	}
	three, _, err := sw.ev.Posterior(merged.Summary(0.95).Outputs, 1.96)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := json.Marshal(one)
	y, _ := json.Marshal(three)
	if string(x) != string(y) {
		t.Fatalf("shards changed the posterior:\n%s\n%s", x, y)
	}
}

// TestEvidenceDrawsMeasuredParameter: a measurement re-solves the draws
// from the new distribution: with the rain fixed at 0.6 and t observed,
// P(R2 | evidence) = E[0.3·L(t|o2)] / E[0.3·L(t|o2) + 0.7·L(t|else)] = 0.27/0.34.
func TestEvidenceDrawsMeasuredParameter(t *testing.T) {
	m := coinModel(t)
	v := 0.6
	opt := Options{Observations: []scenario.Observation{{Date: "2025-01-02", Source: "poll", Parameter: "rain", Value: &v}, {Date: "2025-01-03", Source: "test", Signpost: "t"}}}
	b, err := Build(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Analyse(context.Background(), m, opt, Sampling{Draws: 2000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	got, exact := b.Evidence.Results[1], 0.27/0.34
	if *got.Low > exact || *got.High < exact {
		t.Errorf("P(R2 | evidence) = %g [%g, %g], exact %g", got.Posterior, *got.Low, *got.High, exact)
	}
	if math.Abs(*got.AtDefaults-exact) > 1e-12 {
		t.Errorf("point P(R2 | evidence) = %.15g, exact %.15g", *got.AtDefaults, exact)
	}
}

// BenchmarkFlagshipEvidenceDraws: the posterior Monte Carlo of the flagship
// after one signpost, 100 draws (each re-solves the game and weighs it).
func BenchmarkFlagshipEvidenceDraws(b *testing.B) {
	s, err := scenario.Load("../scenarios/us-mexico-2025.yaml")
	if err != nil {
		b.Fatal(err)
	}
	m, err := scenario.Compile(s)
	if err != nil {
		b.Fatal(err)
	}
	opt := Options{Observations: []scenario.Observation{{Date: "2025-12-06", Source: "bench", Signpost: "intel_agreement"}}}
	sw, err := newEvidenceSweep(context.Background(), m, opt, Sampling{Draws: 100, Seed: 1, Workers: 1}, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		p, err := uncertain.Run(context.Background(), sw.design, sw.ev.DrawOutputs(), sw.eval, uncertain.RunOptions{Workers: 1})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := sw.ev.Posterior(p.Summary(0.95).Outputs, 1.96); err != nil {
			b.Fatal(err)
		}
	}
}
