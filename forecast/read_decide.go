package forecast

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// ReadDecide reads the tab-separated input of Stokman's Decide exchange
// model (foarsitter/decide-exchange-model), fields optionally in single
// quotes:
//
//	#A  <actor>  <description>  ...
//	#P  <issue>  <description>  ...
//	#M  <issue>  <scale anchor value>
//	#D  <actor>  <issue>  <position>  <salience 0–1>  <power>
//
// Actors without a #D row for an issue are absent on it. The issue scale is
// the range of its #M anchors (or of its positions). Power must be the same
// on every issue of an actor, since a Table has one capability per actor.
// Positions lie on the issue scale (within ±MaxScale), saliences in [0, 1],
// powers in (0, MaxCapability]; errors name the line, the actor and the
// column.
func ReadDecide(r io.Reader) (*Table, error) {
	data, err := readAllLimited(r)
	if err != nil {
		return nil, fmt.Errorf("decide: %w", err)
	}
	b := decideBuilder{t: &Table{}, actor: map[string]int{}, issue: map[string]int{}}
	text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
	for n, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := b.line(n+1, decideFields(line)); err != nil {
			return nil, err
		}
	}
	return b.finish()
}

// decideFields splits a line at tabs and strips blanks and single quotes.
func decideFields(line string) []string {
	fs := strings.Split(line, "\t")
	for k, f := range fs {
		f = strings.TrimSpace(f)
		if len(f) >= 2 && f[0] == '\'' && f[len(f)-1] == '\'' {
			f = f[1 : len(f)-1]
		}
		fs[k] = f
	}
	return fs
}

type decideBuilder struct {
	t       *Table
	actor   map[string]int
	issue   map[string]int
	anchors [][]float64
	cells   []decideCell
	capSet  []bool
}

type decideCell struct {
	i, d, line int // actor, issue, line of the #D row
	actor      string
	pos, sal   float64
}

func (b *decideBuilder) line(num int, f []string) error {
	switch f[0] {
	case "#A":
		if len(f) < 2 || f[1] == "" {
			return fmt.Errorf("decide: line %d: #A needs an actor name", num)
		}
		b.addActor(f[1], field(f, 2))
	case "#P":
		if len(f) < 2 || f[1] == "" {
			return fmt.Errorf("decide: line %d: #P needs an issue name", num)
		}
		b.addIssue(f[1])
	case "#M":
		return b.anchor(num, f)
	case "#D":
		return b.datum(num, f)
	default:
		return fmt.Errorf("decide: line %d: unknown row type %q (want #A, #P, #M or #D)", num, f[0])
	}
	return nil
}

func field(f []string, k int) string {
	if k < len(f) {
		return f[k]
	}
	return ""
}

func (b *decideBuilder) addActor(name, desc string) int {
	if i, ok := b.actor[name]; ok {
		return i
	}
	b.actor[name] = len(b.t.Actors)
	b.t.Actors = append(b.t.Actors, Actor{Name: name, Description: desc})
	b.capSet = append(b.capSet, false)
	return len(b.t.Actors) - 1
}

func (b *decideBuilder) addIssue(name string) int {
	if d, ok := b.issue[name]; ok {
		return d
	}
	b.issue[name] = len(b.t.Dims)
	b.t.Dims = append(b.t.Dims, Dimension{Name: name})
	b.anchors = append(b.anchors, nil)
	return len(b.t.Dims) - 1
}

func (b *decideBuilder) anchor(num int, f []string) error {
	if len(f) < 3 {
		return fmt.Errorf("decide: line %d: #M needs an issue and a value", num)
	}
	v, err := parseNum(f[2])
	if err == nil && (v < -MaxScale || v > MaxScale) {
		err = fmt.Errorf("%g is outside [%g, %g]", v, -MaxScale, float64(MaxScale))
	}
	if err != nil {
		return fmt.Errorf("decide: line %d: #M value: %w", num, err)
	}
	d := b.addIssue(f[1])
	b.anchors[d] = append(b.anchors[d], v)
	return nil
}

