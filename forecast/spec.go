package forecast

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/tablero-project/tablero/internal/yamlsafe"
)

// Spec is the `stakeholders:` block of a scenario file: a stakeholder
// table whose every number is a labelled assumption with a plausible range
// and the claims that motivate it.
type Spec struct {
	Title       string          `json:"title,omitempty" yaml:"title,omitempty" doc:"What the table forecasts, e.g. the level of US military involvement in Mexico."`
	Description string          `json:"description,omitempty" yaml:"description,omitempty" doc:"How to read the table and its main caveats."`
	Dimensions  []SpecDimension `json:"dimensions" yaml:"dimensions" doc:"Issue dimensions (scales) on which actors take positions."`
	Actors      []Stakeholder   `json:"actors" yaml:"actors" doc:"Stakeholders with capability and, per dimension, position and salience."`
	Shocks      *Shocks         `json:"shocks,omitempty" yaml:"shocks,omitempty" doc:"Default sensitivity analysis (perturbations of the table)."`
}

// SpecDimension is an issue scale with labelled anchors.
type SpecDimension struct {
	ID          string       `json:"id" yaml:"id" doc:"Identifier referenced by stances."`
	Label       string       `json:"label" yaml:"label" doc:"Human label of the scale."`
	Description string       `json:"description,omitempty" yaml:"description,omitempty"`
	Min         float64      `json:"min" yaml:"min" doc:"Lower end of the scale."`
	Max         float64      `json:"max" yaml:"max" doc:"Upper end of the scale."`
	Anchors     []SpecAnchor `json:"anchors,omitempty" yaml:"anchors,omitempty" doc:"Labelled points of the scale, e.g. operational scenarios."`
	Refs        []string     `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims (ART-n) that motivate the scale."`
}

// SpecAnchor is a labelled point of a scale.
type SpecAnchor struct {
	Value float64  `json:"value" yaml:"value" doc:"Point of the scale."`
	Label string   `json:"label" yaml:"label" doc:"What the point means."`
	Refs  []string `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims that motivate the anchor."`
}

// Stakeholder is one actor of a Spec.
type Stakeholder struct {
	ID          string   `json:"id" yaml:"id" doc:"Identifier."`
	Label       string   `json:"label" yaml:"label" doc:"Human name."`
	Description string   `json:"description,omitempty" yaml:"description,omitempty"`
	Capability  Quantity `json:"capability" yaml:"capability" doc:"Clout, on any positive scale (only ratios matter); 0–100 by convention."`
	Stances     []Stance `json:"stances" yaml:"stances" doc:"Position and salience on each dimension the actor cares about."`
	Veto        bool     `json:"veto,omitempty" yaml:"veto,omitempty" doc:"The actor can block an outcome (reported, not modelled)."`
	Refs        []string `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims that motivate including the actor."`
	Note        string   `json:"note,omitempty" yaml:"note,omitempty" doc:"Why the actor is in the table and how to read its numbers."`
}

// Stance is a stakeholder's position and salience on one dimension.
type Stance struct {
	Dimension string   `json:"dimension" yaml:"dimension" doc:"Dimension id."`
	Position  Quantity `json:"position" yaml:"position" doc:"Preferred point of the scale."`
	Salience  Quantity `json:"salience" yaml:"salience" doc:"How much the actor cares, 0–100; an actor's saliences sum to at most 100."`
}

// Quantity is a number with its plausible range and provenance.
type Quantity struct {
	Value      float64   `json:"value" yaml:"value" doc:"Value used by a point forecast."`
	Range      []float64 `json:"range,omitempty" yaml:"range,omitempty" doc:"Plausible [low, high] interval, sampled by sensitivity analysis."`
	Provenance string    `json:"provenance,omitempty" yaml:"provenance,omitempty" doc:"assumption, claim, literature or data."`
	Refs       []string  `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims (ART-n) whose passages motivate the value."`
	Note       string    `json:"note,omitempty" yaml:"note,omitempty" doc:"Why this value and range."`
}

// Provenance kinds of a Quantity.
var provenances = []string{"assumption", "claim", "literature", "data"}

// LoadSpec reads a Spec from a YAML file: either a document whose
// top-level key `stakeholders` holds the block (a scenario file, or a file
// holding only that key), or a bare Spec. Decoding is strict: unknown keys
// are errors with their line and column.
func LoadSpec(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := ParseSpec(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ParseSpec is LoadSpec on YAML bytes.
func ParseSpec(data []byte) (*Spec, error) {
	if len(data) > maxInput {
		return nil, fmt.Errorf("input larger than %d bytes", maxInput)
	}
	s := new(Spec)
	var body ast.Node
	if err := yamlsafe.Guard(func() (err error) { body, err = decodeSpec(data, s); return err }); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, locate(body, err)
	}
	return s, nil
}

// decodeSpec parses data and decodes into s its stakeholder table: the
// document, or its top-level stakeholders key. It returns the table's
// node, which locates the validation errors.
func decodeSpec(data []byte, s *Spec) (ast.Node, error) {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, errors.New(yaml.FormatError(err, false, false))
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return nil, errors.New("empty document")
	}
	body := f.Docs[0].Body
	if n := stakeholdersNode(body); n != nil {
		body = n
	}
	if err := yaml.NodeToValue(body, s, yaml.Strict()); err != nil {
		return nil, errors.New(yaml.FormatError(err, false, false))
	}
	return body, nil
}

