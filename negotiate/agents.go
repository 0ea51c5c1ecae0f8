package negotiate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Aspiration exponents of NegMAS's PolyAspiration curve a(t) = 1 − t^e.
const (
	BoulwareExponent = 4.0
	LinearExponent   = 1.0
	ConcederExponent = 0.25
)

// TimeBased is NegMAS's time-based conceding negotiator
// (TimeBasedConcedingNegotiator with a PolyAspiration curve and
// deterministic offers): at relative time t its aspiration is
// a(t) = 1 − t^e of its range [Min, Max]; it offers the worst outcome at or
// above Min + (Max − Min)·a(t) − Eps and accepts an offer whose utility is
// at least that level. BoulwareTB, LinearTB and ConcederTB use e = 4, 1,
// 0.25 and Eps = 1e-4; AspirationNegotiator uses Eps = 1e-3.
type TimeBased struct {
	Label    string
	Exponent float64
	Eps      float64
	// MaxAspiration is a(0) (default 1).
	MaxAspiration float64
	view          *View
}

// NewBoulware returns NegMAS's BoulwareTBNegotiator (e = 4).
func NewBoulware() *TimeBased {
	return &TimeBased{Label: "Boulware", Exponent: BoulwareExponent, Eps: 1e-4}
}

// NewLinear returns NegMAS's LinearTBNegotiator.
func NewLinear() *TimeBased { return &TimeBased{Label: "Linear", Exponent: LinearExponent, Eps: 1e-4} }

// NewConceder returns NegMAS's ConcederTBNegotiator.
func NewConceder() *TimeBased {
	return &TimeBased{Label: "Conceder", Exponent: ConcederExponent, Eps: 1e-4}
}

// NewAspiration returns NegMAS's AspirationNegotiator (boulware curve,
// tolerance 1e-3).
func NewAspiration() *TimeBased {
	return &TimeBased{Label: "Aspiration", Exponent: BoulwareExponent, Eps: 1e-3}
}

// Name implements Negotiator.
func (a *TimeBased) Name() string { return a.Label }

// Init implements Negotiator.
func (a *TimeBased) Init(s *Session) { a.view = s.View() }

func (a *TimeBased) aspiration(t float64) float64 {
	m := a.MaxAspiration
	if m == 0 {
		m = 1
	}
	if math.IsInf(a.Exponent, 1) {
		return m
	}
	return m * (1 - math.Pow(t, a.Exponent))
}

// Level is the utility range [lo, hi] the agent offers and accepts in at
// relative time t.
func (a *TimeBased) Level(t float64) (lo, hi float64) {
	return a.view.Scale(a.aspiration(t), a.Eps)
}

// Respond implements Negotiator.
func (a *TimeBased) Respond(st *State) Response {
	lo, hi := a.Level(st.RelativeTime)
	if u := a.view.U[st.Offer]; lo <= u && u <= hi {
		return Accept
	}
	return Reject
}

// Propose implements Negotiator.
func (a *TimeBased) Propose(st *State) (int64, bool) {
	lo, hi := a.Level(st.RelativeTime)
	return a.view.WorstIn(lo, hi)
}

// GeniusTimeDependent is GENIUS's classic time-dependent agent (Faratin et
// al.): target p(t) = Pmin + (Pmax − Pmin)·(1 − t^{1/e}) with
// Pmin = max(min utility, RV) and Pmax = max utility; it offers the
// outcome whose utility is nearest to p(t) and accepts an offer at least as
// good as its own next offer (AC_next). Boulware e = 0.2, Conceder e = 2,
// Linear e = 1; e = 0 is a hardliner.
type GeniusTimeDependent struct {
	Label string
	E     float64
	view  *View
}

// Name implements Negotiator.
func (a *GeniusTimeDependent) Name() string { return a.Label }

// Init implements Negotiator.
func (a *GeniusTimeDependent) Init(s *Session) { a.view = s.View() }

// Target is p(t).
func (a *GeniusTimeDependent) Target(t float64) float64 {
	f := 0.0
	if a.E > 0 {
		f = math.Pow(t, 1/a.E)
	}
	return a.view.Min + (a.view.Max-a.view.Min)*(1-f)
}

// Propose implements Negotiator.
func (a *GeniusTimeDependent) Propose(st *State) (int64, bool) {
	return a.view.Nearest(a.Target(st.RelativeTime))
}

// Respond implements Negotiator.
func (a *GeniusTimeDependent) Respond(st *State) Response {
	o, ok := a.Propose(st)
	if ok && a.view.U[st.Offer] >= a.view.U[o] {
		return Accept
	}
	return Reject
}

// Hardliner offers its best outcome and accepts only outcomes as good as
// it (NegMAS's ToughNegotiator).
type Hardliner struct{ view *View }

