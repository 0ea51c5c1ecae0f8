// Package scenario reads crisis scenario files and compiles them into games.
//
// A scenario file (YAML, or the same structure as JSON) declares the actors
// and their private types, the parameters with their uncertainty and
// provenance, the cost dimensions, the moves of the game and who observes
// what, the outcomes with their attribute vectors, the payoff terms, and the
// mappings from outcomes to named scenarios and results. Decoding is strict:
// unknown keys are errors, and every error names file:line:col.
//
// Compile turns a Scenario into a Model: the game tree is generated once,
// conditions over histories are evaluated once, and parameter-dependent
// numbers are computed from compiled expressions each time Model.Game is
// called with a set of parameter values.
package scenario

import (
	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/negotiate"
)

// Scenario is the content of a scenario file.
type Scenario struct {
	ID          string    `yaml:"id" doc:"Short identifier, e.g. us-mexico-2025."`
	Title       string    `yaml:"title" doc:"Human title of the crisis."`
	Description string    `yaml:"description,omitempty" doc:"What the scenario models and its main caveats."`
	Source      *Source   `yaml:"source,omitempty" doc:"The text the scenario models."`
	Claims      []Claim   `yaml:"claims,omitempty" doc:"Numbered claims of the source (ART-1, ART-2, ...) that parameters and structure refer to."`
	Attributes  []Attr    `yaml:"attributes" doc:"Cost and benefit dimensions on which outcomes are scored."`
	Parameters  []Param   `yaml:"parameters,omitempty" doc:"Uncertain numbers, each with a default, a range or distribution, a unit and provenance."`
	Derived     []Derive  `yaml:"derived,omitempty" doc:"Quantities computed from parameters (in order), usable wherever parameters are."`
	Actors      []Actor   `yaml:"actors" doc:"Players of the game, with private types, priors, weights and payoff terms."`
	Moves       []Move    `yaml:"moves" doc:"The moves of the game, in order of play."`
	Outcomes    []Outcome `yaml:"outcomes" doc:"Terminal outcomes with their attribute vectors."`
	Scenarios   []Label   `yaml:"scenarios" doc:"Named operational scenarios outcomes map to."`
	Results     []Label   `yaml:"results" doc:"Named results outcomes map to."`
	Mappings    []Mapping `yaml:"mappings" doc:"Ways to map outcomes to scenarios and results; the first is the default."`
	Solution    Solution  `yaml:"solution,omitempty" doc:"How the game is solved and analysed."`
	// Stakeholders is a stakeholder table for spatial forecasting: where
	// along an issue scale the policy will settle.
	// Negotiation is the multi-issue package negotiation linked to the
	// crisis: its bargaining range, with and without linkage.
	Negotiation  *negotiate.Spec `yaml:"negotiation,omitempty" doc:"Multi-issue package negotiation: issues, parties' preferences, reservation values, ratification constraints."`
	Stakeholders *forecast.Spec  `yaml:"stakeholders,omitempty" doc:"Stakeholder table (positions, salience, capability) for forecasting where the policy settles."`

	src *source // where the scenario was parsed from, for error positions
}

// Source describes the text a scenario models.
type Source struct {
	Kind   string `yaml:"kind,omitempty" doc:"E.g. news-analysis."`
	Title  string `yaml:"title" doc:"Title of the source."`
	Outlet string `yaml:"outlet,omitempty" doc:"Publisher."`
	Date   string `yaml:"date,omitempty" doc:"Publication date, YYYY-MM-DD."`
	File   string `yaml:"file,omitempty" doc:"Where a copy of the text lives."`
}

// Claim is a numbered claim of the source text.
type Claim struct {
	ID    string `yaml:"id" doc:"Identifier, e.g. ART-3."`
	Text  string `yaml:"text" doc:"The claim, paraphrased."`
	Quote string `yaml:"quote,omitempty" doc:"The passage that supports it, verbatim."`
}

