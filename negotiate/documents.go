package negotiate

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/tablero-project/tablero/repro"
	"math"
)

// The JSON documents of negotiations (tablero negotiate … --format json,
// and the server's responses) are the types of this file and
// TournamentResult. Outcomes appear by their labels, one per issue, never
// by their ids; parties and negotiators by name. A number that can be
// undefined (NaN when there is nothing to measure) is a pointer, null in
// JSON.

// DomainAnalysis is the JSON document of an outcome-space analysis: the
// domain and one analysis per convention.
type DomainAnalysis struct {
	// Run says how the document was computed (set by front ends).
	Run    *repro.Record `json:"run,omitempty"`
	Domain string        `json:"domain"`
	Issues []string      `json:"issues"`
	// Size is the number of outcomes (null if too large for a float64).
	Size     *float64       `json:"size"`
	Analyses []AnalysisView `json:"analyses"`
}

// AnalysisView is an Analysis with outcomes as labels: the frontier and
// every bargaining solution in one convention.
type AnalysisView struct {
	Convention Convention `json:"convention"`
	Parties    []string   `json:"parties"`
	Outcomes   int        `json:"outcomes"`
	// Ranges are each party's (min, max) utility over all outcomes.
	Ranges       [][2]float64 `json:"utility_ranges"`
	Reservations []float64    `json:"reserved_values"`
	Disagreement []float64    `json:"disagreement"`
	// ParetoOutcomes counts the outcomes on the frontier.
	ParetoOutcomes     int         `json:"pareto_outcomes"`
	Pareto             []PointView `json:"pareto"`
	Nash               []PointView `json:"nash"`
	Kalai              []PointView `json:"kalai"`
	ModifiedKalai      []PointView `json:"modified_kalai"`
	KS                 []PointView `json:"ks"`
	ModifiedKS         []PointView `json:"modified_ks"`
	MaxWelfare         []PointView `json:"max_welfare"`
	MaxRelativeWelfare []PointView `json:"max_relative_welfare"`
	// Opposition and RationalFraction are left out when undefined (a
	// frontier found by search, without the outcome space).
	Opposition       *float64 `json:"opposition,omitempty"`
	RationalFraction *float64 `json:"rational_fraction,omitempty"`
}

// PointView is a point of the utility space with the outcomes that
// realise it, each as its labels (one per issue).
type PointView struct {
	Utilities []float64  `json:"utilities"`
	Outcomes  [][]string `json:"outcomes"`
}

// NewDomainAnalysis builds the JSON document of analyses as of domain d.
func NewDomainAnalysis(d *Domain, as []*Analysis) *DomainAnalysis {
	v := &DomainAnalysis{Domain: d.Name, Issues: make([]string, len(d.Issues)), Size: finitePtr(d.Size()), Analyses: []AnalysisView{}}
	for i, is := range d.Issues {
		v.Issues[i] = is.Name
	}
	for _, a := range as {
		v.Analyses = append(v.Analyses, AnalysisView{
			Convention: a.Convention, Parties: a.Parties, Outcomes: a.Outcomes, Ranges: a.Ranges,
			Reservations: a.Reservations, Disagreement: a.Disagreement, ParetoOutcomes: a.FrontierOutcomes,
			Pareto: pointViews(d, a.Frontier), Nash: pointViews(d, a.Nash), Kalai: pointViews(d, a.Kalai),
			ModifiedKalai: pointViews(d, a.ModifiedKalai), KS: pointViews(d, a.KS), ModifiedKS: pointViews(d, a.ModifiedKS),
			MaxWelfare: pointViews(d, a.MaxWelfare), MaxRelativeWelfare: pointViews(d, a.MaxRelativeWelfare),
			Opposition: finitePtr(a.Opposition), RationalFraction: finitePtr(a.RationalFraction),
		})
	}
	return v
}

func pointViews(d *Domain, pts []Point) []PointView {
	out := make([]PointView, 0, len(pts))
	for _, p := range pts {
		pv := PointView{Utilities: p.U, Outcomes: make([][]string, 0, len(p.Outcomes))}
		for _, o := range p.Outcomes {
			pv.Outcomes = append(pv.Outcomes, d.Labels(o))
		}
		out = append(out, pv)
	}
	return out
}

