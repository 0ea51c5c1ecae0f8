package server

import (
	"context"
	"errors"
	"fmt"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/events"
	"github.com/tablero-project/tablero/events/poll"
	"github.com/tablero-project/tablero/store"
)

// EventFollower returns the poll.Sink that applies proposed observations
// to the timelines of the scenarios named in follow (scenario ids of the
// documents, e.g. "us-mexico-2025"): each proposal goes to the newest
// stored version of its scenario, with the default options, as if posted
// to POST /v1/scenarios/{id}/observations by the "events" actor. A
// proposal already on the timeline (same observation id) is skipped; one
// the scenario refuses is logged and skipped, so one bad rule does not
// stop the others.
func (s *Server) EventFollower(follow []string) poll.Sink {
	names := map[string]bool{}
	for _, n := range follow {
		names[n] = true
	}
	return poll.SinkFunc(func(ctx context.Context, ps []events.Proposal) error {
		var errs []error
		for _, p := range ps {
			if !names[p.Scenario] {
				continue
			}
			if err := s.applyProposal(ctx, p); err != nil {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	})
}

// applyProposal adds p's observation to the newest version of its scenario.
func (s *Server) applyProposal(ctx context.Context, p events.Proposal) error {
	vs, err := s.st.ListScenarios(ctx, store.ScenarioFilter{Name: p.Scenario, Limit: 1})
	if err != nil {
		return fmt.Errorf("events: scenario %s: %w", p.Scenario, err)
	}
	if len(vs) == 0 {
		s.log.Warn("events: no stored version of a followed scenario", "scenario", p.Scenario, "observation", p.Observation.ID)
		return nil
	}
	id := vs[0].ID
	sc, err := s.parsed.get(ctx, id, func(ctx context.Context) (*analysis.Scenario, error) {
		stored, err := s.st.GetScenario(ctx, id)
		if err != nil {
			return nil, err
		}
		return analysis.Parse(id, stored.Canonical)
	})
	if err != nil {
		return fmt.Errorf("events: scenario %s: %w", id, err)
	}
	base, err := analysis.DefaultOptions().Canonical(sc)
	if err != nil {
		return fmt.Errorf("events: scenario %s: %w", id, err)
	}
	var run *store.Run
	var he *httpError
	for range 3 { // a timeline that changed meanwhile is read again
		_, run, err = s.addObservation(ctx, id, sc, base, p.Observation, "events", "poller")
		if !errors.As(err, &he) || he.p.Type != ProblemBase+"timeline-changed" {
			break
		}
	}
	switch {
	case errors.As(err, &he) && he.p.Type == ProblemBase+"duplicate-observation":
		s.log.Debug("events: observation already on the timeline", "scenario", id, "observation", p.Observation.ID)
		return nil
	case errors.As(err, &he):
		s.log.Warn("events: proposal refused", "scenario", id, "observation", p.Observation.ID, "detail", he.p.Detail)
		return nil
	case err != nil:
		return fmt.Errorf("events: scenario %s: observation %s: %w", id, p.Observation.ID, err)
	}
	s.log.Info("events: observation applied", "scenario", id, "observation", p.Observation.ID, "events", p.Count, "run", run.ID)
	return nil
}
