package negotiate

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
)

type refRun struct {
	Domain      string    `json:"domain"`
	Negotiators string    `json:"negotiators"`
	NSteps      int       `json:"n_steps"`
	Agreement   []any     `json:"agreement"`
	Agreed      int       `json:"agreed"`
	Utilities   []float64 `json:"utilities"`
	Steps       int       `json:"steps"`
	NOffers     int       `json:"n_offers"`
	Advantages  []float64 `json:"advantages"`
	ParetoOpt   *float64  `json:"pareto_optimality"`
	NashOpt     *float64  `json:"nash_optimality"`
	KSOpt       *float64  `json:"ks_optimality"`
	WelfareOpt  *float64  `json:"max_welfare_optimality"`
}

type runCase struct {
	ref   refRun
	space *Space
	views []*View
	eval  *Evaluation
}

// runRef replays a reference run. cursors, when non-nil, holds a
// per-profile "next worse" cursor shared by NaiveTitForTat agents across
// the runs of a domain (NegMAS caches it in the ufun object).
func runRef(t *testing.T, rc runCase, cursors map[int]*int) (*Result, error) {
	names := strings.Split(rc.ref.Negotiators, "|")
	negs := make([]Negotiator, len(names))
	for i, n := range names {
		ng, err := NewAgent(n)
		if err != nil {
			return nil, err
		}
		if tft, ok := ng.(*NaiveTitForTat); ok && cursors != nil {
			if cursors[i] == nil {
				c := -1
				cursors[i] = &c
			}
			tft.Cursor = cursors[i]
		}
		negs[i] = ng
	}
	return Run(context.Background(), rc.space, negs, rc.views[:len(names)], Protocol{NSteps: rc.ref.NSteps})
}

func sameRun(rc runCase, res *Result) (bool, string) {
	ref := rc.ref
	if res.Agreed != (ref.Agreed == 1) {
		return false, fmt.Sprintf("agreed %v, want %v", res.Agreed, ref.Agreed == 1)
	}
	if res.Steps != ref.Steps {
		return false, fmt.Sprintf("steps %d, want %d", res.Steps, ref.Steps)
	}
	for i, u := range ref.Utilities {
		if math.Abs(res.Utilities[i]-u) > 1e-9 {
			return false, fmt.Sprintf("utilities %v, want %v", res.Utilities, ref.Utilities)
		}
	}
	if res.Agreed {
		labels := rc.space.Labels(res.Agreement)
		for i, v := range ref.Agreement {
			want := fmt.Sprint(v)
			if f, ok := v.(float64); ok {
				x, ok := rc.space.Domain.Issues[i].Lookup(labels[i])
				if !ok || math.Abs(rc.space.Domain.Issues[i].Number(x)-f) > 1e-9 {
					return false, fmt.Sprintf("agreement %v, want %v", labels, ref.Agreement)
				}
				continue
			}
			if labels[i] != want {
				return false, fmt.Sprintf("agreement %v, want %v", labels, ref.Agreement)
			}
		}
	}
	return true, ""
}