// finitePtr returns x, or nil when x is NaN or infinite.
func finitePtr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// AnalyzeOptions configure AnalyzeDomain.
type AnalyzeOptions struct {
	// Conventions to analyse in (default NegMAS and GENIUS).
	Conventions []Convention
	// Search finds a bilateral frontier by branch and bound instead of
	// enumerating the outcomes (for domains too large to enumerate;
	// opposition and rational fraction are then undefined).
	Search bool
	// Budget caps the outcomes enumerated (0: DefaultBudget), and with
	// Search the search's nodes (0: SearchOptions' default).
	Budget   int64
	Analysis AnalysisOptions
}

// AnalyzeDomain analyses the negotiation between profiles ps on domain d
// in each convention. With Search it also returns the search's
// statistics. A domain too large to enumerate gives an error wrapping
// ErrTooLarge.
func AnalyzeDomain(ctx context.Context, d *Domain, ps []*Profile, opt AnalyzeOptions) ([]*Analysis, *SearchStats, error) {
	convs := opt.Conventions
	if len(convs) == 0 {
		convs = []Convention{NegMAS, GENIUS}
	}
	for _, c := range convs {
		if !c.Valid() {
			return nil, nil, fmt.Errorf("unknown convention %q (negmas or genius)", c)
		}
	}
	if opt.Search {
		return searchAnalyses(ctx, d, ps, convs, opt)
	}
	s, err := Evaluate(ctx, d, ps, opt.Budget)
	if err != nil {
		return nil, nil, err
	}
	var as []*Analysis
	for _, c := range convs {
		a, err := Analyze(ctx, s, c, opt.Analysis)
		if err != nil {
			return nil, nil, err
		}
		as = append(as, a)
	}
	return as, nil, nil
}

// searchAnalyses solves a frontier found by ParetoSearch, with each
// party's utility range from its extremes ([0, 1] when they cannot be
// found within the budget).
func searchAnalyses(ctx context.Context, d *Domain, ps []*Profile, convs []Convention, opt AnalyzeOptions) ([]*Analysis, *SearchStats, error) {
	front, st, err := ParetoSearch(ctx, d, ps, SearchOptions{NodeBudget: opt.Budget})
	if err != nil {
		return nil, nil, err
	}
	ranges := make([][2]float64, len(ps))
	rs := make([]float64, len(ps))
	for i, p := range ps {
		rs[i] = p.Reservation
		ranges[i] = [2]float64{0, 1}
		if u, err := Compile(d, p); err == nil {
			if _, _, mn, mx, err := u.Extremes(ctx, opt.Budget); err == nil {
				ranges[i] = [2]float64{mn, mx}
			}
		}
	}
	var as []*Analysis
	for _, c := range convs {
		a := Solutions(front, ranges, rs, c, opt.Analysis)
		for _, p := range ps {
			a.Parties = append(a.Parties, p.Name)
		}
		as = append(as, a)
	}
	return as, st, nil
}

// Defaults of Simulate.
var (
	// DefaultAgents negotiate when no agents are named.
	DefaultAgents = []string{"Boulware", "Conceder"}
	// DefaultSteps is the deadline when neither steps nor time limit is
	// set.
	DefaultSteps = 100
)

// SimulateOptions configure Simulate.
type SimulateOptions struct {
	// Agents negotiate in the order given, agent i with profile i (see
	// NewAgent for the names; default DefaultAgents); profiles beyond
	// the agents are left out.
	Agents []string
	// Protocol sets the deadline and the seed (default DefaultSteps
	// steps); the trace is always kept.
	Protocol Protocol
	// Budget caps the outcomes enumerated (0: DefaultBudget).
	Budget int64
	// WinSets are the parties' ratification constraints (from a
	// specification; nil: none). Negotiators keep to their own win-set
	// (Putnam's two-level negotiator) unless IgnoreWinSets is set; either
	// way the agreement is checked against every win-set.
	WinSets       *WinSets
	IgnoreWinSets bool
}

// Simulation is one simulated negotiation with what its reports need.
type Simulation struct {
	Space   *Space
	Agents  []string
	Result  *Result
	Metrics Metrics
	// Ratification is set when the negotiation had win-sets; Spec then
	// gives the issue and option labels.
	Ratification *Ratification
	Spec         *Spec
}

