// Package brief analyses a compiled scenario and reports what an analyst
// needs: the equilibrium behaviour of every actor-type, the probability of
// each scenario and result, the beliefs it implies, the expected costs per
// actor by dimension, what happens if types were known, and the assumptions
// behind every number.
//
// It composes the engines (package scenario for the model, the packages
// under solve/ for equilibria) and renders the result (Markdown, the
// executive summary); it does no parsing of its own. What it reads off one
// equilibrium lives in package brief/equilibrium, the analyses over many
// parameter draws in package brief/draws; neither imports brief. Package brief/reconcile sets the engines' answers side by side.
package brief

import (
	"context"
	"fmt"
	"time"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/brief/reconcile"
	"github.com/tablero-project/tablero/evidence"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve/logit"
)

// Options select what Build computes.
type Options struct {
	// Mapping is the id of the outcome mapping; empty selects the default.
	Mapping string
	// Values override parameters' defaults.
	Values scenario.Values
	// Lambda, when positive, overrides the scenario's QRE precision.
	Lambda float64
	// Budget caps solver work (0: solve.DefaultBudget).
	Budget int
	// Observations are applied to the scenario (the prior) for the
	// brief's evidence section (see package evidence).
	Observations []scenario.Observation
}

// solver is how the uncertainty analysis solves each draw.
func (o Options) solver() draws.Solver {
	return draws.Solver{Mapping: o.Mapping, Values: o.Values, Lambda: o.Lambda, Budget: o.Budget}
}

// Brief is the result of analysing a scenario. Its JSON form is a contract
// other tools rely on: top-level "scenarios" and "results" are arrays of
// {"name", "probability"} objects.
type Brief struct {
	ID          string                    `json:"id"`
	Title       string                    `json:"title"`
	Description string                    `json:"description,omitempty"`
	Mapping     string                    `json:"mapping"`
	Solution    Method                    `json:"solution"`
	Overrides   []Override                `json:"overrides,omitempty"`
	Scenarios   []Prob                    `json:"scenarios"`
	Results     []Prob                    `json:"results"`
	Hidden      *Hidden                   `json:"hidden,omitempty"`
	Outcomes    []Prob                    `json:"outcomes"`
	Behaviour   []equilibrium.Move        `json:"behaviour"`
	Paths       []equilibrium.ResultPaths `json:"paths"`
	Refined     *equilibrium.Refined      `json:"refined"`
	Margins     []equilibrium.Margin      `json:"margins"`
	Costs       equilibrium.Costs         `json:"costs"`
	Known       []Known                   `json:"if_types_known"`
	Forecast    *Forecast                 `json:"forecast,omitempty"`
	Negotiation *Negotiation              `json:"negotiation,omitempty"`
	Uncertainty *draws.Uncertainty        `json:"uncertainty,omitempty"`
	Evidence    *Evidence                 `json:"evidence,omitempty"`
	Watch       []evidence.Watch          `json:"value_of_information,omitempty"`
	Assumptions []Assumption              `json:"assumptions"`
	Claims      []scenario.Claim          `json:"claims"`

	// Reconciliation compares the engines on the scenario anchors.
	Reconciliation *reconcile.Table `json:"reconciliation,omitempty"`

	// elapsed is the time Build took; it stays out of the JSON document,
	// which must be the same for the same inputs (the run record times
	// whole runs).
	elapsed time.Duration
}

// Elapsed returns how long Build took.
func (b *Brief) Elapsed() time.Duration { return b.elapsed }

// Method describes how the equilibrium was computed.
type Method struct {
	Concept string  `json:"concept"`
	Lambda  float64 `json:"lambda"`
}

// Prob is the probability of a named event (see equilibrium.Prob): the
// brief's scenarios, results and outcomes, and every probability it
// reports.
type Prob = equilibrium.Prob

// Build analyses model m.
func Build(ctx context.Context, m *scenario.Model, opt Options) (*Brief, error) {
	start := time.Now()
	mi, err := m.Mapping(opt.Mapping)
	if err != nil {
		return nil, err
	}
	in, prof, reach, err := solvePoint(ctx, m, opt)
	if err != nil {
		return nil, err
	}
	s := m.Scenario
	b := &Brief{ID: s.ID, Title: s.Title, Description: s.Description, Mapping: s.Mappings[mi].ID, Claims: s.Claims,
		Solution: Method{Concept: "agent logit quantal response equilibrium (principal branch)", Lambda: in.Lambda}}
	b.Overrides = OverridesOf(m, opt.Values)
	b.events(m, mi, reach)
	b.hidden(m, mi, reach)
	if err := b.evidence(ctx, m, opt, mi, reach); err != nil {
		return nil, err
	}
	b.Behaviour = equilibrium.Behaviour(m, in, prof, reach)
	b.Paths = equilibrium.Paths(m, in, prof, mi)
	if b.Refined, err = equilibrium.Refine(ctx, m, in, mi, opt.Budget); err != nil {
		return nil, err
	}
	if err := b.refinedPlausibility(); err != nil {
		return nil, err
	}
	if b.Margins, err = equilibrium.Margins(ctx, m, in, b.Refined, opt.Values, opt.Budget); err != nil {
		return nil, err
	}
	b.Costs = equilibrium.CostsOf(m, in.Numbers, reach)
	if b.Known, err = known(ctx, m, opt, mi); err != nil {
		return nil, err
	}
	if sp := m.Scenario.Stakeholders; sp != nil {
		if b.Forecast, err = stakeholderForecast(ctx, sp); err != nil {
			return nil, err
		}
	}
	if m.Scenario.Negotiation != nil {
		if b.Negotiation, err = negotiation(ctx, m, in.Numbers, b, opt.Budget); err != nil {
			return nil, err
		}
	}
	rin := reconcile.Input{Model: m, Numbers: in.Numbers, Reach: reach, Mapping: mi, Budget: opt.Budget, Sections: b.sections()}
	if b.Reconciliation, err = reconcile.Build(ctx, rin); err != nil {
		return nil, err
	}
	b.Assumptions = assumptions(m, in)
	b.elapsed = time.Since(start)
	return b, nil
}

// solvePoint solves m's game at opt's values: the point estimate.
func solvePoint(ctx context.Context, m *scenario.Model, opt Options) (*scenario.Instance, game.Behavior, []float64, error) {
	in, err := m.Game(opt.Values)
	if err != nil {
		return nil, nil, nil, err
	}
	if opt.Lambda > 0 {
		in.Lambda = opt.Lambda
	}
	res, err := logit.Logit(ctx, in.Game, logit.LogitOptions{Lambdas: []float64{in.Lambda}, MaxLambda: in.Lambda, Budget: opt.Budget})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("brief: solving the crisis game: %w", err)
	}
	prof := res.Points[0].Profile
	return in, prof, in.Game.Realization(prof), nil
}

// events sums the realisation probabilities of the leaves into outcomes,
// scenarios and results.
func (b *Brief) events(m *scenario.Model, mi int, reach []float64) {
	b.Scenarios, b.Results, b.Outcomes = equilibrium.Events(m, mi, reach)
}
