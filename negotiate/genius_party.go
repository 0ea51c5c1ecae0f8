package negotiate

import (
	"cmp"
	"math"
	"slices"
	"unicode/utf16"
)

// GeniusParty is GENIUS 10.4's multilateral time-dependent party
// (negotiator.parties.AbstractTimeDependentNegotiationParty, played by
// BoulwareNegotiationParty with e = 0.2 and ConcederNegotiationParty with
// e = 2). It differs from GENIUS's classic agent (GeniusTimeDependent):
//
//   - its target is absolute, 1 − f(t − 1/(N+1)) with f(t) = t^{1/e}, not
//     scaled to the party's utility range; under a round deadline of N
//     rounds GENIUS's time is round/(N+1) and the party subtracts one round
//     so that it starts at t = 0 (e = 0: a hardliner, f = 0);
//   - it bids the outcome GENIUS's SortedOutcomeSpace finds near the target
//     over every outcome, the reservation value playing no part
//     (GeniusOutcomes);
//   - it accepts the last offer received from another party iff its own
//     next bid is worth strictly less, both discounted at the current time.
//
// Run plays GENIUS's SAOP as far as these parties can tell: the first
// party offers, every later turn accepts or counters, the offer is agreed
// once all others accept it, N rounds are played, and with a step deadline
// RelativeTime = (step+1)/(NSteps+1) equals GENIUS's round/(N+1). Only the
// round GENIUS logs differs (GeniusRound).
type GeniusParty struct {
	Label string
	E     float64
	// Outcomes is the party's GENIUS-sorted outcome space; Init builds it
	// unless it is already set for the session's space and party (share
	// one across negotiations on large spaces).
	Outcomes *GeniusOutcomes
	s        *Session
	last     int64
}

// NewGeniusBoulwareParty returns GENIUS's BoulwareNegotiationParty (e = 0.2).
func NewGeniusBoulwareParty() *GeniusParty {
	return &GeniusParty{Label: "GeniusBoulwareParty", E: 0.2}
}

// NewGeniusConcederParty returns GENIUS's ConcederNegotiationParty (e = 2).
func NewGeniusConcederParty() *GeniusParty {
	return &GeniusParty{Label: "GeniusConcederParty", E: 2}
}

// Name implements Negotiator.
func (a *GeniusParty) Name() string { return a.Label }

// Init implements Negotiator.
func (a *GeniusParty) Init(s *Session) {
	a.s = s
	a.last = NoOffer
	if g := a.Outcomes; g == nil || g.Space != s.Space || g.Party != s.Self {
		a.Outcomes = NewGeniusOutcomes(s.Space, s.Self)
	}
}

// Target is the utility the party aims at at relative time t.
func (a *GeniusParty) Target(t float64) float64 {
	if a.s != nil && a.s.NSteps > 0 {
		t -= 1 / float64(a.s.NSteps+1)
	}
	if a.E == 0 {
		return 1
	}
	return 1 - math.Pow(t, 1/a.E)
}

// Propose implements Negotiator.
func (a *GeniusParty) Propose(st *State) (int64, bool) {
	return a.Outcomes.Near(a.Target(st.RelativeTime))
}

// Respond implements Negotiator.
func (a *GeniusParty) Respond(st *State) Response {
	next, ok := a.Propose(st)
	if !ok {
		return Reject
	}
	last := 0.0 // GENIUS's value when nothing was received
	if a.last != NoOffer {
		last = a.discounted(a.last, st.RelativeTime)
	}
	if a.discounted(next, st.RelativeTime) < last {
		return Accept
	}
	return Reject
}

// OnOffer implements OfferObserver: it remembers the last offer received.
func (a *GeniusParty) OnOffer(_ *State, _ int, o int64) { a.last = o }

func (a *GeniusParty) discounted(o int64, t float64) float64 {
	return a.s.Space.Profiles[a.s.Self].Discounted(a.s.Space.U[a.s.Self][o], t)
}

// GeniusRound is the "Round" GENIUS's session log reports for a result of
// Run: GENIUS logs the number of rounds started plus one
// (SessionEndedNormallyEvent), i.e. the agreement round + 1, or N + 1 after
// a deadline of N rounds.
func GeniusRound(res *Result) int { return res.Steps + 1 }

// GeniusOutcomes is GENIUS's SortedOutcomeSpace for one party: every
// outcome of the space, best first. Equal utilities are ordered as Java's
// Collections.sort with BidDetailsSorterUtility leaves them: by the
// BidDetails hash code (ascending, as a signed 32-bit integer), then in
// GENIUS's enumeration order (BidIterator: the first issue varies
// fastest). The hash of a discrete value is its label's Java String hash
// and that of an integer value 0; a real value has Java's identity hash,
// which no replay can know, and counts as 0 here.
type GeniusOutcomes struct {
	Space *Space
	Party int
	// Outcomes are the space's outcome indices and U their utilities, in
	// GENIUS's order (utility descending).
	Outcomes []int32
	U        []float64
}

