package negotiate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// Spec is the negotiation block of a scenario file: a multi-issue package
// domain, each party's preferences (with private types), reservation values
// (assumed, or taken from the crisis game), domestic ratification
// constraints (win-sets) and named agendas for linkage analysis. Every
// number that is an assumption carries its provenance and the claims that
// motivate it.
type Spec struct {
	Title        string        `json:"title,omitempty" yaml:"title,omitempty" doc:"Title of the negotiation."`
	Description  string        `json:"description,omitempty" yaml:"description,omitempty" doc:"What is negotiated and the main caveats."`
	Parameters   []SpecParam   `json:"parameters,omitempty" yaml:"parameters,omitempty" doc:"Uncertain numbers used by reservation values and ratification thresholds, each with a default, a range and provenance. Values given by the caller (e.g. the scenario's parameters) override defaults."`
	Issues       []SpecIssue   `json:"issues" yaml:"issues" doc:"The issues; a package is one option per issue."`
	Parties      []SpecParty   `json:"parties" yaml:"parties" doc:"The negotiating parties (at least two), in turn order."`
	Ratification []SpecWinSet  `json:"ratification,omitempty" yaml:"ratification,omitempty" doc:"Domestic ratification constraints: packages outside a party's win-set are rejected at home (Putnam's two-level game)."`
	Agendas      []SpecAgenda  `json:"agendas,omitempty" yaml:"agendas,omitempty" doc:"Named partial agendas to compare with the full package (issues left off stay at their status quo)."`
	Protocol     *SpecProtocol `json:"protocol,omitempty" yaml:"protocol,omitempty" doc:"Defaults for simulated negotiations on this domain."`
}

// SpecParam is an uncertain number of the negotiation block.
type SpecParam struct {
	ID         string    `json:"id" yaml:"id" doc:"Identifier referenced by reservation values and thresholds."`
	Label      string    `json:"label" yaml:"label" doc:"Human label."`
	Default    float64   `json:"default" yaml:"default" doc:"Value used by a point analysis."`
	Range      []float64 `json:"range,omitempty" yaml:"range,omitempty" doc:"Plausible [low, high] interval."`
	Unit       string    `json:"unit,omitempty" yaml:"unit,omitempty" doc:"Unit, e.g. utility or share."`
	Provenance string    `json:"provenance" yaml:"provenance" doc:"assumption, claim or literature."`
	Refs       []string  `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims (ART-n) whose passages motivate the value."`
	Note       string    `json:"note,omitempty" yaml:"note,omitempty" doc:"Why this value and range."`
}

// SpecIssue is a negotiation issue with discrete options.
type SpecIssue struct {
	ID          string       `json:"id" yaml:"id" doc:"Identifier."`
	Label       string       `json:"label" yaml:"label" doc:"Human label."`
	Description string       `json:"description,omitempty" yaml:"description,omitempty"`
	Refs        []string     `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims that put the issue on the table."`
	Options     []SpecOption `json:"options" yaml:"options" doc:"The options, in order (at least one)."`
	StatusQuo   string       `json:"status_quo,omitempty" yaml:"status_quo,omitempty" doc:"Option that holds when the issue is left off the agenda (default: the first)."`
}

// SpecOption is one option of an issue.
type SpecOption struct {
	ID          string   `json:"id" yaml:"id" doc:"Identifier."`
	Label       string   `json:"label,omitempty" yaml:"label,omitempty" doc:"Human label."`
	Description string   `json:"description,omitempty" yaml:"description,omitempty"`
	Refs        []string `json:"refs,omitempty" yaml:"refs,omitempty"`
}