func (b *decideBuilder) datum(num int, f []string) error {
	if len(f) < 6 {
		return fmt.Errorf("decide: line %d: #D needs actor, issue, position, salience and power", num)
	}
	var v [3]float64
	for k, name := range []string{"position", "salience", "power"} {
		x, err := parseNum(f[3+k])
		if err == nil {
			err = checkDecide(name, x)
		}
		if err != nil {
			return cellError("decide", num, f[1], fmt.Sprintf("%s (column %d) on issue %q", name, 4+k, f[2]), err)
		}
		v[k] = x
	}
	if len(b.t.Actors) >= DefaultLimits.MaxActors || len(b.t.Dims) >= DefaultLimits.MaxDims {
		return fmt.Errorf("decide: line %d: %w", num, ErrBudget)
	}
	i, d := b.addActor(f[1], ""), b.addIssue(f[2])
	a := &b.t.Actors[i]
	if b.capSet[i] && a.Capability != v[2] {
		return fmt.Errorf("decide: line %d: power of %q is %g here and %g on another issue; a table has one capability per actor", num, f[1], v[2], a.Capability)
	}
	a.Capability, b.capSet[i] = v[2], true
	b.cells = append(b.cells, decideCell{i: i, d: d, line: num, actor: f[1], pos: v[0], sal: v[1]})
	return nil
}

// checkDecide checks the magnitude of a #D value: a position within
// ±MaxScale, a salience in [0, 1], a power in (0, MaxCapability].
func checkDecide(name string, x float64) error {
	switch name {
	case "position":
		if x < -MaxScale || x > MaxScale {
			return fmt.Errorf("%g is outside [%g, %g]", x, -MaxScale, float64(MaxScale))
		}
	case "salience":
		if x < 0 || x > 1 {
			return fmt.Errorf("%g is outside [0, 1]", x)
		}
	case "power":
		return checkCapability(x)
	}
	return nil
}

func (b *decideBuilder) finish() (*Table, error) {
	t := b.t
	if len(t.Dims) == 0 || len(b.cells) == 0 {
		return nil, errors.New("decide: no #D rows")
	}
	nd := len(t.Dims)
	for i := range t.Actors {
		a := &t.Actors[i]
		a.Position, a.Salience, a.Absent = make([]float64, nd), make([]float64, nd), make([]bool, nd)
		for d := range a.Absent {
			a.Absent[d] = true
		}
	}
	for _, c := range b.cells {
		a := &t.Actors[c.i]
		if !a.Absent[c.d] {
			return nil, fmt.Errorf("decide: two #D rows for %q on %q", a.Name, t.Dims[c.d].Name)
		}
		a.Position[c.d], a.Salience[c.d], a.Absent[c.d] = c.pos, c.sal, false
	}
	t.Actors = dropEmpty(t.Actors)
	for d, dim := range t.Dims {
		if !anyPresent(t.Actors, d) {
			return nil, fmt.Errorf("decide: issue %q has no #D rows", dim.Name)
		}
		t.Dims[d].Min, t.Dims[d].Max = decideScale(t, d, b.anchors[d])
	}
	for _, c := range b.cells {
		if dim := t.Dims[c.d]; c.pos < dim.Min || c.pos > dim.Max {
			return nil, cellError("decide", c.line, c.actor, fmt.Sprintf("position (column 4) on issue %q", dim.Name),
				fmt.Errorf("%g is outside the scale [%g, %g] of the issue's #M rows", c.pos, dim.Min, dim.Max))
		}
	}
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("decide: %w", err)
	}
	return t, nil
}

// dropEmpty removes actors declared by #A without any #D row.
func dropEmpty(actors []Actor) []Actor {
	out := actors[:0]
	for _, a := range actors {
		for _, abs := range a.Absent {
			if !abs {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

func anyPresent(actors []Actor, d int) bool {
	for _, a := range actors {
		if a.Present(d) {
			return true
		}
	}
	return false
}

func decideScale(t *Table, d int, anchors []float64) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	vals := anchors
	if len(vals) < 2 {
		for _, a := range t.Actors {
			if a.Present(d) {
				vals = append(vals, a.Position[d])
			}
		}
	}
	for _, v := range vals {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if !(lo < hi) {
		lo, hi = lo-1, hi+1
	}
	return lo, hi
}
