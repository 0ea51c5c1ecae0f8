package scenario

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// MaxObservations bounds the observations one analysis applies.
const MaxObservations = 10_000

// Observation is a dated, sourced piece of evidence of one of three kinds:
//
//   - an observed move: Move is a history prefix, the moves played from the
//     root in order, each "move=action" (e.g. ["d=Hard", "r=P"]);
//   - a signpost: Signpost names a declared signpost and Occurred says
//     whether its event happened (default true);
//   - a parameter measurement: Parameter names a parameter and Value (with
//     SD, a normal measurement error) replaces its distribution, or Range
//     narrows it to [low, high] (uniform there).
type Observation struct {
	ID        string    `json:"id,omitempty" yaml:"id,omitempty" doc:"Identifier; default DATE-KIND-TARGET, e.g. 2025-12-07-signpost-intel_agreement."`
	Date      string    `json:"date" yaml:"date" doc:"When the evidence became known, YYYY-MM-DD."`
	Source    string    `json:"source" yaml:"source" doc:"Where it comes from: a URL or a citation."`
	Note      string    `json:"note,omitempty" yaml:"note,omitempty"`
	Move      []string  `json:"move,omitempty" yaml:"move,omitempty" doc:"Observed moves: a history prefix from the root, each move=action, e.g. [d=Hard, r=P]."`
	Signpost  string    `json:"signpost,omitempty" yaml:"signpost,omitempty" doc:"A declared signpost whose event was (or was not) observed."`
	Occurred  *bool     `json:"occurred,omitempty" yaml:"occurred,omitempty" doc:"Whether the signpost's event occurred (default true)."`
	Parameter string    `json:"parameter,omitempty" yaml:"parameter,omitempty" doc:"A parameter measured anew."`
	Value     *float64  `json:"value,omitempty" yaml:"value,omitempty" doc:"The measured value: it becomes the parameter's default (and its distribution normal(value, sd) truncated to the declared range, or fixed without sd)."`
	SD        *float64  `json:"sd,omitempty" yaml:"sd,omitempty" doc:"Standard error of the measured value."`
	Range     []float64 `json:"range,omitempty" yaml:"range,omitempty" doc:"The parameter lies in [low, high]: its distribution becomes uniform there and its default is clamped into it."`
	Given     bool      `json:"given,omitempty" yaml:"given,omitempty" doc:"In a scenario's observations list: this had already happened when the scenario was written, so every analysis of the scenario starts from it (conditions on it), asked or not."`

	at *Error // where the observation was read (File, Line, Col), for errors
}