// Name implements Negotiator.
func (a *Hardliner) Name() string { return "Hardliner" }

// Init implements Negotiator.
func (a *Hardliner) Init(s *Session) { a.view = s.View() }

// Propose implements Negotiator.
func (a *Hardliner) Propose(*State) (int64, bool) { return a.view.Best, true }

// Respond implements Negotiator.
func (a *Hardliner) Respond(st *State) Response {
	if a.view.U[st.Offer] >= a.view.U[a.view.Best] {
		return Accept
	}
	return Reject
}

// RandomAgent offers uniformly random rational outcomes and accepts a
// rational offer with probability PAccept (default 0.5): a baseline.
type RandomAgent struct {
	PAccept float64
	s       *Session
}

// Name implements Negotiator.
func (a *RandomAgent) Name() string { return "Random" }

// Init implements Negotiator.
func (a *RandomAgent) Init(s *Session) { a.s = s }

// Propose implements Negotiator.
func (a *RandomAgent) Propose(*State) (int64, bool) {
	v := a.s.View()
	if len(v.Sorted) == 0 {
		return NoOffer, false
	}
	return int64(v.Sorted[a.s.Rand.IntN(len(v.Sorted))]), true
}

// Respond implements Negotiator.
func (a *RandomAgent) Respond(st *State) Response {
	p := a.PAccept
	if p == 0 {
		p = 0.5
	}
	if a.s.View().U[st.Offer] >= a.s.View().Reservation && a.s.Rand.Float64() < p {
		return Accept
	}
	return Reject
}

// AgentNames lists the names NewAgent accepts.
func AgentNames() []string {
	return []string{"Boulware", "Linear", "Conceder", "Aspiration", "NaiveTitForTat", "MiCRO", "Hardliner", "Random",
		"GeniusBoulware", "GeniusLinear", "GeniusConceder", "GeniusBoulwareParty", "GeniusConcederParty", "TimeBased(e)",
		"GeniusTimeDependent(e)"}
}

// NewAgent makes a negotiator by name (see AgentNames); "TimeBased(2.5)"
// is a NegMAS time-based agent with exponent 2.5 and
// "GeniusTimeDependent(0.5)" a GENIUS one with e = 0.5. A suffix
// "+AC_next", "+AC_const(0.8)", "+AC_time(0.95)" or
// "+AC_combi(0.95,0.9)" replaces the agent's acceptance strategy.
func NewAgent(name string) (Negotiator, error) {
	base, acc, hasAcc := strings.Cut(name, "+")
	var ng Negotiator
	switch {
	case base == "Boulware":
		ng = NewBoulware()
	case base == "Linear":
		ng = NewLinear()
	case base == "Conceder":
		ng = NewConceder()
	case base == "Aspiration":
		ng = NewAspiration()
	case base == "NaiveTitForTat":
		ng = NewNaiveTitForTat()
	case base == "MiCRO":
		ng = NewMiCRO()
	case base == "Hardliner":
		ng = &Hardliner{}
	case base == "Random":
		ng = &RandomAgent{}
	case base == "GeniusBoulware":
		ng = &GeniusTimeDependent{Label: base, E: 0.2}
	case base == "GeniusLinear":
		ng = &GeniusTimeDependent{Label: base, E: 1}
	case base == "GeniusConceder":
		ng = &GeniusTimeDependent{Label: base, E: 2}
	case base == "GeniusBoulwareParty":
		ng = NewGeniusBoulwareParty()
	case base == "GeniusConcederParty":
		ng = NewGeniusConcederParty()
	case strings.HasPrefix(base, "TimeBased(") && strings.HasSuffix(base, ")"):
		e, err := strconv.ParseFloat(base[len("TimeBased("):len(base)-1], 64)
		if err != nil || e < 0 || math.IsNaN(e) {
			return nil, fmt.Errorf("agent %q: bad exponent", name)
		}
		ng = &TimeBased{Label: base, Exponent: e, Eps: 1e-4}
	case strings.HasPrefix(base, "GeniusTimeDependent(") && strings.HasSuffix(base, ")"):
		e, err := strconv.ParseFloat(base[len("GeniusTimeDependent("):len(base)-1], 64)
		if err != nil || e < 0 || math.IsNaN(e) {
			return nil, fmt.Errorf("agent %q: bad e", name)
		}
		ng = &GeniusTimeDependent{Label: base, E: e}
	default:
		return nil, fmt.Errorf("unknown agent %q (known: %s)", name, strings.Join(AgentNames(), ", "))
	}
	if hasAcc {
		a, err := ParseAcceptance(acc)
		if err != nil {
			return nil, fmt.Errorf("agent %q: %w", name, err)
		}
		ng = WithAcceptance(ng, a)
	}
	return ng, nil
}
