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
	ID          string    `json:"id" yaml:"id" doc:"Short identifier, e.g. us-mexico-2025."`
	Title       string    `json:"title" yaml:"title" doc:"Human title of the crisis."`
	Description string    `json:"description,omitempty" yaml:"description,omitempty" doc:"What the scenario models and its main caveats."`
	Source      *Source   `json:"source,omitempty" yaml:"source,omitempty" doc:"The text the scenario models."`
	Claims      []Claim   `json:"claims,omitempty" yaml:"claims,omitempty" doc:"Numbered claims of the source (ART-1, ART-2, ...) that parameters and structure refer to."`
	Attributes  []Attr    `json:"attributes" yaml:"attributes" doc:"Cost and benefit dimensions on which outcomes are scored."`
	Parameters  []Param   `json:"parameters,omitempty" yaml:"parameters,omitempty" doc:"Uncertain numbers, each with a default, a range or distribution, a unit and provenance."`
	Derived     []Derive  `json:"derived,omitempty" yaml:"derived,omitempty" doc:"Quantities computed from parameters (in order), usable wherever parameters are."`
	Actors      []Actor   `json:"actors" yaml:"actors" doc:"Players of the game, with private types, priors, weights and payoff terms."`
	Moves       []Move    `json:"moves" yaml:"moves" doc:"The moves of the game, in order of play."`
	Outcomes    []Outcome `json:"outcomes" yaml:"outcomes" doc:"Terminal outcomes with their attribute vectors."`
	Scenarios   []Label   `json:"scenarios" yaml:"scenarios" doc:"Named operational scenarios outcomes map to."`
	Results     []Label   `json:"results" yaml:"results" doc:"Named results outcomes map to."`
	Mappings    []Mapping `json:"mappings" yaml:"mappings" doc:"Ways to map outcomes to scenarios and results; the first is the default."`
	Solution    Solution  `json:"solution,omitempty" yaml:"solution,omitempty" doc:"How the game is solved and analysed."`
	// Uncertainty says how the Monte Carlo samples the relative
	// uncertainty attributes and actors declare for their literal numbers.
	Uncertainty *LiteralUncertainty `json:"uncertainty,omitempty" yaml:"uncertainty,omitempty" doc:"How uncertainty analysis samples the declared relative uncertainty of literal scores and weights (default: per_dimension for both)."`
	// Signposts are observable events that are not moves of the game;
	// Observations are dated, sourced pieces of evidence. The scenario
	// stays the prior: observations apply only when an analysis asks,
	// except the given ones (what had already happened), which always do.
	Signposts    []Signpost    `json:"signposts,omitempty" yaml:"signposts,omitempty" doc:"Observable events that are not moves of the game (a statement, a leak, a poll), with their likelihood under each history."`
	Observations []Observation `json:"observations,omitempty" yaml:"observations,omitempty" doc:"Dated, sourced evidence (observed moves, signposts, parameter measurements); applied only when an analysis asks (analyze --observe all), except those marked given, which every analysis starts from."`
	// Stakeholders is a stakeholder table for spatial forecasting: where
	// along an issue scale the policy will settle.
	// Negotiation is the multi-issue package negotiation linked to the
	// crisis: its bargaining range, with and without linkage.
	Negotiation  *negotiate.Spec `json:"negotiation,omitempty" yaml:"negotiation,omitempty" doc:"Multi-issue package negotiation: issues, parties' preferences, reservation values, ratification constraints."`
	Stakeholders *forecast.Spec  `json:"stakeholders,omitempty" yaml:"stakeholders,omitempty" doc:"Stakeholder table (positions, salience, capability) for forecasting where the policy settles."`

	src *source // where the scenario was parsed from, for error positions
}

// Source describes the text a scenario models.
type Source struct {
	Kind   string `json:"kind,omitempty" yaml:"kind,omitempty" doc:"E.g. news-analysis."`
	Title  string `json:"title" yaml:"title" doc:"Title of the source."`
	Outlet string `json:"outlet,omitempty" yaml:"outlet,omitempty" doc:"Publisher."`
	Date   string `json:"date,omitempty" yaml:"date,omitempty" doc:"Publication date, YYYY-MM-DD."`
	File   string `json:"file,omitempty" yaml:"file,omitempty" doc:"Where a copy of the text lives."`
}