// SpecParty is a negotiating party and its preferences: U = Σ weight ·
// value (linear additive) plus the terms that apply.
type SpecParty struct {
	ID          string                        `json:"id" yaml:"id" doc:"Identifier (e.g. the scenario actor's id)."`
	Name        string                        `json:"name" yaml:"name" doc:"Human name."`
	Description string                        `json:"description,omitempty" yaml:"description,omitempty"`
	Refs        []string                      `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims that motivate the preferences."`
	Provenance  string                        `json:"provenance" yaml:"provenance" doc:"Provenance of the weights and values: assumption, claim or literature."`
	Uncertainty float64                       `json:"uncertainty,omitempty" yaml:"uncertainty,omitempty" doc:"Relative half-width of the plausible range of each weight and value."`
	Weights     map[string]float64            `json:"weights" yaml:"weights" doc:"Weight of each issue (issues without a weight weigh 0)."`
	Values      map[string]map[string]float64 `json:"values" yaml:"values" doc:"Value (0–1) of each option of each weighted issue."`
	Terms       []SpecTerm                    `json:"terms,omitempty" yaml:"terms,omitempty" doc:"Non-linear terms: a utility added when a package matches (issue interactions, linkage synergies)."`
	Reservation SpecReservation               `json:"reservation" yaml:"reservation" doc:"Utility of no deal (escalation)."`
	Types       []SpecType                    `json:"types,omitempty" yaml:"types,omitempty" doc:"Private types; each may override weights, values, terms and the reservation value."`
}

// SpecType is a private type of a party.
type SpecType struct {
	ID          string                        `json:"id" yaml:"id" doc:"Identifier, e.g. the scenario actor's type id."`
	Label       string                        `json:"label" yaml:"label" doc:"Human label."`
	Description string                        `json:"description,omitempty" yaml:"description,omitempty"`
	Refs        []string                      `json:"refs,omitempty" yaml:"refs,omitempty"`
	Weights     map[string]float64            `json:"weights,omitempty" yaml:"weights,omitempty" doc:"Weights that override the party's."`
	Values      map[string]map[string]float64 `json:"values,omitempty" yaml:"values,omitempty" doc:"Option values that override the party's."`
	Terms       []SpecTerm                    `json:"terms,omitempty" yaml:"terms,omitempty" doc:"Terms added to the party's."`
	Reservation *SpecReservation              `json:"reservation,omitempty" yaml:"reservation,omitempty" doc:"Reservation value that overrides the party's."`
}

// SpecTerm is a hyper-rectangle utility term: Value is added to the
// party's utility for every package whose option on each listed issue is
// one of the listed options.
type SpecTerm struct {
	Label      string              `json:"label" yaml:"label" doc:"What the term stands for."`
	When       map[string][]string `json:"when" yaml:"when" doc:"Issue → options; the term applies when every listed issue takes one of its options."`
	Value      float64             `json:"value" yaml:"value" doc:"Utility added (may be negative)."`
	Provenance string              `json:"provenance,omitempty" yaml:"provenance,omitempty" doc:"assumption, claim or literature."`
	Refs       []string            `json:"refs,omitempty" yaml:"refs,omitempty"`
}

// SpecReservation is a party's utility of no deal.
type SpecReservation struct {
	Value      float64   `json:"value,omitempty" yaml:"value,omitempty" doc:"The value, on the 0–1 utility scale."`
	Param      string    `json:"param,omitempty" yaml:"param,omitempty" doc:"A parameter giving the value (overrides value)."`
	Range      []float64 `json:"range,omitempty" yaml:"range,omitempty" doc:"Plausible [low, high] interval."`
	Provenance string    `json:"provenance,omitempty" yaml:"provenance,omitempty" doc:"assumption, claim, literature or game."`
	Refs       []string  `json:"refs,omitempty" yaml:"refs,omitempty"`
	Note       string    `json:"note,omitempty" yaml:"note,omitempty"`
	FromGame   *GameRef  `json:"from_game,omitempty" yaml:"from_game,omitempty" doc:"Take the value from the crisis game: the equilibrium value of no deal for this actor-type, rescaled to 0–1, when the caller supplies it."`
}

