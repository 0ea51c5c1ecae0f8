package draws

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve/logit"
	"github.com/tablero-project/tablero/uncertain"
)

func coinObservations() []scenario.Observation {
	return []scenario.Observation{{Date: "2025-01-02", Source: "test", Signpost: "t"}, {Date: "2025-01-03", Source: "test", Signpost: "s"}}
}

// posteriorOf runs the uncertainty analysis of m and the Monte Carlo of
// its posterior on obs.
func posteriorOf(t *testing.T, m *scenario.Model, obs []scenario.Observation, s Sampling) (*Uncertainty, *Posterior) {
	t.Helper()
	ctx := context.Background()
	u, err := Analyse(ctx, m, Solver{}, s, true)
	if err != nil {
		t.Fatal(err)
	}
	post, err := u.Posterior(ctx, m, Solver{}, obs, s)
	if err != nil {
		t.Fatal(err)
	}
	return u, post
}

// estimate returns the posterior's estimate of the named output.
func (p *Posterior) estimate(t *testing.T, name string) (mean, low, high float64) {
	t.Helper()
	for _, e := range p.Estimates {
		if e.Name == name {
			return e.Mean, e.Low, e.High
		}
	}
	t.Fatalf("no estimate of %s", name)
	return 0, 0, 0
}

// reachAt solves m's QRE at v (the brief's point estimate there) and
// returns its play.
func reachAt(t *testing.T, m *scenario.Model, v scenario.Values) []float64 {
	t.Helper()
	in, err := m.Game(v)
	if err != nil {
		t.Fatal(err)
	}
	res, err := logit.Logit(context.Background(), in.Game, logit.LogitOptions{Lambdas: []float64{in.Lambda}, MaxLambda: in.Lambda})
	if err != nil {
		t.Fatal(err)
	}
	return in.Game.Realization(res.Points[0].Profile)
}

// TestEvidenceDrawsBruteForce: the weighted Monte Carlo posterior equals a
// brute-force computation on the same draws (each re-solved exactly, its
// posterior weighted by the probability of the evidence), and is close to
// the exact answer: with the likelihoods' and the rain's uncertainty
// independent, P(R2 | t, s) = E[rain·L(t|o2)] / E[rain·L(t|o2) + (2 -
// rain)·L(t|else)] = 0.18 / 0.26 (s tells nothing about the weather).
func TestEvidenceDrawsBruteForce(t *testing.T) {
	m := scenariotest.Model(t, coin)
	s := Sampling{Draws: 3000, Seed: 7, Workers: 2}
	_, post := posteriorOf(t, m, coinObservations(), s)
	sw, err := newEvidenceSweep(context.Background(), m, Solver{}, coinObservations(), Sampling{Draws: 3000, Seed: 7}, nil)
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
		u, err := sw.ev.Update(0, reachAt(t, m, v), sw.ev.With(sw.ev.Dims(), x[np:]))
		if err != nil {
			t.Fatal(err)
		}
		num += u.Evidence * u.Results[1]
		den += u.Evidence
	}
	got, low, high := post.estimate(t, "result:R2")
	if math.Abs(got-num/den) > 1e-9 {
		t.Errorf("Monte Carlo P(R2 | evidence) = %.12g, brute force on the same draws %.12g", got, num/den)
	}
	if exact := 0.18 / 0.26; low > exact || high < exact || math.Abs(got-exact) > 0.03 {
		t.Errorf("P(R2 | evidence) = %g [%g, %g], exact %g", got, low, high, exact)
	}
	if len(post.Likelihoods) != 4 || post.Effective <= 0 || post.Effective > 3000 || post.Draws != 3000 {
		t.Errorf("draws: %+v", post)
	}
}

// TestEvidenceDrawsDeterministic: the posterior is bit-identical whatever
// the workers, and a sharded run merges to the single run.
func TestEvidenceDrawsDeterministic(t *testing.T) {
	m := scenariotest.Model(t, coin)
	_, p1 := posteriorOf(t, m, coinObservations(), Sampling{Draws: 3000, Seed: 7, Workers: 1})
	_, p3 := posteriorOf(t, m, coinObservations(), Sampling{Draws: 3000, Seed: 7, Workers: 3})
	a, _ := json.Marshal(p1)
	b, _ := json.Marshal(p3)
	if string(a) != string(b) {
		t.Fatalf("workers changed the posterior:\n%s\n%s", a, b)
	}
	sw, err := newEvidenceSweep(context.Background(), m, Solver{}, coinObservations(), Sampling{Draws: 1000, Seed: 3, Workers: 2}, nil)
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

// TestPosteriorDrawsReusePriorPlays: with evidence that measures no
// parameter (a move observed in the coin game), the posterior's Monte
// Carlo reuses every prior draw's play instead of re-solving it, and its
// posterior is still the brute-force one on the same draws.
func TestPosteriorDrawsReusePriorPlays(t *testing.T) {
	m := scenariotest.Model(t, coin)
	obs := []scenario.Observation{{Date: "2025-01-02", Source: "test", Move: []string{"a=Up"}}}
	const n = 400
	u, post := posteriorOf(t, m, obs, Sampling{Draws: n, Seed: 5, Workers: 2})
	if pl := u.plays; pl == nil || pl.hits != n {
		t.Fatalf("the posterior reused %v prior plays, want %d", pl, n)
	}
	sw, err := newEvidenceSweep(context.Background(), m, Solver{}, obs, Sampling{Draws: n, Seed: 5}, nil)
	if err != nil {
		t.Fatal(err)
	}
	num, den := 0.0, 0.0
	var x []float64
	for k := 0; k < sw.design.Draws(); k++ {
		x = sw.design.Point(k, x)
		v := scenario.Values{}
		for i, name := range sw.design.Names() {
			v[name] = x[i]
		}
		up, err := sw.ev.Update(0, reachAt(t, m, v), sw.ev.Declared())
		if err != nil {
			t.Fatal(err)
		}
		num += up.Evidence * up.Results[1]
		den += up.Evidence
	}
	if got, _, _ := post.estimate(t, "result:R2"); math.Abs(got-num/den) > 1e-9 {
		t.Errorf("P(R2 | a=Up) = %.12g with reused plays, %.12g re-solved", got, num/den)
	}
}

// BenchmarkFlagshipEvidenceDraws: the posterior Monte Carlo of the flagship
// after one signpost, 100 draws (each re-solves the game and weighs it).
func BenchmarkFlagshipEvidenceDraws(b *testing.B) {
	m := scenariotest.Model(b, flagship)
	obs := []scenario.Observation{{Date: "2025-12-06", Source: "bench", Signpost: "intel_agreement"}}
	sw, err := newEvidenceSweep(context.Background(), m, Solver{}, obs, Sampling{Draws: 100, Seed: 1, Workers: 1}, nil)
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
