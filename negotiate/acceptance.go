package negotiate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// AcceptContext is what an acceptance strategy sees.
type AcceptContext struct {
	State *State
	View  *View
	// Offer is the utility of the standing offer to the deciding party.
	Offer float64
	// Next is the utility of the offer the agent would make now
	// (NaN if it would not offer).
	Next float64
	// BestReceived is the best utility among offers received so far
	// (including the standing one).
	BestReceived float64
}

// Acceptance is an acceptance strategy (GENIUS's BOA "AC" component).
type Acceptance interface {
	Accept(c *AcceptContext) bool
	String() string
}

// ACNext accepts when α·u(offer) + β ≥ u(my next offer) (Baarslag et al.'s
// AC_next; α = 1, β = 0 by default).
type ACNext struct{ Alpha, Beta float64 }

// Accept implements Acceptance.
func (a ACNext) Accept(c *AcceptContext) bool {
	al := a.Alpha
	if al == 0 {
		al = 1
	}
	return !math.IsNaN(c.Next) && al*c.Offer+a.Beta >= c.Next
}

// String implements Acceptance.
func (a ACNext) String() string {
	if (a.Alpha == 0 || a.Alpha == 1) && a.Beta == 0 {
		return "AC_next"
	}
	return fmt.Sprintf("AC_next(%g,%g)", a.Alpha, a.Beta)
}

// ACConst accepts an offer worth at least C.
type ACConst struct{ C float64 }

// Accept implements Acceptance.
func (a ACConst) Accept(c *AcceptContext) bool { return c.Offer >= a.C }

// String implements Acceptance.
func (a ACConst) String() string { return fmt.Sprintf("AC_const(%g)", a.C) }

// ACTime accepts anything rational once relative time reaches T.
type ACTime struct{ T float64 }

// Accept implements Acceptance.
func (a ACTime) Accept(c *AcceptContext) bool {
	return c.State.RelativeTime >= a.T && c.Offer >= c.View.Reservation
}

// String implements Acceptance.
func (a ACTime) String() string { return fmt.Sprintf("AC_time(%g)", a.T) }

// ACCombi is AC_next, or, after time T, any offer at least as good as the
// best received so far (AC_combi(T, MAX^W) with the whole history as
// window).
type ACCombi struct{ T float64 }

// Accept implements Acceptance.
func (a ACCombi) Accept(c *AcceptContext) bool {
	if (ACNext{}).Accept(c) {
		return true
	}
	return c.State.RelativeTime >= a.T && c.Offer >= c.BestReceived && c.Offer >= c.View.Reservation
}

// String implements Acceptance.
func (a ACCombi) String() string { return fmt.Sprintf("AC_combi(%g)", a.T) }

// AnyOf accepts when any of its strategies does.
type AnyOf []Acceptance

// Accept implements Acceptance.
func (a AnyOf) Accept(c *AcceptContext) bool {
	for _, x := range a {
		if x.Accept(c) {
			return true
		}
	}
	return false
}

// String implements Acceptance.
func (a AnyOf) String() string {
	s := make([]string, len(a))
	for i, x := range a {
		s[i] = x.String()
	}
	return strings.Join(s, "|")
}

// AllOf accepts when every strategy does.
type AllOf []Acceptance

// Accept implements Acceptance.
func (a AllOf) Accept(c *AcceptContext) bool {
	for _, x := range a {
		if !x.Accept(c) {
			return false
		}
	}
	return len(a) > 0
}

// String implements Acceptance.
func (a AllOf) String() string {
	s := make([]string, len(a))
	for i, x := range a {
		s[i] = x.String()
	}
	return strings.Join(s, "&")
}