// GameRef names an actor-type of the crisis game.
type GameRef struct {
	Actor string `json:"actor" yaml:"actor" doc:"Actor id in the crisis game."`
	Type  string `json:"type,omitempty" yaml:"type,omitempty" doc:"Type id (default: the negotiation party's current type)."`
}

// SpecWinSet is a domestic ratification constraint of one party.
type SpecWinSet struct {
	Party      string                `json:"party" yaml:"party" doc:"Party whose domestic audience ratifies."`
	Label      string                `json:"label" yaml:"label" doc:"Who ratifies and why."`
	Refs       []string              `json:"refs,omitempty" yaml:"refs,omitempty"`
	Provenance string                `json:"provenance,omitempty" yaml:"provenance,omitempty" doc:"assumption, claim or literature."`
	Types      []string              `json:"types,omitempty" yaml:"types,omitempty" doc:"Types of the party the constraint applies to (all when empty)."`
	Forbid     map[string][]string   `json:"forbid,omitempty" yaml:"forbid,omitempty" doc:"Issue → options the audience rejects outright (red lines)."`
	RequireAny []map[string][]string `json:"require_any,omitempty" yaml:"require_any,omitempty" doc:"The package must match at least one of these (issue → options, all listed issues) clauses, e.g. a visibly tough deal."`
	Threshold  *SpecThreshold        `json:"threshold,omitempty" yaml:"threshold,omitempty" doc:"The party's utility must reach base + Σ coef·parameter (polls, polarisation)."`
}

// SpecThreshold is a ratification threshold driven by parameters.
type SpecThreshold struct {
	Base  float64    `json:"base" yaml:"base" doc:"Threshold with every driver at zero."`
	Terms []SpecCoef `json:"terms,omitempty" yaml:"terms,omitempty" doc:"Drivers: each adds coef × parameter."`
	Note  string     `json:"note,omitempty" yaml:"note,omitempty"`
}

// SpecCoef is one driver of a threshold.
type SpecCoef struct {
	Param string  `json:"param" yaml:"param" doc:"Parameter id."`
	Coef  float64 `json:"coef" yaml:"coef" doc:"Weight of the parameter."`
}

// SpecAgenda is a named partial agenda.
type SpecAgenda struct {
	ID     string   `json:"id" yaml:"id" doc:"Identifier."`
	Label  string   `json:"label" yaml:"label" doc:"Human label."`
	Issues []string `json:"issues" yaml:"issues" doc:"Issues on the table; the others stay at their status quo."`
	Refs   []string `json:"refs,omitempty" yaml:"refs,omitempty"`
	Note   string   `json:"note,omitempty" yaml:"note,omitempty"`
}

// SpecProtocol holds defaults for simulated negotiations.
type SpecProtocol struct {
	Steps  int      `json:"steps,omitempty" yaml:"steps,omitempty" doc:"Deadline in steps (default 100)."`
	Agents []string `json:"agents,omitempty" yaml:"agents,omitempty" doc:"Agents, one per party, by name (e.g. Boulware, Conceder, MiCRO)."`
}

// GameValue is the crisis game's equilibrium value of no deal for an
// actor-type, with the range of that actor-type's payoffs used to rescale
// it to the negotiation's 0–1 utility scale: r = (Value − Min)/(Max − Min).
type GameValue struct {
	Value, Min, Max float64
}

// Rescaled is the value on the 0–1 scale (clipped).
func (g GameValue) Rescaled() float64 {
	if g.Max <= g.Min {
		return clip01(g.Value)
	}
	return clip01((g.Value - g.Min) / (g.Max - g.Min))
}

// BuildOptions select a point of the specification's uncertainty.
type BuildOptions struct {
	// Types picks each party's type (party id → type id); a party with
	// types and no choice uses its first type.
	Types map[string]string
	// Values override parameter defaults (also parameters defined
	// elsewhere in the scenario, referenced by id).
	Values map[string]float64
	// GameValues are the crisis game's no-deal values keyed "actor/type"
	// (or "actor"), used by reservations with from_game.
	GameValues map[string]GameValue
}

