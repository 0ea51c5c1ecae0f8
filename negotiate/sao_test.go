package negotiate

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"
)

func tinySpace(t testing.TB) *Space {
	t.Helper()
	d, err := ReadDomainXMLFile("testdata/tiny/tiny_domain.xml", XMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var ps []*Profile
	for _, f := range []string{"testdata/tiny/tiny_buyer.xml", "testdata/tiny/tiny_seller.xml"} {
		p, err := ReadProfileXMLFile(f, d, XMLOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	s, err := Evaluate(context.Background(), d, ps, 0)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// scripted is a negotiator that follows a script of responses and offers.
type scripted struct {
	responses []Response
	offers    []int64
	seenT     []float64
}

func (a *scripted) Name() string    { return "scripted" }
func (a *scripted) Init(s *Session) {}
func (a *scripted) Respond(st *State) Response {
	a.seenT = append(a.seenT, st.RelativeTime)
	if len(a.responses) == 0 {
		return Reject
	}
	r := a.responses[0]
	a.responses = a.responses[1:]
	return r
}
func (a *scripted) Propose(st *State) (int64, bool) {
	if len(a.offers) == 0 {
		return NoOffer, false
	}
	o := a.offers[0]
	if len(a.offers) > 1 {
		a.offers = a.offers[1:]
	}
	return o, true
}

func TestSAOProtocol(t *testing.T) {
	s := tinySpace(t)
	tests := []struct {
		name    string
		a, b    *scripted
		steps   int
		agreed  bool
		broken  bool
		timeout bool
		nSteps  int
		offers  int
		agree   int64
	}{
		{"second accepts at once", &scripted{offers: []int64{3}}, &scripted{responses: []Response{Accept}}, 10, true, false, false, 1, 1, 3},
		{"first accepts the counter-offer in step 1", &scripted{offers: []int64{3}, responses: []Response{Accept}}, &scripted{offers: []int64{5}}, 10, true, false, false, 2, 2, 5},
		{"timeout", &scripted{offers: []int64{1}}, &scripted{offers: []int64{2}}, 4, false, false, true, 4, 8, NoOffer},
		{"end negotiation", &scripted{offers: []int64{1}}, &scripted{responses: []Response{End}}, 10, false, true, false, 1, 1, NoOffer},
		{"refusing to offer breaks", &scripted{}, &scripted{}, 10, false, true, false, 1, 0, NoOffer},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(context.Background(), s, []Negotiator{tc.a, tc.b}, nil, Protocol{NSteps: tc.steps, KeepTrace: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Agreed != tc.agreed || res.Broken != tc.broken || res.TimedOut != tc.timeout || res.Steps != tc.nSteps || res.NOffers != tc.offers || res.Agreement != tc.agree {
				t.Errorf("got %+v", res)
			}
			if res.RelativeTime != float64(res.Steps+1)/float64(tc.steps+1) {
				t.Errorf("relative time %v", res.RelativeTime)
			}
		})
	}
	// relative time seen by agents: (step+1)/(n+1)
	a, b := &scripted{offers: []int64{1}}, &scripted{offers: []int64{2}}
	Run(context.Background(), s, []Negotiator{a, b}, nil, Protocol{NSteps: 3})
	if !reflect.DeepEqual(b.seenT, []float64{0.25, 0.5, 0.75}) {
		t.Errorf("times seen %v", b.seenT)
	}
	// a time deadline ends the negotiation
	res, err := Run(context.Background(), s, []Negotiator{&Hardliner{}, &Hardliner{}}, nil, Protocol{TimeLimit: 20 * time.Millisecond})
	if err != nil || !res.TimedOut {
		t.Errorf("time deadline: %+v %v", res, err)
	}
	if _, err := Run(context.Background(), s, []Negotiator{&Hardliner{}, &Hardliner{}}, nil, Protocol{}); err == nil {
		t.Error("no deadline should be an error")
	}
	// a cancelled context stops the run
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, s, []Negotiator{&Hardliner{}, &Hardliner{}}, nil, Protocol{NSteps: 10}); err == nil {
		t.Error("cancelled context should be an error")
	}
}

func TestMultilateral(t *testing.T) {
	s := tinySpace(t)
	third := *s.Profiles[0]
	third.Name = "third"
	s3, _ := Evaluate(context.Background(), s.Domain, []*Profile{s.Profiles[0], s.Profiles[1], &third}, 0)
	// agreement needs every party: the third accepts only in its second response
	a := &scripted{offers: []int64{4}, responses: []Response{Accept, Accept}}
	b := &scripted{responses: []Response{Accept, Accept}}
	c := &scripted{responses: []Response{Reject, Accept}, offers: []int64{7}}
	res, err := Run(context.Background(), s3, []Negotiator{a, b, c}, nil, Protocol{NSteps: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Agreed || res.Agreement != 7 || res.Steps != 2 {
		t.Errorf("got %+v", res)
	}
}

func TestAgentsBehave(t *testing.T) {
	s := tinySpace(t)
	for _, pair := range [][2]string{{"Boulware", "Conceder"}, {"Linear", "Linear"}, {"Aspiration", "NaiveTitForTat"},
		{"MiCRO", "MiCRO"}, {"GeniusBoulware", "GeniusConceder"}, {"Random", "Conceder"}, {"TimeBased(2)", "GeniusTimeDependent(0.5)"},
		{"Boulware+AC_next", "Linear+AC_const(0.5)|AC_time(0.9)"}, {"Conceder+AC_combi(0.9)", "MiCRO+AC_next"}} {
		a, err := NewAgent(pair[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewAgent(pair[1])
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), s, []Negotiator{a, b}, nil, Protocol{NSteps: 60, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Agreed {
			t.Errorf("%v did not agree: %+v", pair, res)
			continue
		}
		for p, u := range res.Utilities {
			if u < s.Profiles[p].Reservation {
				t.Errorf("%v: party %d accepted %v below its reservation value", pair, p, u)
			}
		}
	}
	// two hardliners never agree (their best outcomes differ)
	res, _ := Run(context.Background(), s, []Negotiator{&Hardliner{}, &Hardliner{}}, nil, Protocol{NSteps: 20})
	if res.Agreed {
		t.Error("hardliners agreed")
	}
	if _, err := NewAgent("Nobody"); err == nil {
		t.Error("unknown agent accepted")
	}
	if _, err := NewAgent("Linear+AC_bogus"); err == nil {
		t.Error("unknown acceptance accepted")
	}
}

func TestTimeBasedCurve(t *testing.T) {
	s := tinySpace(t)
	v := NewView(s, 0)
	tests := []struct {
		agent *TimeBased
		t     float64
		want  float64 // aspiration
	}{
		{NewBoulware(), 0.5, 1 - math.Pow(0.5, 4)},
		{NewLinear(), 0.5, 0.5},
		{NewConceder(), 0.5, 1 - math.Pow(0.5, 0.25)},
	}
	for _, tc := range tests {
		tc.agent.view = v
		lo, hi := tc.agent.Level(tc.t)
		want := v.Min + (v.Max-v.Min)*tc.want - tc.agent.Eps
		if math.Abs(lo-want) > 1e-12 || hi != v.Max {
			t.Errorf("%s at %v: [%v, %v], want lo %v", tc.agent.Label, tc.t, lo, hi, want)
		}
		o, _ := tc.agent.Propose(&State{RelativeTime: tc.t})
		if s.U[0][o] < lo {
			t.Errorf("%s offers below its level", tc.agent.Label)
		}
	}
}

func TestAcceptanceStrategies(t *testing.T) {
	v := &View{Reservation: 0.2}
	c := func(offer, next, best, tt float64) *AcceptContext {
		return &AcceptContext{State: &State{RelativeTime: tt}, View: v, Offer: offer, Next: next, BestReceived: best}
	}
	tests := []struct {
		acc  string
		ctx  *AcceptContext
		want bool
	}{
		{"AC_next", c(0.6, 0.6, 0.6, 0), true},
		{"AC_next", c(0.59, 0.6, 0.6, 0), false},
		{"AC_next(1.02,0)", c(0.59, 0.6, 0.6, 0), true},
		{"AC_const(0.5)", c(0.5, 0.9, 0.5, 0), true},
		{"AC_time(0.9)", c(0.3, 0.9, 0.3, 0.95), true},
		{"AC_time(0.9)", c(0.1, 0.9, 0.1, 0.95), false},
		{"AC_combi(0.9)", c(0.5, 0.9, 0.5, 0.95), true},
		{"AC_combi(0.9)", c(0.4, 0.9, 0.5, 0.95), false},
		{"AC_const(0.5)&AC_time(0.5)", c(0.6, 1, 0.6, 0.4), false},
		{"AC_const(0.9)|AC_time(0.5)", c(0.6, 1, 0.6, 0.6), true},
	}
	for _, tc := range tests {
		a, err := ParseAcceptance(tc.acc)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Accept(tc.ctx); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.acc, got, tc.want)
		}
	}
	for _, bad := range []string{"AC_const", "AC_time(x)", "AC_next(1", "nope"} {
		if _, err := ParseAcceptance(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestTournamentDeterministic(t *testing.T) {
	s := tinySpace(t)
	cfg := TournamentConfig{Agents: []string{"Boulware", "Random", "MiCRO"}, Scenarios: []Scenario{{Name: "tiny", Space: s}},
		Repetitions: 3, Protocol: Protocol{NSteps: 50}, RotateProfiles: true, Seed: 42}
	var prev []Record
	for _, w := range []int{1, 3} {
		cfg.Workers = w
		res, err := RunTournament(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Records) != 3*3*2*3 {
			t.Fatalf("%d records", len(res.Records))
		}
		recs := make([]Record, len(res.Records))
		for i, r := range res.Records {
			r.Seconds = 0
			recs[i] = r
		}
		if prev != nil && !reflect.DeepEqual(prev, recs) {
			t.Error("records depend on the number of workers")
		}
		prev = recs
		if len(res.Scores) != 3 || res.AgreementRate <= 0 {
			t.Errorf("scores %+v, agreement rate %v", res.Scores, res.AgreementRate)
		}
	}
	if _, err := RunTournament(context.Background(), TournamentConfig{Agents: []string{"Nobody"}, Scenarios: []Scenario{{Name: "x", Space: s}}}); err == nil {
		t.Error("unknown agent accepted")
	}
}