// Attr is a dimension on which outcomes are scored (a cost or a benefit).
type Attr struct {
	ID          string   `yaml:"id" doc:"Identifier usable in expressions."`
	Label       string   `yaml:"label" doc:"Human label."`
	Description string   `yaml:"description,omitempty"`
	Kind        string   `yaml:"kind,omitempty" doc:"cost (default) or benefit."`
	Refs        []string `yaml:"refs,omitempty" doc:"Claims that motivate the dimension."`
	Provenance  string   `yaml:"provenance" doc:"Provenance of the outcomes' scores on this attribute: assumption, claim or literature."`
	Uncertainty float64  `yaml:"uncertainty,omitempty" doc:"Relative half-width of the plausible range of every score on this attribute (0.3 = ±30 %)."`
}

// Param is an uncertain number of the model.
type Param struct {
	ID           string        `yaml:"id" doc:"Identifier usable in expressions."`
	Label        string        `yaml:"label" doc:"Human label."`
	Default      float64       `yaml:"default" doc:"Value used by a point analysis."`
	Range        []float64     `yaml:"range,omitempty" doc:"Plausible [low, high] interval."`
	Distribution *Distribution `yaml:"distribution,omitempty" doc:"Probability distribution for uncertainty analysis."`
	Unit         string        `yaml:"unit" doc:"Unit, e.g. probability or utility."`
	Provenance   string        `yaml:"provenance" doc:"assumption, claim or literature."`
	Refs         []string      `yaml:"refs,omitempty" doc:"Claims (ART-n) whose passages motivate the value."`
	Reference    string        `yaml:"reference,omitempty" doc:"Literature reference, for provenance literature."`
	Note         string        `yaml:"note,omitempty" doc:"Why this value and range."`
}

// Distribution is a probability distribution over a parameter.
type Distribution struct {
	Kind   string    `yaml:"kind" doc:"fixed, uniform, triangular, pert, normal, lognormal, beta or discrete."`
	Value  *float64  `yaml:"value,omitempty" doc:"Value (fixed)."`
	Low    *float64  `yaml:"low,omitempty" doc:"Lower bound (uniform, triangular, pert; truncation for normal, lognormal and beta)."`
	High   *float64  `yaml:"high,omitempty" doc:"Upper bound (uniform, triangular, pert; truncation for normal, lognormal and beta)."`
	Mode   *float64  `yaml:"mode,omitempty" doc:"Mode (triangular, pert)."`
	Mean   *float64  `yaml:"mean,omitempty" doc:"Mean (normal; of the logarithm for lognormal)."`
	SD     *float64  `yaml:"sd,omitempty" doc:"Standard deviation (normal; of the logarithm for lognormal)."`
	Alpha  *float64  `yaml:"alpha,omitempty" doc:"Shape alpha (beta)."`
	Beta   *float64  `yaml:"beta,omitempty" doc:"Shape beta (beta)."`
	Values []float64 `yaml:"values,omitempty" doc:"Values (discrete)."`
	Probs  []float64 `yaml:"probs,omitempty" doc:"Probabilities of Values (discrete)."`
}

// Derive is a quantity computed from parameters and earlier derived values.
type Derive struct {
	ID      string   `yaml:"id" doc:"Identifier usable in expressions."`
	Label   string   `yaml:"label" doc:"Human label."`
	Formula Expr     `yaml:"formula" doc:"Expression over parameters and earlier derived values."`
	Refs    []string `yaml:"refs,omitempty" doc:"Claims that motivate the formula."`
	Note    string   `yaml:"note,omitempty"`
}

// Actor is a player of the game.
type Actor struct {
	ID          string          `yaml:"id" doc:"Identifier; in conditions it stands for the actor's type."`
	Name        string          `yaml:"name" doc:"Human name."`
	Description string          `yaml:"description,omitempty"`
	Refs        []string        `yaml:"refs,omitempty"`
	Types       []Type          `yaml:"types,omitempty" doc:"Private types drawn by nature before play; none means a single, commonly known type."`
	Weights     map[string]Expr `yaml:"weights,omitempty" doc:"Weight of each attribute in the actor's payoff (positive = benefit); types may override."`
	Provenance  string          `yaml:"provenance" doc:"Provenance of the literal weights: assumption, claim or literature."`
	Uncertainty float64         `yaml:"uncertainty,omitempty" doc:"Relative half-width of the plausible range of each literal weight."`
	Terms       []Term          `yaml:"terms,omitempty" doc:"Structural payoff terms added where their condition holds."`
}