// Claim is a numbered claim of the source text.
type Claim struct {
	ID    string `json:"id" yaml:"id" doc:"Identifier, e.g. ART-3."`
	Text  string `json:"text" yaml:"text" doc:"The claim, paraphrased."`
	Quote string `json:"quote,omitempty" yaml:"quote,omitempty" doc:"The passage that supports it, verbatim."`
}

// Attr is a dimension on which outcomes are scored (a cost or a benefit).
type Attr struct {
	ID          string   `json:"id" yaml:"id" doc:"Identifier usable in expressions."`
	Label       string   `json:"label" yaml:"label" doc:"Human label."`
	Description string   `json:"description,omitempty" yaml:"description,omitempty"`
	Kind        string   `json:"kind,omitempty" yaml:"kind,omitempty" doc:"cost (default) or benefit."`
	Refs        []string `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims that motivate the dimension."`
	Provenance  string   `json:"provenance" yaml:"provenance" doc:"Provenance of the outcomes' scores on this attribute: assumption, claim or literature."`
	Uncertainty float64  `json:"uncertainty,omitempty" yaml:"uncertainty,omitempty" doc:"Relative half-width of the plausible range of every score on this attribute (0.3 = ±30 %): uncertainty analysis scales the scores by a multiplier drawn uniformly over [max(0, 1 − u), 1 + u]."`
	// UncertaintyDistribution, instead of Uncertainty, is the distribution
	// of the multipliers of the scores (1 = the listed values).
	UncertaintyDistribution *Distribution `json:"uncertainty_distribution,omitempty" yaml:"uncertainty_distribution,omitempty" doc:"Distribution of the multiplier that scales the scores on this attribute in uncertainty analysis (1 = the listed scores), instead of a uniform one over ±uncertainty: e.g. {kind: triangular, low: 0.8, mode: 1, high: 1.3}. It must not draw below 0 (a multiplier never flips a sign); fixed takes 1 only."`
}

// Param is an uncertain number of the model.
type Param struct {
	ID           string        `json:"id" yaml:"id" doc:"Identifier usable in expressions."`
	Label        string        `json:"label" yaml:"label" doc:"Human label."`
	Default      float64       `json:"default" yaml:"default" doc:"Value used by a point analysis."`
	Range        []float64     `json:"range,omitempty" yaml:"range,omitempty" doc:"Plausible [low, high] interval."`
	Distribution *Distribution `json:"distribution,omitempty" yaml:"distribution,omitempty" doc:"Probability distribution for uncertainty analysis."`
	Unit         string        `json:"unit" yaml:"unit" doc:"Unit, e.g. probability or utility."`
	Provenance   string        `json:"provenance" yaml:"provenance" doc:"assumption, claim or literature."`
	Refs         []string      `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims (ART-n) whose passages motivate the value."`
	Reference    string        `json:"reference,omitempty" yaml:"reference,omitempty" doc:"Literature reference, for provenance literature."`
	Note         string        `json:"note,omitempty" yaml:"note,omitempty" doc:"Why this value and range."`
}

// Distribution is a probability distribution over a parameter, or over a
// multiplier of literal numbers (Attr.UncertaintyDistribution).
type Distribution struct {
	Kind   string    `json:"kind" yaml:"kind" doc:"fixed, uniform, triangular, pert, normal, lognormal, beta or discrete."`
	Value  *float64  `json:"value,omitempty" yaml:"value,omitempty" doc:"Value (fixed)."`
	Low    *float64  `json:"low,omitempty" yaml:"low,omitempty" doc:"Lower bound (uniform, triangular, pert; truncation for normal, lognormal and beta)."`
	High   *float64  `json:"high,omitempty" yaml:"high,omitempty" doc:"Upper bound (uniform, triangular, pert; truncation for normal, lognormal and beta)."`
	Mode   *float64  `json:"mode,omitempty" yaml:"mode,omitempty" doc:"Mode (triangular, pert)."`
	Mean   *float64  `json:"mean,omitempty" yaml:"mean,omitempty" doc:"Mean (normal; of the logarithm for lognormal)."`
	SD     *float64  `json:"sd,omitempty" yaml:"sd,omitempty" doc:"Standard deviation (normal; of the logarithm for lognormal)."`
	Alpha  *float64  `json:"alpha,omitempty" yaml:"alpha,omitempty" doc:"Shape alpha (beta)."`
	Beta   *float64  `json:"beta,omitempty" yaml:"beta,omitempty" doc:"Shape beta (beta)."`
	Values []float64 `json:"values,omitempty" yaml:"values,omitempty" doc:"Values (discrete)."`
	Probs  []float64 `json:"probs,omitempty" yaml:"probs,omitempty" doc:"Probabilities of Values (discrete)."`
}