// NewGeniusOutcomes sorts space s's outcomes for party p as GENIUS does.
func NewGeniusOutcomes(s *Space, p int) *GeniusOutcomes {
	type bid struct {
		id   int32
		hash int32
		rank int64
		u    float64
	}
	d := s.Domain
	hashes := valueHashes(d)
	bids := make([]bid, s.N)
	o := make([]int, len(d.Issues))
	for i := range bids {
		o = d.Decode(s.ID(i), o)
		u := s.U[p][i]
		bids[i] = bid{id: int32(i), hash: bidDetailsHash(bidHash(hashes, o), u), rank: geniusRank(d, o), u: u}
	}
	slices.SortFunc(bids, func(x, y bid) int {
		switch {
		case x.u > y.u:
			return -1
		case x.u < y.u:
			return 1
		}
		if c := cmp.Compare(x.hash, y.hash); c != 0 {
			return c
		}
		return cmp.Compare(x.rank, y.rank)
	})
	g := &GeniusOutcomes{Space: s, Party: p, Outcomes: make([]int32, len(bids)), U: make([]float64, len(bids))}
	for i, b := range bids {
		g.Outcomes[i], g.U[i] = b.id, b.u
	}
	return g
}

// Near returns the outcome GENIUS's getBidNearUtility picks for utility
// u; ok is false only for an empty space.
func (g *GeniusOutcomes) Near(u float64) (int64, bool) {
	if len(g.U) == 0 {
		return NoOffer, false
	}
	return int64(g.Outcomes[g.NearIndex(u)]), true
}

// NearIndex is SortedOutcomeSpace.getIndexOfBidNearUtility: of the bid
// Search ends on (an exact match, or the last bid above u) and the next one
// it takes the strictly nearer to u. Of a group of equal utilities it thus
// picks the first bid when u lies above the group, the last when u lies
// below it. (GENIUS also looks at the previous bid, which lies at least as
// far from u, so that check is left out.)
func (g *GeniusOutcomes) NearIndex(u float64) int {
	i := g.Search(u)
	if i+1 < len(g.U) && math.Abs(g.U[i+1]-u) < math.Abs(g.U[i]-u) {
		return i + 1
	}
	return i
}

// Search is SortedOutcomeSpace.searchIndexWith, a bisection over the
// descending utilities that stops at an exact match or when the midpoint
// no longer moves, which is on the last bid above u (the first bid when u
// is above all, the last but one when it is below all).
func (g *GeniusOutcomes) Search(u float64) int {
	mid, low, high, lastMid := -1, 0, len(g.U)-1, 0
	for lastMid != mid {
		lastMid = mid
		mid = (low + high) / 2
		if g.U[mid] == u {
			return mid
		}
		if g.U[mid] < u {
			high = mid
		}
		if g.U[mid] > u {
			low = mid
		}
	}
	return mid
}

// valueHashes returns the Java hash code of every value of every issue of
// d (ValueDiscrete: String.hashCode of the label; ValueInteger: 0; real:
// unknown, 0).
func valueHashes(d *Domain) [][]int32 {
	h := make([][]int32, len(d.Issues))
	for i := range d.Issues {
		is := &d.Issues[i]
		h[i] = make([]int32, is.Card())
		if is.Kind != Discrete {
			continue
		}
		for k, v := range is.Values {
			h[i][k] = javaStringHash(v)
		}
	}
	return h
}

// javaStringHash is Java's String.hashCode (over UTF-16 code units).
func javaStringHash(s string) int32 {
	var h int32
	for _, c := range utf16.Encode([]rune(s)) {
		h = 31*h + int32(c)
	}
	return h
}

// bidHash is Bid.hashCode: the sum of the value hashes.
func bidHash(hashes [][]int32, o []int) int32 {
	var h int32
	for i, k := range o {
		h += hashes[i][k]
	}
	return h
}

// bidDetailsHash is BidDetails.hashCode for a bid with utility u and time
// −1 (the time OutcomeSpace gives every bid).
func bidDetailsHash(bid int32, u float64) int32 {
	h := 31 + bid
	h = 31*h + javaDoubleHash(u)
	return 31*h + javaDoubleHash(-1)
}

func javaDoubleHash(x float64) int32 {
	b := math.Float64bits(x)
	return int32(uint32(b ^ b>>32))
}

// geniusRank is the position of outcome o in GENIUS's BidIterator
// enumeration (mixed radix, the first issue least significant).
func geniusRank(d *Domain, o []int) int64 {
	var r int64
	for i := len(o) - 1; i >= 0; i-- {
		r = r*int64(d.Issues[i].Card()) + int64(o[i])
	}
	return r
}