// Validate checks the specification; errors name the offending path.
func (s *Spec) Validate() error {
	var errs []string
	add := func(path, f string, a ...any) { errs = append(errs, path+": "+fmt.Sprintf(f, a...)) }
	if len(s.Issues) == 0 {
		add("$.issues", "at least one issue is needed")
	}
	if len(s.Parties) < 2 {
		add("$.parties", "at least two parties are needed")
	}
	issues := map[string]map[string]bool{}
	for i, is := range s.Issues {
		p := fmt.Sprintf("$.issues[%d]", i)
		if is.ID == "" {
			add(p, "missing id")
		}
		if issues[is.ID] != nil {
			add(p, "duplicate issue id %q", is.ID)
		}
		opts := map[string]bool{}
		if len(is.Options) == 0 {
			add(p+".options", "at least one option is needed")
		}
		for j, o := range is.Options {
			if o.ID == "" {
				add(fmt.Sprintf("%s.options[%d]", p, j), "missing id")
			}
			if opts[o.ID] {
				add(fmt.Sprintf("%s.options[%d]", p, j), "duplicate option %q", o.ID)
			}
			opts[o.ID] = true
		}
		if is.StatusQuo != "" && !opts[is.StatusQuo] {
			add(p+".status_quo", "unknown option %q", is.StatusQuo)
		}
		issues[is.ID] = opts
	}
	params := map[string]bool{}
	for i, pa := range s.Parameters {
		p := fmt.Sprintf("$.parameters[%d]", i)
		if pa.ID == "" {
			add(p, "missing id")
		}
		if params[pa.ID] {
			add(p, "duplicate parameter %q", pa.ID)
		}
		params[pa.ID] = true
		if len(pa.Range) != 0 && (len(pa.Range) != 2 || pa.Range[0] > pa.Range[1]) {
			add(p+".range", "must be [low, high]")
		}
		if !finite(pa.Default) {
			add(p+".default", "must be finite")
		}
	}
	checkSel := func(path string, m map[string][]string) {
		for is, os := range m {
			opts, ok := issues[is]
			if !ok {
				add(path, "unknown issue %q", is)
				continue
			}
			if len(os) == 0 {
				add(path+"."+is, "no options listed")
			}
			for _, o := range os {
				if !opts[o] {
					add(path+"."+is, "unknown option %q", o)
				}
			}
		}
	}
	checkPref := func(path string, w map[string]float64, v map[string]map[string]float64, terms []SpecTerm) {
		for is, x := range w {
			if issues[is] == nil {
				add(path+".weights", "unknown issue %q", is)
			}
			if !finite(x) {
				add(path+".weights."+is, "must be finite")
			}
		}
		for is, m := range v {
			if issues[is] == nil {
				add(path+".values", "unknown issue %q", is)
				continue
			}
			for o, x := range m {
				if !issues[is][o] {
					add(path+".values."+is, "unknown option %q", o)
				}
				if !finite(x) {
					add(path+".values."+is+"."+o, "must be finite")
				}
			}
		}
		for k, t := range terms {
			tp := fmt.Sprintf("%s.terms[%d]", path, k)
			if len(t.When) == 0 {
				add(tp+".when", "a term needs a condition")
			}
			checkSel(tp+".when", t.When)
			if !finite(t.Value) {
				add(tp+".value", "must be finite")
			}
		}
	}
	checkRes := func(path string, r *SpecReservation) {
		if len(r.Range) != 0 && (len(r.Range) != 2 || r.Range[0] > r.Range[1]) {
			add(path+".range", "must be [low, high]")
		}
		if !finite(r.Value) {
			add(path+".value", "must be finite")
		}
		if r.FromGame != nil && r.FromGame.Actor == "" {
			add(path+".from_game.actor", "missing")
		}
	}
	parties := map[string]*SpecParty{}
	for i := range s.Parties {
		pt := &s.Parties[i]
		p := fmt.Sprintf("$.parties[%d]", i)
		if pt.ID == "" {
			add(p, "missing id")
		}
		if parties[pt.ID] != nil {
			add(p, "duplicate party %q", pt.ID)
		}
		parties[pt.ID] = pt
		checkPref(p, pt.Weights, pt.Values, pt.Terms)
		checkRes(p+".reservation", &pt.Reservation)
		types := map[string]bool{}
		for j := range pt.Types {
			ty := &pt.Types[j]
			tp := fmt.Sprintf("%s.types[%d]", p, j)
			if ty.ID == "" || types[ty.ID] {
				add(tp, "missing or duplicate id %q", ty.ID)
			}
			types[ty.ID] = true
			checkPref(tp, ty.Weights, ty.Values, ty.Terms)
			if ty.Reservation != nil {
				checkRes(tp+".reservation", ty.Reservation)
			}
		}
	}
	for i, w := range s.Ratification {
		p := fmt.Sprintf("$.ratification[%d]", i)
		pt := parties[w.Party]
		if pt == nil {
			add(p+".party", "unknown party %q", w.Party)
		} else {
			for _, t := range w.Types {
				if !slices.ContainsFunc(pt.Types, func(x SpecType) bool { return x.ID == t }) {
					add(p+".types", "party %q has no type %q", w.Party, t)
				}
			}
		}
		checkSel(p+".forbid", w.Forbid)
		for j, c := range w.RequireAny {
			checkSel(fmt.Sprintf("%s.require_any[%d]", p, j), c)
		}
		if w.Threshold != nil {
			for j, c := range w.Threshold.Terms {
				if c.Param == "" {
					add(fmt.Sprintf("%s.threshold.terms[%d].param", p, j), "missing")
				}
			}
		}
	}
	ag := map[string]bool{}
	for i, a := range s.Agendas {
		p := fmt.Sprintf("$.agendas[%d]", i)
		if a.ID == "" || ag[a.ID] {
			add(p, "missing or duplicate id %q", a.ID)
		}
		ag[a.ID] = true
		if len(a.Issues) == 0 {
			add(p+".issues", "at least one issue is needed")
		}
		for _, is := range a.Issues {
			if issues[is] == nil {
				add(p+".issues", "unknown issue %q", is)
			}
		}
	}
	if s.Protocol != nil && len(s.Protocol.Agents) != 0 && len(s.Protocol.Agents) != len(s.Parties) {
		add("$.protocol.agents", "one agent per party is needed")
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// Domain returns the package domain of the specification (issue ids as
// names, option ids as values).
func (s *Spec) Domain() *Domain {
	d := &Domain{Name: s.Title}
	for _, is := range s.Issues {
		x := Issue{Name: is.ID, Kind: Discrete}
		for _, o := range is.Options {
			x.Values = append(x.Values, o.ID)
		}
		d.Issues = append(d.Issues, x)
	}
	return d
}

// param resolves a parameter value.
func (s *Spec) param(id string, vals map[string]float64) (float64, error) {
	if v, ok := vals[id]; ok {
		return v, nil
	}
	for _, p := range s.Parameters {
		if p.ID == id {
			return p.Default, nil
		}
	}
	return 0, fmt.Errorf("unknown parameter %q", id)
}

// partyType returns the chosen type of party p (nil if it has none).
func (s *Spec) partyType(p *SpecParty, types map[string]string) (*SpecType, error) {
	if len(p.Types) == 0 {
		if t, ok := types[p.ID]; ok && t != "" {
			return nil, fmt.Errorf("party %q has no types (asked for %q)", p.ID, t)
		}
		return nil, nil
	}
	want, ok := types[p.ID]
	if !ok || want == "" {
		return &p.Types[0], nil
	}
	for i := range p.Types {
		if p.Types[i].ID == want {
			return &p.Types[i], nil
		}
	}
	return nil, fmt.Errorf("party %q has no type %q", p.ID, want)
}

// Reservation describes where a party's reservation value came from.
type Reservation struct {
	Party      string    `json:"party"`
	Type       string    `json:"type,omitempty"`
	Value      float64   `json:"value"`
	Source     string    `json:"source"` // "assumption", "parameter <id>", "game <actor/type>"
	Range      []float64 `json:"range,omitempty"`
	Provenance string    `json:"provenance,omitempty"`
	Refs       []string  `json:"refs,omitempty"`
}

// Build turns the specification into a domain and one profile per party
// for the chosen types and parameter values.
func (s *Spec) Build(opt BuildOptions) (*Domain, []*Profile, []Reservation, error) {
	if err := s.Validate(); err != nil {
		return nil, nil, nil, err
	}
	d := s.Domain()
	var profiles []*Profile
	var res []Reservation
	for i := range s.Parties {
		pt := &s.Parties[i]
		ty, err := s.partyType(pt, opt.Types)
		if err != nil {
			return nil, nil, nil, err
		}
		p := &Profile{Name: pt.ID, Discount: 1, Weights: make([]float64, len(s.Issues)), Evaluators: make([]Evaluator, len(s.Issues))}
		for k, is := range s.Issues {
			w := pt.Weights[is.ID]
			if ty != nil {
				if x, ok := ty.Weights[is.ID]; ok {
					w = x
				}
			}
			p.Weights[k] = w
			t := make([]float64, len(is.Options))
			for j, o := range is.Options {
				t[j] = pt.Values[is.ID][o.ID]
				if ty != nil {
					if x, ok := ty.Values[is.ID][o.ID]; ok {
						t[j] = x
					}
				}
			}
			p.Evaluators[k] = Evaluator{Kind: EvalTable, Table: t}
		}
		terms := append([]SpecTerm(nil), pt.Terms...)
		if ty != nil {
			terms = append(terms, ty.Terms...)
		}
		for _, t := range terms {
			p.Rects = append(p.Rects, s.termRects(t)...)
		}
		rs := pt.Reservation
		tyID := ""
		if ty != nil {
			tyID = ty.ID
			if ty.Reservation != nil {
				rs = *ty.Reservation
			}
		}
		r := Reservation{Party: pt.ID, Type: tyID, Value: rs.Value, Source: "assumption", Range: rs.Range, Provenance: rs.Provenance, Refs: rs.Refs}
		if r.Provenance != "" && r.Provenance != "assumption" {
			r.Source = r.Provenance
		}
		if rs.Param != "" {
			v, err := s.param(rs.Param, opt.Values)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("party %q reservation: %w", pt.ID, err)
			}
			r.Value, r.Source = v, "parameter "+rs.Param
		}
		if g := rs.FromGame; g != nil {
			gt := g.Type
			if gt == "" {
				gt = tyID
			}
			key := g.Actor
			if gt != "" {
				key += "/" + gt
			}
			if gv, ok := opt.GameValues[key]; ok {
				r.Value, r.Source, r.Provenance = gv.Rescaled(), "game "+key, "game"
			} else if gv, ok := opt.GameValues[g.Actor]; ok {
				r.Value, r.Source, r.Provenance = gv.Rescaled(), "game "+g.Actor, "game"
			}
		}
		p.Reservation = r.Value
		profiles = append(profiles, p)
		res = append(res, r)
	}
	return d, profiles, res, nil
}

// termRects turns a term into hyper-rectangles: one per combination of
// contiguous runs of the listed options (usually one).
func (s *Spec) termRects(t SpecTerm) []Rect {
	type run struct{ issue, lo, hi int }
	var perIssue [][]run
	keys := make([]string, 0, len(t.When))
	for k := range t.When {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, is := range keys {
		k := slices.IndexFunc(s.Issues, func(x SpecIssue) bool { return x.ID == is })
		if k < 0 {
			continue
		}
		var idx []int
		for _, o := range t.When[is] {
			if j := slices.IndexFunc(s.Issues[k].Options, func(x SpecOption) bool { return x.ID == o }); j >= 0 {
				idx = append(idx, j)
			}
		}
		sort.Ints(idx)
		idx = slices.Compact(idx)
		var runs []run
		for _, j := range idx {
			if n := len(runs); n > 0 && runs[n-1].hi == j-1 {
				runs[n-1].hi = j
				continue
			}
			runs = append(runs, run{k, j, j})
		}
		perIssue = append(perIssue, runs)
	}
	var out []Rect
	var rec func(i int, bounds []Bound)
	rec = func(i int, bounds []Bound) {
		if i == len(perIssue) {
			out = append(out, Rect{Utility: t.Value, Bounds: slices.Clone(bounds)})
			return
		}
		for _, r := range perIssue[i] {
			rec(i+1, append(bounds, Bound{Issue: r.issue, Lo: r.lo, Hi: r.hi}))
		}
	}
	rec(0, nil)
	return out
}

// winSet is a compiled ratification constraint.
type winSet struct {
	party     int
	label     string
	forbid    [][]bool   // [issue][option] forbidden
	any       [][][]bool // clauses: [clause][issue][option] allowed (nil issue: any)
	threshold float64    // -Inf when none
	spec      *SpecWinSet
}

func (w *winSet) admits(o []int, u float64) bool {
	for i, f := range w.forbid {
		if f != nil && f[o[i]] {
			return false
		}
	}
	if len(w.any) > 0 {
		ok := false
		for _, c := range w.any {
			match := true
			for i, allowed := range c {
				if allowed != nil && !allowed[o[i]] {
					match = false
					break
				}
			}
			if match {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return u >= w.threshold
}

// winSets compiles the ratification constraints that apply to the chosen
// types.
func (s *Spec) winSets(opt BuildOptions) ([]*winSet, error) {
	var out []*winSet
	sel := func(m map[string][]string) [][]bool {
		r := make([][]bool, len(s.Issues))
		for k, is := range s.Issues {
			os, ok := m[is.ID]
			if !ok {
				continue
			}
			r[k] = make([]bool, len(is.Options))
			for j, o := range is.Options {
				r[k][j] = slices.Contains(os, o.ID)
			}
		}
		return r
	}
	for i := range s.Ratification {
		w := &s.Ratification[i]
		pi := slices.IndexFunc(s.Parties, func(p SpecParty) bool { return p.ID == w.Party })
		if pi < 0 {
			return nil, fmt.Errorf("ratification: unknown party %q", w.Party)
		}
		if len(w.Types) > 0 {
			ty, err := s.partyType(&s.Parties[pi], opt.Types)
			if err != nil {
				return nil, err
			}
			if ty == nil || !slices.Contains(w.Types, ty.ID) {
				continue
			}
		}
		ws := &winSet{party: pi, label: w.Label, threshold: math.Inf(-1), spec: w}
		if len(w.Forbid) > 0 {
			ws.forbid = sel(w.Forbid)
		}
		for _, c := range w.RequireAny {
			ws.any = append(ws.any, sel(c))
		}
		if w.Threshold != nil {
			th := w.Threshold.Base
			for _, c := range w.Threshold.Terms {
				v, err := s.param(c.Param, opt.Values)
				if err != nil {
					return nil, fmt.Errorf("ratification %q threshold: %w", w.Label, err)
				}
				th += c.Coef * v
			}
			ws.threshold = th
		}
		out = append(out, ws)
	}
	return out, nil
}

// TypeProfiles lists every combination of party types (party id → type
// id), in order.
func (s *Spec) TypeProfiles() []map[string]string {
	out := []map[string]string{{}}
	for _, p := range s.Parties {
		if len(p.Types) == 0 {
			continue
		}
		var next []map[string]string
		for _, m := range out {
			for _, t := range p.Types {
				c := map[string]string{}
				for k, v := range m {
					c[k] = v
				}
				c[p.ID] = t.ID
				next = append(next, c)
			}
		}
		out = next
	}
	return out
}
