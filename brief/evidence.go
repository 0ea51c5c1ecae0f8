package brief

import (
	"context"
	"fmt"
	"math"
	"runtime"

	"github.com/tablero-project/tablero/evidence"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

// Evidence is what the observations did to the forecast: the posterior
// over every actor's types and the results and scenarios before and after,
// with what moved them, observation by observation.
type Evidence struct {
	Observations []scenario.Observation `json:"observations"`
	// Probability is the probability of all the evidence under the
	// measured model at the point estimate.
	Probability float64 `json:"probability"`
	// Plausibility is the probability of the evidence under the QRE and
	// under the refined equilibrium, each flagged when negligible (a sign
	// of misspecification, not a forecast).
	Plausibility []evidence.Plausibility `json:"plausibility"`
	Types        []TypeShift             `json:"types"`
	Results      []Shift                 `json:"results"`
	Scenarios    []Shift                 `json:"scenarios"`
	Steps        []Step                  `json:"steps"`
	// Draws describes the Monte Carlo of the posterior (nil without one).
	Draws *EvidenceDraws `json:"draws,omitempty"`
}

// Shift is an event's probability before and after the evidence; with
// Monte Carlo, the means over the draws and their confidence intervals,
// the point estimates staying in PriorAtDefaults and AtDefaults.
type Shift struct {
	Name            string   `json:"name"`
	Label           string   `json:"label"`
	Prior           float64  `json:"prior"`
	Posterior       float64  `json:"posterior"`
	PriorLow        *float64 `json:"prior_low,omitempty"`
	PriorHigh       *float64 `json:"prior_high,omitempty"`
	Low             *float64 `json:"low,omitempty"`
	High            *float64 `json:"high,omitempty"`
	PriorAtDefaults *float64 `json:"prior_at_defaults,omitempty"`
	AtDefaults      *float64 `json:"at_defaults,omitempty"`
}

// TypeShift is the prior and posterior probability of an actor's type.
type TypeShift struct {
	Actor     string   `json:"actor"`
	Type      string   `json:"type"`
	Label     string   `json:"label"`
	Prior     float64  `json:"prior"`
	Posterior float64  `json:"posterior"`
	Low       *float64 `json:"low,omitempty"`
	High      *float64 `json:"high,omitempty"`
}

// Step is the forecast after each observation in turn (point estimate).
type Step struct {
	Observation string `json:"observation"`
	Date        string `json:"date"`
	Kind        string `json:"kind"`
	// Likelihood is P(this observation | the earlier ones); nil for a
	// parameter measurement, which changes the model instead.
	Likelihood *float64 `json:"likelihood,omitempty"`
	Results    []Prob   `json:"results"`
	// Mover is the result this observation moved most, by Change
	// (probability after minus before).
	Mover  string  `json:"mover"`
	Change float64 `json:"change"`
}

// EvidenceDraws describes the Monte Carlo of the posterior: prior draws
// weighted by the probability they give the evidence.
type EvidenceDraws struct {
	Draws int `json:"draws"`
	// EffectiveDraws is (Σw)²/Σw²: how many unweighted draws the weighted
	// ones are worth.
	EffectiveDraws float64 `json:"effective_draws"`
	// Likelihoods are the observed signposts' uncertain likelihoods the
	// draws sample (uniform over their ranges).
	Likelihoods []string `json:"likelihoods"`
}

// evidence fills the evidence section and the value of information at the
// point estimate; reach is the prior play.
func (b *Brief) evidence(ctx context.Context, m *scenario.Model, opt Options, mi int, reach []float64) error {
	if len(opt.Observations) == 0 && len(m.Scenario.Signposts) == 0 {
		return nil
	}
	ev, err := evidence.New(m, opt.Observations)
	if err != nil {
		return err
	}
	prior, err := evidence.New(m, nil)
	if err != nil {
		return err
	}
	before, err := prior.Update(mi, reach, nil)
	if err != nil {
		return err
	}
	post, pm, preach, err := posterior(ctx, ev, opt, mi, reach)
	if err != nil {
		return err
	}
	if b.Watch, err = ev.On(pm).Watch(mi, preach, ev.Declared()); err != nil {
		return err
	}
	if len(ev.Observations) == 0 {
		return nil
	}
	s := m.Scenario
	b.Evidence = &Evidence{Observations: ev.Observations, Probability: post.Evidence,
		Results: shifts(s.Results, before.Results, post.Results), Scenarios: shifts(s.Scenarios, before.Scenarios, post.Scenarios)}
	b.Evidence.plausibility(ev.On(pm), b.Solution.Lambda, preach)
	for a, actor := range s.Actors {
		for t, typ := range actor.Types {
			b.Evidence.Types = append(b.Evidence.Types, TypeShift{Actor: actor.ID, Type: typ.ID, Label: typ.Label, Prior: clean(before.Types[a][t]), Posterior: clean(post.Types[a][t])})
		}
	}
	b.Evidence.Steps, err = steps(ctx, ev, opt, mi, reach, before)
	return err
}

// posterior updates the play on the evidence, re-solving the measured
// model when the evidence measures parameters; it returns the update, the
// model and its play.
func posterior(ctx context.Context, ev *evidence.Evidence, opt Options, mi int, reach []float64) (*evidence.Update, *scenario.Model, []float64, error) {
	pm, err := evidence.Model(ev.Model(), ev.Observations)
	if err != nil {
		return nil, nil, nil, err
	}
	if pm != ev.Model() {
		if _, _, reach, err = solvePoint(ctx, pm, opt); err != nil {
			return nil, nil, nil, err
		}
	}
	u, err := ev.On(pm).Update(mi, reach, ev.Declared())
	return u, pm, reach, err
}

// steps applies the observations one at a time.
func steps(ctx context.Context, ev *evidence.Evidence, opt Options, mi int, reach []float64, before *evidence.Update) ([]Step, error) {
	solve := func(ctx context.Context, m *scenario.Model) ([]float64, error) {
		_, _, r, err := solvePoint(ctx, m, opt)
		return r, err
	}
	seq, err := ev.Sequence(ctx, mi, reach, solve)
	if err != nil {
		return nil, err
	}
	s := ev.Model().Scenario
	var out []Step
	last := before
	for i, o := range ev.Observations {
		u := seq[i]
		st := Step{Observation: o.ID, Date: o.Date, Kind: o.Kind()}
		if o.Kind() != scenario.KindParameter {
			l := u.Evidence / last.Evidence
			st.Likelihood = &l
		}
		for r, l := range s.Results {
			st.Results = append(st.Results, Prob{Name: l.ID, Label: l.Label, Probability: clean(u.Results[r])})
			if d := u.Results[r] - last.Results[r]; math.Abs(d) > math.Abs(st.Change) || st.Mover == "" {
				st.Mover, st.Change = l.ID, clean(d)
			}
		}
		out = append(out, st)
		last = u
	}
	return out, nil
}

func shifts(ls []scenario.Label, prior, post []float64) []Shift {
	out := make([]Shift, len(ls))
	for i, l := range ls {
		out[i] = Shift{Name: l.ID, Label: l.Label, Prior: clean(prior[i]), Posterior: clean(post[i])}
	}
	return out
}

// evidenceDraws runs the Monte Carlo of the posterior: the measured
// model's draws, each with the observed signposts' likelihoods drawn from
// their ranges, weighted by the probability of the evidence.
func (b *Brief) evidenceDraws(ctx context.Context, m *scenario.Model, opt Options, s Sampling) error {
	if b.Evidence == nil || b.Uncertainty == nil || len(b.Uncertainty.Outputs) == 0 {
		return nil
	}
	s.Draws = b.Uncertainty.Draws
	sw, err := newEvidenceSweep(ctx, m, opt, s, b.Uncertainty.plays)
	if err != nil {
		return err
	}
	s.stage("evidence")
	part, err := uncertain.Run(ctx, sw.design, sw.ev.DrawOutputs(), sw.eval, uncertain.RunOptions{Workers: workersOf(s), Progress: s.Progress})
	if err != nil {
		return err
	}
	est, ess, err := sw.ev.Posterior(part.Summary(0.95).Outputs, uncertain.ZForLevel(0.95))
	if err != nil {
		return fmt.Errorf("evidence under Monte Carlo: %w", err)
	}
	b.Evidence.Draws = &EvidenceDraws{Draws: sw.design.Draws(), EffectiveDraws: ess, Likelihoods: sw.names}
	b.Evidence.withDraws(est, b.Results, b.Scenarios)
	return nil
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
func newEvidenceSweep(ctx context.Context, m *scenario.Model, opt Options, s Sampling, pl *plays) (*evidenceSweep, error) {
	prior, err := evidence.New(m, opt.Observations)
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

// withDraws replaces point posteriors by their Monte Carlo estimates and
// priors by the prior run's means.
func (e *Evidence) withDraws(est []evidence.Estimate, results, scens []Prob) {
	byName := map[string]evidence.Estimate{}
	for _, x := range est {
		byName[x.Name] = x
	}
	set := func(sh []Shift, prior []Prob, kind string) {
		for i := range sh {
			x := byName[kind+sh[i].Name]
			pd, ad := sh[i].Prior, sh[i].Posterior
			sh[i].PriorAtDefaults, sh[i].AtDefaults = &pd, &ad
			sh[i].Prior, sh[i].PriorLow, sh[i].PriorHigh = prior[i].Probability, prior[i].Low, prior[i].High
			sh[i].Posterior, sh[i].Low, sh[i].High = x.Mean, &x.Low, &x.High
		}
	}
	set(e.Results, results, "result:")
	set(e.Scenarios, scens, "scenario:")
	for i, t := range e.Types {
		x := byName["type:"+t.Actor+"="+t.Type]
		e.Types[i].Posterior, e.Types[i].Low, e.Types[i].High = x.Mean, &x.Low, &x.High
	}
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
