package forecast

import (
	"errors"
	"fmt"
	"math"
)

// Table is a stakeholder table: actors × dimensions, each cell a position on
// the dimension's scale and a salience, plus one capability per actor.
type Table struct {
	Name        string
	Description string
	Dims        []Dimension
	Actors      []Actor

	// Accommodation is KTAB's ideal-adjustment matrix: row i says how far
	// actor i's ideal point moves toward each actor's current position after
	// every turn. Nil means the identity (ideals track positions).
	Accommodation [][]float64

	// SMP holds the model parameters found in the input (KTAB XML
	// ModelParameters and prngSeed); nil when the input has none.
	SMP *SMPOptions

	// Ranges gives the plausible interval of every number (from a Spec);
	// nil when the input states none.
	Ranges *Ranges
}

// Ranges holds the plausible [low, high] interval of each number of a
// table, on the table's scales (salience on [0,1]).
type Ranges struct {
	Actors []ActorRanges
}

// ActorRanges are the intervals of one actor's numbers; Position and
// Salience have one entry per dimension.
type ActorRanges struct {
	Capability         [2]float64
	Position, Salience [][2]float64
}

// Bounds of the magnitudes a table accepts. Only ratios of capabilities
// matter and models work on (x−Min)/(Max−Min), so the bounds lose nothing a
// stakeholder table means; they keep products such as c·s·Δx and their sums
// over MaxActors actors far from overflow.
const (
	// MaxCapability is the largest capability: capabilities lie in
	// (0, MaxCapability].
	MaxCapability = 1e12
	// MaxScale bounds the ends of issue scales, and so positions:
	// −MaxScale ≤ Min < Max ≤ MaxScale.
	MaxScale = 1e12
)

// checkCapability reports whether c is a valid capability: finite and in
// (0, MaxCapability].
func checkCapability(c float64) error {
	switch {
	case !finite(c):
		return fmt.Errorf("capability %g is not a number", c)
	case c <= 0:
		return fmt.Errorf("capability %g must be positive", c)
	case c > MaxCapability:
		return fmt.Errorf("capability %g exceeds %g (only ratios matter: rescale the column)", c, float64(MaxCapability))
	}
	return nil
}

// Dimension is one issue on which actors take positions.
type Dimension struct {
	Name string
	// Min and Max bound the issue scale, within ±MaxScale; positions lie
	// on it. KTAB's formats use 0–100; the EUM layout uses the range of
	// the data. SMP works on (x−Min)/(Max−Min).
	Min, Max float64
	// Anchors are labelled points of the scale (e.g. operational scenarios).
	Anchors []Anchor
}

// Anchor is a labelled point of an issue scale.
type Anchor struct {
	Value float64
	Label string
}

// Actor is one stakeholder.
type Actor struct {
	Name        string
	Description string
	// Capability is the actor's clout, in (0, MaxCapability]; only ratios
	// matter.
	Capability float64
	// Position and Salience have one entry per dimension. Salience is on
	// [0,1]; KTAB requires its sum over dimensions to be at most 1.
	Position []float64
	Salience []float64
	// Absent marks dimensions on which the actor takes no position (Decide
	// tables are sparse). Nil means present everywhere. Baselines and the EUM
	// skip absent cells; SMP needs a complete table.
	Absent []bool
	// Optional attributes of Bueno de Mesquita's 2011 model, carried through
	// for reports; no model here uses them.
	Flexibility float64
	Veto        bool
	Fixed       bool
}

// Present reports whether the actor takes a position on dimension d.
func (a *Actor) Present(d int) bool {
	return a.Absent == nil || !a.Absent[d]
}

// Limits caps the size of the work a model may do; zero fields take the
// defaults of DefaultLimits.
type Limits struct {
	MaxActors int `json:"max_actors,omitempty"` // actors in a table
	MaxDims   int `json:"max_dims,omitempty"`   // dimensions in a table
	MaxRounds int `json:"max_rounds,omitempty"` // EUM rounds or SMP turns
	MaxDraws  int `json:"max_draws,omitempty"`  // sensitivity draws
}

// DefaultLimits are the limits used when a field of Limits is zero.
var DefaultLimits = Limits{MaxActors: 1000, MaxDims: 100, MaxRounds: 1000, MaxDraws: 100000}

func (l Limits) orDefault() Limits {
	if l.MaxActors <= 0 {
		l.MaxActors = DefaultLimits.MaxActors
	}
	if l.MaxDims <= 0 {
		l.MaxDims = DefaultLimits.MaxDims
	}
	if l.MaxRounds <= 0 {
		l.MaxRounds = DefaultLimits.MaxRounds
	}
	if l.MaxDraws <= 0 {
		l.MaxDraws = DefaultLimits.MaxDraws
	}
	return l
}

// ErrBudget is wrapped by errors returned when a table or a run exceeds
// its Limits.
var ErrBudget = errors.New("forecast: size budget exceeded")

// checkSize returns an ErrBudget error when t exceeds l.
func (t *Table) checkSize(l Limits) error {
	l = l.orDefault()
	if len(t.Actors) > l.MaxActors {
		return fmt.Errorf("%w: %d actors, limit %d", ErrBudget, len(t.Actors), l.MaxActors)
	}
	if len(t.Dims) > l.MaxDims {
		return fmt.Errorf("%w: %d dimensions, limit %d", ErrBudget, len(t.Dims), l.MaxDims)
	}
	return nil
}