// Derive is a quantity computed from parameters and earlier derived values.
type Derive struct {
	ID      string   `json:"id" yaml:"id" doc:"Identifier usable in expressions."`
	Label   string   `json:"label" yaml:"label" doc:"Human label."`
	Formula Expr     `json:"formula" yaml:"formula" doc:"Expression over parameters and earlier derived values."`
	Refs    []string `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims that motivate the formula."`
	Note    string   `json:"note,omitempty" yaml:"note,omitempty"`
}

// Actor is a player of the game.
type Actor struct {
	ID          string          `json:"id" yaml:"id" doc:"Identifier; in conditions it stands for the actor's type."`
	Name        string          `json:"name" yaml:"name" doc:"Human name."`
	Description string          `json:"description,omitempty" yaml:"description,omitempty"`
	Refs        []string        `json:"refs,omitempty" yaml:"refs,omitempty"`
	Types       []Type          `json:"types,omitempty" yaml:"types,omitempty" doc:"Private types drawn by nature before play; none means a single, commonly known type."`
	Weights     map[string]Expr `json:"weights,omitempty" yaml:"weights,omitempty" doc:"Weight of each attribute in the actor's payoff (positive = benefit); types may override."`
	Provenance  string          `json:"provenance" yaml:"provenance" doc:"Provenance of the literal weights: assumption, claim or literature."`
	Uncertainty float64         `json:"uncertainty,omitempty" yaml:"uncertainty,omitempty" doc:"Relative half-width of the plausible range of each literal weight: uncertainty analysis scales the weights by a multiplier drawn uniformly over [max(0, 1 − u), 1 + u]."`
	// UncertaintyDistribution, instead of Uncertainty, is the distribution
	// of the multipliers of the literal weights (1 = the listed values).
	UncertaintyDistribution *Distribution `json:"uncertainty_distribution,omitempty" yaml:"uncertainty_distribution,omitempty" doc:"Distribution of the multipliers that scale the actor's literal weights in uncertainty analysis (1 = the listed weights), instead of a uniform one over ±uncertainty: e.g. {kind: lognormal, mean: 0, sd: 0.2}. It must not draw below 0 (a multiplier never flips a sign); fixed takes 1 only."`
	Terms                   []Term        `json:"terms,omitempty" yaml:"terms,omitempty" doc:"Structural payoff terms added where their condition holds."`
}

// Type is a private type of an actor.
type Type struct {
	ID          string          `json:"id" yaml:"id" doc:"Identifier, compared in conditions: US == 'H'."`
	Label       string          `json:"label" yaml:"label" doc:"Human label."`
	Description string          `json:"description,omitempty" yaml:"description,omitempty"`
	Prior       Expr            `json:"prior,omitempty" yaml:"prior,omitempty" doc:"Prior probability; may be omitted for the last type (the complement)."`
	Weights     map[string]Expr `json:"weights,omitempty" yaml:"weights,omitempty" doc:"Weights that override the actor's for this type."`
	Refs        []string        `json:"refs,omitempty" yaml:"refs,omitempty"`
}

// Term is a structural payoff term: Value is added to the actor's payoff at
// every terminal history where When holds.
type Term struct {
	Label string   `json:"label" yaml:"label" doc:"What the term stands for, e.g. audience cost."`
	Value Expr     `json:"value" yaml:"value" doc:"Expression over parameters and the outcome's attributes."`
	When  Expr     `json:"when,omitempty" yaml:"when,omitempty" doc:"Condition over the history (moves, types, outcome, type); always when empty."`
	Refs  []string `json:"refs,omitempty" yaml:"refs,omitempty"`
}

