package evidence_test

import (
	"context"
	"math"
	"testing"

	"github.com/tablero-project/tablero/evidence"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve/logit"
)

// play solves m at v (point estimate) and returns the game and the
// realisation probabilities of its nodes.
func play(t testing.TB, m *scenario.Model, v scenario.Values) (*scenario.Instance, []float64) {
	t.Helper()
	in, err := m.Game(v)
	if err != nil {
		t.Fatal(err)
	}
	res, err := logit.Logit(context.Background(), in.Game, logit.LogitOptions{Lambdas: []float64{in.Lambda}, MaxLambda: in.Lambda})
	if err != nil {
		t.Fatal(err)
	}
	return in, in.Game.Realization(res.Points[0].Profile)
}

func obs(kind, target string, occurred ...bool) scenario.Observation {
	o := scenario.Observation{Date: "2025-01-02", Source: "test"}
	switch kind {
	case "move":
		o.Move = []string{target}
	case "signpost":
		o.Signpost = target
		if len(occurred) > 0 {
			o.Occurred = &occurred[0]
		}
	}
	return o
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

// TestHandComputed checks the posterior on the coin game, whose play is
// uniform (λ = 0): histories (H, Down) 0.15, (H, Up, Rain) 0.06,
// (H, Up, Dry) 0.09, (D, Down) 0.35, (D, Up, Rain) 0.14, (D, Up, Dry) 0.21.
func TestHandComputed(t *testing.T) {
	m := scenariotest.Model(t, "testdata/coin.yaml")
	_, reach := play(t, m, nil)
	for _, c := range []struct {
		name    string
		obs     []scenario.Observation
		pe, ph  float64 // P(evidence), P(A = H | evidence)
		results []float64
	}{
		// s: 0.8 under H, 0.2 under D: P(E) = 0.3·0.8 + 0.7·0.2 = 0.38, P(H | E) = 0.24/0.38.
		{"signpost s", []scenario.Observation{obs("signpost", "s")}, 0.38, 12.0 / 19, []float64{0.5, 0.2, 0.3}},
		// not s: P(E) = 0.3·0.2 + 0.7·0.8 = 0.62, P(H | E) = 0.06/0.62.
		{"not s", []scenario.Observation{obs("signpost", "s", false)}, 0.62, 3.0 / 31, []float64{0.5, 0.2, 0.3}},
		// a = Up: P(E) = 1/2; rain 0.4 of it; the type is not learned.
		{"move", []scenario.Observation{obs("move", "a=Up")}, 0.5, 0.3, []float64{0, 0.4, 0.6}},
		// s and t (0.9 at o2, else 0.1): P(E) = 0.0988, P(R2 | E) = 0.0684/0.0988 = 9/13.
		{"s and t", []scenario.Observation{obs("signpost", "s"), obs("signpost", "t")}, 0.0988, 12.0 / 19, []float64{0.019 / 0.0988, 9.0 / 13, 0.0114 / 0.0988}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ev, err := evidence.New(m, c.obs)
			if err != nil {
				t.Fatal(err)
			}
			u, err := ev.Update(0, reach, ev.Declared())
			if err != nil {
				t.Fatal(err)
			}
			near(t, "P(evidence)", u.Evidence, c.pe)
			near(t, "P(H | evidence)", u.Types[0][0], c.ph)
			near(t, "P(D | evidence)", u.Types[0][1], 1-c.ph)
			for r, want := range c.results {
				near(t, "P(R"+string(rune('1'+r))+" | evidence)", u.Results[r], want)
			}
		})
	}
}

// TestWatchHandComputed: before anything is observed, t occurs with
// probability 0.9·0.2 + 0.1·0.8 = 0.26; if it does, R2 = 0.18/0.26; if not,
// 0.02/0.74. The expected change is the expected total-variation distance.
func TestWatchHandComputed(t *testing.T) {
	m := scenariotest.Model(t, "testdata/coin.yaml")
	_, reach := play(t, m, nil)
	ev, err := evidence.New(m, []scenario.Observation{obs("signpost", "s")})
	if err != nil {
		t.Fatal(err)
	}
	none, _ := evidence.New(m, nil)
	ws, err := none.Watch(0, reach, none.Declared())
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 || ws[0].Signpost != "t" || ws[0].Mover != "R2" {
		t.Fatalf("watch list %+v: want t first, moving R2", ws)
	}
	w := ws[0]
	near(t, "P(t)", w.Probability, 0.26)
	now, yes, no := []float64{0.5, 0.2, 0.3}, []float64{0.05 / 0.26, 0.18 / 0.26, 0.03 / 0.26}, []float64{0.45 / 0.74, 0.02 / 0.74, 0.27 / 0.74}
	tv := func(p, q []float64) float64 {
		return (math.Abs(p[0]-q[0]) + math.Abs(p[1]-q[1]) + math.Abs(p[2]-q[2])) / 2
	}
	for r := range now {
		near(t, "now", w.Results[r].Now, now[r])
		near(t, "if t", w.Results[r].IfOccurs, yes[r])
		near(t, "if not t", w.Results[r].IfNot, no[r])
	}
	near(t, "expected change", w.ExpectedChange, 0.26*tv(yes, now)+0.74*tv(no, now))
	// s does not inform the results, only the type: it changes nothing.
	near(t, "expected change of s", ws[1].ExpectedChange, 0)
	// Once s is observed it leaves the list.
	after, err := ev.Watch(0, reach, ev.Declared())
	if err != nil || len(after) != 1 || after[0].Signpost != "t" {
		t.Fatalf("after s: %+v, %v", after, err)
	}
}