// Validate checks the shape of the table and the range of every number:
// scales within ±MaxScale, capabilities in (0, MaxCapability], positions
// on their dimension's scale, saliences in [0, 1].
func (t *Table) Validate() error {
	if len(t.Dims) == 0 {
		return errors.New("forecast: table has no dimensions")
	}
	if len(t.Actors) == 0 {
		return errors.New("forecast: table has no actors")
	}
	for d, dim := range t.Dims {
		if !finite(dim.Min) || !finite(dim.Max) || !(dim.Min < dim.Max) {
			return fmt.Errorf("forecast: dimension %d (%q): scale [%g, %g] is not an interval", d+1, dim.Name, dim.Min, dim.Max)
		}
		if math.Abs(dim.Min) > MaxScale || math.Abs(dim.Max) > MaxScale {
			return fmt.Errorf("forecast: dimension %d (%q): scale [%g, %g] exceeds [%g, %g]", d+1, dim.Name, dim.Min, dim.Max, -MaxScale, MaxScale)
		}
	}
	names := make(map[string]bool, len(t.Actors))
	for i := range t.Actors {
		if err := t.validateActor(i); err != nil {
			return err
		}
		if names[t.Actors[i].Name] {
			return fmt.Errorf("forecast: actor %q appears twice", t.Actors[i].Name)
		}
		names[t.Actors[i].Name] = true
	}
	if t.Ranges != nil && len(t.Ranges.Actors) != len(t.Actors) {
		return fmt.Errorf("forecast: ranges for %d actors in a table of %d", len(t.Ranges.Actors), len(t.Actors))
	}
	return t.validateAccommodation()
}

func (t *Table) validateActor(i int) error {
	a := &t.Actors[i]
	where := fmt.Sprintf("forecast: actor %d (%q)", i+1, a.Name)
	nd := len(t.Dims)
	if a.Name == "" {
		return fmt.Errorf("%s: empty name", where)
	}
	if len(a.Position) != nd || len(a.Salience) != nd || (a.Absent != nil && len(a.Absent) != nd) {
		return fmt.Errorf("%s: %d positions and %d saliences for %d dimensions", where, len(a.Position), len(a.Salience), nd)
	}
	if err := checkCapability(a.Capability); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	for d := range nd {
		if !a.Present(d) {
			continue
		}
		dim := &t.Dims[d]
		if !finite(a.Position[d]) {
			return fmt.Errorf("%s: position on %q is not a number", where, dim.Name)
		}
		if p := a.Position[d]; p < dim.Min || p > dim.Max {
			return fmt.Errorf("%s: position %g on %q is outside the scale [%g, %g]", where, p, dim.Name, dim.Min, dim.Max)
		}
		if s := a.Salience[d]; !finite(s) || s < 0 || s > 1 {
			return fmt.Errorf("%s: salience %g on %q is outside [0, 1]", where, s, t.Dims[d].Name)
		}
	}
	return nil
}

func (t *Table) validateAccommodation() error {
	if t.Accommodation == nil {
		return nil
	}
	n := len(t.Actors)
	if len(t.Accommodation) != n {
		return fmt.Errorf("forecast: accommodation matrix has %d rows for %d actors", len(t.Accommodation), n)
	}
	for i, row := range t.Accommodation {
		if len(row) != n {
			return fmt.Errorf("forecast: accommodation row %d has %d entries for %d actors", i+1, len(row), n)
		}
		sum := 0.0
		for _, v := range row {
			if !finite(v) || v < 0 || v > 1 {
				return fmt.Errorf("forecast: accommodation of actor %q: %g is outside [0, 1]", t.Actors[i].Name, v)
			}
			sum += v
		}
		if sum > 1+1e-10 {
			return fmt.Errorf("forecast: accommodation row of actor %q sums to %g > 1", t.Actors[i].Name, sum)
		}
	}
	return nil
}

// Clone returns a deep copy of t.
func (t *Table) Clone() *Table {
	c := *t
	c.Dims = make([]Dimension, len(t.Dims))
	for d, dim := range t.Dims {
		dim.Anchors = append([]Anchor(nil), dim.Anchors...)
		c.Dims[d] = dim
	}
	c.Actors = make([]Actor, len(t.Actors))
	for i, a := range t.Actors {
		a.Position = append([]float64(nil), a.Position...)
		a.Salience = append([]float64(nil), a.Salience...)
		if a.Absent != nil {
			a.Absent = append([]bool(nil), a.Absent...)
		}
		c.Actors[i] = a
	}
	if t.Accommodation != nil {
		c.Accommodation = make([][]float64, len(t.Accommodation))
		for i, row := range t.Accommodation {
			c.Accommodation[i] = append([]float64(nil), row...)
		}
	}
	if t.SMP != nil {
		o := *t.SMP
		c.SMP = &o
	}
	if t.Ranges != nil {
		r := &Ranges{Actors: make([]ActorRanges, len(t.Ranges.Actors))}
		for i, a := range t.Ranges.Actors {
			a.Position = append([][2]float64(nil), a.Position...)
			a.Salience = append([][2]float64(nil), a.Salience...)
			r.Actors[i] = a
		}
		c.Ranges = r
	}
	return &c
}

// dimIndex returns the index of the dimension named name, or -1.
func (t *Table) dimIndex(name string) int {
	for d, dim := range t.Dims {
		if dim.Name == name {
			return d
		}
	}
	return -1
}

// capSal returns c_i·s_id.
func (t *Table) capSal(i, d int) float64 {
	a := &t.Actors[i]
	return a.Capability * a.Salience[d]
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