// TestNegMASRuns replays every reference NegMAS run (deterministic
// pairings, 100 steps) and checks agreement, step and utilities.
func TestNegMASRuns(t *testing.T) {
	needPeers(t)
	var refs []refRun
	readJSON(t, "negmas_negotiations.json", &refs)
	spaces := map[string]*Space{}
	evals := map[string]*Evaluation{}
	metricsOK, metricsAll := 0, 0
	views := map[string][]*View{}
	cursors := map[string]map[int]*int{}
	matched, total := map[string]int{}, map[string]int{}
	var failures []string
	for _, ref := range refs {
		n := len(strings.Split(ref.Negotiators, "|"))
		key := fmt.Sprintf("%s/%d", ref.Domain, n)
		s := spaces[key]
		if s == nil {
			d, ps := loadPeer(t, peerLookup(t, ref.Domain), n, XMLOptions{RealLevels: 101, NoCap: true})
			var err error
			s, err = Evaluate(context.Background(), d, ps, 0)
			if err != nil {
				t.Fatal(err)
			}
			spaces[key] = s
			for i := 0; i < n; i++ {
				views[key] = append(views[key], NewView(s, i))
			}
			cursors[key] = map[int]*int{}
			ev, err := NewEvaluation(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			evals[key] = ev
		}
		rc := runCase{ref: ref, space: s, views: views[key], eval: evals[key]}
		res, err := runRef(t, rc, cursors[key])
		if err != nil {
			t.Fatalf("%s %s: %v", ref.Domain, ref.Negotiators, err)
		}
		total[ref.Negotiators]++
		if ok, why := sameRun(rc, res); ok {
			matched[ref.Negotiators]++
			metricsAll++
			m := rc.eval.Measure(res.Agreed, res.Utilities)
			good := true
			for _, c := range [][2]*float64{{ref.ParetoOpt, &m.ParetoOptimality}, {ref.NashOpt, &m.NashOptimality}, {ref.KSOpt, &m.KSOptimality}, {ref.WelfareOpt, &m.MaxWelfareOptimality}} {
				if c[0] != nil && math.Abs(*c[0]-*c[1]) > 1e-8 {
					good = false
				}
			}
			for i, a := range ref.Advantages {
				if math.Abs(a-m.Advantages[i]) > 1e-8 {
					good = false
				}
			}
			if good {
				metricsOK++
			} else {
				failures = append(failures, fmt.Sprintf("%s %s: metrics %+v, want pareto %v nash %v ks %v welfare %v adv %v", ref.Domain, ref.Negotiators, m, deref(ref.ParetoOpt), deref(ref.NashOpt), deref(ref.KSOpt), deref(ref.WelfareOpt), ref.Advantages))
			}
		} else {
			failures = append(failures, fmt.Sprintf("%s %s: %s", ref.Domain, ref.Negotiators, why))
		}
	}
	sum, all := 0, 0
	for k, v := range total {
		sum += matched[k]
		all += v
		t.Logf("%-32s %d/%d", k, matched[k], v)
	}
	t.Logf("NegMAS runs reproduced: %d/%d; metrics (advantages, pareto/nash/ks/welfare optimality) equal on %d/%d of them", sum, all, metricsOK, metricsAll)
	for _, f := range failures {
		if known := knownRunDifferences[strings.SplitN(f, ":", 2)[0]]; known != "" {
			t.Logf("mismatch (known: %s): %s", known, f)
			continue
		}
		t.Error("mismatch: " + f)
	}
}

// knownRunDifferences are the reference runs the engine does not
// reproduce, and why.
var knownRunDifferences = map[string]string{
	// NegMAS's MiCRO repeats a random earlier offer (Python's unseeded
	// random.choice over a set) when it is not ready to concede; against
	// Boulware this decides the agreement step.
	"FiftyFifty MiCRO|Boulware": "MiCRO's unseeded random repeat",
	"NiceOrDie MiCRO|Boulware":  "MiCRO's unseeded random repeat",
	// Not understood. Every other pairing on ParsCat3p reproduces, Linear
	// against Linear against Linear included. In Linear|Linear NegMAS agrees
	// at step 40 on an outcome worth (0.6296403893, 0.6077193023). It
	// cannot be party 1's offer: its levels at steps 38–40 were 0.6138,
	// 0.6039 and 0.5940, with outcomes right at each. As party 0's offer
	// it lies 3.4e-7 below party 0's aspiration level 0.6296407260
	// (min 0.0879, max 1, t = 41/101), which a worst-in-range search
	// cannot return; tablero offers the next outcome up, 0.6296416359,
	// and agrees at step 42. NegMAS's presorting inverter keeps search
	// bounds between calls and its ufuns cache their inverse across the
	// runs of a domain; state carried from an earlier run is the suspect,
	// but the reference has no offer traces to confirm it.
	"ParsCat3p Linear|Linear":            "unexplained (ParsCat, Linear agent)",
	"ParsCat3p Boulware|Linear|Conceder": "unexplained (ParsCat, Linear agent)",
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}
