package events

import (
	"container/heap"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Period is the step of a series.
type Period string

// The periods of a series: a day, or an ISO week (Monday to Sunday, dated
// by its Monday).
const (
	Daily  Period = "day"
	Weekly Period = "week"
)

// ParsePeriod reads day (or daily) and week (or weekly).
func ParsePeriod(s string) (Period, error) {
	switch strings.ToLower(s) {
	case "", "day", "daily":
		return Daily, nil
	case "week", "weekly":
		return Weekly, nil
	}
	return "", fmt.Errorf("period %q: want day or week", s)
}

// Dyad is a directed pair of CAMEO country codes: Source acts on Target.
type Dyad struct {
	Source string `json:"source"`
	Target string `json:"target"`
}

// String writes the dyad as SOURCE>TARGET.
func (d Dyad) String() string { return d.Source + ">" + d.Target }

// Sums are the additive totals of a set of events, from which every
// field of a Point follows; sums of disjoint sets add (Add), so that a
// store can keep them per day and files can arrive in any order.
type Sums struct {
	Events           int     `json:"events"`
	VerbalCoop       int     `json:"verbal_cooperation"`
	MaterialCoop     int     `json:"material_cooperation"`
	VerbalConflict   int     `json:"verbal_conflict"`
	MaterialConflict int     `json:"material_conflict"`
	Goldstein        float64 `json:"goldstein_sum"`          // Σ g
	Mentions         int     `json:"mentions"`               // Σ m
	MGoldstein       float64 `json:"goldstein_mentions_sum"` // Σ m·g
	Tone             float64 `json:"tone_sum"`               // Σ tone, over events with a tone
	Toned            int     `json:"tone_events"`
	MTone            float64 `json:"tone_mentions_sum"` // Σ m·tone
	MToned           int     `json:"tone_mentions"`     // Σ m over events with a tone
}

// Add adds o to s.
func (s *Sums) Add(o Sums) {
	s.Events += o.Events
	s.VerbalCoop += o.VerbalCoop
	s.MaterialCoop += o.MaterialCoop
	s.VerbalConflict += o.VerbalConflict
	s.MaterialConflict += o.MaterialConflict
	s.Goldstein += o.Goldstein
	s.Mentions += o.Mentions
	s.MGoldstein += o.MGoldstein
	s.Tone += o.Tone
	s.Toned += o.Toned
	s.MTone += o.MTone
	s.MToned += o.MToned
}

// AddEvent counts one event; its mentions weigh at least 1.
func (s *Sums) AddEvent(e *Event) {
	m := max(e.Mentions, 1)
	s.Events++
	switch e.Quad {
	case VerbalCoop:
		s.VerbalCoop++
	case MaterialCoop:
		s.MaterialCoop++
	case VerbalConflict:
		s.VerbalConflict++
	case MaterialConflict:
		s.MaterialConflict++
	}
	s.Goldstein += e.Goldstein
	s.Mentions += m
	s.MGoldstein += float64(m) * e.Goldstein
	if e.HasTone {
		s.Tone += e.Tone
		s.Toned++
		s.MTone += float64(m) * e.Tone
		s.MToned += m
	}
}

// Cell is the sums of one directed dyad on one day (or week, dated by its
// Monday).
type Cell struct {
	Dyad
	Day Day
	Sums
}

type cell struct {
	Sums
	top refHeap // the most-mentioned events, at most Aggregator.Keep
}

// Aggregator sums events into series per directed dyad (actor countries).
// Events without both actor countries count in Undyadic only. Its memory
// is one cell per dyad and period (plus Keep event references in each),
// whatever the number of events.
type Aggregator struct {
	Period Period // Daily unless set
	// Keep is how many events each cell keeps (the most mentioned) to
	// list behind spikes; 0 keeps none.
	Keep     int
	cells    map[cellKey]*cell
	first    Day
	last     Day
	Events   int64 // events added
	Undyadic int64 // events lacking an actor country
	seen     bool
	tieBreak int64
}

type cellKey struct {
	dyad Dyad
	day  Day // the period's first day
}

// NewAggregator returns an empty aggregator.
func NewAggregator(p Period, keep int) *Aggregator {
	return &Aggregator{Period: p, Keep: keep, cells: map[cellKey]*cell{}}
}

// Add counts e in its dyad's period.
func (a *Aggregator) Add(e *Event) {
	a.Events++
	if e.Source.Country == "" || e.Target.Country == "" {
		a.Undyadic++
		return
	}
	d := e.Day
	if a.Period == Weekly {
		d = d.Monday()
	}
	a.widen(d)
	k := cellKey{Dyad{e.Source.Country, e.Target.Country}, d}
	c := a.cells[k]
	if c == nil {
		c = &cell{}
		a.cells[k] = c
	}
	c.AddEvent(e)
	if a.Keep > 0 {
		a.tieBreak++
		c.top.push(e, a.Keep, a.tieBreak)
	}
}

// widen extends the aggregator's range to d.
func (a *Aggregator) widen(d Day) {
	if !a.seen || d < a.first {
		a.first = d
	}
	if !a.seen || d > a.last {
		a.last = d
	}
	a.seen = true
}

// Point is one period of a dyad's series.
type Point struct {
	Date             string `json:"date"` // YYYY-MM-DD: the day, or the Monday of the week
	Events           int    `json:"events"`
	VerbalCoop       int    `json:"verbal_cooperation"`
	MaterialCoop     int    `json:"material_cooperation"`
	VerbalConflict   int    `json:"verbal_conflict"`
	MaterialConflict int    `json:"material_conflict"`
	// GoldsteinSum and GoldsteinMean are over events; the mentions
	// variants weight each event by its mentions (GDELT NumMentions, 1 for
	// ICEWS): Σ m·g and Σ m·g / Σ m.
	GoldsteinSum         float64 `json:"goldstein_sum"`
	GoldsteinMean        float64 `json:"goldstein_mean"`
	Mentions             int     `json:"mentions"`
	GoldsteinMentionsSum float64 `json:"goldstein_mentions_sum"`
	GoldsteinMentionsAvg float64 `json:"goldstein_mentions_mean"`
	// ToneMean and ToneMentionsMean average GDELT's AvgTone over the
	// events that have one (ToneEvents; none in ICEWS).
	ToneEvents       int     `json:"tone_events"`
	ToneMean         float64 `json:"tone_mean"`
	ToneMentionsMean float64 `json:"tone_mentions_mean"`
	// Index is the conflict–cooperation index (see Index), 0 without
	// events.
	Index float64 `json:"index"`
	// Top lists the most-mentioned events of the period, when the
	// aggregator keeps them.
	Top []EventRef `json:"-"`
}

// Index is the conflict–cooperation index of counts by quad class:
//
//	(VC + 2·MC − VK − 2·MK) / (VC + 2·MC + VK + 2·MK)
//
// where VC, MC, VK, MK count verbal cooperation, material cooperation,
// verbal conflict and material conflict events. It lies in [−1, 1]: −1
// when every event is conflict, +1 when every event is cooperation;
// material events weigh twice verbal ones (acts over words, as in
// Goldstein's scale, where material classes sit further from zero). It
// uses counts, not Goldstein values, so it does not depend on which scale
// coded the events; it is 0 for a period without events.
func Index(vc, mc, vk, mk int) float64 {
	den := vc + 2*mc + vk + 2*mk
	if den == 0 {
		return 0
	}
	return float64(vc+2*mc-vk-2*mk) / float64(den)
}

// Series is a directed dyad's series, one point per period from the
// aggregator's first period to its last (periods without events are
// zeros), so that series of different dyads align.
type Series struct {
	Dyad
	Period Period  `json:"period"`
	Points []Point `json:"points"`
}

// Dyads returns the dyads with events, sorted.
func (a *Aggregator) Dyads() []Dyad {
	set := map[Dyad]bool{}
	for k := range a.cells {
		set[k.dyad] = true
	}
	out := make([]Dyad, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y Dyad) int { return strings.Compare(x.String(), y.String()) })
	return out
}