// Move is a move of the game: a decision of an actor or a chance event.
type Move struct {
	ID       string   `json:"id" yaml:"id" doc:"Identifier; in conditions it stands for the action taken ('' if not played)."`
	Label    string   `json:"label" yaml:"label" doc:"Human label."`
	Actor    string   `json:"actor,omitempty" yaml:"actor,omitempty" doc:"Actor who moves; empty for a chance move."`
	Actions  []Choice `json:"actions" yaml:"actions" doc:"Actions, in order."`
	Observes []string `json:"observes,omitempty" yaml:"observes,omitempty" doc:"Earlier moves and actors' types the mover knows, besides its own type and moves."`
	When     Expr     `json:"when,omitempty" yaml:"when,omitempty" doc:"Condition over earlier moves and types under which the move happens; always when empty."`
	Refs     []string `json:"refs,omitempty" yaml:"refs,omitempty"`
}

// Choice is an action of a move.
type Choice struct {
	ID          string   `json:"id" yaml:"id" doc:"Identifier, compared in conditions: d == 'Hard'."`
	Label       string   `json:"label" yaml:"label" doc:"Human label."`
	Description string   `json:"description,omitempty" yaml:"description,omitempty"`
	Prob        Expr     `json:"prob,omitempty" yaml:"prob,omitempty" doc:"Probability, for chance moves only; may be omitted for the last action (the complement)."`
	Refs        []string `json:"refs,omitempty" yaml:"refs,omitempty"`
}

// Outcome is a terminal outcome of the game.
type Outcome struct {
	ID          string          `json:"id" yaml:"id" doc:"Identifier, compared in conditions: outcome == 'O1'."`
	Label       string          `json:"label" yaml:"label" doc:"Human label."`
	Description string          `json:"description,omitempty" yaml:"description,omitempty"`
	When        Expr            `json:"when" yaml:"when" doc:"Condition over the history selecting the terminal histories with this outcome."`
	Values      map[string]Expr `json:"values" yaml:"values" doc:"Score of the outcome on every attribute."`
	// Hidden marks an outcome some actor and the public do not see (a
	// covert operation that never leaks): mappings still place it where it
	// looks like it belongs, and the brief shows its share of each result
	// on a line of its own.
	Hidden bool     `json:"hidden,omitempty" yaml:"hidden,omitempty" doc:"True when the outcome happens unseen (e.g. covert action that never leaks): the mappings place it where it looks like it belongs, and the brief reports its share of each result separately."`
	Refs   []string `json:"refs,omitempty" yaml:"refs,omitempty"`
}

// Label names a scenario or a result.
type Label struct {
	ID          string   `json:"id" yaml:"id" doc:"Identifier, e.g. S1 or R2."`
	Label       string   `json:"label" yaml:"label" doc:"Human label."`
	Description string   `json:"description,omitempty" yaml:"description,omitempty"`
	Refs        []string `json:"refs,omitempty" yaml:"refs,omitempty"`
}

// Mapping maps terminal histories to scenarios and results.
type Mapping struct {
	ID          string   `json:"id" yaml:"id" doc:"Name, selectable with --mapping."`
	Description string   `json:"description,omitempty" yaml:"description,omitempty"`
	Extends     string   `json:"extends,omitempty" yaml:"extends,omitempty" doc:"Mapping whose rules apply after this one's."`
	Rules       []Rule   `json:"rules" yaml:"rules" doc:"Rules, tried in order; the first that matches and sets a scenario (result) decides it."`
	Refs        []string `json:"refs,omitempty" yaml:"refs,omitempty"`
}

// Rule assigns a scenario and/or a result to the terminal histories it
// matches.
type Rule struct {
	Outcomes []string `json:"outcomes,omitempty" yaml:"outcomes,omitempty" doc:"Outcomes the rule applies to; all when empty."`
	When     Expr     `json:"when,omitempty" yaml:"when,omitempty" doc:"Further condition over the history."`
	Scenario string   `json:"scenario,omitempty" yaml:"scenario,omitempty" doc:"Scenario assigned."`
	Result   string   `json:"result,omitempty" yaml:"result,omitempty" doc:"Result assigned."`
}

// Solution says how the game is solved and analysed.
type Solution struct {
	Lambda Expr   `json:"lambda,omitempty" yaml:"lambda,omitempty" doc:"Precision of the agent logit quantal response equilibrium (default 1)."`
	Focus  string `json:"focus,omitempty" yaml:"focus,omitempty" doc:"The result or scenario whose sensitivity the brief details first (default: the last result); every result and scenario gets its drivers."`
}
