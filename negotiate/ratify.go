package negotiate

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// WinSets are a specification's domestic ratification constraints
// compiled for one combination of types and parameter values. They are
// what a simulated negotiation checks its agreement against, and what
// Putnam's two-level negotiator keeps to: a package its own audience
// would reject is, for that negotiator, no better than no deal.
type WinSets struct {
	spec *Spec
	sets []*winSet
}

// CompileWinSets compiles the ratification constraints of s that apply to
// the types and parameter values of opt.
func (s *Spec) CompileWinSets(opt BuildOptions) (*WinSets, error) {
	ws, err := s.winSets(opt)
	if err != nil {
		return nil, err
	}
	return &WinSets{spec: s, sets: ws}, nil
}

// Spec is the specification the win-sets were compiled from.
func (w *WinSets) Spec() *Spec { return w.spec }

// Empty reports whether no constraint applies.
func (w *WinSets) Empty() bool { return w == nil || len(w.sets) == 0 }

// Admits reports whether party p's audience ratifies package o (one option
// index per issue) worth u to p.
func (w *WinSets) Admits(p int, o []int, u float64) bool {
	for _, ws := range w.sets {
		if ws.party == p && !ws.admits(o, u) {
			return false
		}
	}
	return true
}

// Breach is one ratification constraint a package violates.
type Breach struct {
	Party      string   `json:"party"`
	Constraint string   `json:"constraint"`
	Refs       []string `json:"refs,omitempty"`
	// Reason says what in the package the audience rejects, in the
	// specification's labels.
	Reason string `json:"reason"`
}

// Breaches lists the constraints package o violates, with u[p] the
// package's utility to party p.
func (w *WinSets) Breaches(o []int, u []float64) []Breach {
	var out []Breach
	for _, ws := range w.sets {
		if ws.party >= len(u) || ws.admits(o, u[ws.party]) {
			continue
		}
		out = append(out, Breach{Party: w.spec.Parties[ws.party].ID, Constraint: ws.label, Refs: ws.spec.Refs,
			Reason: w.reason(ws, o, u[ws.party])})
	}
	return out
}

// reason explains why ws rejects o.
func (w *WinSets) reason(ws *winSet, o []int, u float64) string {
	var why []string
	for i, f := range ws.forbid {
		if f != nil && f[o[i]] {
			why = append(why, "forbids "+w.spec.optionText(i, o[i]))
		}
	}
	if len(ws.any) > 0 && !ws.admits(o, math.Inf(1)) && len(why) == 0 {
		var alts []string
		for _, c := range ws.any {
			var need []string
			for i, allowed := range c {
				if allowed == nil {
					continue
				}
				var opts []string
				for j, ok := range allowed {
					if ok {
						opts = append(opts, w.spec.Issues[i].Options[j].text())
					}
				}
				need = append(need, w.spec.Issues[i].text()+" in {"+strings.Join(opts, "; ")+"}")
			}
			alts = append(alts, strings.Join(need, " and "))
		}
		why = append(why, "requires one of: "+strings.Join(alts, ", or "))
	}
	if u < ws.threshold {
		why = append(why, fmt.Sprintf("utility %.3f below the threshold %.3f", u, ws.threshold))
	}
	return strings.Join(why, "; ")
}

// text is an issue's label, or its id.
func (is *SpecIssue) text() string {
	if is.Label != "" {
		return is.Label
	}
	return is.ID
}

// text is an option's label, or its id.
func (o *SpecOption) text() string {
	if o.Label != "" {
		return o.Label
	}
	return o.ID
}

// optionText renders option j of issue i as "issue label: option label".
func (s *Spec) optionText(i, j int) string {
	return s.Issues[i].text() + ": " + s.Issues[i].Options[j].text()
}

// Labeled is package o with the specification's issue and option labels.
func (s *Spec) Labeled(o []int) []IssueOption {
	out := make([]IssueOption, len(o))
	for i, k := range o {
		is := &s.Issues[i]
		out[i] = IssueOption{Issue: is.ID, IssueLabel: is.Label, Option: is.Options[k].ID, Label: is.Options[k].Label}
	}
	return out
}

