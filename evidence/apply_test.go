package evidence_test

import (
	"reflect"
	"testing"

	"github.com/tablero-project/tablero/evidence"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
)

// TestApply: a value with an sd replaces the distribution by a normal
// truncated to the declared range, a value alone fixes the parameter, a
// range narrows it (uniform, default clamped); the scenario itself is not
// modified, and a later measurement replaces an earlier one.
func TestApply(t *testing.T) {
	m := scenariotest.Model(t, "testdata/coin.yaml")
	f := func(x float64) *float64 { return &x }
	for _, c := range []struct {
		name string
		obs  []scenario.Observation
		want string // the measured parameter's distribution
		def  float64
	}{
		{"value and sd", []scenario.Observation{{Parameter: "h", Value: f(0.35), SD: f(0.05)}}, "normal(0.35, 0.05; 0.2, 0.4)", 0.35},
		{"value", []scenario.Observation{{Parameter: "h", Value: f(0.25)}}, "fixed(0.25)", 0.25},
		{"range", []scenario.Observation{{Parameter: "h", Range: []float64{0.35, 0.6}}}, "uniform(0.35, 0.4)", 0.35},
		{"later replaces earlier", []scenario.Observation{{Parameter: "h", Value: f(0.25)}, {Parameter: "h", Range: []float64{0.2, 0.3}, Date: "2025-01-03"}}, "uniform(0.2, 0.3)", 0.3},
		{"probability without a range", []scenario.Observation{{Parameter: "rain", Value: f(0.5), SD: f(0.1)}}, "normal(0.5, 0.1; 0, 1)", 0.5},
	} {
		t.Run(c.name, func(t *testing.T) {
			for i := range c.obs {
				c.obs[i].Source = "test"
				if c.obs[i].Date == "" {
					c.obs[i].Date = "2025-01-02"
				}
			}
			ev, err := evidence.New(m, c.obs)
			if err != nil {
				t.Fatal(err)
			}
			s := evidence.Apply(m.Scenario, ev.Observations)
			if s == m.Scenario {
				t.Fatal("Apply returned the prior scenario")
			}
			p := s.Parameters[paramIndex(s, c.obs[0].Parameter)]
			d, err := p.Dist()
			if err != nil {
				t.Fatal(err)
			}
			if d.String() != c.want || p.Default != c.def {
				t.Errorf("measured %s: %s, default %v; want %s, default %v", p.ID, d, p.Default, c.want, c.def)
			}
			if fresh := scenariotest.Model(t, "testdata/coin.yaml"); !reflect.DeepEqual(fresh.Scenario.Parameters, m.Scenario.Parameters) {
				t.Error("the prior scenario was modified")
			}
			if _, err := evidence.Model(m, ev.Observations); err != nil {
				t.Fatalf("the measured scenario does not compile: %v", err)
			}
		})
	}
	none, _ := evidence.New(m, []scenario.Observation{{Date: "2025-01-02", Source: "s", Signpost: "s"}})
	if evidence.Apply(m.Scenario, none.Observations) != m.Scenario {
		t.Error("Apply copied a scenario no observation measures")
	}
}

func paramIndex(s *scenario.Scenario, id string) int {
	for i, p := range s.Parameters {
		if p.ID == id {
			return i
		}
	}
	return -1
}
