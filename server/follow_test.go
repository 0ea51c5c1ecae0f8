package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/testdb"
	"github.com/tablero-project/tablero/score"
	"github.com/tablero-project/tablero/store"
	"github.com/tablero-project/tablero/webhook"
)

// hookReceiver is a loopback webhook receiver: it verifies every
// delivery's signature and fails the first fails attempts of each event.
type hookReceiver struct {
	t      testing.TB
	secret string
	fails  int

	mu       sync.Mutex
	attempts map[string]int
	accepted map[string][]EventBody
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := webhook.Verify(h.secret, r.Header, body, time.Now()); err != nil {
		h.t.Errorf("receiver: %v", err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	id := r.Header.Get(webhook.HeaderID)
	h.attempts[id]++
	if h.attempts[id] <= h.fails {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	var ev EventBody
	if err := json.Unmarshal(body, &ev); err != nil {
		h.t.Errorf("receiver: %v", err)
	}
	h.accepted[id] = append(h.accepted[id], ev)
	w.WriteHeader(http.StatusNoContent)
}

// byType returns the accepted events of a type, and fails t unless each
// event id was accepted exactly once after fails+1 attempts.
func (h *hookReceiver) byType(typ string) []EventBody {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []EventBody
	for id, evs := range h.accepted {
		if len(evs) != 1 || h.attempts[id] != h.fails+1 {
			h.t.Errorf("event %s: accepted %d times after %d attempts", id, len(evs), h.attempts[id])
		}
		if evs[0].Type == typ {
			out = append(out, evs[0])
		}
	}
	return out
}

func followEnv(t *testing.T, dsn string) *env {
	policy, err := webhook.ParseAllow("127.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, dsn, Config{Follow: FollowConfig{Policy: policy, Backoff: webhook.Backoff{Base: 5 * time.Millisecond, Max: 20 * time.Millisecond},
		Poll: 20 * time.Millisecond}})
	ctx, stop := context.WithCancel(context.Background())
	wait := e.srv.Start(ctx)
	t.Cleanup(func() { stop(); wait() })
	return e
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: timed out", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Following the flagship: bad observations are refused and store nothing;
// two observations make a timeline with the forecast after each, an Atom
// feed, and signed webhook deliveries to a receiver that fails twice
// before accepting, each event exactly once.
func TestFollow(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := followEnv(t, b.DSN(t))
			sc := e.postScenario(flagship)
			base := "/v1/scenarios/" + sc.ID

			// Webhooks: refused URLs, then a loopback receiver.
			for _, u := range []string{"ftp://127.0.0.1/x", "http://10.1.2.3/hook", "http://169.254.169.254/", "not a url"} {
				e.json("POST", base+"/webhooks", WebhookRequest{URL: u}, "/v1/scenarios/{id}/webhooks", http.StatusBadRequest, nil)
			}
			e.json("POST", base+"/webhooks", WebhookRequest{URL: "http://127.0.0.1/", Threshold: 2}, "/v1/scenarios/{id}/webhooks", http.StatusBadRequest, nil)
			rcv := &hookReceiver{t: t, fails: 2, attempts: map[string]int{}, accepted: map[string][]EventBody{}}
			hs := httptest.NewServer(rcv)
			defer hs.Close()
			var hook WebhookView
			e.json("POST", base+"/webhooks", WebhookRequest{URL: hs.URL + "/tablero", Threshold: 0}, "/v1/scenarios/{id}/webhooks", http.StatusCreated, &hook)
			if !strings.HasPrefix(hook.Secret, webhook.SecretPrefix) {
				t.Fatalf("webhook %+v: no secret", hook)
			}
			rcv.mu.Lock()
			rcv.secret = hook.Secret
			rcv.mu.Unlock()
			var list WebhookList
			e.json("GET", base+"/webhooks", nil, "/v1/scenarios/{id}/webhooks", http.StatusOK, &list)
			if len(list.Webhooks) != 1 || list.Webhooks[0].Secret != "" {
				t.Fatalf("webhooks %+v (secrets must not be listed)", list)
			}

			// Bad observations: a clear error, nothing stored.
			runsBefore, _ := e.st.ListRuns(context.Background(), store.RunFilter{})
			for _, c := range []struct {
				body   string
				status int
				want   string
			}{
				{`{"date": "2025-12-06", "source": "s", "signpost": "alien_landing"}`, 422, `unknown signpost`},
				{`{"date": "2025-12-06", "source": "s", "parameter": "mx_poll_help", "value": 7}`, 422, "mx_poll_help"},
				{`{"date": "2025-12-06", "source": "s", "parameter": "no_such_parameter", "value": 0.5}`, 422, "no_such_parameter"},
				{`{"date": "yesterday", "source": "s", "signpost": "intel_agreement"}`, 422, "yesterday"},
				{`{"date": "2025-12-06", "source": "s", "move": ["d=Teleport"]}`, 422, "Teleport"},
				{`{"date": "2025-12-06", "source": "s", "signpost": "intel_agreement", "colour": "red"}`, 422, "colour"},
				{`{"date": "2025-12-06", "source": "s"`, 422, ""},
				{`[{"date": "2025-12-06", "source": "s", "signpost": "intel_agreement"}, {"date": "2025-12-07", "source": "s", "signpost": "new_tariffs"}]`, 400, "one at a time"},
			} {
				resp, body := e.do("POST", base+"/observations?draws=40", "application/json", []byte(c.body), "/v1/scenarios/{id}/observations")
				if resp.StatusCode != c.status || !strings.Contains(string(body), c.want) || resp.Header.Get("Content-Type") != "application/problem+json" {
					t.Errorf("%s: %d %s, want %d mentioning %q", c.body, resp.StatusCode, body, c.status, c.want)
				}
			}
			var tl Timeline
			e.json("GET", base+"/timeline", nil, "/v1/scenarios/{id}/timeline", http.StatusOK, &tl)
			runsAfter, _ := e.st.ListRuns(context.Background(), store.RunFilter{})
			if len(tl.Entries) != 0 || len(runsAfter) != len(runsBefore) {
				t.Fatalf("bad observations stored something: %d entries, %d runs (%d before)", len(tl.Entries), len(runsAfter), len(runsBefore))
			}
			if ds, _ := e.st.ListDeliveries(context.Background(), hook.ID, 0); len(ds) != 0 {
				t.Fatalf("bad observations queued deliveries: %+v", ds)
			}

			// Two observations.
			var o1, o2 ObservationView
			e.json("POST", base+"/observations?draws=40", map[string]any{"id": "agreement", "date": "2025-12-06", "source": "https://example.org/statement",
				"note": "joint statement", "signpost": "intel_agreement"}, "/v1/scenarios/{id}/observations", http.StatusCreated, &o1)
			e.json("POST", base+"/observations?draws=40", map[string]any{"id": "agreement", "date": "2025-12-06", "source": "again",
				"signpost": "intel_agreement"}, "/v1/scenarios/{id}/observations", http.StatusConflict, nil)
			e.json("POST", base+"/observations?draws=40", map[string]any{"id": "opening", "date": "2025-12-12", "source": "press reports",
				"signpost": "military_opening"}, "/v1/scenarios/{id}/observations", http.StatusCreated, &o2)
			if o1.Seq != 1 || o2.Seq != 2 || o1.Run.ID == o2.Run.ID {
				t.Fatalf("observations %+v %+v", o1, o2)
			}
			waitFor(t, "timeline", func() bool {
				e.json("GET", base+"/timeline", nil, "/v1/scenarios/{id}/timeline", http.StatusOK, &tl)
				return tl.Prior != nil && len(tl.Entries) == 2 && tl.Entries[0].Forecast != nil && tl.Entries[1].Forecast != nil
			})
			for i, en := range tl.Entries {
				prev := tl.Prior
				if i > 0 {
					prev = tl.Entries[i-1].Forecast
				}
				f := en.Forecast
				if len(f.Results) == 0 || len(f.Moves) != len(f.Results) {
					t.Fatalf("entry %d: forecast %+v", i, f)
				}
				maxMove := 0.0
				for k, m := range f.Moves {
					if m.After != f.Results[k].Probability || m.Before != prev.Results[k].Probability || m.Change != m.After-m.Before {
						t.Errorf("entry %d move %+v", i, m)
					}
					maxMove = math.Max(maxMove, math.Abs(m.Change))
				}
				if f.MaxMove != maxMove || f.Results[0].Low == nil || f.Results[0].High == nil {
					t.Errorf("entry %d: max move %g (want %g), interval %v %v", i, f.MaxMove, maxMove, f.Results[0].Low, f.Results[0].High)
				}
			}

			// Webhooks: two observation.added, two forecast.updated, each once.
			waitFor(t, "deliveries", func() bool {
				rcv.mu.Lock()
				defer rcv.mu.Unlock()
				return len(rcv.accepted) == 4
			})
			added, updated := rcv.byType("observation.added"), rcv.byType("forecast.updated")
			if len(added) != 2 || len(updated) != 2 {
				t.Fatalf("events: %d added, %d updated", len(added), len(updated))
			}
			for _, ev := range updated {
				if ev.Data.ScenarioID != sc.ID || ev.Data.Forecast == nil || ev.Data.RunID != tl.Entries[ev.Data.Seq-1].RunID {
					t.Errorf("forecast.updated %+v", ev.Data)
				}
			}
			// The receiver sees the third attempt before the outbox records
			// its answer: wait until every delivery is settled in the log.
			var log DeliveryLog
			waitFor(t, "delivery log", func() bool {
				log = DeliveryLog{}
				e.json("GET", "/v1/webhooks/"+hook.ID+"/deliveries", nil, "/v1/webhooks/{id}/deliveries", http.StatusOK, &log)
				for _, d := range log.Deliveries {
					if d.Status == store.Pending {
						return false
					}
				}
				return len(log.Deliveries) == 4
			})
			if len(log.Deliveries) != 4 || len(log.Attempts) != 12 {
				t.Fatalf("delivery log: %d deliveries, %d attempts", len(log.Deliveries), len(log.Attempts))
			}
			for _, d := range log.Deliveries {
				if d.Status != store.Delivered || d.Attempts != 3 {
					t.Errorf("delivery %+v", d)
				}
			}

			// The feed: valid Atom, stable ids.
			checkFeed(t, e, base, tl)

			e.json("DELETE", "/v1/webhooks/"+hook.ID, nil, "/v1/webhooks/{id}", http.StatusOK, nil)
			e.json("GET", "/v1/webhooks/"+hook.ID, nil, "/v1/webhooks/{id}", http.StatusNotFound, nil)
		})
	}
}

type feedDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary string `xml:"summary"`
	} `xml:"entry"`
}

func checkFeed(t *testing.T, e *env, base string, tl Timeline) {
	t.Helper()
	read := func(query string) feedDoc {
		resp, body := e.do("GET", base+"/feed.atom"+query, "", nil, "/v1/scenarios/{id}/feed.atom")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("feed: %d %s", resp.StatusCode, body)
		}
		var f feedDoc
		if err := xml.Unmarshal(body, &f); err != nil {
			t.Fatalf("feed: %v\n%s", err, body)
		}
		return f
	}
	all := read("?threshold=0")
	moved := 0
	for _, en := range tl.Entries {
		if en.Forecast.MaxMove > 0 {
			moved++
		}
	}
	if !strings.HasPrefix(all.ID, "tag:tablero.dev,") || all.Title == "" || all.Author.Name == "" || len(all.Entries) != 2+moved {
		t.Fatalf("feed %+v (want %d entries)", all, 2+moved)
	}
	if _, err := time.Parse(time.RFC3339, all.Updated); err != nil {
		t.Errorf("feed updated %q: %v", all.Updated, err)
	}
	self := false
	for _, l := range all.Links {
		self = self || l.Rel == "self" && strings.HasSuffix(l.Href, "/feed.atom?threshold=0")
	}
	if !self {
		t.Errorf("feed links %+v: no self link", all.Links)
	}
	ids := map[string]bool{}
	for _, en := range all.Entries {
		if _, err := time.Parse(time.RFC3339, en.Updated); err != nil || en.Title == "" || ids[en.ID] || len(en.Links) == 0 || en.Links[0].Rel != "alternate" {
			t.Errorf("entry %+v", en)
		}
		ids[en.ID] = true
	}
	if !ids[fmt.Sprintf("%s/observations/1", all.ID)] || !ids[fmt.Sprintf("%s/observations/2", all.ID)] {
		t.Errorf("entry ids %v", ids)
	}
	if again := read("?threshold=0"); fmt.Sprint(again.Entries) != fmt.Sprint(all.Entries) {
		t.Error("the feed changed between two reads")
	}
	// Above every move, only the observations remain.
	if high := read("?threshold=1"); len(high.Entries) != 2 {
		t.Errorf("threshold 1: %d entries", len(high.Entries))
	}
	e.json("GET", base+"/feed.atom?threshold=2", nil, "/v1/scenarios/{id}/feed.atom", http.StatusBadRequest, nil)
}