// Series returns the series of every dyad with events, sorted by dyad.
func (a *Aggregator) Series() []Series {
	var out []Series
	for _, d := range a.Dyads() {
		out = append(out, a.SeriesOf(d))
	}
	return out
}

// SeriesOf returns the series of one directed dyad.
func (a *Aggregator) SeriesOf(d Dyad) Series {
	s := Series{Dyad: d, Period: a.period(), Points: []Point{}}
	if !a.seen {
		return s
	}
	step := Day(1)
	if a.Period == Weekly {
		step = 7
	}
	for day := a.first; day <= a.last; day += step {
		s.Points = append(s.Points, a.point(a.cells[cellKey{d, day}], day))
	}
	return s
}

func (a *Aggregator) period() Period {
	if a.Period == "" {
		return Daily
	}
	return a.Period
}

func (a *Aggregator) point(c *cell, day Day) Point {
	if c == nil {
		return Point{Date: day.String()}
	}
	p := PointOf(day, c.Sums)
	p.Top = c.top.sorted()
	return p
}

// PointOf returns the point of a period's sums.
func PointOf(day Day, s Sums) Point {
	p := Point{Date: day.String()}
	if s.Events == 0 {
		return p
	}
	p.Events = s.Events
	p.VerbalCoop, p.MaterialCoop, p.VerbalConflict, p.MaterialConflict = s.VerbalCoop, s.MaterialCoop, s.VerbalConflict, s.MaterialConflict
	p.GoldsteinSum = round(s.Goldstein)
	p.GoldsteinMean = round(s.Goldstein / float64(s.Events))
	p.Mentions = s.Mentions
	p.GoldsteinMentionsSum = round(s.MGoldstein)
	if s.Mentions > 0 {
		p.GoldsteinMentionsAvg = round(s.MGoldstein / float64(s.Mentions))
	}
	p.ToneEvents = s.Toned
	if s.Toned > 0 {
		p.ToneMean = round(s.Tone / float64(s.Toned))
	}
	if s.MToned > 0 {
		p.ToneMentionsMean = round(s.MTone / float64(s.MToned))
	}
	p.Index = round(Index(p.VerbalCoop, p.MaterialCoop, p.VerbalConflict, p.MaterialConflict))
	return p
}

