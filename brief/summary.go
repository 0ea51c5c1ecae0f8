package brief

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/uncertain"
)

// Summary is the executive summary of a brief in plain words: the most
// likely result and scenario with their intervals (the spread first), the
// mechanism behind them, the assumptions that move the focus result most,
// what would change the picture, and what lies off the equilibrium path. Its
// sentences are computed from the brief's numbers, nothing else; the
// structured fields carry the same numbers for tools.
type Summary struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Sentences are the summary as plain text, one sentence each, in
	// reading order.
	Sentences []string `json:"sentences"`
	// Result and Scenario are the most likely of each, RunnerUp the
	// second most likely result (absent with a single result).
	Result   Prob  `json:"most_likely_result"`
	RunnerUp *Prob `json:"runner_up_result,omitempty"`
	Scenario Prob  `json:"most_likely_scenario"`
	// Settled reports whether the most likely result's interval lies
	// above the runner-up's (always true without intervals: nothing to
	// compare).
	Settled bool `json:"settled"`
	// Focus is the result the sensitivity analysis explains.
	Focus *Event `json:"focus,omitempty"`
	// Drivers are the (at most two) assumptions whose range moves
	// P(focus) most, from the tornado.
	Drivers []Driver `json:"drivers"`
	// Changes say what would change the picture, one sentence each (also
	// part of Sentences).
	Changes []string `json:"changes"`
	// Draws is the number of Monte Carlo draws behind the intervals (0:
	// the probabilities are those at the parameters' defaults).
	Draws int `json:"draws"`
	// Mechanism says in two sentences how the refined equilibrium plays
	// and which chances each result's probability is the product of (also
	// part of Sentences).
	Mechanism []string `json:"mechanism"`
	// Sections group Sentences for reading: headline, mechanism, drivers,
	// what would change it, what lies off the equilibrium path.
	Sections []Section `json:"sections"`
}

// Event names a scenario or result.
type Event struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