// Simulate runs one stacked-alternating-offers negotiation between agents
// on domain d and measures its outcome (NegMAS's metrics).
func Simulate(ctx context.Context, d *Domain, ps []*Profile, opt SimulateOptions) (*Simulation, error) {
	names := opt.Agents
	if len(names) == 0 {
		names = DefaultAgents
	}
	if len(names) > len(ps) {
		return nil, fmt.Errorf("%d agents but only %d profiles", len(names), len(ps))
	}
	negs := make([]Negotiator, len(names))
	for i, n := range names {
		var err error
		if negs[i], err = NewAgent(n); err != nil {
			return nil, err
		}
	}
	proto := opt.Protocol
	if proto.NSteps == 0 && proto.TimeLimit == 0 {
		proto.NSteps = DefaultSteps
	}
	proto.KeepTrace = true
	s, err := Evaluate(ctx, d, ps[:len(names)], opt.Budget)
	if err != nil {
		return nil, err
	}
	if opt.WinSets == nil {
		return measure(ctx, &Simulation{Space: s, Agents: names}, s, negs, proto)
	}
	played, ok := opt.WinSets.Ratified(s)
	sim := &Simulation{Space: s, Agents: names, Spec: opt.WinSets.Spec(),
		Ratification: &Ratification{Respected: !opt.IgnoreWinSets, Ratifiable: ratifiable(s, ok), Breaches: []Breach{}}}
	if opt.IgnoreWinSets {
		played = s
	} else {
		for i, m := range ok {
			if m != nil {
				negs[i] = &twoLevel{Negotiator: negs[i], ok: m, real: s.U[i]}
			}
		}
	}
	if _, err := measure(ctx, sim, played, negs, proto); err != nil {
		return nil, err
	}
	if sim.Result.Agreed {
		o := s.Domain.Decode(s.ID(int(sim.Result.Agreement)), nil)
		sim.Ratification.Breaches = append(sim.Ratification.Breaches, opt.WinSets.Breaches(o, s.Utilities(int(sim.Result.Agreement)))...)
		sim.Result.Utilities = s.Utilities(int(sim.Result.Agreement))
	}
	return sim, nil
}

// measure runs negotiators negs on space played (the space as the
// negotiators value it) and measures the outcome there.
func measure(ctx context.Context, sim *Simulation, played *Space, negs []Negotiator, proto Protocol) (*Simulation, error) {
	res, err := Run(ctx, played, negs, nil, proto)
	if err != nil {
		return nil, err
	}
	ev, err := NewEvaluation(ctx, played)
	if err != nil {
		return nil, err
	}
	sim.Result, sim.Metrics = res, ev.Measure(res.Agreed, res.Utilities)
	return sim, nil
}

// RunView is the JSON document of one simulated negotiation, with the
// names of a tournament's Record.
type RunView struct {
	// Run says how the document was computed (set by front ends).
	Run         *repro.Record `json:"run,omitempty"`
	Domain      string        `json:"domain"`
	Negotiators []string      `json:"negotiators"`
	Profiles    []string      `json:"profiles"`
	// Agreement is the agreed outcome's labels, null without agreement.
	Agreement []string `json:"agreement"`
	// Package is the agreement with each issue's and option's label, when
	// the domain came from a specification.
	Package []IssueOption `json:"package,omitempty"`
	// Ratification checks the agreement against the parties' win-sets,
	// when the specification declares any.
	Ratification *Ratification `json:"ratification,omitempty"`
	Steps        int           `json:"steps"`
	RelativeTime float64       `json:"relative_time"`
	TimedOut     bool          `json:"timedout"`
	Broken       bool          `json:"broken"`
	NOffers      int           `json:"n_offers"`
	Seconds      float64       `json:"seconds"`
	Metrics      Metrics       `json:"metrics"`
	// Trace lists every offer, when asked for.
	Trace []OfferView `json:"trace,omitempty"`
}

// OfferView is one offer of a trace.
type OfferView struct {
	Step         int       `json:"step"`
	RelativeTime float64   `json:"relative_time"`
	Proposer     string    `json:"proposer"`
	Utilities    []float64 `json:"utilities"`
	Outcome      []string  `json:"outcome"`
}

