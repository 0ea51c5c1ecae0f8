package reconcile

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/brief/internal/actor"
	"github.com/tablero-project/tablero/brief/internal/num"
	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/scenario"
)

// Table puts the engines' answers on one scale — the
// probability of each operational scenario that the stakeholder scale or
// the negotiation's options name (the anchors) — and explains each
// difference from the crisis game's equilibrium in a sentence computed
// from the numbers. It also shows where the engines model the same thing
// differently: a ratification red line that is a hard constraint in the
// negotiation but only a payoff weight in the game, and reservation
// values that give opposite bargaining ranges depending on where they
// come from.
type Table struct {
	// Anchors are the scenario ids of the common scale, in the scenario's
	// order, then OffScale.
	Anchors []string `json:"anchors"`
	// Dimension is the stakeholder scale whose anchors name scenarios.
	Dimension string         `json:"dimension,omitempty"`
	Engines   []EngineAnswer `json:"engines"`
	// Differences explain, engine by engine, how its answer differs from
	// the equilibrium's, then the red lines and reservation values.
	Differences  []string          `json:"differences"`
	RedLines     []RedLine         `json:"red_lines"`
	Reservations *ReservationCheck `json:"reservations,omitempty"`

	point  []float64 // the game's answer at the point
	static []EngineAnswer
}

// OffScale is the last anchor of a table: every scenario the
// scale does not name, and no deal.
const OffScale = "other"

// EngineAnswer is one engine's answer on the common scale.
type EngineAnswer struct {
	Engine string `json:"engine"` // game, monte_carlo, negotiation_nash, negotiation_range, stakeholders_<model>, stakeholders_draws
	Label  string `json:"label"`
	// Probabilities has one entry per anchor (OffScale last).
	Probabilities []float64 `json:"probabilities"`
	Modal         string    `json:"modal"`
	// Distance is the total-variation distance to the game's answer.
	Distance float64 `json:"distance"`
	// Basis says what the numbers are (a probability, a share of
	// packages, a point placed on its nearest anchor).
	Basis string `json:"basis"`
}

// RedLine is a ratification constraint of the negotiation that forbids
// anchors, set against what the game lets the same party and type do.
type RedLine struct {
	Party     string   `json:"party"`
	Types     []string `json:"types,omitempty"`
	Label     string   `json:"label"`
	Forbidden []string `json:"forbidden"`
	// Equilibrium is the probability, at the equilibrium, that a forbidden
	// anchor occurs with the party of one of those types, by anchor.
	Equilibrium []AnchorProb `json:"equilibrium"`
	// Chosen lists the complete-information profiles whose path ends in a
	// forbidden anchor by the party's own decision.
	Chosen   []string `json:"chosen"`
	Conflict bool     `json:"conflict"`
	Text     string   `json:"text"`
}

// AnchorProb is the probability of one anchor.
type AnchorProb struct {
	Anchor      string  `json:"anchor"`
	Probability float64 `json:"probability"`
}

// ReservationCheck compares the negotiation's bargaining range under
// three readings of "no deal": the assumed reservation values, the crisis
// equilibrium's expected payoffs, and the expected payoffs of the
// equilibrium paths that end without a deal.
type ReservationCheck struct {
	Packages        int       `json:"packages"`
	Assumed         RangeView `json:"assumed"`
	Equilibrium     RangeView `json:"equilibrium"`
	NoDeal          RangeView `json:"no_deal"`
	NoDealResult    string    `json:"no_deal_result"`
	NoDealProb      float64   `json:"no_deal_probability"`
	Holds           string    `json:"holds"` // assumed, no_deal or empty
	Text            string    `json:"text"`
	noDealResultLbl string
}

// RangeView is a bargaining range under one set of reservation values.
type RangeView struct {
	Reservations []negotiate.Reservation `json:"reservations"`
	Range        int                     `json:"range"`
	Share        float64                 `json:"share"`
}

// Input is what Build reads: the model at the point, the equilibrium's
// realisation probabilities and the brief's other sections.
type Input struct {
	Model   *scenario.Model
	Numbers *scenario.Numbers
	Reach   []float64 // realisation probability of each node at the equilibrium
	Mapping int       // index of the outcome mapping
	Budget  int       // caps the negotiation's work
	Sections
}

