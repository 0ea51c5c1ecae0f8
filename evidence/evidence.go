// Package evidence updates a scenario's forecast on observations: Bayes'
// rule over the terminal histories of the game, weighted by the
// equilibrium's realisation probabilities.
//
// An observed move keeps the histories that play it; a signpost multiplies
// each history's probability by the likelihood of the event there (or of
// its absence; signposts are independent given the history, and one
// reported again is the same event, which counts once); a parameter measurement replaces or narrows the
// parameter's distribution (Apply), which changes the equilibrium itself.
// The actors of the game do not see the analyst's evidence, so moves and
// signposts leave the equilibrium as it is: the posterior probability of a
// result is P(result and evidence) / P(evidence) under the unconditioned
// play, which is also the equilibrium continuation from the observed
// moves, with the posterior over the actors' types.
//
// The package computes; package brief presents.
package evidence

import (
	"errors"
	"fmt"

	"github.com/tablero-project/tablero/scenario"
)

// ErrImpossible is wrapped when the evidence has probability zero under
// the model (at the parameters' values of the computation).
var ErrImpossible = errors.New("the evidence has probability zero under the model")

// Evidence is a set of canonical observations compiled against a model:
// the histories the observed moves allow and the signposts observed.
type Evidence struct {
	// Observations are canonical (Model.CheckObservations).
	Observations []scenario.Observation

	m       *scenario.Model
	allowed []bool // per leaf; nil when no move is observed
	signs   []sign
}

// sign is an observed signpost.
type sign struct {
	index    int // into Scenario.Signposts
	occurred bool
}

// New checks obs against m and compiles them. Parameter observations are
// kept but not applied: compile the model of Apply's scenario for them.
func New(m *scenario.Model, obs []scenario.Observation) (*Evidence, error) {
	c, err := m.CheckObservations(obs)
	if err != nil {
		return nil, err
	}
	return build(m, c), nil
}

// build compiles canonical observations.
func build(m *scenario.Model, obs []scenario.Observation) *Evidence {
	e := &Evidence{Observations: obs, m: m}
	for _, o := range obs {
		switch o.Kind() {
		case scenario.KindMove:
			steps, _ := o.Steps()
			e.allow(steps)
		case scenario.KindSignpost:
			if i := m.Signpost(o.Signpost); !e.Observed(i) {
				e.signs = append(e.signs, sign{index: i, occurred: o.Happened()})
			}
		}
	}
	return e
}

// allow keeps the leaves where every step was played.
func (e *Evidence) allow(steps []scenario.Step) {
	leaves := e.m.Leaves()
	if e.allowed == nil {
		e.allowed = make([]bool, len(leaves))
		for i := range e.allowed {
			e.allowed[i] = true
		}
	}
	for i, lf := range leaves {
		if !holds(lf, steps) {
			e.allowed[i] = false
		}
	}
}

// Model returns the model the evidence was compiled against.
func (e *Evidence) Model() *scenario.Model { return e.m }

// Observed reports whether signpost s (an index into Scenario.Signposts) is
// among the observations.
func (e *Evidence) Observed(s int) bool {
	for _, sg := range e.signs {
		if sg.index == s {
			return true
		}
	}
	return false
}

// Likelihoods are the probabilities of the observed signposts' events:
// [observed signpost][likelihood case], in the order of the observations.
type Likelihoods [][]float64

// Declared returns the likelihoods as the scenario declares them (p).
func (e *Evidence) Declared() Likelihoods {
	out := make(Likelihoods, len(e.signs))
	for i, sg := range e.signs {
		for _, l := range e.m.Scenario.Signposts[sg.index].Likelihoods {
			out[i] = append(out[i], l.P)
		}
	}
	return out
}

// Dim is an uncertain likelihood of an observed signpost: a dimension of
// the Monte Carlo design, uniform over [Lo, Hi].
type Dim struct {
	Name   string // "likelihood:SIGNPOST:CASE", CASE counting from 1
	Sign   int    // index into Likelihoods
	Case   int
	Lo, Hi float64
}

