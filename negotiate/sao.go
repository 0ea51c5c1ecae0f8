package negotiate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Response is a negotiator's answer to the standing offer.
type Response int

// Responses.
const (
	Reject Response = iota // reject and counter-offer
	Accept                 // accept the standing offer
	End                    // end the negotiation without agreement
)

// NoOffer marks the absence of an offer.
const NoOffer int64 = -1

// Offer is one offer of a negotiation trace.
type Offer struct {
	Step     int     `json:"step"`
	Time     float64 `json:"relative_time"`
	Proposer int     `json:"proposer"`
	Outcome  int64   `json:"outcome"`
}

// State is what a negotiator sees when it is called.
type State struct {
	// Step is the current step (round), from 0.
	Step int
	// RelativeTime is NegMAS's relative time:
	// min(1, max((step+1)/(n_steps+1), elapsed/time_limit)).
	RelativeTime float64
	// Offer is the standing offer (NoOffer at the start) and Proposer who
	// made it.
	Offer    int64
	Proposer int
	// NAcceptances counts the parties that accept the standing offer (the
	// proposer included: offering is accepting).
	NAcceptances int
	// Trace holds every offer so far, in order.
	Trace []Offer
	// Elapsed is the wall time since the start.
	Elapsed time.Duration
}

// Session is the negotiation a negotiator takes part in (NegMAS's
// negotiator-mechanism interface): the space, the deadline, its own
// presorted utility view, and a random source for stochastic agents.
type Session struct {
	Space     *Space
	NSteps    int
	TimeLimit time.Duration
	// Self is the negotiator's party index; Views[i] is party i's view
	// (agents may only read their own, opponent models excepted).
	Self  int
	Views []*View
	Rand  *rand.Rand
}

// View returns the negotiator's own view, preparing it on first use when
// Run was given none (agents that bid from their own ordering, such as
// GeniusParty, never need one).
func (s *Session) View() *View {
	if s.Views[s.Self] == nil {
		s.Views[s.Self] = NewView(s.Space, s.Self)
	}
	return s.Views[s.Self]
}

// Parties is the number of negotiators.
func (s *Session) Parties() int { return len(s.Views) }

// Negotiator is an SAO agent. The mechanism calls Respond when an offer is
// standing and Propose when the agent must offer (at the start, or after
// rejecting). Propose returning ok = false refuses to offer, which ends the
// negotiation (NegMAS's end_on_no_response).
type Negotiator interface {
	Name() string
	Init(s *Session)
	Respond(st *State) Response
	Propose(st *State) (outcome int64, ok bool)
}

// OfferObserver is implemented by negotiators that track the offers made
// by others (tit-for-tat, MiCRO, opponent models).
type OfferObserver interface {
	OnOffer(st *State, proposer int, outcome int64)
}

// Protocol configures a stacked-alternating-offers negotiation.
type Protocol struct {
	// NSteps is the deadline in steps (rounds); 0 means none.
	NSteps int
	// TimeLimit is the deadline in wall time; 0 means none.
	TimeLimit time.Duration
	// Seed seeds the negotiators' random sources (per party: Seed+party).
	Seed uint64
	// KeepTrace records every offer in the result.
	KeepTrace bool
}

// Result is the outcome of a negotiation.
type Result struct {
	Agreement    int64     `json:"agreement"` // NoOffer if none
	Agreed       bool      `json:"agreed"`
	Utilities    []float64 `json:"utilities"` // agreement utilities, or reservation values
	Steps        int       `json:"steps"`     // steps run (the agreement step + 1)
	RelativeTime float64   `json:"relative_time"`
	TimedOut     bool      `json:"timedout"`
	Broken       bool      `json:"broken"`
	NOffers      int       `json:"n_offers"`
	Trace        []Offer   `json:"trace,omitempty"`
	Seconds      float64   `json:"seconds"`
}

