package evidence_test

import (
	"testing"

	"github.com/tablero-project/tablero/evidence"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
)

// The flagship after one observation, at the point estimate: the Bayes
// update on the solved play (a signpost), and the whole update with the
// equilibrium re-solved (what a parameter measurement needs, and what a
// fresh request costs).
func BenchmarkFlagshipUpdate(b *testing.B) {
	m := scenariotest.Model(b, "../scenarios/us-mexico-2025.yaml")
	sign := []scenario.Observation{{Date: "2025-12-06", Source: "bench", Signpost: "intel_agreement"}}
	b.Run("signpost", func(b *testing.B) {
		_, reach := play(b, m, nil)
		for b.Loop() {
			ev, err := evidence.New(m, sign)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ev.Update(0, reach, ev.Declared()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("signpost+solve", func(b *testing.B) {
		for b.Loop() {
			_, reach := play(b, m, nil)
			ev, _ := evidence.New(m, sign)
			if _, err := ev.Update(0, reach, ev.Declared()); err != nil {
				b.Fatal(err)
			}
		}
	})
	v, sd := 0.35, 0.04
	poll := []scenario.Observation{{Date: "2025-12-09", Source: "bench", Parameter: "mx_poll_help", Value: &v, SD: &sd}}
	b.Run("parameter", func(b *testing.B) {
		for b.Loop() {
			ev, err := evidence.New(m, poll)
			if err != nil {
				b.Fatal(err)
			}
			pm, err := evidence.Model(m, ev.Observations)
			if err != nil {
				b.Fatal(err)
			}
			_, reach := play(b, pm, nil)
			if _, err := ev.On(pm).Update(0, reach, ev.Declared()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("watch", func(b *testing.B) {
		_, reach := play(b, m, nil)
		ev, _ := evidence.New(m, sign)
		for b.Loop() {
			if _, err := ev.Watch(0, reach, ev.Declared()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
