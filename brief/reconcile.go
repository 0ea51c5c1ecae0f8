package brief

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/scenario"
)

// Reconciliation puts the engines' answers on one scale — the
// probability of each operational scenario that the stakeholder scale or
// the negotiation's options name (the anchors) — and explains each
// difference from the crisis game's equilibrium in a sentence computed
// from the numbers. It also shows where the engines model the same thing
// differently: a ratification red line that is a hard constraint in the
// negotiation but only a payoff weight in the game, and reservation
// values that give opposite bargaining ranges depending on where they
// come from.
type Reconciliation struct {
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

// OffScale is the last anchor of a reconciliation: every scenario the
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

// reconcile builds the reconciliation at the point estimate (the Monte
// Carlo answer is added by refresh once the draws ran); nil when no other
// engine names the scenarios.
func reconcile(ctx context.Context, m *scenario.Model, nums *scenario.Numbers, reach []float64, mi int, b *Brief, budget int) (*Reconciliation, error) {
	s := m.Scenario
	var dim *forecast.Dimension
	var tb *forecast.Table
	if s.Stakeholders != nil {
		var err error
		if tb, err = s.Stakeholders.Table(); err != nil {
			return nil, fmt.Errorf("brief: reconciliation: %w", err)
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
	r := &Reconciliation{RedLines: []RedLine{}}
	for _, sc := range s.Scenarios {
		if seen[sc.ID] {
			r.Anchors = append(r.Anchors, sc.ID)
		}
	}
	if len(r.Anchors) == 0 {
		return nil, nil
	}
	r.Anchors = append(r.Anchors, OffScale)
	r.point = r.fromProbs(b.Scenarios, true)
	if dim != nil {
		r.Dimension = dim.Name
		r.stakeholders(b.Forecast, *dim)
	}
	if issue >= 0 && b.Negotiation != nil {
		if err := r.negotiation(ctx, m, nums, b, issue, opts, budget); err != nil {
			return nil, err
		}
		r.redLines(m, reach, mi, b, issue, opts)
		if err := r.reservations(ctx, m, nums, reach, mi, b, budget); err != nil {
			return nil, err
		}
	}
	r.refresh(b)
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
func (r *Reconciliation) index(id string) int {
	if k := slices.Index(r.Anchors, id); k >= 0 {
		return k
	}
	return len(r.Anchors) - 1
}

// fromProbs reads scenario probabilities onto the scale: at the point
// (AtDefaults when the draws set it) or the draws' means.
func (r *Reconciliation) fromProbs(ps []Prob, point bool) []float64 {
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
func (r *Reconciliation) stakeholders(f *Forecast, dim forecast.Dimension) {
	if f == nil {
		return
	}
	for _, mod := range f.Models {
		for _, d := range mod.Forecasts {
			if d.Name != dim.Name || d.Nearest == "" {
				continue
			}
			p := make([]float64, len(r.Anchors))
			p[r.index(d.Nearest)] = 1
			r.static = append(r.static, EngineAnswer{Engine: "stakeholders_" + mod.Model, Probabilities: p,
				Label: fmt.Sprintf("stakeholders (%s): %s, %s", mod.Model, num(d.Point, 1), d.Anchor),
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
func (r *Reconciliation) negotiation(ctx context.Context, m *scenario.Model, nums *scenario.Numbers, b *Brief, issue int, opts []string, budget int) error {
	s := m.Scenario
	nash := make([]float64, len(r.Anchors))
	for _, tc := range b.Negotiation.ByType {
		w := 1.0
		for party, ty := range tc.Types {
			if a := actorIndex(s, party); a >= 0 {
				w *= nums.Prior[a][slices.IndexFunc(s.Actors[a].Types, func(t scenario.Type) bool { return t.ID == ty })]
			}
		}
		k := len(r.Anchors) - 1 // no deal
		if p := tc.RatifiedNash; p != nil {
			k = r.index(opts[slices.IndexFunc(s.Negotiation.Issues[issue].Options, func(o negotiate.SpecOption) bool { return o.ID == p.Options[issue].Option })])
		}
		nash[k] += w
	}
	if len(b.Negotiation.ByType) > 0 {
		r.static = append(r.static, EngineAnswer{Engine: "negotiation_nash", Probabilities: nash,
			Label: "negotiation: Nash package within every win-set, types weighted by the game's priors",
			Basis: "probability over the parties' types that the ratified Nash package sits on each anchor (no deal: other)"})
	}
	opt := negotiate.BuildOptions{Types: b.Negotiation.Types, Values: nums.Env}
	d, ps, _, err := s.Negotiation.Build(opt)
	if err != nil {
		return fmt.Errorf("brief: reconciliation: %w", err)
	}
	ws, err := s.Negotiation.CompileWinSets(opt)
	if err != nil {
		return fmt.Errorf("brief: reconciliation: %w", err)
	}
	sp, err := negotiate.Evaluate(ctx, d, ps, int64(budget))
	if err != nil {
		return fmt.Errorf("brief: reconciliation: %w", err)
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
		Label: fmt.Sprintf("negotiation: the %d packages every party ratifies and prefers to no deal (%s)", n, profileText(b.Negotiation.Types)),
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

// refresh recomputes the answers that depend on the brief's probabilities
// (the Monte Carlo means, once the draws ran) and the sentences.
func (r *Reconciliation) refresh(b *Brief) {
	r.Engines = []EngineAnswer{{Engine: "game", Label: "crisis game: equilibrium " + b.pointName(), Probabilities: r.point,
		Basis: "probability of each scenario under the equilibrium"}}
	drawn := len(b.Scenarios) > 0 && b.Scenarios[0].AtDefaults != nil
	if drawn {
		n := 0
		if b.Uncertainty != nil {
			n = b.Uncertainty.Draws
		}
		r.Engines = append(r.Engines, EngineAnswer{Engine: "monte_carlo", Label: fmt.Sprintf("crisis game: mean over %d draws", n),
			Probabilities: r.fromProbs(b.Scenarios, false), Basis: "mean probability over the parameters' uncertainty"})
	}
	r.Engines = append(r.Engines, r.static...)
	for k := range r.Engines {
		e := &r.Engines[k]
		e.Modal = r.Anchors[argmax(e.Probabilities)]
		e.Distance = tv(e.Probabilities, r.point)
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

// tv is the total-variation distance of two distributions.
func tv(p, q []float64) float64 {
	d := 0.0
	for k := range p {
		d += math.Abs(p[k] - q[k])
	}
	return d / 2
}

// explain says how engine e's answer differs from the equilibrium's and
// why, from the numbers.
func (r *Reconciliation) explain(e EngineAnswer, b *Brief) string {
	g := r.point
	gm := argmax(g)
	em := argmax(e.Probabilities)
	var w strings.Builder
	fmt.Fprintf(&w, "%s: mode %s (%s); the equilibrium gives %s %s and has its mode at %s (%s); distance %s.",
		capital(e.Label), r.Anchors[em], num(e.Probabilities[em], 2), r.Anchors[em], num(g[em], 2), r.Anchors[gm], num(g[gm], 2), num(e.Distance, 2))
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
		p := b.Scenarios[slices.IndexFunc(b.Scenarios, func(p Prob) bool { return p.Name == r.Anchors[gap] })]
		if p.P05 != nil && p.P95 != nil {
			fmt.Fprintf(&w, " The largest gap is on %s (%s at the point, mean %s, 5–95 %% %s–%s): the mean averages the worlds the parameters' ranges allow, and the point is one of them; a wide spread there means the answer flips inside the ranges.",
				r.Anchors[gap], num(g[gap], 2), num(e.Probabilities[gap], 2), num(*p.P05, 2), num(*p.P95, 2))
		}
	case strings.HasPrefix(e.Engine, "negotiation"):
		var missing []string
		for k := range g {
			if e.Probabilities[k] == 0 && g[k] >= 0.05 {
				missing = append(missing, fmt.Sprintf("%s %s", r.Anchors[k], num(g[k], 2)))
			}
		}
		w.WriteString(" The negotiation assumes a package is signed and that each party keeps to its win-set")
		if len(missing) > 0 {
			fmt.Fprintf(&w, "; the game also reaches %s, which no ratifiable package contains", strings.Join(missing, ", "))
		}
		w.WriteString(".")
	case strings.HasPrefix(e.Engine, "stakeholders"):
		fmt.Fprintf(&w, " The stakeholder models say where positions settle under capability and salience; they have no private types, chance moves or costs of fighting, so their %s is a location on the scale, not the probability of a path to %s (the game's %s).",
			r.Anchors[em], r.Anchors[em], num(g[em], 2))
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