// Dims lists the uncertain likelihoods of the observed signposts.
func (e *Evidence) Dims() []Dim {
	var out []Dim
	for i, sg := range e.signs {
		sp := e.m.Scenario.Signposts[sg.index]
		for j, l := range sp.Likelihoods {
			if l.Uncertain() {
				out = append(out, Dim{Name: fmt.Sprintf("likelihood:%s:%d", sp.ID, j+1), Sign: i, Case: j, Lo: l.Range[0], Hi: l.Range[1]})
			}
		}
	}
	return out
}

// With returns the declared likelihoods with the dims' values x set.
func (e *Evidence) With(dims []Dim, x []float64) Likelihoods {
	lik := e.Declared()
	for i, d := range dims {
		lik[d.Sign][d.Case] = x[i]
	}
	return lik
}

// Weights writes into w (one per leaf, Model.Leaves order) the joint
// probability of each terminal history and the evidence, given the
// realisation probabilities reach (per node) and the likelihoods, and
// returns their sum: the probability of the evidence.
func (e *Evidence) Weights(reach []float64, lik Likelihoods, w []float64) float64 {
	total := 0.0
	for i, lf := range e.m.Leaves() {
		p := reach[lf.Node]
		if e.allowed != nil && !e.allowed[i] {
			p = 0
		}
		for k, sg := range e.signs {
			l := lik[k][e.m.SignpostCase(sg.index, i)]
			if !sg.occurred {
				l = 1 - l
			}
			p *= l
		}
		w[i] = p
		total += p
	}
	return total
}

// Update is the forecast given the evidence: probabilities of scenarios,
// results and outcomes, and each actor's types (Scenario order), and the
// probability of the evidence itself.
type Update struct {
	Evidence  float64
	Scenarios []float64
	Results   []float64
	Outcomes  []float64
	Types     [][]float64 // [actor][type]; one entry (1) for an actor without types
}

// Update conditions the play reach (under mapping mi) on the evidence; it
// fails with ErrImpossible when the evidence has probability zero.
func (e *Evidence) Update(mi int, reach []float64, lik Likelihoods) (*Update, error) {
	w := make([]float64, len(e.m.Leaves()))
	total := e.Weights(reach, lik, w)
	if !(total > 0) {
		return nil, fmt.Errorf("evidence: %s: %w", e.names(), ErrImpossible)
	}
	u := e.tally(mi, w)
	u.Evidence = total
	u.scale(1 / total)
	return u, nil
}

// tally sums leaf weights into events (unnormalised).
func (e *Evidence) tally(mi int, w []float64) *Update {
	s := e.m.Scenario
	u := &Update{Scenarios: make([]float64, len(s.Scenarios)), Results: make([]float64, len(s.Results)), Outcomes: make([]float64, len(s.Outcomes))}
	for _, a := range s.Actors {
		u.Types = append(u.Types, make([]float64, max(1, len(a.Types))))
	}
	for i, lf := range e.m.Leaves() {
		u.Scenarios[lf.Scenario[mi]] += w[i]
		u.Results[lf.Result[mi]] += w[i]
		u.Outcomes[lf.Outcome] += w[i]
		for a, t := range lf.Types {
			u.Types[a][t] += w[i]
		}
	}
	return u
}

func (u *Update) scale(f float64) {
	for _, xs := range append([][]float64{u.Scenarios, u.Results, u.Outcomes}, u.Types...) {
		for i := range xs {
			xs[i] *= f
		}
	}
}

// names lists the observations' ids for errors.
func (e *Evidence) names() string {
	if len(e.Observations) == 0 {
		return "no observations"
	}
	s := "observations"
	for i, o := range e.Observations {
		if i > 0 {
			s += ","
		}
		s += " " + o.ID
	}
	return s
}

// Prefix returns the evidence of the first n observations.
func (e *Evidence) Prefix(n int) *Evidence { return build(e.m, e.Observations[:n]) }

// On returns the same evidence for another model of the same game (the
// model of Apply's scenario, whose tree is the same).
func (e *Evidence) On(m *scenario.Model) *Evidence { return build(m, e.Observations) }