// WithGiven returns the scenario's given observations (those marked
// given: what had already happened when the scenario was written) followed
// by obs, leaving out of obs any observation that is a given one again
// (the same id, or default id), so that asking for the
// scenario's whole list applies each given fact once.
func (s *Scenario) WithGiven(obs []Observation) []Observation {
	var out []Observation
	for _, o := range s.Observations {
		if o.Given {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		return obs
	}
	given := len(out)
	for _, o := range obs {
		if !slices.ContainsFunc(out[:given], func(g Observation) bool { return g.name() == o.name() }) {
			out = append(out, o)
		}
	}
	return out
}

// name is the observation's id, or the default id it gets.
func (o Observation) name() string {
	if o.ID != "" {
		return o.ID
	}
	return o.defaultID()
}

// Observation kinds, as Kind returns them.
const (
	KindMove      = "move"
	KindSignpost  = "signpost"
	KindParameter = "parameter"
)

// Kind returns "move", "signpost" or "parameter" (empty when the
// observation is none or several of them).
func (o Observation) Kind() string {
	var kinds []string
	if len(o.Move) > 0 {
		kinds = append(kinds, KindMove)
	}
	if o.Signpost != "" {
		kinds = append(kinds, KindSignpost)
	}
	if o.Parameter != "" {
		kinds = append(kinds, KindParameter)
	}
	if len(kinds) != 1 {
		return ""
	}
	return kinds[0]
}

// Happened reports whether a signpost's event occurred (true unless
// Occurred says otherwise).
func (o Observation) Happened() bool { return o.Occurred == nil || *o.Occurred }

// Step is one element of an observed move: a move and the action taken.
type Step struct{ Move, Action string }

// Steps splits the observed moves into (move, action) pairs.
func (o Observation) Steps() ([]Step, error) {
	out := make([]Step, len(o.Move))
	for i, s := range o.Move {
		mv, act, ok := strings.Cut(s, "=")
		mv, act = strings.TrimSpace(mv), strings.TrimSpace(act)
		if !ok || mv == "" || act == "" {
			return nil, fmt.Errorf("move[%d] %q: expected move=action, e.g. d=Hard", i, s)
		}
		out[i] = Step{mv, act}
	}
	return out, nil
}

// ParseObservations reads observations from YAML or JSON: a list of
// observations, or a mapping whose only key is "observations". Unknown
// keys are errors; errors name file:line:col. The observations are checked
// on their own (dates, one kind each, numbers); Model.CheckObservations
// checks them against a scenario.
func ParseObservations(filename string, data []byte) ([]Observation, error) {
	if len(data) > MaxFileSize {
		return nil, &Error{File: filename, Msg: fmt.Sprintf("file is %d bytes; the limit is %d", len(data), MaxFileSize)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{File: filename, Line: 1, Col: 1, Msg: "empty file: expected a list of observations (or a mapping with an observations key)"}
	}
	file, err := parseBytes(data)
	if err != nil {
		return nil, yamlError(filename, err)
	}
	if len(file.Docs) != 1 {
		return nil, &Error{File: filename, Line: 1, Col: 1, Msg: fmt.Sprintf("expected one document, found %d", len(file.Docs))}
	}
	body := file.Docs[0].Body
	if m, ok := body.(*ast.MappingNode); ok {
		if len(m.Values) != 1 || m.Values[0].Key.GetToken().Value != "observations" {
			pos := position(body)
			return nil, &Error{File: filename, Line: pos[0], Col: pos[1], Msg: "expected a list of observations or a mapping with the single key observations"}
		}
		body = m.Values[0].Value
	}
	seq, ok := body.(*ast.SequenceNode)
	if !ok {
		pos := position(body)
		return nil, &Error{File: filename, Line: pos[0], Col: pos[1], Msg: fmt.Sprintf("expected a list of observations, found %s", describe(body))}
	}
	if len(seq.Values) > MaxObservations {
		return nil, &Error{File: filename, Line: 1, Col: 1, Msg: fmt.Sprintf("%d observations; the limit is %d", len(seq.Values), MaxObservations)}
	}
	var errs ErrorList
	checkKeys(filename, seq, reflect.TypeOf([]Observation{}), "$.observations", &errs)
	if len(errs) > 0 {
		return nil, errs.sorted()
	}
	obs := make([]Observation, len(seq.Values))
	for i, n := range seq.Values {
		if err := decodeNode(n, &obs[i]); err != nil {
			return nil, yamlError(filename, err)
		}
		pos := position(n)
		obs[i].at = &Error{File: filename, Line: pos[0], Col: pos[1]}
		if err := obs[i].check(); err != nil {
			errs = append(errs, obs[i].errorf("%v", err))
		}
	}
	if len(errs) > 0 {
		return nil, errs.sorted()
	}
	return obs, nil
}

// errorf builds an Error about the observation, located where it was read.
func (o Observation) errorf(format string, args ...any) *Error {
	e := &Error{Msg: fmt.Sprintf(format, args...)}
	if o.at != nil {
		e.File, e.Line, e.Col, e.Path = o.at.File, o.at.Line, o.at.Col, o.at.Path
	}
	name := o.ID
	if name == "" {
		name = o.defaultID()
	}
	e.Msg = "observation " + name + ": " + e.Msg
	return e
}

// check validates what needs no scenario: the date, the source, one kind,
// and the numbers.
func (o Observation) check() error {
	if o.Date == "" {
		return fmt.Errorf("missing date (YYYY-MM-DD)")
	}
	if _, err := time.Parse(time.DateOnly, o.Date); err != nil {
		return fmt.Errorf("date %q is not a calendar date YYYY-MM-DD", o.Date)
	}
	if strings.TrimSpace(o.Source) == "" {
		return fmt.Errorf("missing source: a URL or a citation of where the evidence comes from")
	}
	kind := o.Kind()
	if kind == "" {
		return fmt.Errorf("needs exactly one of move, signpost or parameter")
	}
	if o.Occurred != nil && kind != KindSignpost {
		return fmt.Errorf("occurred applies to signposts only")
	}
	if kind != KindParameter && (o.Value != nil || o.SD != nil || o.Range != nil) {
		return fmt.Errorf("value, sd and range apply to parameter observations only")
	}
	switch kind {
	case KindMove:
		_, err := o.Steps()
		return err
	case KindParameter:
		return o.checkMeasure()
	}
	return nil
}

func (o Observation) checkMeasure() error {
	switch {
	case o.Value == nil && o.Range == nil:
		return fmt.Errorf("parameter %s: give the new value (with sd) or a range [low, high]", o.Parameter)
	case o.Value != nil && o.Range != nil:
		return fmt.Errorf("parameter %s: give either a value (with sd) or a range, not both", o.Parameter)
	case o.Range != nil && (len(o.Range) != 2 || !finite(o.Range...) || o.Range[0] > o.Range[1]):
		return fmt.Errorf("parameter %s: range must be [low, high] with finite low <= high", o.Parameter)
	case o.Value != nil && !finite(*o.Value):
		return fmt.Errorf("parameter %s: value %v is not a finite number", o.Parameter, *o.Value)
	case o.SD != nil && o.Value == nil:
		return fmt.Errorf("parameter %s: sd needs a value", o.Parameter)
	case o.SD != nil && (!finite(*o.SD) || *o.SD <= 0):
		return fmt.Errorf("parameter %s: sd %v must be a positive number", o.Parameter, *o.SD)
	}
	return nil
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// defaultID is DATE-KIND-TARGET.
func (o Observation) defaultID() string {
	target := o.Signpost + o.Parameter
	if len(o.Move) > 0 {
		target = strings.NewReplacer("=", "-", " ", "").Replace(strings.Join(o.Move, "-"))
	}
	return o.Date + "-" + o.Kind() + "-" + target
}

// CheckObservations validates observations against the model and returns
// them canonical: sorted by date then id, ids and Occurred filled in, move
// steps written move=action. Errors (an ErrorList) name the observation and,
// when it was read from a file, its file:line:col: an unknown signpost or
// parameter, an impossible move given the history, observed moves that
// contradict each other, a signpost observed both to occur and not, an event whose
// likelihood is 0 (or 1, for its absence) under every history, a value
// outside a parameter's declared range.
func (m *Model) CheckObservations(obs []Observation) ([]Observation, error) {
	if len(obs) > MaxObservations {
		return nil, fmt.Errorf("scenario: %d observations; the limit is %d", len(obs), MaxObservations)
	}
	out := make([]Observation, len(obs))
	var errs ErrorList
	for i, o := range obs {
		if err := o.check(); err != nil {
			errs = append(errs, o.errorf("%v", err))
			continue
		}
		if o.ID == "" {
			o.ID = o.defaultID()
		}
		if o.Kind() == KindSignpost && o.Occurred == nil {
			yes := true
			o.Occurred = &yes
		}
		o.Move = slices.Clone(o.Move)
		o.Range = slices.Clone(o.Range)
		out[i] = o
	}
	if len(errs) > 0 {
		return nil, errs
	}
	slices.SortStableFunc(out, func(a, b Observation) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID))
	})
	ids := map[string]bool{}
	signposts := map[string]*Observation{}
	var facts []Step
	for i := range out {
		o := &out[i]
		if ids[o.ID] {
			errs = append(errs, o.errorf("duplicate observation id"))
			continue
		}
		ids[o.ID] = true
		var err error
		switch o.Kind() {
		case KindMove:
			facts, err = m.checkMove(o, facts)
		case KindSignpost:
			if prev, ok := signposts[o.Signpost]; !ok {
				signposts[o.Signpost] = o
				err = m.checkSignpost(*o)
			} else if prev.Happened() != o.Happened() {
				err = fmt.Errorf("signpost %s contradicts observation %s, which says it %s: a signpost is one event", o.Signpost, prev.ID, occurredText(prev.Happened()))
			}
		case KindParameter:
			err = m.checkParameter(*o)
		}
		if err != nil {
			errs = append(errs, o.errorf("%v", err))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// checkMove checks that o's moves are a history prefix of the game,
// consistent with the moves observed before (facts, each move once: at
// most one per move of the game, however many observations repeat them),
// writes them canonically and returns the facts with o's added.
func (m *Model) checkMove(o *Observation, facts []Step) ([]Step, error) {
	steps, err := o.Steps()
	if err != nil {
		return facts, err
	}
	s := m.Scenario
	for i, st := range steps {
		mi := slices.IndexFunc(s.Moves, func(mv Move) bool { return mv.ID == st.Move })
		if mi < 0 {
			return facts, fmt.Errorf("move[%d]: unknown move %q (moves: %s)", i, st.Move, strings.Join(moveIDs(s), ", "))
		}
		if !slices.ContainsFunc(s.Moves[mi].Actions, func(c Choice) bool { return c.ID == st.Action }) {
			return facts, fmt.Errorf("move[%d]: move %s has no action %q (actions: %s)", i, st.Move, st.Action, strings.Join(actionIDs(s.Moves[mi]), ", "))
		}
		o.Move[i] = st.Move + "=" + st.Action
	}
	if !m.anyLeaf(func(lf Leaf) bool { return isPrefix(s, lf, steps) }) {
		return facts, fmt.Errorf("impossible move given the history: %s", m.whyNotPrefix(steps))
	}
	all := slices.Clone(facts)
	for _, st := range steps {
		if !slices.Contains(all, st) {
			all = append(all, st)
		}
	}
	if len(all) > len(facts) && !m.anyLeaf(func(lf Leaf) bool { return holds(lf, all) }) {
		return facts, fmt.Errorf("the moves %s contradict the moves observed before (%s): no history has them all", strings.Join(o.Move, ", "), stepList(facts))
	}
	return all, nil
}

func (m *Model) anyLeaf(f func(Leaf) bool) bool { return slices.ContainsFunc(m.leaves, f) }

// played lists the moves played at a leaf, in order of play.
func played(s *Scenario, lf Leaf) []Step {
	var out []Step
	for _, mv := range s.Moves {
		if a, ok := lf.History[mv.ID]; ok {
			out = append(out, Step{mv.ID, a})
		}
	}
	return out
}

// isPrefix reports whether the moves played at lf start with steps.
func isPrefix(s *Scenario, lf Leaf, steps []Step) bool {
	p := played(s, lf)
	return len(p) >= len(steps) && slices.Equal(p[:len(steps)], steps)
}

// holds reports whether every step was played at lf.
func holds(lf Leaf, steps []Step) bool {
	for _, st := range steps {
		if a, ok := lf.History[st.Move]; !ok || a != st.Action {
			return false
		}
	}
	return true
}

// whyNotPrefix explains why steps is no history prefix: after the longest
// prefix that is one, which moves may come next.
func (m *Model) whyNotPrefix(steps []Step) string {
	k := 0
	for k < len(steps) && m.anyLeaf(func(lf Leaf) bool { return isPrefix(m.Scenario, lf, steps[:k+1]) }) {
		k++
	}
	next := map[string]bool{}
	ended := false
	for _, lf := range m.leaves {
		if p := played(m.Scenario, lf); isPrefix(m.Scenario, lf, steps[:k]) {
			if len(p) == k {
				ended = true
			} else {
				next[p[k].Move+"="+p[k].Action] = true
			}
		}
	}
	after := "at the start of play"
	if k > 0 {
		after = "after " + stepList(steps[:k])
	}
	opts := slices.Sorted(mapKeys(next))
	if ended && len(opts) == 0 {
		return fmt.Sprintf("%s play has ended, so %s=%s cannot follow", after, steps[k].Move, steps[k].Action)
	}
	return fmt.Sprintf("%s the next step is one of %s, not %s=%s", after, strings.Join(opts, ", "), steps[k].Move, steps[k].Action)
}

func mapKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func stepList(steps []Step) string {
	if len(steps) == 0 {
		return "none"
	}
	parts := make([]string, len(steps))
	for i, st := range steps {
		parts[i] = st.Move + "=" + st.Action
	}
	return strings.Join(parts, ", ")
}

func moveIDs(s *Scenario) []string {
	ids := make([]string, len(s.Moves))
	for i, mv := range s.Moves {
		ids[i] = mv.ID
	}
	return ids
}

func actionIDs(mv Move) []string {
	ids := make([]string, len(mv.Actions))
	for i, a := range mv.Actions {
		ids[i] = a.ID
	}
	return ids
}

func occurredText(yes bool) string {
	if yes {
		return "occurred"
	}
	return "did not occur"
}

// checkSignpost checks that the signpost exists and that what was observed
// is possible: its event has a positive likelihood (its absence a
// likelihood below 1) under some history and in some part of every
// likelihood's range.
func (m *Model) checkSignpost(o Observation) error {
	i := m.Signpost(o.Signpost)
	if i < 0 {
		var ids []string
		for _, sp := range m.Scenario.Signposts {
			ids = append(ids, sp.ID)
		}
		if len(ids) == 0 {
			return fmt.Errorf("unknown signpost %q: the scenario declares no signposts", o.Signpost)
		}
		return fmt.Errorf("unknown signpost %q (signposts: %s)", o.Signpost, strings.Join(ids, ", "))
	}
	sp := m.Scenario.Signposts[i]
	used := map[int]bool{}
	for _, c := range m.signposts[i].leaf {
		used[c] = true
	}
	possible := false
	for j, l := range sp.Likelihoods {
		lo, hi := l.P, l.P
		if len(l.Range) == 2 {
			lo, hi = l.Range[0], l.Range[1]
		}
		if used[j] && (o.Happened() && hi > 0 || !o.Happened() && lo < 1) {
			possible = true
		}
	}
	if !possible && o.Happened() {
		return fmt.Errorf("signpost %s has likelihood 0 under every history: its event cannot occur in the model", sp.ID)
	}
	if !possible {
		return fmt.Errorf("signpost %s has likelihood 1 under every history: its event cannot fail to occur in the model", sp.ID)
	}
	return nil
}

// checkParameter checks a measurement against the parameter's declaration:
// within its declared range, and within [0, 1] for a probability.
func (m *Model) checkParameter(o Observation) error {
	pi := slices.IndexFunc(m.Scenario.Parameters, func(p Param) bool { return p.ID == o.Parameter })
	if pi < 0 {
		return fmt.Errorf("unknown parameter %q (parameters: %s)", o.Parameter, strings.Join(m.params, ", "))
	}
	p := m.Scenario.Parameters[pi]
	lo, hi := math.Inf(-1), math.Inf(1)
	bounds := "its declared range"
	if len(p.Range) == 2 {
		lo, hi = p.Range[0], p.Range[1]
	} else if p.Unit == "probability" {
		lo, hi, bounds = 0, 1, "[0, 1] (a probability)"
	}
	if o.Value != nil && (*o.Value < lo || *o.Value > hi) {
		return fmt.Errorf("parameter %s: value %v lies outside %s [%v, %v]; widen the range in the scenario if the prior was wrong", p.ID, *o.Value, bounds, lo, hi)
	}
	if o.Range != nil && (o.Range[1] < lo || o.Range[0] > hi) {
		return fmt.Errorf("parameter %s: range [%v, %v] does not meet %s [%v, %v]", p.ID, o.Range[0], o.Range[1], bounds, lo, hi)
	}
	return nil
}

// Locate sets where the observation was read, for its errors (used for the
// observations a scenario file carries).
func (o *Observation) locate(e *Error) { o.at = e }

// scenarioObservations checks the observations the scenario carries.
func (c *compiler) scenarioObservations() {
	if len(c.s.Observations) == 0 {
		return
	}
	for i := range c.s.Observations {
		c.s.Observations[i].locate(c.s.errorAt(fmt.Sprintf("$.observations[%d]", i), ""))
	}
	if _, err := c.m.CheckObservations(c.s.Observations); err != nil {
		if l, ok := err.(ErrorList); ok {
			c.errs = append(c.errs, l...)
			return
		}
		c.errorf("$.observations", "%v", err)
	}
}