// Cells returns the aggregator's sums, by dyad then day.
func (a *Aggregator) Cells() []Cell {
	out := make([]Cell, 0, len(a.cells))
	for k, c := range a.cells {
		out = append(out, Cell{Dyad: k.dyad, Day: k.day, Sums: c.Sums})
	}
	slices.SortFunc(out, func(x, y Cell) int {
		if c := strings.Compare(x.Dyad.String(), y.Dyad.String()); c != 0 {
			return c
		}
		return int(x.Day - y.Day)
	})
	return out
}

// SeriesOfCells builds series from stored cells (days or weeks), as an
// aggregator of period p would: cells are summed into periods, and each
// dyad's points run from from to to (inclusive; the cells' range when
// zero).
func SeriesOfCells(cells []Cell, p Period, from, to Day) []Series {
	a := NewAggregator(p, 0)
	for _, c := range cells {
		d := c.Day
		if p == Weekly {
			d = d.Monday()
		}
		k := cellKey{c.Dyad, d}
		x := a.cells[k]
		if x == nil {
			x = &cell{}
			a.cells[k] = x
		}
		x.Add(c.Sums)
		a.widen(d)
	}
	if from != 0 || to != 0 {
		if p == Weekly {
			from, to = from.Monday(), to.Monday()
		}
		a.first, a.last, a.seen = from, to, from <= to
	}
	return a.Series()
}

// round keeps 9 significant decimals, so that sums printed do not show
// floating-point noise (0.30000000000000004).
func round(v float64) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	return math.Round(v*1e9) / 1e9
}

// refHeap keeps the k most-mentioned events, a min-heap by mentions (ties:
// the earlier event stays).
type refHeap []heldRef

type heldRef struct {
	ref EventRef
	seq int64
}

func (h refHeap) Len() int { return len(h) }
func (h refHeap) Less(i, j int) bool {
	if h[i].ref.Mentions != h[j].ref.Mentions {
		return h[i].ref.Mentions < h[j].ref.Mentions
	}
	return h[i].seq > h[j].seq
}
func (h refHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *refHeap) Push(x any)   { *h = append(*h, x.(heldRef)) }
func (h *refHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// push offers e to a heap of at most k.
func (h *refHeap) push(e *Event, k int, seq int64) {
	if len(*h) < k {
		heap.Push(h, heldRef{e.Ref(), seq})
		return
	}
	if m := (*h)[0].ref.Mentions; e.Mentions > m {
		(*h)[0] = heldRef{e.Ref(), seq}
		heap.Fix(h, 0)
	}
}

// sorted returns the kept events, most mentioned first (then in reading
// order).
func (h refHeap) sorted() []EventRef {
	if len(h) == 0 {
		return nil
	}
	c := slices.Clone(h)
	slices.SortFunc(c, func(x, y heldRef) int {
		if x.ref.Mentions != y.ref.Mentions {
			return y.ref.Mentions - x.ref.Mentions
		}
		return int(x.seq - y.seq)
	})
	out := make([]EventRef, len(c))
	for i, r := range c {
		out[i] = r.ref
	}
	return out
}