// Driver is an assumption's swing in the tornado: P(focus) at the low and
// high ends of its range.
type Driver struct {
	Param string  `json:"param"`
	Label string  `json:"label"`
	Unit  string  `json:"unit,omitempty"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
	YLow  float64 `json:"y_low"`
	YHigh float64 `json:"y_high"`
	Swing float64 `json:"swing"`
}

// Summarize computes the executive summary of b.
func Summarize(b *Brief) Summary {
	s := Summary{ID: b.ID, Title: b.Title, Sentences: []string{}, Drivers: []Driver{}, Changes: []string{}, Mechanism: []string{}, Sections: []Section{}}
	if u := b.Uncertainty; u != nil && len(u.Outputs) > 0 {
		s.Draws = u.Draws
	}
	res := ranked(b.Results)
	if len(res) == 0 || len(b.Scenarios) == 0 {
		s.Sentences = append(s.Sentences, "The scenario defines no results or scenarios to rank.")
		return s
	}
	s.Result, s.Scenario = res[0], ranked(b.Scenarios)[0]
	s.Settled = true
	if len(res) > 1 {
		s.RunnerUp = &res[1]
		s.Settled = res[0].Low == nil || res[1].High == nil || *res[0].Low > *res[1].High
	}
	by := map[string][]string{}
	by["headline"] = []string{s.resultSentence(), s.scenarioSentence()}
	if !s.Settled {
		by["headline"] = append(by["headline"], fmt.Sprintf("The intervals of %s and %s overlap: more draws are needed to rank them.",
			quote(s.Result.Label), quote(s.RunnerUp.Label)))
	}
	if s.Draws == 0 {
		point := "at the parameters' defaults"
		if len(b.Overrides) > 0 {
			point = "at the overrides listed above"
		}
		by["headline"] = append(by["headline"], "These are the probabilities "+point+"; a run with Monte Carlo draws gives their intervals.")
	}
	by["headline"] = append(by["headline"], hiddenSentence(b)...)
	s.Mechanism = append(s.Mechanism, mechanism(b)...)
	by["mechanism"] = s.Mechanism
	by["drivers"] = []string{s.drivers(b)}
	s.Changes = append(s.Changes, s.tornadoChange(b)...)
	s.Changes = append(s.Changes, knownChanges(b, s.Result)...)
	s.Changes = append(s.Changes, signpostSentence(b.Watch)...)
	s.Changes = append(s.Changes, nearTieSentences(b)...)
	by["changes"] = s.Changes
	by["off_path"] = offPathSentences(b)
	s.Sections = sections(by)
	for _, sec := range s.Sections {
		s.Sentences = append(s.Sentences, sec.Sentences...)
	}
	return s
}

// ranked returns ps sorted by decreasing probability (ties: input order).
func ranked(ps []Prob) []Prob {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b Prob) int {
		switch {
		case a.Probability > b.Probability:
			return -1
		case a.Probability < b.Probability:
			return 1
		}
		return 0
	})
	return out
}

// resultSentence gives the headline, the spread over the uncertain
// assumptions first: it is what a reader needs before the precision of
// the mean.
func (s *Summary) resultSentence() string {
	r := s.Result
	t := fmt.Sprintf("The most likely result is %s", quote(r.Label))
	if r.P05 != nil && r.P95 != nil {
		t += fmt.Sprintf(": over the uncertain assumptions its probability ranges %s (5th to 95th percentile of the draws), %s on average",
			spread(*r.P05, *r.P95), pct(r.Probability))
		if r.Low != nil && r.High != nil {
			t += fmt.Sprintf(" (Monte Carlo error of the mean %s)", mcError(*r.Low, *r.High))
		}
	} else {
		t += ", with probability " + probText(r)
	}
	if s.RunnerUp != nil {
		t += fmt.Sprintf(", ahead of %s at %s", quote(s.RunnerUp.Label), pct(s.RunnerUp.Probability))
		if q := s.RunnerUp; q.P05 != nil && q.P95 != nil {
			t += " (" + spread(*q.P05, *q.P95) + ")"
		}
	}
	return t + "."
}

func (s *Summary) scenarioSentence() string {
	if c := s.Scenario; c.P05 != nil && c.P95 != nil {
		return fmt.Sprintf("The most likely scenario is %s: %s on average, spread %s.", quote(c.Label), pct(c.Probability), spread(*c.P05, *c.P95))
	}
	return fmt.Sprintf("The most likely scenario is %s, with probability %s.", quote(s.Scenario.Label), probText(s.Scenario))
}

// probText is "42%", with its interval when there is one.
func probText(p Prob) string {
	if p.Low == nil || p.High == nil {
		return pct(p.Probability)
	}
	return fmt.Sprintf("%s (95%% interval %s–%s)", pct(p.Probability), pct(*p.Low), pct(*p.High))
}

// drivers fills in the focus and the two largest swings of the tornado,
// and says so in a sentence.
func (s *Summary) drivers(b *Brief) string {
	u := b.Uncertainty
	if u == nil || len(u.Tornado) == 0 {
		return "The scenario has no uncertain assumptions, so nothing was varied."
	}
	s.Focus = &Event{Name: u.Focus, Label: label(append(slices.Clone(b.Results), b.Scenarios...), u.Focus)} // a result or a scenario
	for _, t := range u.Tornado[:min(2, len(u.Tornado))] {
		d := Driver{Param: t.Param, Label: t.Param, Low: t.Low, High: t.High, YLow: t.YLow, YHigh: t.YHigh, Swing: t.Swing}
		if a := assumption(b, t.Param); a != nil {
			d.Label, d.Unit = a.Label, a.Unit
		}
		s.Drivers = append(s.Drivers, d)
	}
	var parts []string
	for _, d := range s.Drivers {
		name := d.Param
		if d.Label != d.Param {
			name += " — " + lowerFirst(d.Label) + " —"
		}
		parts = append(parts, fmt.Sprintf("%s from %s to %s, which moves it from %s to %s", name,
			short(d.Low), short(d.High), pct(d.YLow), pct(d.YHigh)))
	}
	what := "the assumption that moves"
	if len(parts) > 1 {
		what = "the two assumptions that move"
	}
	return fmt.Sprintf("Of the %d uncertain assumptions, %s the probability of %s most %s %s.",
		len(u.Tornado), what, quote(s.Focus.Label), verb(len(parts)), strings.Join(parts, "; and "))
}

func verb(n int) string {
	if n > 1 {
		return "are"
	}
	return "is"
}

// tornadoChange says whether one assumption alone, at an end of its range,
// takes the focus past the most likely event of its kind as they stand
// now (the most likely result for a result, the most likely scenario for
// a scenario), or, when the focus is the most likely, below the runner-up.
func (s *Summary) tornadoChange(b *Brief) []string {
	u := b.Uncertainty
	if u == nil || len(u.Tornado) == 0 {
		return nil
	}
	focus := s.Focus.Label
	events := ranked(b.Results)
	if !slices.ContainsFunc(b.Results, func(p Prob) bool { return p.Name == u.Focus }) {
		events = ranked(b.Scenarios) // focusOf falls back on a scenario
	}
	if top := events[0]; u.Focus != top.Name {
		t, y, end := extreme(u.Tornado, math.Max)
		p := top.Probability
		if y > p {
			return []string{fmt.Sprintf("One assumption alone could change the picture: with %s at %s, the probability of %s reaches %s, above the %s of %s now.",
				t.Param, short(end), quote(focus), pct(y), pct(p), quote(top.Label))}
		}
		return []string{fmt.Sprintf("No single assumption at either end of its range lifts the probability of %s above %s (%s at %s), still below the %s of %s now.",
			quote(focus), pct(y), t.Param, short(end), pct(p), quote(top.Label))}
	}
	if len(events) < 2 {
		return nil
	}
	runnerUp := events[1]
	t, y, end := extreme(u.Tornado, math.Min)
	p := runnerUp.Probability
	if y < p {
		return []string{fmt.Sprintf("One assumption alone could change the picture: with %s at %s, the probability of %s falls to %s, below the %s of %s now.",
			t.Param, short(end), quote(focus), pct(y), pct(p), quote(runnerUp.Label))}
	}
	return []string{fmt.Sprintf("No single assumption at either end of its range takes the probability of %s below %s (%s at %s), still above the %s of %s now.",
		quote(focus), pct(y), t.Param, short(end), pct(p), quote(runnerUp.Label))}
}

// extreme returns the bar, output and input value where pick (math.Max or
// math.Min) of the outputs at the ends of the ranges is reached.
func extreme(bars []uncertain.TornadoBar, pick func(a, b float64) float64) (uncertain.TornadoBar, float64, float64) {
	best, y, end := bars[0], bars[0].YLow, bars[0].Low
	for _, t := range bars {
		for _, e := range [][2]float64{{t.YLow, t.Low}, {t.YHigh, t.High}} {
			if pick(e[0], y) == e[0] && e[0] != y {
				best, y, end = t, e[0], e[1]
			}
		}
	}
	return best, y, end
}

// knownChanges names the type profiles under which, were the types common
// knowledge, play would lead to another result than the most likely one.
func knownChanges(b *Brief, top Prob) []string {
	if len(b.Known) == 0 {
		return nil
	}
	var differ []string
	for _, k := range b.Known {
		r := ranked(k.Results)
		if len(r) == 0 || r[0].Name == top.Name {
			continue
		}
		differ = append(differ, fmt.Sprintf("with %s the result would be %s", typesText(b, k.Types), quote(r[0].Label)))
	}
	if len(differ) == 0 {
		return []string{fmt.Sprintf("Were every actor's type common knowledge, play would still end in %s, for each of the %d type profiles.",
			quote(top.Label), len(b.Known))}
	}
	return []string{"Were the actors' types common knowledge, the picture would change: " + strings.Join(differ, "; ") + "."}
}

// typesText describes a type profile: "US resolved (H) and MX tough (T)".
func typesText(b *Brief, types []equilibrium.Fact) string {
	var parts []string
	for _, f := range types {
		l := f.Value
		for _, m := range b.Behaviour {
			if m.Actor == f.Name && m.Type == f.Value && m.TypeLabel != "" {
				l = fmt.Sprintf("%s (%s)", strings.SplitN(m.TypeLabel, ":", 2)[0], f.Value)
				break
			}
		}
		parts = append(parts, f.Name+" "+l)
	}
	return strings.Join(parts, " and ")
}

func assumption(b *Brief, id string) *Assumption {
	for i := range b.Assumptions {
		if b.Assumptions[i].ID == id {
			return &b.Assumptions[i]
		}
	}
	return nil
}

func label(ps []Prob, name string) string {
	for _, p := range ps {
		if p.Name == name {
			return p.Label
		}
	}
	return name
}

// quote marks a label as a name in a sentence.
func quote(s string) string { return "“" + s + "”" }

func lowerFirst(s string) string {
	if s == "" || strings.ToUpper(s[:1]) != s[:1] || (len(s) > 1 && strings.ToUpper(s[1:2]) == s[1:2]) {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// short formats a parameter value with four significant digits.
func short(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

// pct formats a probability as a percentage for sentences.
// mcError is the half-width of a Monte Carlo interval in percentage
// points: the interval's two ends often round to the same percentage.
func mcError(low, high float64) string {
	h := (high - low) / 2 * 100
	if h < 0.05 {
		return "under ±0.1 points"
	}
	return "±" + strconv.FormatFloat(h, 'f', 1, 64) + " points"
}

func pct(p float64) string {
	v := p * 100
	switch {
	case v == 0:
		return "0%"
	case math.Abs(v) < 0.1:
		return "under 0.1%"
	case math.Abs(v) < 9.95:
		return strconv.FormatFloat(v, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + "%"
}