// TestFlagshipMoveConsistency: with fixed parameters, P(result | observed
// move) equals P(result and move) / P(move) of the unconditioned play,
// summed here over the game tree's nodes (not the scenario's histories),
// and the posterior over the US type is Bayes' rule on the tree.
func TestFlagshipMoveConsistency(t *testing.T) {
	m := scenariotest.Model(t, "../scenarios/us-mexico-2025.yaml")
	in, reach := play(t, m, nil)
	g := in.Game
	for _, st := range []scenario.Step{{Move: "d", Action: "Hard"}, {Move: "d", Action: "Soft"}} {
		ev, err := evidence.New(m, []scenario.Observation{obs("move", st.Move+"="+st.Action)})
		if err != nil {
			t.Fatal(err)
		}
		u, err := ev.Update(0, reach, ev.Declared())
		if err != nil {
			t.Fatal(err)
		}
		joint := make([]float64, len(m.Scenario.Results))
		typeH, pmove := 0.0, 0.0
		for _, lf := range m.Leaves() {
			n := g.Nodes[lf.Node]
			took, isH := false, false
			for c := n; c.Parent != nil; c = c.Parent {
				set := c.Parent.Infoset
				a := childIndex(c)
				if set.Player >= 0 && m.Infosets()[set.Player][set.Index].Move == st.Move && set.Actions[a].Label == st.Action {
					took = true
				}
				if set.Player < 0 && set.Label == "US type" && set.Actions[a].Label == "H" {
					isH = true
				}
			}
			if took {
				pmove += reach[lf.Node]
				joint[lf.Result[0]] += reach[lf.Node]
				if isH {
					typeH += reach[lf.Node]
				}
			}
		}
		near(t, "P(move)", u.Evidence, pmove)
		near(t, "P(US=H | move)", u.Types[0][0], typeH/pmove)
		for r := range joint {
			near(t, st.Action+": P("+m.Scenario.Results[r].ID+" | move)", u.Results[r], joint[r]/pmove)
		}
	}
}

func childIndex(n *game.Node) int {
	for i, c := range n.Parent.Children {
		if c == n {
			return i
		}
	}
	return -1
}

// TestImpossibleEvidence: evidence of probability zero is an error.
func TestImpossibleEvidence(t *testing.T) {
	m := scenariotest.Model(t, "testdata/coin.yaml")
	_, reach := play(t, m, nil)
	ev, err := evidence.New(m, []scenario.Observation{obs("signpost", "t")})
	if err != nil {
		t.Fatal(err)
	}
	zero := evidence.Likelihoods{{0, 0}}
	if _, err := ev.Update(0, reach, zero); err == nil {
		t.Fatal("accepted evidence of probability zero")
	}
}

// TestSequence: applying the observations one at a time ends where
// applying them at once does, parameter measurements included, and each
// step is the update on its prefix.
func TestSequence(t *testing.T) {
	m := scenariotest.Model(t, "testdata/coin.yaml")
	_, reach := play(t, m, nil)
	v := 0.6
	all := []scenario.Observation{obs("signpost", "s"), obs("move", "a=Up"),
		{Date: "2025-01-03", Source: "test", Parameter: "rain", Value: &v}, {Date: "2025-01-04", Source: "test", Signpost: "t"}}
	ev, err := evidence.New(m, all)
	if err != nil {
		t.Fatal(err)
	}
	solver := func(_ context.Context, pm *scenario.Model) ([]float64, error) {
		_, r := play(t, pm, nil)
		return r, nil
	}
	seq, err := ev.Sequence(context.Background(), 0, reach, solver)
	if err != nil {
		t.Fatal(err)
	}
	for i := range all {
		p := ev.Prefix(i + 1)
		pm, err := evidence.Model(m, p.Observations)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := solver(context.Background(), pm)
		u, err := p.On(pm).Update(0, r, p.Declared())
		if err != nil {
			t.Fatal(err)
		}
		near(t, "P(evidence)", seq[i].Evidence, u.Evidence)
		for k := range u.Results {
			near(t, "result", seq[i].Results[k], u.Results[k])
		}
		near(t, "P(H)", seq[i].Types[0][0], u.Types[0][0])
	}
	// By hand: rain fixed at 0.6 after a = Up and s; then t: P(R2 | ...) =
	// 0.6·0.9 / (0.6·0.9 + 0.4·0.1).
	near(t, "P(R2 | all)", seq[3].Results[1], 0.54/0.58)
	near(t, "P(H | all)", seq[3].Types[0][0], 12.0/19)
}

// TestRepeatedSignpost: a signpost reported again is the same event: the
// second report changes nothing, at once or in sequence.
func TestRepeatedSignpost(t *testing.T) {
	m := scenariotest.Model(t, "testdata/coin.yaml")
	_, reach := play(t, m, nil)
	again := obs("signpost", "s")
	again.Date, again.ID = "2025-01-05", "again"
	ev, err := evidence.New(m, []scenario.Observation{obs("signpost", "s"), again})
	if err != nil {
		t.Fatal(err)
	}
	u, err := ev.Update(0, reach, ev.Declared())
	if err != nil {
		t.Fatal(err)
	}
	near(t, "P(H | s, s again)", u.Types[0][0], 12.0/19)
	seq, err := ev.Sequence(context.Background(), 0, reach, nil)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "P(evidence) after the repeat", seq[1].Evidence, seq[0].Evidence)
	if len(ev.Dims()) != 2 {
		t.Errorf("the repeated signpost adds likelihood dims: %v", ev.Dims())
	}
}
