package forecast

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Cycle is a limit cycle of a model run on one dimension: from round
// Start on, every actor's position repeats with period Period (1: a fixed
// point), within Tolerance scale units (Exact: a position vector
// repeated to rounding). The EUM often ends in
// such a cycle, two or more actors trading places each round, so the
// position after the last round depends on when the run stopped.
type Cycle struct {
	Dim    int
	Name   string
	Start  int
	Period int
	// Tolerance is the largest difference, in scale units, between a
	// position and the same position one period later.
	Tolerance float64
	Exact     bool
	// Forecast is the headline forecast over the last period observed, in
	// round order.
	Forecast []float64
	// Actors are those whose positions move over the cycle.
	Actors []CycleActor
}

// CycleActor is an actor's positions over the last period of a cycle.
type CycleActor struct {
	Actor  int // table index
	Name   string
	Values []float64
}

// cycleTailTol is the tolerance, relative to the position range, within
// which a run's last rounds count as a cycle when no position vector
// repeated exactly: a slowly converging oscillation (58.7531, 58.7527, …)
// is a cycle for every reader.
const cycleTailTol = 1e-3

// tailCycle finds the shortest period p such that the rows from some
// round on repeat with period p within tol, over at least two full
// periods; it returns the earliest such start, or period 0.
func tailCycle(rows [][]float64, tol float64) (start, period int) {
	last := len(rows) - 1
	for p := 1; 2*p <= last; p++ {
		s := last - p
		for s >= 0 && near(rows[s], rows[s+p], tol) {
			s--
		}
		s++ // rows[s..last] repeat with period p
		if last-s >= 2*p {
			return s, p
		}
	}
	return 0, 0
}

// near reports whether a and b differ by at most tol everywhere.
func near(a, b []float64, tol float64) bool {
	for k := range a {
		if math.Abs(a[k]-b[k]) > tol {
			return false
		}
	}
	return true
}

// eumCycle describes track tr's cycle, if it has one of period 2 or more.
func eumCycle(t *Table, tr *EUMTrack) *Cycle {
	if tr.CyclePeriod < 2 {
		return nil
	}
	last := len(tr.Positions) - 1
	from := max(tr.CycleStart, last-tr.CyclePeriod+1)
	c := &Cycle{Dim: tr.Dim, Name: t.Dims[tr.Dim].Name, Start: tr.CycleStart, Period: tr.CyclePeriod,
		Tolerance: tr.CycleTolerance, Exact: tr.CycleExact, Forecast: slices.Clone(tr.Median[from:])}
	for k, i := range tr.Actors {
		var v []float64
		for r := from; r <= last; r++ {
			v = append(v, tr.Positions[r][k])
		}
		if slices.Max(v)-slices.Min(v) > tr.CycleTolerance {
			c.Actors = append(c.Actors, CycleActor{Actor: i, Name: t.Actors[i].Name, Values: v})
		}
	}
	return c
}

// Text describes the cycle in one sentence.
func (c *Cycle) Text() string {
	var who []string
	for _, a := range c.Actors {
		who = append(who, a.Name+" "+arrows(a.Values))
	}
	within := ""
	if !c.Exact {
		within = fmt.Sprintf(" (within %s of the scale)", g4(c.Tolerance))
	}
	return fmt.Sprintf("%s: the EUM ends in a %d-cycle from round %d%s: %s; moving actors: %s",
		c.Name, c.Period, c.Start, within, c.forecastText(), strings.Join(who, "; "))
}

// Stable reports whether the headline forecast stays put over the cycle
// (the moving actors trade places without moving it).
func (c *Cycle) Stable() bool {
	return slices.Max(c.Forecast)-slices.Min(c.Forecast) <= c.Tolerance
}

func (c *Cycle) forecastText() string {
	if c.Stable() {
		return "the forecast stays at " + g4(c.Forecast[len(c.Forecast)-1]) + " in every phase"
	}
	return "the forecast alternates " + arrows(c.Forecast)
}

// cycleOf returns r's cycle on dimension d, or nil.
func (r *Result) cycleOf(d int) *Cycle {
	for k := range r.Cycles {
		if r.Cycles[k].Dim == d {
			return &r.Cycles[k]
		}
	}
	return nil
}

// arrows renders the values of a cycle as "a ↔ b" (or "a → b → c → a").
func arrows(v []float64) string {
	s := make([]string, len(v))
	for k, x := range v {
		s[k] = g4(x)
	}
	if len(v) == 2 {
		return s[0] + " ↔ " + s[1]
	}
	return strings.Join(append(s, s[0]), " → ")
}
