package forecast

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// eumColumns are the accepted header names of the EUM CSV layout, lower
// case. The first match wins.
var eumColumns = map[string][]string{
	"actor":       {"actor", "stakeholder", "actors", "name"},
	"description": {"description", "desc"},
	"capability":  {"capability", "capabilities", "resources", "power", "influence", "clout"},
	"position":    {"position"},
	"salience":    {"salience"},
	"flexibility": {"flexibility"},
	"veto":        {"veto"},
	"fixed":       {"fixed"},
}

// ReadEUMCSV reads the one-issue CSV layout of the expected-utility
// replications: a header naming the columns (Actor or Stakeholder,
// Capability or Resources, Position, Salience; optional Flexibility, Veto,
// Fixed, Description; other columns are ignored) and one line per actor.
//
// Capability is in (0, MaxCapability]. Salience is on 0–1, or on 0–100
// when any value exceeds 1 (then it is divided by 100). The issue scale is
// the range of the positions, which lie within ±MaxScale. Errors name the
// line, the actor and the column.
func ReadEUMCSV(r io.Reader) (*Table, error) {
	data, err := readAllLimited(r)
	if err != nil {
		return nil, fmt.Errorf("eum csv: %w", err)
	}
	lines := splitCSV(data)
	if len(lines) < 2 {
		return nil, errors.New("eum csv: need a header line and at least one actor line")
	}
	if len(lines)-1 > DefaultLimits.MaxActors {
		return nil, fmt.Errorf("eum csv: %w: %d actors", ErrBudget, len(lines)-1)
	}
	col, err := eumHeader(lines[0])
	if err != nil {
		return nil, err
	}
	t := &Table{Dims: []Dimension{{Name: "Position"}}}
	for _, l := range lines[1:] {
		a, err := eumActor(l, lines[0], col)
		if err != nil {
			return nil, err
		}
		t.Actors = append(t.Actors, a)
	}
	eumScale(t)
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("eum csv: %w", err)
	}
	return t, nil
}

// eumHeader maps column roles to field indices.
func eumHeader(h csvLine) (map[string]int, error) {
	col := map[string]int{}
	for role, names := range eumColumns {
		for k, f := range h.fields {
			if _, done := col[role]; done {
				break
			}
			for _, n := range names {
				if strings.EqualFold(f, n) {
					col[role] = k
				}
			}
		}
	}
	for _, need := range []string{"actor", "capability", "position", "salience"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("eum csv: line %d: no %s column (accepted names: %s)", h.num, need, strings.Join(eumColumns[need], ", "))
		}
	}
	return col, nil
}

// eumActor parses one actor line; head is the header line, which names
// the columns.
func eumActor(l, head csvLine, col map[string]int) (Actor, error) {
	field := func(role string) (string, bool) {
		k, ok := col[role]
		if !ok || k >= len(l.fields) {
			return "", false
		}
		return l.fields[k], true
	}
	name, _ := field("actor")
	a := Actor{Name: name, Position: []float64{0}, Salience: []float64{0}}
	a.Description, _ = field("description")
	bad := func(role string, err error) error {
		return cellError("eum csv", l.num, a.Name, fmt.Sprintf("%s (column %d, %q)", role, col[role]+1, head.fields[col[role]]), err)
	}
	for _, nv := range []struct {
		role string
		dst  *float64
	}{{"capability", &a.Capability}, {"position", &a.Position[0]}, {"salience", &a.Salience[0]}} {
		s, ok := field(nv.role)
		if !ok {
			return a, fmt.Errorf("eum csv: line %d: missing %s", l.num, nv.role)
		}
		v, err := parseNum(s)
		if err != nil {
			return a, bad(nv.role, err)
		}
		*nv.dst = v
	}
	if err := checkCapability(a.Capability); err != nil {
		return a, bad("capability", err)
	}
	if p := a.Position[0]; p < -MaxScale || p > MaxScale {
		return a, bad("position", fmt.Errorf("%g is outside [%g, %g]", p, -MaxScale, float64(MaxScale)))
	}
	if s := a.Salience[0]; s < 0 || s > 100 {
		return a, bad("salience", fmt.Errorf("%g is outside [0, 1] (or [0, 100] when any salience exceeds 1)", s))
	}
	if s, ok := field("flexibility"); ok && s != "" {
		v, err := parseNum(s)
		if err != nil {
			return a, bad("flexibility", err)
		}
		a.Flexibility = v
	}
	a.Veto = flag(field("veto"))
	a.Fixed = flag(field("fixed"))
	return a, nil
}

func flag(s string, ok bool) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return ok && (s == "1" || s == "true" || s == "yes")
}

// eumScale sets the scale of the single dimension to the range of the
// positions and rescales saliences given on 0–100.
func eumScale(t *Table) {
	lo, hi, smax := math.Inf(1), math.Inf(-1), 0.0
	for _, a := range t.Actors {
		lo = math.Min(lo, a.Position[0])
		hi = math.Max(hi, a.Position[0])
		smax = math.Max(smax, a.Salience[0])
	}
	if smax > 1 {
		for i := range t.Actors {
			t.Actors[i].Salience[0] /= 100
		}
	}
	if !(lo < hi) { // all at one point: any scale around it
		lo, hi = lo-1, hi+1
	}
	t.Dims[0].Min, t.Dims[0].Max = lo, hi
}