// specError is a validation error at one value of a Spec. Path is the
// value's YAML path from the Spec's root (e.g. $.actors[2].capability.value),
// which ParseSpec turns into a line and column.
type specError struct {
	path string
	err  error
}

func (e *specError) Error() string { return e.err.Error() }
func (e *specError) Unwrap() error { return e.err }

// at attaches a YAML path to err, unless err already has one.
func at(path string, err error) error {
	var se *specError
	if err == nil || errors.As(err, &se) {
		return err
	}
	return &specError{path: path, err: err}
}

// locate prefixes err with the [line:column] of the value it concerns, as
// the YAML library reports decoding errors, when it can find the value in
// the document rooted at body.
func locate(body ast.Node, err error) error {
	var se *specError
	if !errors.As(err, &se) {
		return err
	}
	p, perr := yaml.PathString(se.path)
	if perr != nil {
		return err
	}
	var n ast.Node
	ferr := yamlsafe.Guard(func() (err error) { n, err = p.FilterNode(body); return err })
	if ferr != nil || n == nil || n.GetToken() == nil {
		return err
	}
	pos := n.GetToken().Position
	return fmt.Errorf("[%d:%d] %w", pos.Line, pos.Column, err)
}

// stakeholdersNode returns the value of a top-level `stakeholders` key.
func stakeholdersNode(body ast.Node) ast.Node {
	m, ok := body.(*ast.MappingNode)
	if !ok {
		return nil
	}
	for _, kv := range m.Values {
		if kv.Key != nil && kv.Key.String() == "stakeholders" {
			return kv.Value
		}
	}
	return nil
}

// Validate checks identifiers, references, ranges and provenance.
func (s *Spec) Validate() error {
	if len(s.Dimensions) == 0 {
		return errors.New("stakeholders: no dimensions")
	}
	if len(s.Actors) == 0 {
		return errors.New("stakeholders: no actors")
	}
	dims := map[string]int{}
	for k, d := range s.Dimensions {
		if d.ID == "" {
			return fmt.Errorf("stakeholders: dimension %d has no id", k+1)
		}
		if _, dup := dims[d.ID]; dup {
			return fmt.Errorf("stakeholders: dimension id %q appears twice", d.ID)
		}
		dp := fmt.Sprintf("$.dimensions[%d]", k)
		for _, end := range []struct {
			name string
			v    float64
		}{{"min", d.Min}, {"max", d.Max}} {
			if !finite(end.v) || end.v < -MaxScale || end.v > MaxScale {
				return at(dp+"."+end.name, fmt.Errorf("stakeholders: dimension %q: %s %g is outside [%g, %g]", d.ID, end.name, end.v, -MaxScale, float64(MaxScale)))
			}
		}
		if !(d.Min < d.Max) {
			return at(dp+".max", fmt.Errorf("stakeholders: dimension %q: min %g must be below max %g", d.ID, d.Min, d.Max))
		}
		for j, an := range d.Anchors {
			if !finite(an.Value) {
				return at(fmt.Sprintf("%s.anchors[%d].value", dp, j), fmt.Errorf("stakeholders: dimension %q: anchor %q: value %g is not a number", d.ID, an.Label, an.Value))
			}
		}
		dims[d.ID] = k
	}
	ids, names := map[string]bool{}, map[string]bool{}
	for i, a := range s.Actors {
		ap := fmt.Sprintf("$.actors[%d]", i)
		if a.ID == "" {
			return at(ap, errors.New("stakeholders: an actor has no id"))
		}
		if ids[a.ID] {
			return at(ap+".id", fmt.Errorf("stakeholders: actor id %q appears twice", a.ID))
		}
		ids[a.ID] = true
		name := firstNonEmpty(a.Label, a.ID) // the table's actor name
		if names[name] {
			return at(ap+".label", fmt.Errorf("stakeholders: actor %q: name %q is another actor's", a.ID, name))
		}
		names[name] = true
		if err := s.validateActor(a, dims); err != nil {
			return at(ap, fmt.Errorf("stakeholders: actor %q: %w", a.ID, relative(ap, err)))
		}
	}
	if s.Shocks != nil {
		return s.Shocks.validate()
	}
	return nil
}

