package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tablero-project/tablero/score"
)

func observation(sc *Scenario, id string) *Observation {
	return &Observation{ScenarioID: sc.ID, ID: id, Body: []byte(fmt.Sprintf(`{"id":%q}`, id)), CreatedBy: "tester"}
}

func TestObservations(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		sc := mustScenario(t, s, "crisis", "v1")
		hook, err := s.PutWebhook(ctx, &Webhook{ID: "wh_1", ScenarioID: sc.ID, URL: "http://127.0.0.1:1/hook", Threshold: 0.1, Secret: "whsec_AAAA"})
		if err != nil {
			t.Fatal(err)
		}
		ev := &Event{ID: "evt_1", Type: "observation.added", Body: []byte(`{"n":1}`)}
		o1, r1, err := s.AddObservation(ctx, observation(sc, "leak"), newRun(sc, "run_1", "h1"), ev, 0)
		if err != nil {
			t.Fatal(err)
		}
		if o1.Seq != 1 || o1.RunID != "run_1" || r1.Status != Queued || o1.CreatedAt.IsZero() {
			t.Fatalf("first observation %+v, run %+v", o1, r1)
		}
		// A second observation whose run has the hash of an existing one
		// reuses it.
		o2, r2, err := s.AddObservation(ctx, observation(sc, "poll"), newRun(sc, "run_2", "h1"), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		if o2.Seq != 2 || r2.ID != "run_1" || o2.RunID != "run_1" {
			t.Fatalf("second observation %+v, run %s", o2, r2.ID)
		}
		// The same observation id again: a conflict, and nothing stored (no
		// observation, no run, no delivery).
		_, _, err = s.AddObservation(ctx, observation(sc, "leak"), newRun(sc, "run_3", "h3"), ev, 0)
		if !errors.Is(err, ErrConflict) {
			t.Fatalf("duplicate observation: %v", err)
		}
		if _, err := s.GetRun(ctx, "run_3"); !errors.Is(err, ErrNotFound) {
			t.Errorf("the refused observation's run was stored: %v", err)
		}
		// An observation checked against a timeline that has grown since.
		stale := observation(sc, "stale")
		stale.Seq = 2
		if _, _, err := s.AddObservation(ctx, stale, newRun(sc, "run_5", "h5"), ev, 0); !errors.Is(err, ErrConflict) {
			t.Errorf("stale sequence number: %v", err)
		}
		// A full queue stores nothing either.
		if _, _, err := s.AddObservation(ctx, observation(sc, "late"), newRun(sc, "run_4", "h4"), ev, 1); !errors.Is(err, ErrQueueFull) {
			t.Errorf("full queue: %v", err)
		}
		obs, err := s.ListObservations(ctx, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(obs) != 2 || obs[0].ID != "leak" || obs[1].ID != "poll" || string(obs[0].Body) != `{"id":"leak"}` || obs[0].CreatedBy != "tester" {
			t.Fatalf("timeline %+v", obs)
		}
		ds, err := s.ListDeliveries(ctx, hook.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 1 || ds[0].Event.ID != "evt_1" || ds[0].Status != Pending || string(ds[0].Event.Body) != `{"n":1}` {
			t.Fatalf("deliveries %+v", ds)
		}

		// Nothing to announce until the run ends.
		if un, err := s.Unannounced(ctx, 0); err != nil || len(un) != 0 {
			t.Fatalf("unannounced before the run ended: %v %v", un, err)
		}
		if _, err := s.ClaimRun(ctx, "w"); err != nil {
			t.Fatal(err)
		}
		if err := s.Finish(ctx, "run_1", "w", Succeeded, []byte(`{}`), ""); err != nil {
			t.Fatal(err)
		}
		un, err := s.Unannounced(ctx, 0)
		if err != nil || len(un) != 2 || un[0].Seq != 1 || un[1].Seq != 2 {
			t.Fatalf("unannounced %+v %v", un, err)
		}
		moved := []Delivery{{WebhookID: hook.ID, Event: Event{ID: "evt_2", Type: "forecast.updated", Body: []byte(`{}`)}}}
		for range 2 { // announcing twice queues once
			if err := s.Announce(ctx, sc.ID, 1, moved); err != nil {
				t.Fatal(err)
			}
		}
		if un, _ := s.Unannounced(ctx, 0); len(un) != 1 || un[0].Seq != 2 {
			t.Errorf("unannounced after announcing the first: %+v", un)
		}
		if ds, _ := s.ListDeliveries(ctx, hook.ID, 0); len(ds) != 2 || ds[0].Event.ID != "evt_2" {
			t.Errorf("deliveries after announcing: %+v", ds)
		}
	})
}

func TestQuestions(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		close := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
		q := &score.Question{ID: "q1", ScenarioID: "sha256:x", Statement: "How does it end?", Criterion: "Official statements",
			Close: close, Options: []string{"deal", "stalemate", "escalation"}, Mapping: "results"}
		got, err := s.PutQuestion(ctx, q, "tester")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != "q1" || !got.Close.Equal(close) || len(got.Options) != 3 || got.Options[2] != "escalation" || got.CreatedAt.IsZero() || got.Resolution != nil {
			t.Fatalf("stored %+v", got)
		}
		if _, err := s.PutQuestion(ctx, q, "tester"); !errors.Is(err, ErrConflict) {
			t.Errorf("question stored twice: %v", err)
		}
		if _, err := s.PutQuestion(ctx, &score.Question{ID: "bad", Statement: "?", Close: close, Options: []string{"one"}}, ""); !errors.Is(err, score.ErrInvalid) {
			t.Errorf("invalid question: %v", err)
		}
		at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		f := &score.Forecast{QuestionID: "q1", At: at, RunID: "run_a", Probabilities: map[string]float64{"deal": 0.5, "stalemate": 0.3, "escalation": 0.2}}
		for i, want := range []bool{true, false} {
			added, err := s.AddForecast(ctx, f)
			if err != nil || added != want {
				t.Fatalf("forecast %d: added %v, %v", i, added, err)
			}
		}
		bad := &score.Forecast{QuestionID: "q1", At: at, Probabilities: map[string]float64{"deal": 0.9, "stalemate": 0.3, "escalation": 0.2}}
		if _, err := s.AddForecast(ctx, bad); !errors.Is(err, score.ErrInvalid) {
			t.Errorf("invalid forecast: %v", err)
		}
		if _, err := s.AddForecast(ctx, &score.Forecast{QuestionID: "nope", At: at}); !errors.Is(err, ErrNotFound) {
			t.Errorf("forecast of an unknown question: %v", err)
		}
		hand := &score.Forecast{QuestionID: "q1", At: at.Add(-time.Hour), Probabilities: map[string]float64{"deal": 1, "stalemate": 0, "escalation": 0}}
		if added, err := s.AddForecast(ctx, hand); err != nil || !added {
			t.Fatalf("hand forecast: %v %v", added, err)
		}
		fs, err := s.ListForecasts(ctx, "q1")
		if err != nil || len(fs) != 2 || fs[0].RunID != "" || fs[1].RunID != "run_a" || fs[1].Probabilities["stalemate"] != 0.3 || !fs[1].At.Equal(at) {
			t.Fatalf("forecasts %+v %v", fs, err)
		}
		res := score.Resolution{Outcome: "deal", At: close.Add(-time.Hour), Note: "signed"}
		if _, err := s.ResolveQuestion(ctx, "q1", score.Resolution{Outcome: "peace", At: close}, "tester"); !errors.Is(err, score.ErrInvalid) {
			t.Errorf("resolved to an unknown option: %v", err)
		}
		for range 2 {
			got, err = s.ResolveQuestion(ctx, "q1", res, "tester")
			if err != nil || got.Resolution == nil || got.Resolution.Outcome != "deal" || !got.Resolution.At.Equal(res.At) || got.Resolution.Note != "signed" {
				t.Fatalf("resolved %+v %v", got, err)
			}
		}
		if _, err := s.ResolveQuestion(ctx, "q1", score.Resolution{Outcome: "escalation", At: close}, "tester"); !errors.Is(err, ErrConflict) {
			t.Errorf("resolved again differently: %v", err)
		}
		s.PutQuestion(ctx, &score.Question{ID: "q2", Statement: "?", Close: close, Options: []string{"a", "b"}}, "")
		if qs, err := s.ListQuestions(ctx, "sha256:x"); err != nil || len(qs) != 1 || qs[0].ID != "q1" {
			t.Errorf("questions of the scenario: %+v %v", qs, err)
		}
		if qs, err := s.ListQuestions(ctx, ""); err != nil || len(qs) != 2 {
			t.Errorf("all questions: %+v %v", qs, err)
		}
	})
}