// Sections are the parts of a brief whose answers a Table sets side by
// side.
type Sections struct {
	// Scenarios and Results are the game's probabilities (with AtDefaults
	// and percentiles once the draws ran).
	Scenarios, Results []equilibrium.Prob
	Point              string // how the brief names the point: "at the defaults"
	Draws              int    // the Monte Carlo's draws (0 before they ran)
	Costs              equilibrium.Costs
	Known              []Known
	Forecasts          []Forecast
	Spread             []forecast.DimSensitivity
	// Negotiation is the linkage analysis at the modal types (nil without
	// a negotiation), FromGame the same with reservation values from the
	// game.
	Negotiation, FromGame *negotiate.LinkageReport
}

// Known is a complete-information benchmark: the game played with the
// types known, along its first subgame-perfect path.
type Known struct {
	Types     []equilibrium.Fact
	Path      []string // "move=action" steps
	Scenarios []equilibrium.Prob
}

// Forecast is one stakeholder model's forecast per dimension.
type Forecast struct {
	Model     string
	Forecasts []forecast.DimForecast
}

// Build builds the table at the point estimate (Refresh adds the Monte
// Carlo answer once the draws ran); nil when no other engine names the
// scenarios.
func Build(ctx context.Context, in Input) (*Table, error) {
	s := in.Model.Scenario
	var dim *forecast.Dimension
	var tb *forecast.Table
	if s.Stakeholders != nil {
		var err error
		if tb, err = s.Stakeholders.Table(); err != nil {
			return nil, fmt.Errorf("reconcile: %w", err)
		}
		for d := range tb.Dims {
			if slices.ContainsFunc(tb.Dims[d].Anchors, func(a forecast.Anchor) bool { return scenarioIndex(s, forecast.AnchorID(a.Label)) >= 0 }) {
				dim = &tb.Dims[d]
				break
			}
		}
	}
	issue, opts := -1, []string(nil)
	if s.Negotiation != nil {
		issue, opts = ladder(s)
	}
	seen := map[string]bool{}
	if dim != nil {
		for _, a := range dim.Anchors {
			seen[forecast.AnchorID(a.Label)] = true
		}
	}
	for _, o := range opts {
		seen[o] = true
	}
	r := &Table{RedLines: []RedLine{}}
	for _, sc := range s.Scenarios {
		if seen[sc.ID] {
			r.Anchors = append(r.Anchors, sc.ID)
		}
	}
	if len(r.Anchors) == 0 {
		return nil, nil
	}
	r.Anchors = append(r.Anchors, OffScale)
	r.point = r.fromProbs(in.Scenarios, true)
	if dim != nil {
		r.Dimension = dim.Name
		r.stakeholders(in.Sections, *dim)
	}
	if issue >= 0 && in.Negotiation != nil {
		if err := r.negotiation(ctx, in, issue, opts); err != nil {
			return nil, err
		}
		r.redLines(in, issue, opts)
		if err := r.reservations(ctx, in); err != nil {
			return nil, err
		}
	}
	r.Refresh(in.Sections)
	return r, nil
}

// scenarioIndex is the index of the scenario with id, or −1.
func scenarioIndex(s *scenario.Scenario, id string) int {
	return slices.IndexFunc(s.Scenarios, func(l scenario.Label) bool { return l.ID == id })
}

// ladder finds the negotiation issue whose options stand for the crisis
// scenarios, and the scenario each option stands for ("" for none). An
// option stands for scenario S when its id is S or starts with "S_", or
// its label's short name (forecast.AnchorID, as stakeholder anchors) is S.
func ladder(s *scenario.Scenario) (int, []string) {
	for i, is := range s.Negotiation.Issues {
		opts := make([]string, len(is.Options))
		n := 0
		for j, o := range is.Options {
			for _, sc := range s.Scenarios {
				if o.ID == sc.ID || strings.HasPrefix(o.ID, sc.ID+"_") || forecast.AnchorID(o.Label) == sc.ID {
					opts[j] = sc.ID
					n++
					break
				}
			}
		}
		if n >= 2 {
			return i, opts
		}
	}
	return -1, nil
}

// index is the position of anchor id on the scale (OffScale when absent).
func (r *Table) index(id string) int {
	if k := slices.Index(r.Anchors, id); k >= 0 {
		return k
	}
	return len(r.Anchors) - 1
}