// Run runs a stacked-alternating-offers negotiation between negotiators
// (party i uses space s's profile i) with NegMAS's rules: negotiators act
// in the order given, one step giving each a turn; a turn responds to the
// standing offer (accept / reject with a counter-offer / end) or, when none
// stands, makes one; offering is accepting; agreement when every party
// accepts the standing offer; the deadline is checked before each step.
// Views may be nil (each is then prepared when its negotiator first asks
// for it); pass shared, prepared views in tournaments.
func Run(ctx context.Context, s *Space, negs []Negotiator, views []*View, proto Protocol) (*Result, error) {
	n := len(negs)
	if n < 2 {
		return nil, errors.New("a negotiation needs at least two negotiators")
	}
	if n > len(s.U) {
		return nil, fmt.Errorf("%d negotiators but the space has %d profiles", n, len(s.U))
	}
	if proto.NSteps <= 0 && proto.TimeLimit <= 0 {
		return nil, errors.New("a negotiation needs a deadline (steps or time)")
	}
	if views == nil {
		views = make([]*View, n)
	}
	start := time.Now()
	for i, ng := range negs {
		ng.Init(&Session{Space: s, NSteps: proto.NSteps, TimeLimit: proto.TimeLimit, Self: i, Views: views[:n],
			Rand: rand.New(rand.NewPCG(proto.Seed, uint64(i)+0x9e3779b97f4a7c15))})
	}
	st := &State{Offer: NoOffer, Proposer: -1}
	res := &Result{Agreement: NoOffer}
	finish := func() *Result {
		res.Steps = st.Step
		res.RelativeTime = relTime(st.Step, time.Since(start), proto)
		res.Seconds = time.Since(start).Seconds()
		res.Utilities = make([]float64, n)
		for i := 0; i < n; i++ {
			if res.Agreed {
				res.Utilities[i] = s.U[i][res.Agreement]
			} else {
				res.Utilities[i] = s.Profiles[i].Reservation
			}
		}
		if proto.KeepTrace {
			res.Trace = st.Trace
		}
		return res
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		elapsed := time.Since(start)
		if (proto.NSteps > 0 && st.Step >= proto.NSteps) || (proto.TimeLimit > 0 && elapsed > proto.TimeLimit) {
			res.TimedOut = true
			return finish(), nil
		}
		st.RelativeTime = relTime(st.Step, elapsed, proto)
		st.Elapsed = elapsed
		for i, ng := range negs {
			if st.Offer == NoOffer {
				if !propose(s, st, negs, i, res) {
					res.Broken = true
					st.Step++
					return finish(), nil
				}
				continue
			}
			if st.Proposer == i {
				// back to the proposer with its offer standing (possible
				// only when others neither accepted nor countered): it
				// responds to its own offer afresh, as in NegMAS
				st.NAcceptances = 0
			}
			switch ng.Respond(st) {
			case Accept:
				st.NAcceptances++
				if st.NAcceptances >= n {
					res.Agreed, res.Agreement = true, st.Offer
					st.Step++
					return finish(), nil
				}
			case End:
				res.Broken = true
				st.Step++
				return finish(), nil
			default:
				if !propose(s, st, negs, i, res) {
					res.Broken = true
					st.Step++
					return finish(), nil
				}
			}
		}
		st.Step++
	}
}

func propose(s *Space, st *State, negs []Negotiator, i int, res *Result) bool {
	o, ok := negs[i].Propose(st)
	if !ok || o < 0 || o >= int64(s.N) {
		return false
	}
	st.Offer, st.Proposer, st.NAcceptances = o, i, 1
	st.Trace = append(st.Trace, Offer{Step: st.Step, Time: st.RelativeTime, Proposer: i, Outcome: o})
	res.NOffers++
	for j, other := range negs {
		if j == i {
			continue
		}
		if ob, ok := other.(OfferObserver); ok {
			ob.OnOffer(st, i, o)
		}
	}
	return true
}

func relTime(step int, elapsed time.Duration, p Protocol) float64 {
	t := 0.0
	if p.NSteps > 0 {
		t = float64(step+1) / float64(p.NSteps+1)
	}
	if p.TimeLimit > 0 {
		t = math.Max(t, elapsed.Seconds()/p.TimeLimit.Seconds())
	}
	return math.Min(1, t)
}