// validateActor checks one stakeholder: capability in (0, MaxCapability],
// positions on their dimension's scale, saliences in [0, 100] summing to at
// most 100. Errors carry the YAML path of the value, relative to the actor
// (see relative).
func (s *Spec) validateActor(a Stakeholder, dims map[string]int) error {
	if err := a.Capability.validate("capability", 0, MaxCapability); err != nil {
		return at(".capability", err)
	}
	if !(a.Capability.Value > 0) {
		return at(".capability.value", fmt.Errorf("capability %g must be positive", a.Capability.Value))
	}
	if r := a.Capability.Range; len(r) == 2 && !(r[0] > 0) {
		return at(".capability.range", fmt.Errorf("capability: range %v must be positive", r))
	}
	seen, total := map[string]bool{}, 0.0
	for j, st := range a.Stances {
		sp := fmt.Sprintf(".stances[%d]", j)
		k, ok := dims[st.Dimension]
		if !ok {
			return at(sp+".dimension", fmt.Errorf("stance on unknown dimension %q", st.Dimension))
		}
		if seen[st.Dimension] {
			return at(sp+".dimension", fmt.Errorf("two stances on %q", st.Dimension))
		}
		seen[st.Dimension] = true
		d := s.Dimensions[k]
		if err := st.Position.validate("position on "+d.ID, d.Min, d.Max); err != nil {
			return at(sp+".position", err)
		}
		if err := st.Salience.validate("salience on "+d.ID, 0, 100); err != nil {
			return at(sp+".salience", err)
		}
		total += st.Salience.Value
	}
	if len(a.Stances) == 0 {
		return at(".stances", errors.New("no stances"))
	}
	if total > 100 {
		return at(".stances", fmt.Errorf("saliences sum to %g > 100", total))
	}
	return nil
}

// relative prefixes the path of err, relative to an actor, with the
// actor's path ap.
func relative(ap string, err error) error {
	var se *specError
	if errors.As(err, &se) {
		return &specError{path: ap + se.path, err: se.err}
	}
	return err
}

// validate checks that the value and range lie in [lo, hi] (hi < lo: no
// upper bound) and that the range contains the value.
func (q Quantity) validate(what string, lo, hi float64) error {
	in := func(v float64) bool { return finite(v) && v >= lo && (hi < lo || v <= hi) }
	bounds := fmt.Sprintf("[%g, %g]", lo, hi)
	if hi < lo {
		bounds = fmt.Sprintf("[%g, ∞)", lo)
	}
	if !in(q.Value) {
		return fmt.Errorf("%s: value %g is outside %s", what, q.Value, bounds)
	}
	if q.Range != nil {
		if len(q.Range) != 2 || !in(q.Range[0]) || !in(q.Range[1]) || q.Range[0] > q.Value || q.Value > q.Range[1] {
			return fmt.Errorf("%s: range %v must be [low, high] within %s and contain the value %g", what, q.Range, bounds, q.Value)
		}
	}
	if q.Provenance != "" && !containsFold(provenances, q.Provenance) {
		return fmt.Errorf("%s: provenance %q (want one of %s)", what, q.Provenance, strings.Join(provenances, ", "))
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// Table converts the Spec to a Table: labels become names, saliences are
// divided by 100, and actors without a stance on a dimension are absent
// from it. Ranges carries every stated range, for sensitivity analysis.
func (s *Spec) Table() (*Table, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	t := &Table{Name: s.Title, Description: s.Description}
	for _, d := range s.Dimensions {
		dim := Dimension{Name: firstNonEmpty(d.Label, d.ID), Min: d.Min, Max: d.Max}
		for _, a := range d.Anchors {
			dim.Anchors = append(dim.Anchors, Anchor{Value: a.Value, Label: a.Label})
		}
		t.Dims = append(t.Dims, dim)
	}
	nd := len(s.Dimensions)
	t.Ranges = &Ranges{}
	for _, sa := range s.Actors {
		a := Actor{Name: firstNonEmpty(sa.Label, sa.ID), Description: sa.Description, Capability: sa.Capability.Value,
			Position: make([]float64, nd), Salience: make([]float64, nd), Absent: make([]bool, nd), Veto: sa.Veto}
		ar := ActorRanges{Capability: rangeOf(sa.Capability, 1), Position: make([][2]float64, nd), Salience: make([][2]float64, nd)}
		for d := range a.Absent {
			a.Absent[d] = true
		}
		for _, st := range sa.Stances {
			d := s.dimIndex(st.Dimension)
			a.Position[d], a.Salience[d], a.Absent[d] = st.Position.Value, st.Salience.Value/100, false
			ar.Position[d], ar.Salience[d] = rangeOf(st.Position, 1), rangeOf(st.Salience, 100)
		}
		t.Actors = append(t.Actors, a)
		t.Ranges.Actors = append(t.Ranges.Actors, ar)
	}
	return t, t.Validate()
}

func (s *Spec) dimIndex(id string) int {
	for k, d := range s.Dimensions {
		if d.ID == id {
			return k
		}
	}
	return -1
}

// rangeOf returns the quantity's range divided by scale, or [v, v].
func rangeOf(q Quantity, scale float64) [2]float64 {
	if len(q.Range) == 2 {
		return [2]float64{q.Range[0] / scale, q.Range[1] / scale}
	}
	return [2]float64{q.Value / scale, q.Value / scale}
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