// NewRunView builds the JSON document of simulation r, with its offers
// when trace is set.
func NewRunView(r *Simulation, trace bool) *RunView {
	s, res := r.Space, r.Result
	v := &RunView{Domain: s.Domain.Name, Negotiators: r.Agents, Steps: res.Steps, RelativeTime: res.RelativeTime,
		TimedOut: res.TimedOut, Broken: res.Broken, NOffers: res.NOffers, Seconds: res.Seconds, Metrics: r.Metrics}
	for _, p := range s.Profiles {
		v.Profiles = append(v.Profiles, p.Name)
	}
	if res.Agreed {
		v.Agreement = s.Labels(res.Agreement)
		if r.Spec != nil {
			v.Package = r.Spec.Labeled(s.Domain.Decode(s.ID(int(res.Agreement)), nil))
		}
	}
	v.Ratification = r.Ratification
	if trace {
		v.Trace = make([]OfferView, 0, len(res.Trace))
		for _, o := range res.Trace {
			v.Trace = append(v.Trace, OfferView{Step: o.Step, RelativeTime: o.Time, Proposer: r.Agents[o.Proposer],
				Utilities: s.Utilities(int(o.Outcome)), Outcome: s.Labels(o.Outcome)})
		}
	}
	return v
}

// NewScenario evaluates profiles ps on domain d as a tournament scenario.
func NewScenario(ctx context.Context, name string, d *Domain, ps []*Profile, budget int64) (Scenario, error) {
	if len(ps) == 0 {
		return Scenario{}, fmt.Errorf("%s: no profiles", name)
	}
	s, err := Evaluate(ctx, d, ps, budget)
	if err != nil {
		return Scenario{}, fmt.Errorf("%s: %w", name, err)
	}
	return Scenario{Name: name, Space: s}, nil
}

// metricsJSON is the JSON form of Metrics.
type metricsJSON struct {
	Agreed               bool      `json:"agreement_reached"`
	Utilities            []float64 `json:"utilities"`
	Advantages           []float64 `json:"advantages"`
	Welfare              *float64  `json:"welfare"`
	WelfareSum           *float64  `json:"welfare_sum"`
	ParetoDist           *float64  `json:"pareto_dist"`
	NashDist             *float64  `json:"nash_dist"`
	KalaiDist            *float64  `json:"kalai_dist"`
	KSDist               *float64  `json:"ks_dist"`
	ParetoOptimality     *float64  `json:"pareto_optimality"`
	NashOptimality       *float64  `json:"nash_optimality"`
	KalaiOptimality      *float64  `json:"kalai_optimality"`
	KSOptimality         *float64  `json:"ks_optimality"`
	MaxWelfareOptimality *float64  `json:"max_welfare_optimality"`
	Fairness             *float64  `json:"fairness"`
}

// MarshalJSON encodes m with NegMAS's names and undefined metrics (a
// distance to an empty set of solutions, an optimality without a scale)
// as null.
func (m Metrics) MarshalJSON() ([]byte, error) {
	return json.Marshal(metricsJSON{m.Agreed, m.Utilities, m.Advantages, finitePtr(m.Welfare), finitePtr(m.WelfareSum),
		finitePtr(m.ParetoDist), finitePtr(m.NashDist), finitePtr(m.KalaiDist), finitePtr(m.KSDist),
		finitePtr(m.ParetoOptimality), finitePtr(m.NashOptimality), finitePtr(m.KalaiOptimality), finitePtr(m.KSOptimality),
		finitePtr(m.MaxWelfareOptimality), finitePtr(m.Fairness)})
}

// JSONSchemaAlias tells schema generators that Metrics encode as
// metricsJSON.
func (Metrics) JSONSchemaAlias() any { return metricsJSON{} }

// UnmarshalJSON decodes metrics, null as NaN.
func (m *Metrics) UnmarshalJSON(b []byte) error {
	var w metricsJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	f := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	*m = Metrics{Agreed: w.Agreed, Utilities: w.Utilities, Advantages: w.Advantages, Welfare: f(w.Welfare), WelfareSum: f(w.WelfareSum),
		ParetoDist: f(w.ParetoDist), NashDist: f(w.NashDist), KalaiDist: f(w.KalaiDist), KSDist: f(w.KSDist),
		ParetoOptimality: f(w.ParetoOptimality), NashOptimality: f(w.NashOptimality), KalaiOptimality: f(w.KalaiOptimality),
		KSOptimality: f(w.KSOptimality), MaxWelfareOptimality: f(w.MaxWelfareOptimality), Fairness: f(w.Fairness)}
	return nil
}
