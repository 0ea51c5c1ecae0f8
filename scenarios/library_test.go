// Package scenarios_test checks that each classic crisis of the library
// reproduces its published result.
package scenarios_test

import (
	"context"
	"math"
	"testing"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/scenario"
)

func build(t *testing.T, path string, v scenario.Values) *brief.Brief {
	t.Helper()
	sc, err := analysis.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := brief.Build(context.Background(), sc.Model, brief.Options{Values: v})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func prob(ps []brief.Prob, name string) float64 {
	for _, p := range ps {
		if p.Name == name {
			return p.Probability
		}
	}
	return math.NaN()
}

// action returns the probability of an action of a move in the refined
// (sequential) equilibrium, for the given type ("" for actors without).
func action(t *testing.T, b *brief.Brief, actor, typ, move, act string) float64 {
	t.Helper()
	for _, m := range b.Refined.Behaviour {
		if m.Actor == actor && m.Type == typ && m.Move == move {
			return prob(m.Actions, act)
		}
	}
	t.Fatalf("no move %s of %s %s in the refined equilibrium", move, actor, typ)
	return 0
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.4f, want %.4f ± %g", what, got, want, tol)
	}
}

// TestFearon1994 checks the equilibrium regions of the audience-cost game
// (docs/crises/fearon-1994.md): in the semi-separating region the target
// resists with probability 1/(1+a), falling as the audience cost grows
// (Fearon: the side with higher audience costs is less likely to back down
// and more likely to prevail), the unresolved type bluffs with probability
// p(c-1)/(1-p); beyond a = -vU threats tie both types' hands and the target
// concedes.
func TestFearon1994(t *testing.T) {
	const path = "fearon-1994.yaml"
	for _, a := range []float64{0.25, 0.5, 0.9} {
		b := build(t, path, scenario.Values{"a": a})
		p, c := 0.3, 1.5
		near(t, "P(resist | threat)", action(t, b, "T", "", "reply", "Resist"), 1/(1+a), 0.01)
		near(t, "P(unresolved threatens)", action(t, b, "C", "U", "threat", "Threaten"), p*(c-1)/(1-p), 0.01)
		near(t, "P(resolved threatens)", action(t, b, "C", "R", "threat", "Threaten"), 1, 0.01)
		near(t, "P(war)", prob(b.Refined.Results, "war"), p/(1+a), 0.01)
	}
	b := build(t, path, scenario.Values{"a": 1.5}) // beyond -vU = 1
	near(t, "hands tied: P(unresolved threatens)", action(t, b, "C", "U", "threat", "Threaten"), 1, 0.01)
	near(t, "hands tied: P(concede)", action(t, b, "T", "", "reply", "Concede"), 1, 0.01)
	b = build(t, path, scenario.Values{"p": 0.7}) // prior above 1/c
	near(t, "prior above 1/c: P(concede)", action(t, b, "T", "", "reply", "Concede"), 1, 0.01)
}

// TestIIG checks the subgame-perfect outcomes of the International
// Interaction Game in the three regions derived in docs/crises/iig.md.
func TestIIG(t *testing.T) {
	tests := []struct {
		name string
		v    scenario.Values
		want string
	}{
		{"A gains from negotiating: NEG", nil, "NEG"},
		{"negotiation below the status quo for both: SQ", scenario.Values{"negA": -0.1}, "SQ"},
		{"A fears being struck first, B prefers war to acquiescing: WAR_A", scenario.Values{"war2A": -0.9, "war2B": -0.4}, "WAR_A"},
	}
	for _, tt := range tests {
		b := build(t, "iig.yaml", tt.v)
		k := b.Known[0]
		if len(k.Results) != 1 || k.Results[0].Name != tt.want || !k.Agree {
			t.Errorf("%s: subgame-perfect results %+v (all agree %v), want %s", tt.name, k.Results, k.Agree, tt.want)
		}
		near(t, tt.name+": refined P("+tt.want+")", prob(b.Refined.Results, tt.want), 1, 0.01)
	}
}

// TestCubanMissileCrisis checks the historical and textbook result: the
// quarantine, and the missiles withdrawn, for every hard-line prior in
// Kennedy's range; the air strike loses appeal as that prior rises.
func TestCubanMissileCrisis(t *testing.T) {
	strike := math.Inf(1)
	for _, p := range []float64{0.3333, 0.4, 0.5} {
		b := build(t, "cuban-missile-1962.yaml", scenario.Values{"p_hard": p})
		near(t, "refined P(quarantine)", prob(b.Refined.Scenarios, "quarantine"), 1, 0.01)
		near(t, "refined P(withdrawn)", prob(b.Refined.Results, "withdrawn"), 1, 0.01)
		if w := prob(b.Results, "withdrawn"); w < 0.9 {
			t.Errorf("p_hard %v: QRE P(withdrawn) = %.3f, want the most likely result by far", p, w)
		}
		s := prob(b.Scenarios, "strike")
		if s >= strike {
			t.Errorf("p_hard %v: QRE P(strike) = %.3f does not fall as the hard-line prior rises", p, s)
		}
		strike = s
	}
}

// TestECCarEmissions checks the stakeholder forecasts against the published
// numbers of the case: the compromise 7.39 and the weighted median 7 of the
// input table, and the expected-utility model's mean position after ten
// rounds, about 7.2 on the replication curve of Scholz, Calbert and Smith
// (2011), with the median position at 7.
func TestECCarEmissions(t *testing.T) {
	b := build(t, "ec-car-emissions-1994.yaml", nil)
	type want struct{ point, mean, tol float64 }
	wants := map[string]want{
		"compromise": {7.39, 7.39, 0.005},
		"median":     {7, 7.39, 0.005},
		"eum":        {7, 7.2, 0.1},
	}
	for _, m := range b.Forecast.Models {
		w, ok := wants[m.Model]
		if !ok {
			continue
		}
		f := m.Forecasts[0]
		near(t, m.Model+" forecast", f.Point, w.point, 0.005)
		near(t, m.Model+" mean position", f.Mean, w.mean, w.tol)
		delete(wants, m.Model)
	}
	if len(wants) > 0 {
		t.Errorf("brief lacks the forecasts %v", wants)
	}
}

// TestUSMCA checks the two-level negotiation: the Nash bargaining solution
// inside both win-sets is the package of 30 September 2018, and the
// ratification constraints shrink the bargaining range (Putnam).
func TestUSMCA(t *testing.T) {
	b := build(t, "usmca-2018.yaml", nil)
	n := b.Negotiation
	want := map[string]string{"autos": "rvc75", "dairy": "limited", "sunset": "review16", "ch19": "kept"}
	if n.Ratified.Nash == nil {
		t.Fatal("no ratifiable package")
	}
	for _, o := range n.Ratified.Nash.Options {
		if want[o.Issue] != o.Option {
			t.Errorf("ratified Nash package: %s = %s, want %s", o.Issue, o.Option, want[o.Issue])
		}
	}
	if n.Ratified.Range >= n.Linked.Range || n.Ratified.Range == 0 {
		t.Errorf("bargaining range %d with win-sets, %d without: the win-sets should shrink it", n.Ratified.Range, n.Linked.Range)
	}
	if r := prob(b.Results, "agreement"); r < 0.9 {
		t.Errorf("P(agreement) = %.3f, want an agreement (it was concluded)", r)
	}
}
