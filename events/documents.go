package events

import (
	"slices"
	"strings"

	"github.com/tablero-project/tablero/repro"
)

// The JSON documents of tablero events: each carries its run record and
// the account of every file read.

// SummaryDoc is tablero events summary: what the files hold.
type SummaryDoc struct {
	Run   *repro.Record `json:"run,omitempty"`
	Files []*Report     `json:"files"`
	// Read counts the events read, Selected those the filter kept.
	Read     int64 `json:"read"`
	Selected int64 `json:"selected"`
	// Undyadic counts the selected events lacking an actor country.
	Undyadic int64       `json:"undyadic"`
	From     string      `json:"from,omitempty"` // first and last day of the selected events
	To       string      `json:"to,omitempty"`
	Quads    Sums        `json:"quads"` // totals of the selected events
	Roots    []RootCount `json:"roots"`
	Dyads    []DyadTotal `json:"dyads"` // by events, most first
}

// RootCount counts the events of one CAMEO root.
type RootCount struct {
	Root   string `json:"root"`
	Label  string `json:"label"`
	Events int64  `json:"events"`
}

// DyadTotal is a directed dyad's totals over the files.
type DyadTotal struct {
	Dyad
	Sums
	Index float64 `json:"index"`
}

// SeriesDoc is tablero events series: one series per directed dyad.
type SeriesDoc struct {
	Run    *repro.Record `json:"run,omitempty"`
	Files  []*Report     `json:"files"`
	Period Period        `json:"period"`
	Series []Series      `json:"series"`
}

// SpikesDoc is tablero events spikes.
type SpikesDoc struct {
	Run     *repro.Record `json:"run,omitempty"`
	Files   []*Report     `json:"files"`
	Period  Period        `json:"period"`
	Options SpikeOptions  `json:"options"`
	Spikes  []Spike       `json:"spikes"`
}

// ObservationsDoc is tablero events observe: the observations a mapping
// proposes for its scenario.
type ObservationsDoc struct {
	Run       *repro.Record `json:"run,omitempty"`
	Files     []*Report     `json:"files"`
	Scenario  string        `json:"scenario"`
	Proposals []Proposal    `json:"proposals"`
}

// Summarizer accumulates a SummaryDoc.
type Summarizer struct {
	doc   SummaryDoc
	roots map[string]int64
	dyads map[Dyad]*Sums
	first Day
	last  Day
}

// NewSummarizer returns an empty summary.
func NewSummarizer() *Summarizer {
	return &Summarizer{roots: map[string]int64{}, dyads: map[Dyad]*Sums{}}
}

// Add counts a selected event.
func (s *Summarizer) Add(e *Event) {
	if s.doc.Selected == 0 || e.Day < s.first {
		s.first = e.Day
	}
	if s.doc.Selected == 0 || e.Day > s.last {
		s.last = e.Day
	}
	s.doc.Selected++
	s.doc.Quads.AddEvent(e)
	s.roots[e.Root]++
	if e.Source.Country == "" || e.Target.Country == "" {
		s.doc.Undyadic++
		return
	}
	d := Dyad{e.Source.Country, e.Target.Country}
	if s.dyads[d] == nil {
		s.dyads[d] = &Sums{}
	}
	s.dyads[d].AddEvent(e)
}

// Doc returns the summary of read events (selected or not) in files.
func (s *Summarizer) Doc(read int64, files []*Report) *SummaryDoc {
	d := s.doc
	d.Read, d.Files = read, files
	d.Quads = d.Quads.rounded()
	if d.Selected > 0 {
		d.From, d.To = s.first.String(), s.last.String()
	}
	d.Roots = []RootCount{}
	for r, n := range s.roots {
		c, _ := LookupCode(r)
		d.Roots = append(d.Roots, RootCount{Root: r, Label: c.Label, Events: n})
	}
	slices.SortFunc(d.Roots, func(a, b RootCount) int { return strings.Compare(a.Root, b.Root) })
	d.Dyads = []DyadTotal{}
	for dy, sums := range s.dyads {
		d.Dyads = append(d.Dyads, DyadTotal{Dyad: dy, Sums: sums.rounded(),
			Index: round(Index(sums.VerbalCoop, sums.MaterialCoop, sums.VerbalConflict, sums.MaterialConflict))})
	}
	slices.SortFunc(d.Dyads, func(a, b DyadTotal) int {
		if a.Events != b.Events {
			return b.Events - a.Events
		}
		return strings.Compare(a.Dyad.String(), b.Dyad.String())
	})
	return &d
}

// rounded returns s with its float sums rounded as points are.
func (s Sums) rounded() Sums {
	s.Goldstein, s.MGoldstein, s.Tone, s.MTone = round(s.Goldstein), round(s.MGoldstein), round(s.Tone), round(s.MTone)
	return s
}