// Questions about the flagship's results, a forecast from a run, the
// resolution and the scores, which match score's on the same records.
func TestQuestionsAndScores(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{})
	sc := e.postScenario(flagship)
	var run RunView
	e.json("POST", "/v1/runs", map[string]any{"scenario": sc.ID, "options": map[string]any{"draws": 0}}, "/v1/runs", http.StatusAccepted, &run)
	run = e.waitDone(run.ID)
	close := time.Now().Add(24 * time.Hour).UTC()
	var q QuestionView
	e.json("POST", "/v1/questions", map[string]any{"id": "ending", "scenario_id": sc.ID, "statement": "How does the crisis end by March?",
		"criterion": "Both governments' statements", "close": close}, "/v1/questions", http.StatusCreated, &q)
	if len(q.Options) < 2 || q.Mapping == "" {
		t.Fatalf("question %+v: options should be the mapping's results", q)
	}
	e.json("POST", "/v1/questions", map[string]any{"id": "ending", "statement": "again", "close": close, "options": []string{"a", "b"}}, "/v1/questions", http.StatusConflict, nil)
	e.json("POST", "/v1/questions", map[string]any{"statement": "one option", "close": close, "options": []string{"a"}}, "/v1/questions", http.StatusUnprocessableEntity, nil)
	e.json("POST", "/v1/questions", map[string]any{"statement": "?", "close": close, "options": []string{"a", "b"}, "scenario_id": "sha256:none"}, "/v1/questions", http.StatusNotFound, nil)

	var f score.Forecast
	e.json("POST", "/v1/questions/ending/forecasts", QuestionForecastRequest{RunID: run.ID}, "/v1/questions/{id}/forecasts", http.StatusCreated, &f)
	e.json("POST", "/v1/questions/ending/forecasts", QuestionForecastRequest{RunID: run.ID}, "/v1/questions/{id}/forecasts", http.StatusOK, nil)
	e.json("POST", "/v1/questions/ending/forecasts", QuestionForecastRequest{Probabilities: map[string]float64{q.Options[0]: 2}}, "/v1/questions/{id}/forecasts", http.StatusUnprocessableEntity, nil)
	e.json("POST", "/v1/questions/ending/forecasts", QuestionForecastRequest{}, "/v1/questions/{id}/forecasts", http.StatusBadRequest, nil)
	if f.RunID != run.ID || len(f.Probabilities) != len(q.Options) {
		t.Fatalf("forecast %+v", f)
	}
	e.json("GET", "/v1/scores", nil, "/v1/scores", http.StatusOK, nil) // unresolved: no scores yet
	at := time.Now().Add(time.Hour).UTC()
	e.json("POST", "/v1/questions/ending/resolution", ResolveRequest{Outcome: "peace-at-last"}, "/v1/questions/{id}/resolution", http.StatusUnprocessableEntity, nil)
	e.json("POST", "/v1/questions/ending/resolution", ResolveRequest{Outcome: q.Options[0], At: &at}, "/v1/questions/{id}/resolution", http.StatusOK, nil)
	e.json("POST", "/v1/questions/ending/resolution", ResolveRequest{Outcome: q.Options[1]}, "/v1/questions/{id}/resolution", http.StatusConflict, nil)
	var rep score.Report
	e.json("GET", "/v1/scores?scenario="+sc.ID+"&bins=5", nil, "/v1/scores", http.StatusOK, &rep)
	p := make([]float64, len(q.Options))
	for i, o := range q.Options {
		p[i] = f.Probabilities[o]
	}
	if len(rep.Questions) != 1 || math.Abs(rep.Questions[0].Brier-score.Brier(p, 0)) > 1e-12 || math.Abs(rep.Questions[0].Log-score.Log(p, 0)) > 1e-12 ||
		rep.Overall.Questions != 1 || len(rep.Calibration.Bins) != 5 || rep.Calibration.Events != len(q.Options) {
		t.Fatalf("scores %+v", rep)
	}
	var view QuestionView
	e.json("GET", "/v1/questions/ending", nil, "/v1/questions/{id}", http.StatusOK, &view)
	if view.Resolution == nil || view.Resolution.Outcome != q.Options[0] || len(view.Forecasts) != 1 {
		t.Fatalf("question %+v", view)
	}
	var ql QuestionList
	e.json("GET", "/v1/questions?scenario="+sc.ID, nil, "/v1/questions", http.StatusOK, &ql)
	if len(ql.Questions) != 1 {
		t.Fatalf("questions %+v", ql)
	}
}

// An observed signpost whose likelihood is 0 under every history is
// refused, and nothing is stored.
func TestObservationOfAnImpossibleSignpost(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{})
	sc := e.postScenario("../scenario/testdata/signposts.yaml")
	resp, body := e.do("POST", "/v1/scenarios/"+sc.ID+"/observations", "application/yaml",
		[]byte("- {date: 2025-01-05, source: wire, signpost: never}\n"), "/v1/scenarios/{id}/observations")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "likelihood 0 under every history") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if obs, _ := e.st.ListObservations(context.Background(), sc.ID); len(obs) != 0 {
		t.Errorf("stored %d observations", len(obs))
	}
	if runs, _ := e.st.ListRuns(context.Background(), store.RunFilter{}); len(runs) != 0 {
		t.Errorf("queued %d runs", len(runs))
	}
	// A good one from the same YAML list form is stored.
	var o ObservationView
	resp, body = e.do("POST", "/v1/scenarios/"+sc.ID+"/observations?draws=0", "application/yaml",
		[]byte("observations:\n  - {date: 2025-01-05, source: wire, signpost: rally}\n"), "/v1/scenarios/{id}/observations")
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &o) != nil || o.Seq != 1 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}
