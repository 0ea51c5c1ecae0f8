package negotiate

import (
	"math"
)

// NaiveTitForTat is NegMAS's NaiveTitForTatNegotiator: it models the
// partner as zero-sum and mirrors the partner's concession measured in its
// own normalised utility. At step 0 it concedes nothing; at steps 1 and 2
// it makes the smallest possible concession (the gap between consecutive
// utilities of its presorted outcome list, walked with a persistent
// "next worse" cursor); from step 3 it concedes as much as the partner's
// last offer gives it (plus Kindness). It offers the worst outcome at or
// above 1 − concession of its normalised range and accepts offers at
// least that good.
type NaiveTitForTat struct {
	Kindness float64
	// Cursor, if set, is the "next worse" position shared across
	// negotiations: NegMAS caches it in the utility function object, so a
	// ufun reused by several negotiations continues where it stopped.
	// nil gives every negotiation a fresh cursor.
	Cursor       *int
	view         *View
	partnerOffer int64
	cursor       int
}

// NewNaiveTitForTat returns a tit-for-tat agent with kindness 0.
func NewNaiveTitForTat() *NaiveTitForTat { return &NaiveTitForTat{} }

// Name implements Negotiator.
func (a *NaiveTitForTat) Name() string { return "NaiveTitForTat" }

// Init implements Negotiator.
func (a *NaiveTitForTat) Init(s *Session) {
	a.view = s.View()
	a.partnerOffer = NoOffer
	if a.Cursor == nil {
		a.cursor = -1
	}
}

func (a *NaiveTitForTat) cur() *int {
	if a.Cursor != nil {
		return a.Cursor
	}
	return &a.cursor
}

// normAR is NegMAS's eval_normalized(offer, above_reserve=True).
func (a *NaiveTitForTat) normAR(o int64) float64 {
	v := a.view
	u := v.U[o]
	mn, mx := v.RawMin, v.Max
	if mx < v.Reservation {
		mn, mx = math.Inf(-1), math.Inf(-1)
	} else if mn < v.Reservation {
		mn = v.Reservation
	}
	d := mx - mn
	if d < 1e-5 {
		if math.IsInf(mx, 0) || math.IsNaN(mx) {
			return 0
		}
		return 1
	}
	return (u - mn) * (1 / d)
}

// nextWorse walks the presorted list of all outcomes from the best down
// and returns the next utility (the reservation value past the end).
func (a *NaiveTitForTat) nextWorse() float64 {
	v := a.view
	c := a.cur()
	last := len(v.AllSortedU) - 1
	if *c < 0 {
		*c = last
		return v.AllSortedU[last]
	}
	if *c > 0 {
		*c--
		return v.AllSortedU[*c]
	}
	return v.Reservation
}

func (a *NaiveTitForTat) concession(pc float64, st *State) float64 {
	c := pc
	if pc < 0 {
		c = 0
	}
	if st.Step == 0 {
		return 0
	}
	if st.Step > 2 {
		return c + a.Kindness
	}
	v := a.view
	best := a.nextWorse()
	nxt := a.nextWorse()
	d := v.AllSortedU[len(v.AllSortedU)-1] - v.AllSortedU[0]
	return (best - nxt + 1e-12) / d
}

func (a *NaiveTitForTat) target(o int64, st *State) float64 {
	partnerU := 1.0
	if o != NoOffer {
		partnerU = a.normAR(o)*-1 + 1.0
	}
	pc := 1.0 - partnerU
	my := a.concession(pc, st)
	if math.IsNaN(my) || math.IsInf(my, 0) || !(-1e-6 <= my && my <= 1.0000001) {
		my = 0
	}
	return 1.0 - my
}

// Respond implements Negotiator.
func (a *NaiveTitForTat) Respond(st *State) Response {
	a.partnerOffer = st.Offer
	u := a.target(st.Offer, st)
	if a.normAR(st.Offer) >= u {
		return Accept
	}
	return Reject
}

// Propose implements Negotiator.
func (a *NaiveTitForTat) Propose(st *State) (int64, bool) {
	t := a.target(a.partnerOffer, st)
	v := a.view
	d := v.Max - v.RawMin
	lo, hi := t, 1.0
	if d < 1e-12 {
		lo, hi = 0, 0
	} else {
		lo, hi = lo*d+v.RawMin, hi*d+v.RawMin
	}
	return worstInSorted(v.AllSorted, v.AllSortedU, lo, hi)
}

// MiCRO is de Jonge's MiCRO strategy as NegMAS implements it
// (MiCRONegotiator): it walks its rational outcomes from the best down,
// conceding one new outcome only when it has made no more distinct offers
// than it has received, and otherwise repeats a random earlier offer; it
// accepts an offer at least as good as its next offer (or, when not ready
// to concede, as its last one).
type MiCRO struct {
	view     *View
	s        *Session
	next     int
	sent     []int64
	sentSet  map[int64]bool
	received map[int64]bool
}

// NewMiCRO returns a MiCRO agent.
func NewMiCRO() *MiCRO { return &MiCRO{} }

// Name implements Negotiator.
func (a *MiCRO) Name() string { return "MiCRO" }

// Init implements Negotiator.
func (a *MiCRO) Init(s *Session) {
	a.s, a.view = s, s.View()
	a.next = 0
	a.sent = nil
	a.sentSet = map[int64]bool{}
	a.received = map[int64]bool{}
}

// OnOffer implements OfferObserver.
func (a *MiCRO) OnOffer(_ *State, _ int, o int64) { a.received[o] = true }

func (a *MiCRO) ready() bool { return len(a.sentSet) <= len(a.received) }

// at returns the outcome of rank i (0 = best) and its utility; ok is false
// past the rational outcomes.
func (a *MiCRO) at(i int) (int64, float64, bool) {
	last := len(a.view.Sorted) - 1
	if i < 0 || i > last {
		return NoOffer, math.Inf(-1), false
	}
	return int64(a.view.Sorted[last-i]), a.view.SortedU[last-i], true
}

// Respond implements Negotiator.
func (a *MiCRO) Respond(st *State) Response {
	v := a.view
	mine := v.Reservation
	if a.ready() {
		if _, u, ok := a.at(a.next); ok && u >= v.Reservation {
			mine = u
		}
	} else if a.next > 0 {
		if _, u, ok := a.at(a.next - 1); ok && u >= v.Reservation {
			mine = u
		}
	}
	if v.U[st.Offer] >= mine {
		return Accept
	}
	return Reject
}

// Propose implements Negotiator.
func (a *MiCRO) Propose(*State) (int64, bool) {
	o, u, ok := a.at(a.next)
	if !ok || u < a.view.Reservation || !a.ready() {
		if len(a.sent) == 0 {
			return NoOffer, false
		}
		return a.sent[a.s.Rand.IntN(len(a.sent))], true
	}
	a.next++
	if !a.sentSet[o] {
		a.sentSet[o] = true
		a.sent = append(a.sent, o)
	}
	return o, true
}

// Peek implements Peeker (without moving MiCRO forward).
func (a *MiCRO) Peek(*State) (int64, bool) {
	if o, u, ok := a.at(a.next); ok && u >= a.view.Reservation && a.ready() {
		return o, true
	}
	if a.next > 0 {
		o, _, _ := a.at(a.next - 1)
		return o, true
	}
	return NoOffer, false
}
