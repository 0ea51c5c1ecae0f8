package server

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/events"
	"github.com/tablero-project/tablero/internal/testdb"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/store"
)

// The poller's proposals reach the timelines of followed scenarios only:
// once each, a refused one storing nothing.
func TestEventFollower(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b.DSN(t), Config{})
			sc := e.postScenario(flagship)
			ctx := context.Background()
			yes := true
			prop := func(name, id, signpost string) events.Proposal {
				return events.Proposal{Scenario: name, Count: 3, Observation: scenario.Observation{ID: id, Date: "2025-12-06",
					Source: "GDELT events 1, 2, 3", Signpost: signpost, Occurred: &yes}}
			}
			sink := e.srv.EventFollower([]string{"us-mexico-2025"})
			ps := []events.Proposal{
				prop("us-mexico-2025", "gdelt-agreement", "intel_agreement"),
				prop("us-mexico-2025", "gdelt-agreement", "intel_agreement"), // the same again: skipped
				prop("us-mexico-2025", "gdelt-alien", "alien_landing"),       // refused: not stored
				prop("another-scenario", "gdelt-other", "intel_agreement"),   // not followed
			}
			if err := sink.Propose(ctx, ps); err != nil {
				t.Fatal(err)
			}
			obs, err := e.st.ListObservations(ctx, sc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(obs) != 1 || obs[0].ID != "gdelt-agreement" || obs[0].CreatedBy != "events" {
				t.Fatalf("timeline %+v, want the one agreement added by events", obs)
			}
			runs, err := e.st.ListRuns(ctx, store.RunFilter{ScenarioID: sc.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 2 { // the prior and the run with the observation
				t.Errorf("%d runs queued, want 2", len(runs))
			}
		})
	}
}