// fromProbs reads scenario probabilities onto the scale: at the point
// (AtDefaults when the draws set it) or the draws' means.
func (r *Table) fromProbs(ps []equilibrium.Prob, point bool) []float64 {
	out := make([]float64, len(r.Anchors))
	total := 0.0
	for _, p := range ps {
		x := p.Probability
		if point && p.AtDefaults != nil {
			x = *p.AtDefaults
		}
		if k := slices.Index(r.Anchors, p.Name); k >= 0 {
			out[k] += x
			total += x
		}
	}
	out[len(out)-1] = math.Max(0, 1-total)
	return out
}

// stakeholders adds each model's point placed on its nearest anchor, and
// the share of perturbed tables nearest each anchor.
func (r *Table) stakeholders(f Sections, dim forecast.Dimension) {
	for _, mod := range f.Forecasts {
		for _, d := range mod.Forecasts {
			if d.Name != dim.Name || d.Nearest == "" {
				continue
			}
			p := make([]float64, len(r.Anchors))
			p[r.index(d.Nearest)] = 1
			r.static = append(r.static, EngineAnswer{Engine: "stakeholders_" + mod.Model, Probabilities: p,
				Label: fmt.Sprintf("stakeholders (%s): %s, %s", mod.Model, num.Format(d.Point, 1), d.Anchor),
				Basis: "the model's settlement placed on its nearest anchor (a point, not a probability)"})
		}
	}
	for _, d := range f.Spread {
		if d.Name != dim.Name || len(d.Anchors) == 0 {
			continue
		}
		p := make([]float64, len(r.Anchors))
		for _, a := range d.Anchors {
			p[r.index(a.Anchor)] += a.Share
		}
		r.static = append(r.static, EngineAnswer{Engine: "stakeholders_draws", Probabilities: p,
			Label: fmt.Sprintf("stakeholders (SMP over %d perturbed tables)", d.Point.N),
			Basis: "share of perturbed tables whose settlement is nearest each anchor"})
	}
}

// negotiation adds the ratified Nash package per type combination,
// weighted by the game's priors, and the ratifiable bargaining range at
// the modal types by the option it takes on the ladder issue.
func (r *Table) negotiation(ctx context.Context, in Input, issue int, opts []string) error {
	s, nums, neg := in.Model.Scenario, in.Numbers, in.Negotiation
	nash := make([]float64, len(r.Anchors))
	for _, tc := range neg.ByType {
		w := 1.0
		// The parties in sorted order, not the map's: the product must not
		// change its last digit from run to run.
		for _, party := range slices.Sorted(maps.Keys(tc.Types)) {
			ty := tc.Types[party]
			if a := actor.Index(s, party); a >= 0 {
				w *= nums.Prior[a][slices.IndexFunc(s.Actors[a].Types, func(t scenario.Type) bool { return t.ID == ty })]
			}
		}
		k := len(r.Anchors) - 1 // no deal
		if p := tc.RatifiedNash; p != nil {
			k = r.index(opts[slices.IndexFunc(s.Negotiation.Issues[issue].Options, func(o negotiate.SpecOption) bool { return o.ID == p.Options[issue].Option })])
		}
		nash[k] += w
	}
	if len(neg.ByType) > 0 {
		r.static = append(r.static, EngineAnswer{Engine: "negotiation_nash", Probabilities: nash,
			Label: "negotiation: Nash package within every win-set, types weighted by the game's priors",
			Basis: "probability over the parties' types that the ratified Nash package sits on each anchor (no deal: other)"})
	}
	opt := negotiate.BuildOptions{Types: neg.Types, Values: nums.Env}
	d, ps, _, err := s.Negotiation.Build(opt)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	ws, err := s.Negotiation.CompileWinSets(opt)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	sp, err := negotiate.Evaluate(ctx, d, ps, int64(in.Budget))
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	share := make([]float64, len(r.Anchors))
	o := make([]int, len(d.Issues))
	n := 0
	for i := 0; i < sp.N; i++ {
		d.Decode(sp.ID(i), o)
		in := true
		for p := range ps {
			in = in && sp.U[p][i] >= ps[p].Reservation && ws.Admits(p, o, sp.U[p][i])
		}
		if in {
			share[r.index(opts[o[issue]])]++
			n++
		}
	}
	for k := range share {
		if n > 0 {
			share[k] /= float64(n)
		}
	}
	r.static = append(r.static, EngineAnswer{Engine: "negotiation_range", Probabilities: share,
		Label: fmt.Sprintf("negotiation: the %d packages every party ratifies and prefers to no deal (%s)", n, profileText(neg.Types)),
		Basis: "share of the ratifiable bargaining range on each anchor (not a probability)"})
	return nil
}

