package events

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/internal/english"
	"github.com/tablero-project/tablero/scenario"
)

// Proposal is an observation a mapping rule proposes, with the events
// behind it. The observation is a signpost observation of the scenario
// language (id, date, source, note, signpost, occurred): the analyst
// confirms it, or a follower applies it.
type Proposal struct {
	Observation scenario.Observation `json:"observation"`
	Scenario    string               `json:"scenario"`
	Rule        int                  `json:"rule"`  // index in the mapping's rules
	Count       int                  `json:"count"` // matching events in the window
	From        string               `json:"from"`  // the window's first day with a matching event
	To          string               `json:"to"`    // = Observation.Date
	// Events lists the most-mentioned matching events of the window, up
	// to the mapping's Keep.
	Events []EventRef `json:"events"`
}

// Proposer applies a mapping to a stream of events, in any order: it
// keeps, per rule and day, the count of matching events and the most
// mentioned of them.
type Proposer struct {
	m       *Mapping
	filters []Filter
	days    []map[Day]*ruleDay
	seq     int64
}

type ruleDay struct {
	count int
	top   refHeap
}

// NewProposer returns a proposer of the (checked) mapping's rules.
func NewProposer(m *Mapping) *Proposer {
	p := &Proposer{m: m}
	for i := range m.Rules {
		p.filters = append(p.filters, m.Rules[i].Filter())
		p.days = append(p.days, map[Day]*ruleDay{})
	}
	return p
}

func (p *Proposer) keep() int {
	if p.m.Keep == 0 {
		return 10
	}
	return p.m.Keep
}

// Add offers an event to every rule.
func (p *Proposer) Add(e *Event) {
	for i := range p.filters {
		if !p.filters[i].Match(e) {
			continue
		}
		d := p.days[i][e.Day]
		if d == nil {
			d = &ruleDay{}
			p.days[i][e.Day] = d
		}
		d.count++
		p.seq++
		d.top.push(e, p.keep(), p.seq)
	}
}

// Forget drops the days before day, so that a long-running proposer's
// memory stays bounded; proposals whose windows reach back before it are
// then no longer made.
func (p *Proposer) Forget(before Day) {
	for _, days := range p.days {
		for d := range days {
			if d < before {
				delete(days, d)
			}
		}
	}
}

// Proposals returns the observations the rules propose, by date then
// rule. A rule fires on the first day its window (that day and the
// Window−1 before it) holds MinCount matching events; its next window
// starts the day after, so each event supports one proposal.
func (p *Proposer) Proposals() []Proposal {
	out := []Proposal{}
	for i := range p.m.Rules {
		out = append(out, p.rule(i)...)
	}
	slices.SortStableFunc(out, func(a, b Proposal) int {
		if c := strings.Compare(a.Observation.Date, b.Observation.Date); c != 0 {
			return c
		}
		return a.Rule - b.Rule
	})
	return out
}

func (p *Proposer) rule(i int) []Proposal {
	r := &p.m.Rules[i]
	minCount, window := max(r.MinCount, 1), max(r.Window, 1)
	days := make([]Day, 0, len(p.days[i]))
	for d := range p.days[i] {
		days = append(days, d)
	}
	slices.Sort(days)
	var out []Proposal
	start := 0 // first day of the current window, an index into days
	for j, d := range days {
		for days[start] <= d-Day(window) {
			start++
		}
		n := 0
		for _, w := range days[start : j+1] {
			n += p.days[i][w].count
		}
		if n < minCount {
			continue
		}
		out = append(out, p.propose(i, days[start:j+1], n))
		start = j + 1
		if start == len(days) {
			break
		}
	}
	return out
}

// propose builds the proposal of rule i over the days (sorted) of its
// window.
func (p *Proposer) propose(i int, days []Day, n int) Proposal {
	r := &p.m.Rules[i]
	var all refHeap
	for _, d := range days {
		all = append(all, p.days[i][d].top...)
	}
	refs := all.sorted()
	refs = refs[:min(len(refs), p.keep())]
	last := days[len(days)-1]
	occurred := r.Occurred == nil || *r.Occurred
	src := refs[0].URL
	if src == "" {
		src = "event " + refs[0].ID
	}
	note := fmt.Sprintf("%s %s %s %s, CAMEO %s%s, %s to %s",
		english.Count(n, "event"), strings.Join(r.Source, "/"), arrow(r.BothDirections), strings.Join(r.Target, "/"),
		strings.Join(r.Codes, ","), typesNote(r), days[0], last)
	if r.Note != "" {
		note = r.Note + ": " + note
	}
	return Proposal{
		Observation: scenario.Observation{ID: fmt.Sprintf("ev-%s-%s", r.Signpost, strings.ReplaceAll(last.String(), "-", "")),
			Date: last.String(), Source: src, Note: note, Signpost: r.Signpost, Occurred: &occurred},
		Scenario: p.m.Scenario, Rule: i, Count: n, From: days[0].String(), To: last.String(), Events: refs,
	}
}

func arrow(both bool) string {
	if both {
		return "<->"
	}
	return "->"
}

func typesNote(r *Rule) string {
	if len(r.SourceTypes) == 0 && len(r.TargetTypes) == 0 {
		return ""
	}
	return fmt.Sprintf(" (actor types %s -> %s)", orAny(r.SourceTypes), orAny(r.TargetTypes))
}

func orAny(ts []string) string {
	if len(ts) == 0 {
		return "any"
	}
	return strings.Join(ts, "/")
}
