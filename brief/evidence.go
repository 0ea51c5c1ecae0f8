package brief

import (
	"context"
	inum "github.com/tablero-project/tablero/brief/internal/num"
	"math"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/evidence"
	"github.com/tablero-project/tablero/scenario"
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
			b.Evidence.Types = append(b.Evidence.Types, TypeShift{Actor: actor.ID, Type: typ.ID, Label: typ.Label, Prior: inum.Clean(before.Types[a][t]), Posterior: inum.Clean(post.Types[a][t])})
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
			st.Results = append(st.Results, Prob{Name: l.ID, Label: l.Label, Probability: inum.Clean(u.Results[r])})
			if d := u.Results[r] - last.Results[r]; math.Abs(d) > math.Abs(st.Change) || st.Mover == "" {
				st.Mover, st.Change = l.ID, inum.Clean(d)
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
		out[i] = Shift{Name: l.ID, Label: l.Label, Prior: inum.Clean(prior[i]), Posterior: inum.Clean(post[i])}
	}
	return out
}

// evidenceDraws runs the Monte Carlo of the posterior (see
// draws.Uncertainty.Posterior) and puts its estimates in the evidence
// section.
func (b *Brief) evidenceDraws(ctx context.Context, m *scenario.Model, opt Options, s draws.Sampling) error {
	if b.Evidence == nil || b.Uncertainty == nil || len(b.Uncertainty.Outputs) == 0 {
		return nil
	}
	post, err := b.Uncertainty.Posterior(ctx, m, opt.solver(), opt.Observations, s)
	if err != nil {
		return err
	}
	b.Evidence.Draws = &EvidenceDraws{Draws: post.Draws, EffectiveDraws: post.Effective, Likelihoods: post.Likelihoods}
	b.Evidence.withDraws(post.Estimates, b.Results, b.Scenarios)
	return nil
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