// profileText renders a type profile as "MX=T, US=D".
func profileText(t map[string]string) string {
	var s []string
	for k, v := range t {
		s = append(s, k+"="+v)
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}

// Refresh recomputes the answers that depend on the brief's probabilities
// (the Monte Carlo means, once the draws ran) and the sentences.
func (r *Table) Refresh(b Sections) {
	r.Engines = []EngineAnswer{{Engine: "game", Label: "crisis game: equilibrium " + b.Point, Probabilities: r.point,
		Basis: "probability of each scenario under the equilibrium"}}
	drawn := len(b.Scenarios) > 0 && b.Scenarios[0].AtDefaults != nil
	if drawn {
		r.Engines = append(r.Engines, EngineAnswer{Engine: "monte_carlo", Label: fmt.Sprintf("crisis game: mean over %d draws", b.Draws),
			Probabilities: r.fromProbs(b.Scenarios, false), Basis: "mean probability over the parameters' uncertainty"})
	}
	r.Engines = append(r.Engines, r.static...)
	for k := range r.Engines {
		e := &r.Engines[k]
		e.Modal = r.Anchors[num.Argmax(e.Probabilities)]
		e.Distance = num.TV(e.Probabilities, r.point)
	}
	r.Differences = nil
	for _, e := range r.Engines[1:] {
		r.Differences = append(r.Differences, r.explain(e, b))
	}
	for _, rl := range r.RedLines {
		r.Differences = append(r.Differences, rl.Text)
	}
	if r.Reservations != nil {
		r.Differences = append(r.Differences, r.Reservations.Text)
	}
}

// explain says how engine e's answer differs from the equilibrium's and
// why, from the numbers.
func (r *Table) explain(e EngineAnswer, b Sections) string {
	g := r.point
	gm := num.Argmax(g)
	em := num.Argmax(e.Probabilities)
	var w strings.Builder
	fmt.Fprintf(&w, "%s: mode %s (%s); the equilibrium gives %s %s and has its mode at %s (%s); distance %s.",
		capital(e.Label), r.Anchors[em], num.Format(e.Probabilities[em], 2), r.Anchors[em], num.Format(g[em], 2), r.Anchors[gm], num.Format(g[gm], 2), num.Format(e.Distance, 2))
	if e.Distance < 0.1 {
		w.WriteString(" The two agree on this scale.")
		return w.String()
	}
	gap := 0
	for k := range g {
		if math.Abs(e.Probabilities[k]-g[k]) > math.Abs(e.Probabilities[gap]-g[gap]) {
			gap = k
		}
	}
	switch {
	case e.Engine == "monte_carlo":
		p := b.Scenarios[slices.IndexFunc(b.Scenarios, func(p equilibrium.Prob) bool { return p.Name == r.Anchors[gap] })]
		if p.P05 != nil && p.P95 != nil {
			fmt.Fprintf(&w, " The largest gap is on %s (%s at the point, mean %s, 5–95 %% %s–%s): the mean averages the worlds the parameters' ranges allow, and the point is one of them; a wide spread there means the answer flips inside the ranges.",
				r.Anchors[gap], num.Format(g[gap], 2), num.Format(e.Probabilities[gap], 2), num.Format(*p.P05, 2), num.Format(*p.P95, 2))
		}
	case strings.HasPrefix(e.Engine, "negotiation"):
		var missing []string
		for k := range g {
			if e.Probabilities[k] == 0 && g[k] >= 0.05 {
				missing = append(missing, fmt.Sprintf("%s %s", r.Anchors[k], num.Format(g[k], 2)))
			}
		}
		w.WriteString(" The negotiation assumes a package is signed and that each party keeps to its win-set")
		if len(missing) > 0 {
			fmt.Fprintf(&w, "; the game also reaches %s, which no ratifiable package contains", strings.Join(missing, ", "))
		}
		w.WriteString(".")
	case strings.HasPrefix(e.Engine, "stakeholders"):
		fmt.Fprintf(&w, " The stakeholder models say where positions settle under capability and salience; they have no private types, chance moves or costs of fighting, so their %s is a location on the scale, not the probability of a path to %s (the game's %s).",
			r.Anchors[em], r.Anchors[em], num.Format(g[em], 2))
	}
	return w.String()
}

// capital upper-cases the first letter of s.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// OffScaleNote says what the last anchor collects.
func (r *Table) OffScaleNote() string {
	return OffScale + " collects the other scenarios and no deal"
}
