package evidence

import (
	"cmp"
	"math"
	"slices"

	"github.com/tablero-project/tablero/scenario"
)

// Watch is the value of information of a signpost not yet observed: the
// probability of its event given the evidence so far, and the forecast if
// it occurs and if it does not.
type Watch struct {
	Signpost string `json:"signpost"`
	Label    string `json:"label"`
	// Probability is P(event | evidence so far).
	Probability float64 `json:"probability"`
	// Results and Scenarios give each event's probability now, if the
	// signpost occurs and if it does not.
	Results   []Branch `json:"results"`
	Scenarios []Branch `json:"scenarios"`
	// Mover is the result whose probability the event moves most.
	Mover string `json:"mover"`
	// ExpectedChange is the expected total-variation distance between the
	// result distribution now and after learning whether the event occurs:
	// P·TV(if occurs, now) + (1-P)·TV(if not, now), in [0, 1].
	ExpectedChange float64 `json:"expected_change"`
}

// Branch is an event's probability now and in each branch of a signpost.
type Branch struct {
	Name     string  `json:"name"`
	Label    string  `json:"label"`
	Now      float64 `json:"now"`
	IfOccurs float64 `json:"if_occurs"`
	IfNot    float64 `json:"if_not"`
}

// Watch computes the value of information of every declared signpost the
// evidence does not include, at the declared likelihoods, ranked by
// expected change (then by id). A signpost whose event is certain or
// impossible given the evidence teaches nothing and is left out.
func (e *Evidence) Watch(mi int, reach []float64, lik Likelihoods) ([]Watch, error) {
	s := e.m.Scenario
	w := make([]float64, len(e.m.Leaves()))
	total := e.Weights(reach, lik, w)
	if !(total > 0) {
		return nil, ErrImpossible
	}
	now := e.tally(mi, w)
	now.scale(1 / total)
	var out []Watch
	yes := make([]float64, len(w))
	no := make([]float64, len(w))
	for si, sp := range s.Signposts {
		if e.Observed(si) {
			continue
		}
		py := 0.0
		for i := range w {
			l := sp.Likelihoods[e.m.SignpostCase(si, i)].P
			yes[i], no[i] = w[i]*l, w[i]*(1-l)
			py += yes[i]
		}
		p := py / total
		if !(p > 0 && p < 1) {
			continue
		}
		ifYes, ifNo := branch(e, mi, yes), branch(e, mi, no)
		wt := Watch{Signpost: sp.ID, Label: sp.Label, Probability: p,
			ExpectedChange: p*tv(ifYes.Results, now.Results) + (1-p)*tv(ifNo.Results, now.Results)}
		wt.Results = branches(s.Results, now.Results, ifYes.Results, ifNo.Results)
		wt.Scenarios = branches(s.Scenarios, now.Scenarios, ifYes.Scenarios, ifNo.Scenarios)
		best := -1.0
		for _, b := range wt.Results {
			if d := math.Abs(b.IfOccurs - b.Now); d > best {
				best, wt.Mover = d, b.Name
			}
		}
		out = append(out, wt)
	}
	slices.SortStableFunc(out, func(a, b Watch) int {
		return cmp.Or(cmp.Compare(b.ExpectedChange, a.ExpectedChange), cmp.Compare(a.Signpost, b.Signpost))
	})
	return out, nil
}

// branch normalises leaf weights (of positive sum) into a forecast.
func branch(e *Evidence, mi int, w []float64) *Update {
	u := e.tally(mi, w)
	t := 0.0
	for _, x := range w {
		t += x
	}
	u.scale(1 / t)
	return u
}

// tv is the total-variation distance between two distributions.
func tv(p, q []float64) float64 {
	d := 0.0
	for i := range p {
		d += math.Abs(p[i] - q[i])
	}
	return d / 2
}

func branches(ls []scenario.Label, now, yes, no []float64) []Branch {
	out := make([]Branch, len(ls))
	for i, l := range ls {
		out[i] = Branch{Name: l.ID, Label: l.Label, Now: now[i], IfOccurs: yes[i], IfNot: no[i]}
	}
	return out
}
