package negotiate

import (
	"math"
	"testing"
)

func geniusPartyOn(t *testing.T, s *Space, a *GeniusParty, self, nSteps int) *GeniusParty {
	t.Helper()
	a.Init(&Session{Space: s, NSteps: nSteps, Self: self, Views: []*View{NewView(s, 0), NewView(s, 1)}})
	return a
}

func TestGeniusPartyTarget(t *testing.T) {
	s := tinySpace(t)
	b := geniusPartyOn(t, s, NewGeniusBoulwareParty(), 0, 100)
	c := geniusPartyOn(t, s, NewGeniusConcederParty(), 1, 100)
	h := geniusPartyOn(t, s, &GeniusParty{E: 0}, 0, 100)
	tests := []struct {
		a     *GeniusParty
		round int // GENIUS round, from 1; time round/101
		want  float64
	}{
		{b, 1, 1},
		{c, 1, 1},
		{b, 51, 1 - math.Pow(0.5-0.5/101, 5)},
		{c, 26, 1 - math.Sqrt(25.0/101)},
		{c, 100, 1 - math.Sqrt(99.0/101)}, // the last round: the target never reaches 0
		{h, 60, 1},
	}
	for _, tc := range tests {
		if got := tc.a.Target(float64(tc.round) / 101); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("e = %v, round %d: target %v, want %v", tc.a.E, tc.round, got, tc.want)
		}
	}
	// without a step deadline there is no one-round offset
	tl := geniusPartyOn(t, s, NewGeniusConcederParty(), 0, 0)
	if got := tl.Target(0.25); got != 0.5 {
		t.Errorf("time deadline: target %v, want 0.5", got)
	}
}

// The tiny seller values both colours at 4: every seller outcome has an
// equal-utility twin, which GENIUS orders by BidDetails.hashCode (a signed,
// wrapping 32-bit hash). The expected colours were worked out by hand from
// Java's String, Double and BidDetails hash formulas.
func TestGeniusOutcomesOrder(t *testing.T) {
	s := tinySpace(t)
	g := NewGeniusOutcomes(s, 1)
	if len(g.Outcomes) != s.N {
		t.Fatalf("%d outcomes, want all %d", len(g.Outcomes), s.N)
	}
	for i := 1; i < len(g.U); i++ {
		if g.U[i] > g.U[i-1] {
			t.Fatalf("not sorted best first at %d", i)
		}
	}
	first := map[[2]string]string{ // frame, gears → colour listed first
		{"Steel", "1"}: "Red", {"Steel", "2"}: "Red", {"Steel", "3"}: "Red", {"Steel", "4"}: "Black",
		{"Aluminium", "1"}: "Red", {"Aluminium", "2"}: "Red", {"Aluminium", "3"}: "Red", {"Aluminium", "4"}: "Black",
		{"Carbon", "1"}: "Red", {"Carbon", "2"}: "Black", {"Carbon", "3"}: "Red", {"Carbon", "4"}: "Black",
	}
	seen := map[[2]string]bool{}
	for _, o := range g.Outcomes {
		l := s.Labels(int64(o))
		k := [2]string{l[0], l[1]}
		if !seen[k] {
			seen[k] = true
			if l[2] != first[k] {
				t.Errorf("%v: %s first, want %s", k, l[2], first[k])
			}
		}
	}
	if h := javaStringHash("hello"); h != 99162322 {
		t.Errorf(`"hello" hashes to %d`, h)
	}
	if h := javaStringHash("Carbon"); h != 2011228557 {
		t.Errorf(`"Carbon" hashes to %d`, h)
	}
}

// getBidNearUtility's bisection ends between the last bid above the target
// and the first below it and takes the nearer (the upper one on a tie): of
// a group of equal utilities it picks the first bid when the target lies
// above the group and the last when it lies below.
func TestGeniusOutcomesNear(t *testing.T) {
	g := &GeniusOutcomes{Outcomes: []int32{10, 11, 12, 13, 14}, U: []float64{1, 0.7, 0.7, 0.7, 0.4}}
	tests := []struct {
		u    float64
		want int64
	}{
		{1.5, 10}, {0.9, 10}, {0.85, 10}, {0.84, 11}, {0.72, 11}, {0.65, 13}, {0.56, 13}, {0.5, 14}, {-1, 14},
	}
	for _, tc := range tests {
		if got, _ := g.Near(tc.u); got != tc.want {
			t.Errorf("near %v: %d, want %d", tc.u, got, tc.want)
		}
	}
}

// The party accepts the last offer received iff its own next bid is worth
// strictly less (discounted alike), and bids below its reservation value
// when its target falls there.
func TestGeniusPartyAcceptance(t *testing.T) {
	s := tinySpace(t)
	best := geniusPartyOn(t, s, NewGeniusBoulwareParty(), 0, 100).Outcomes.Outcomes[0]
	a := geniusPartyOn(t, s, NewGeniusBoulwareParty(), 0, 100)
	early := &State{Step: 0, RelativeTime: 1.0 / 101, Offer: int64(best), Proposer: 1}
	if r := a.Respond(early); r != Reject {
		t.Errorf("nothing received yet: %v, want Reject", r)
	}
	a.OnOffer(early, 1, int64(best))
	if r := a.Respond(early); r != Reject {
		t.Errorf("offer as good as the next bid: %v, want Reject (strict)", r)
	}
	late := &State{Step: 89, RelativeTime: 90.0 / 101, Offer: int64(best), Proposer: 1}
	next, _ := a.Propose(late)
	if s.U[0][next] >= s.U[0][best] {
		t.Fatalf("no concession by round 90")
	}
	if r := a.Respond(late); r != Accept {
		t.Errorf("offer better than the next bid: %v, want Accept", r)
	}
	// with a reservation value above every utility the party still bids
	rv := *s.Profiles[0]
	rv.Reservation = 2
	s2 := *s
	s2.Profiles = []*Profile{&rv, s.Profiles[1]}
	b := geniusPartyOn(t, &s2, NewGeniusBoulwareParty(), 0, 100)
	if o, ok := b.Propose(late); !ok || s.U[0][o] >= rv.Reservation {
		t.Errorf("propose %d %v under a reservation value of 2", o, ok)
	}
}