// Type is a private type of an actor.
type Type struct {
	ID          string          `yaml:"id" doc:"Identifier, compared in conditions: US == 'H'."`
	Label       string          `yaml:"label" doc:"Human label."`
	Description string          `yaml:"description,omitempty"`
	Prior       Expr            `yaml:"prior,omitempty" doc:"Prior probability; may be omitted for the last type (the complement)."`
	Weights     map[string]Expr `yaml:"weights,omitempty" doc:"Weights that override the actor's for this type."`
	Refs        []string        `yaml:"refs,omitempty"`
}

// Term is a structural payoff term: Value is added to the actor's payoff at
// every terminal history where When holds.
type Term struct {
	Label string   `yaml:"label" doc:"What the term stands for, e.g. audience cost."`
	Value Expr     `yaml:"value" doc:"Expression over parameters and the outcome's attributes."`
	When  Expr     `yaml:"when,omitempty" doc:"Condition over the history (moves, types, outcome, type); always when empty."`
	Refs  []string `yaml:"refs,omitempty"`
}

// Move is a move of the game: a decision of an actor or a chance event.
type Move struct {
	ID       string   `yaml:"id" doc:"Identifier; in conditions it stands for the action taken ('' if not played)."`
	Label    string   `yaml:"label" doc:"Human label."`
	Actor    string   `yaml:"actor,omitempty" doc:"Actor who moves; empty for a chance move."`
	Actions  []Choice `yaml:"actions" doc:"Actions, in order."`
	Observes []string `yaml:"observes,omitempty" doc:"Earlier moves and actors' types the mover knows, besides its own type and moves."`
	When     Expr     `yaml:"when,omitempty" doc:"Condition over earlier moves and types under which the move happens; always when empty."`
	Refs     []string `yaml:"refs,omitempty"`
}

// Choice is an action of a move.
type Choice struct {
	ID          string   `yaml:"id" doc:"Identifier, compared in conditions: d == 'Hard'."`
	Label       string   `yaml:"label" doc:"Human label."`
	Description string   `yaml:"description,omitempty"`
	Prob        Expr     `yaml:"prob,omitempty" doc:"Probability, for chance moves only; may be omitted for the last action (the complement)."`
	Refs        []string `yaml:"refs,omitempty"`
}

// Outcome is a terminal outcome of the game.
type Outcome struct {
	ID          string          `yaml:"id" doc:"Identifier, compared in conditions: outcome == 'O1'."`
	Label       string          `yaml:"label" doc:"Human label."`
	Description string          `yaml:"description,omitempty"`
	When        Expr            `yaml:"when" doc:"Condition over the history selecting the terminal histories with this outcome."`
	Values      map[string]Expr `yaml:"values" doc:"Score of the outcome on every attribute."`
	Refs        []string        `yaml:"refs,omitempty"`
}

// Label names a scenario or a result.
type Label struct {
	ID          string   `yaml:"id" doc:"Identifier, e.g. S1 or R2."`
	Label       string   `yaml:"label" doc:"Human label."`
	Description string   `yaml:"description,omitempty"`
	Refs        []string `yaml:"refs,omitempty"`
}

// Mapping maps terminal histories to scenarios and results.
type Mapping struct {
	ID          string   `yaml:"id" doc:"Name, selectable with --mapping."`
	Description string   `yaml:"description,omitempty"`
	Extends     string   `yaml:"extends,omitempty" doc:"Mapping whose rules apply after this one's."`
	Rules       []Rule   `yaml:"rules" doc:"Rules, tried in order; the first that matches and sets a scenario (result) decides it."`
	Refs        []string `yaml:"refs,omitempty"`
}

// Rule assigns a scenario and/or a result to the terminal histories it
// matches.
type Rule struct {
	Outcomes []string `yaml:"outcomes,omitempty" doc:"Outcomes the rule applies to; all when empty."`
	When     Expr     `yaml:"when,omitempty" doc:"Further condition over the history."`
	Scenario string   `yaml:"scenario,omitempty" doc:"Scenario assigned."`
	Result   string   `yaml:"result,omitempty" doc:"Result assigned."`
}

// Solution says how the game is solved and analysed.
type Solution struct {
	Lambda Expr   `yaml:"lambda,omitempty" doc:"Precision of the agent logit quantal response equilibrium (default 1)."`
	Focus  string `yaml:"focus,omitempty" doc:"The result sensitivity analysis explains (default: the last result)."`
}
