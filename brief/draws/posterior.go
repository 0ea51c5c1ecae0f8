package draws

import (
	"context"
	"fmt"
	"runtime"

	"github.com/tablero-project/tablero/evidence"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

// Posterior is the Monte Carlo of a posterior: prior draws weighted by
// the probability they give the evidence.
type Posterior struct {
	// Estimates are the posterior outputs' weighted means and intervals.
	Estimates []evidence.Estimate
	// Draws is the number of draws; Effective is (Σw)²/Σw², how many
	// unweighted draws the weighted ones are worth.
	Draws     int
	Effective float64
	// Likelihoods are the observed signposts' uncertain likelihoods the
	// draws sample (uniform over their ranges).
	Likelihoods []string
}

// Posterior runs the Monte Carlo of the posterior on observations over
// u's draws: the measured model's draws, each with the observed
// signposts' likelihoods drawn from their ranges, weighted by the
// probability of the evidence. It reuses u's plays when the evidence
// measures no parameter and Analyse remembered them.
func (u *Uncertainty) Posterior(ctx context.Context, m *scenario.Model, opt Solver, observations []scenario.Observation, s Sampling) (*Posterior, error) {
	s.Draws = u.Draws
	sw, err := newEvidenceSweep(ctx, m, opt, observations, s, u.plays)
	if err != nil {
		return nil, err
	}
	s.stage("evidence")
	part, err := uncertain.Run(ctx, sw.design, sw.ev.DrawOutputs(), sw.eval, uncertain.RunOptions{Workers: workersOf(s), Progress: s.Progress})
	if err != nil {
		return nil, err
	}
	est, ess, err := sw.ev.Posterior(part.Summary(0.95).Outputs, uncertain.ZForLevel(0.95))
	if err != nil {
		return nil, fmt.Errorf("evidence under Monte Carlo: %w", err)
	}
	return &Posterior{Estimates: est, Draws: sw.design.Draws(), Effective: ess, Likelihoods: sw.names}, nil
}

// evidenceSweep is the Monte Carlo of a posterior: its design (the
// measured model's parameters, then the uncertain likelihoods) and the
// evaluation of its draws.
type evidenceSweep struct {
	ev     *evidence.Evidence
	design *uncertain.Design
	eval   uncertain.EvalFunc
	names  []string // the likelihoods' dimensions
}

// plays are the prior draws' plays, reused when the evidence measures no
// parameter (the same model, so the same draws).
func newEvidenceSweep(ctx context.Context, m *scenario.Model, opt Solver, observations []scenario.Observation, s Sampling, pl *plays) (*evidenceSweep, error) {
	prior, err := evidence.New(m, observations)
	if err != nil {
		return nil, err
	}
	pm, err := evidence.Model(m, prior.Observations)
	if err != nil {
		return nil, err
	}
	sw := &evidenceSweep{ev: prior.On(pm)}
	params, _, err := Params(pm, opt.Values)
	if err != nil {
		return nil, err
	}
	np := len(params)
	dims := sw.ev.Dims()
	for _, d := range dims {
		dist, err := uniformOrFixed(d.Lo, d.Hi)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.Name, err)
		}
		params = append(params, uncertain.Param{Name: d.Name, Dist: dist})
		sw.names = append(sw.names, d.Name)
	}
	d, err := NewDrawer(pm, opt)
	if err != nil {
		return nil, err
	}
	if pm == m {
		d.plays = pl
	}
	sw.eval = evidenceEvaluator(ctx, d, sw.ev, np, dims, opt.Values, workersOf(s))
	if sw.design, err = NewDesign(params, s); err != nil {
		return nil, err
	}
	return sw, nil
}

func uniformOrFixed(lo, hi float64) (uncertain.Dist, error) {
	if lo == hi {
		return uncertain.NewFixed(lo)
	}
	return uncertain.NewUniform(lo, hi)
}

func workersOf(s Sampling) int {
	if s.Workers < 1 {
		return runtime.GOMAXPROCS(0)
	}
	return s.Workers
}

// evidenceEvaluator evaluates the posterior outputs of a draw: the first
// np values are the model's parameters, the rest the dims' likelihoods.
// Each call borrows one of a pool of Drawers.
func evidenceEvaluator(ctx context.Context, d *Drawer, ev *evidence.Evidence, np int, dims []evidence.Dim, fixed scenario.Values, workers int) uncertain.EvalFunc {
	names := make([]string, 0, np)
	params, _, _ := Params(d.m, fixed)
	for _, p := range params[:np] {
		names = append(names, p.Name)
	}
	pool := make(chan *Drawer, workers)
	for range workers {
		pool <- d.Clone()
	}
	return func(_ int, x, out []float64) error {
		dr := <-pool
		defer func() { pool <- dr }()
		v := make(scenario.Values, len(fixed)+np)
		for k, val := range fixed {
			v[k] = val
		}
		for i, name := range names {
			v[name] = x[i]
		}
		if _, err := dr.solve(ctx, v); err != nil {
			return err
		}
		w := make([]float64, len(dr.m.Leaves()))
		ev.Draw(dr.mapping, dr.reach, ev.With(dims, x[np:]), w, out)
		return nil
	}
}