// ParseAcceptance reads "AC_next", "AC_next(1.02,0)", "AC_const(0.8)",
// "AC_time(0.95)", "AC_combi(0.95)", and '|' / '&' combinations of them
// ('&' binds tighter).
func ParseAcceptance(s string) (Acceptance, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "|") {
		var out AnyOf
		for _, p := range strings.Split(s, "|") {
			a, err := ParseAcceptance(p)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
		return out, nil
	}
	if strings.Contains(s, "&") {
		var out AllOf
		for _, p := range strings.Split(s, "&") {
			a, err := ParseAcceptance(p)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
		return out, nil
	}
	name, args := s, []float64(nil)
	if i := strings.IndexByte(s, '('); i >= 0 {
		if !strings.HasSuffix(s, ")") {
			return nil, fmt.Errorf("acceptance %q: missing ')'", s)
		}
		name = s[:i]
		for _, p := range strings.Split(s[i+1:len(s)-1], ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("acceptance %q: bad argument %q", s, p)
			}
			args = append(args, v)
		}
	}
	arg := func(i int, def float64) float64 {
		if i < len(args) {
			return args[i]
		}
		return def
	}
	switch strings.ToLower(name) {
	case "ac_next":
		// α = 0 is the zero value, read as the default α = 1: refuse it
		// (and negative α) rather than silently change it.
		if al := arg(0, 1); al <= 0 {
			return nil, fmt.Errorf("acceptance %q: α must be positive (AC_next(α,β) accepts when α·offer + β ≥ next)", s)
		}
		return ACNext{Alpha: arg(0, 1), Beta: arg(1, 0)}, nil
	case "ac_const":
		if len(args) != 1 {
			return nil, fmt.Errorf("acceptance %q needs one argument", s)
		}
		return ACConst{C: args[0]}, nil
	case "ac_time":
		if len(args) != 1 {
			return nil, fmt.Errorf("acceptance %q needs one argument", s)
		}
		return ACTime{T: args[0]}, nil
	case "ac_combi":
		return ACCombi{T: arg(0, 0.98)}, nil
	}
	return nil, fmt.Errorf("unknown acceptance strategy %q (AC_next, AC_const, AC_time, AC_combi)", s)
}

// Peeker is implemented by negotiators that can tell their next offer
// without side effects (needed by AC_next).
type Peeker interface {
	Peek(st *State) (int64, bool)
}

// Peek implements Peeker.
func (a *TimeBased) Peek(st *State) (int64, bool) { return a.Propose(st) }

// Peek implements Peeker.
func (a *GeniusTimeDependent) Peek(st *State) (int64, bool) { return a.Propose(st) }

// Peek implements Peeker.
func (a *Hardliner) Peek(st *State) (int64, bool) { return a.Propose(st) }

// withAcceptance replaces a negotiator's acceptance strategy.
type withAcceptance struct {
	Negotiator
	acc  Acceptance
	s    *Session
	best float64
}

// WithAcceptance returns ng with its acceptance decisions taken by acc
// (its offers unchanged). AC_next needs ng to implement Peeker; otherwise
// the agent's next offer is unknown and AC_next never accepts.
func WithAcceptance(ng Negotiator, acc Acceptance) Negotiator {
	return &withAcceptance{Negotiator: ng, acc: acc}
}

func (w *withAcceptance) Name() string { return w.Negotiator.Name() + "+" + w.acc.String() }

func (w *withAcceptance) Init(s *Session) {
	w.s = s
	w.best = math.Inf(-1)
	w.Negotiator.Init(s)
}

func (w *withAcceptance) OnOffer(st *State, proposer int, o int64) {
	if u := w.s.View().U[o]; u > w.best {
		w.best = u
	}
	if ob, ok := w.Negotiator.(OfferObserver); ok {
		ob.OnOffer(st, proposer, o)
	}
}

func (w *withAcceptance) Respond(st *State) Response {
	v := w.s.View()
	c := &AcceptContext{State: st, View: v, Offer: v.U[st.Offer], Next: math.NaN(), BestReceived: w.best}
	if c.Offer > c.BestReceived {
		c.BestReceived = c.Offer
	}
	if p, ok := w.Negotiator.(Peeker); ok {
		if o, ok := p.Peek(st); ok {
			c.Next = v.U[o]
		}
	}
	if w.acc.Accept(c) {
		return Accept
	}
	return Reject
}