func TestOutbox(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		c := setClock(s, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		sc := mustScenario(t, s, "crisis", "v1")
		if _, err := s.PutWebhook(ctx, &Webhook{ID: "wh_x", ScenarioID: "sha256:none", URL: "http://127.0.0.1/"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("webhook of an unknown scenario: %v", err)
		}
		hook, err := s.PutWebhook(ctx, &Webhook{ID: "wh_1", ScenarioID: sc.ID, URL: "http://127.0.0.1:9/hook", Threshold: 0.05, Secret: "whsec_c2VjcmV0"})
		if err != nil {
			t.Fatal(err)
		}
		if hs, err := s.ListWebhooks(ctx, sc.ID); err != nil || len(hs) != 1 || hs[0].Threshold != 0.05 || hs[0].Secret != "whsec_c2VjcmV0" {
			t.Fatalf("webhooks %+v %v", hs, err)
		}
		ev := &Event{ID: "evt_a", Type: "observation.added", Body: []byte(`{"a":1}`)}
		if _, _, err := s.AddObservation(ctx, observation(sc, "o1"), newRun(sc, "run_1", "h1"), ev, 0); err != nil {
			t.Fatal(err)
		}
		ds, err := s.ClaimDeliveries(ctx, "w1", 10, time.Minute)
		if err != nil || len(ds) != 1 {
			t.Fatalf("claim: %+v %v", ds, err)
		}
		d := ds[0]
		if d.URL != hook.URL || d.Secret != hook.Secret || d.Attempts != 1 || d.Event.ID != "evt_a" || d.Event.Type != "observation.added" {
			t.Fatalf("claimed %+v", d)
		}
		if again, _ := s.ClaimDeliveries(ctx, "w2", 10, time.Minute); len(again) != 0 {
			t.Fatalf("a leased delivery was claimed again: %+v", again)
		}
		next := c.t.Add(10 * time.Second)
		if err := s.RecordAttempt(ctx, "w1", &Attempt{DeliveryID: d.ID, StatusCode: 500, Error: "HTTP 500", Outcome: Pending, NextAt: next}); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.ClaimDeliveries(ctx, "w1", 10, time.Minute); len(again) != 0 {
			t.Fatalf("claimed before its retry time: %+v", again)
		}
		c.t = next
		ds, _ = s.ClaimDeliveries(ctx, "w1", 10, time.Minute)
		if len(ds) != 1 || ds[0].Attempts != 2 || ds[0].LastError != "HTTP 500" {
			t.Fatalf("retry claim %+v", ds)
		}
		// w1 dies holding the lease; after it, w2 claims the delivery and
		// w1's late report is refused.
		c.t = c.t.Add(time.Minute)
		ds, _ = s.ClaimDeliveries(ctx, "w2", 10, time.Minute)
		if len(ds) != 1 || ds[0].Attempts != 3 {
			t.Fatalf("claim after the lease ended: %+v", ds)
		}
		if err := s.RecordAttempt(ctx, "w1", &Attempt{DeliveryID: d.ID, Outcome: Delivered}); !errors.Is(err, ErrNotOwner) {
			t.Errorf("report of a lost lease: %v", err)
		}
		if err := s.RecordAttempt(ctx, "w2", &Attempt{DeliveryID: d.ID, StatusCode: 204, Outcome: Delivered, Duration: 3 * time.Millisecond}); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.ClaimDeliveries(ctx, "w2", 10, time.Minute); len(again) != 0 {
			t.Fatalf("a delivered event was claimed: %+v", again)
		}
		ds, _ = s.ListDeliveries(ctx, hook.ID, 0)
		if len(ds) != 1 || ds[0].Status != Delivered || !ds[0].DeliveredAt.Equal(c.t) {
			t.Fatalf("deliveries %+v", ds)
		}
		log, err := s.ListAttempts(ctx, hook.ID, 0)
		if err != nil || len(log) != 2 {
			t.Fatalf("attempts %+v %v", log, err)
		}
		if log[0].Outcome != Delivered || log[0].Attempt != 3 || log[0].StatusCode != 204 || log[0].Duration != 3*time.Millisecond ||
			log[1].Outcome != Pending || log[1].Attempt != 1 || log[1].Error != "HTTP 500" || log[1].EventID != "evt_a" {
			t.Errorf("log %+v %+v", log[0], log[1])
		}
		if err := s.DeleteWebhook(ctx, hook.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteWebhook(ctx, hook.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleted twice: %v", err)
		}
		if ds, _ := s.ListDeliveries(ctx, hook.ID, 0); len(ds) != 0 {
			t.Errorf("deliveries of a deleted webhook: %+v", ds)
		}
	})
}