// admitted marks, for each party, the outcomes of space s its audience
// ratifies (nil for a party without constraints).
func (w *WinSets) admitted(s *Space) [][]bool {
	out := make([][]bool, len(s.U))
	o := make([]int, len(s.Domain.Issues))
	for p := range s.U {
		if !slices.ContainsFunc(w.sets, func(ws *winSet) bool { return ws.party == p }) {
			continue
		}
		out[p] = make([]bool, s.N)
		for i := 0; i < s.N; i++ {
			s.Domain.Decode(s.ID(i), o)
			out[p][i] = w.Admits(p, o, s.U[p][i])
		}
	}
	return out
}

// Ratified returns the space as two-level negotiators see it: a party
// values each package its own audience would not ratify just below its
// reservation value (signing it means involuntary defection, no deal at
// home), so it neither offers nor accepts it; packages it can ratify keep
// their utility. Only the party's own constraints enter its utilities:
// the others' win-sets show only through their refusals. It also returns
// the masks of ratified outcomes per party (nil: unconstrained).
func (w *WinSets) Ratified(s *Space) (*Space, [][]bool) {
	ok := w.admitted(s)
	t := &Space{Domain: s.Domain, Profiles: s.Profiles, Ufuns: slices.Clone(s.Ufuns), N: s.N, U: slices.Clone(s.U), IDs: s.IDs}
	for p, m := range ok {
		if m == nil {
			continue
		}
		r := s.Profiles[p].Reservation
		u := slices.Clone(s.U[p])
		for i, in := range m {
			if !in {
				u[i] = math.Min(u[i], r) - unratifiedMargin
			}
		}
		t.U[p] = u
		t.Ufuns[p] = nil // extremes must come from the ratified utilities
	}
	return t, ok
}

// unratifiedMargin puts an unratifiable package strictly below the
// reservation value.
const unratifiedMargin = 1e-6

// twoLevel wraps a negotiator so that it never offers or accepts a
// package outside its own win-set, whatever its strategy: it rejects such
// an offer (and counters), and replaces such a proposal by the ratifiable
// rational package nearest above it in its own utility, refusing to offer
// when there is none.
type twoLevel struct {
	Negotiator
	ok   []bool
	real []float64 // the party's utilities before ratification
	view *View
}

// Init implements Negotiator.
func (a *twoLevel) Init(s *Session) {
	a.Negotiator.Init(s)
	a.view = s.View()
}

// Respond implements Negotiator.
func (a *twoLevel) Respond(st *State) Response {
	r := a.Negotiator.Respond(st)
	if r == Accept && !a.ok[st.Offer] {
		return Reject
	}
	return r
}

// Propose implements Negotiator.
func (a *twoLevel) Propose(st *State) (int64, bool) {
	o, ok := a.Negotiator.Propose(st)
	if !ok || o < 0 || o >= int64(len(a.ok)) || a.ok[o] {
		return o, ok
	}
	v := a.view
	k, _ := slices.BinarySearch(v.SortedU, a.real[o])
	for ; k < len(v.Sorted); k++ {
		if a.ok[v.Sorted[k]] {
			return int64(v.Sorted[k]), true
		}
	}
	for k = len(v.Sorted) - 1; k >= 0; k-- {
		if a.ok[v.Sorted[k]] {
			return int64(v.Sorted[k]), true
		}
	}
	return NoOffer, false
}

// OnOffer implements OfferObserver for wrapped negotiators that observe.
func (a *twoLevel) OnOffer(st *State, proposer int, outcome int64) {
	if ob, ok := a.Negotiator.(OfferObserver); ok {
		ob.OnOffer(st, proposer, outcome)
	}
}

// Ratification is how a simulated negotiation stands to the parties'
// win-sets.
type Ratification struct {
	// Respected is true when the negotiators kept to their own win-sets
	// (two-level negotiators), false when they ignored them.
	Respected bool `json:"respected"`
	// Ratifiable counts the packages inside every party's win-set that
	// every party weakly prefers to no deal: the ratifiable bargaining
	// range.
	Ratifiable int `json:"ratifiable"`
	// Breaches are the constraints the agreement violates (none when the
	// agreement is ratifiable or there is none).
	Breaches []Breach `json:"breaches"`
}

// ratifiable counts the outcomes of s every party ratifies and weakly
// prefers to no deal.
func ratifiable(s *Space, ok [][]bool) int {
	n := 0
	for i := 0; i < s.N; i++ {
		in := s.rational(i)
		for _, m := range ok {
			if m != nil && !m[i] {
				in = false
			}
		}
		if in {
			n++
		}
	}
	return n
}
