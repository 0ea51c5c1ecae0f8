package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/store"
	"github.com/tablero-project/tablero/webhook"
)

// FollowConfig configures following scenarios: the timeline's webhook
// deliveries and the Atom feed. Zero fields take the defaults in brackets.
type FollowConfig struct {
	// Policy says where webhooks may post [public addresses only; see
	// webhook.Policy: private addresses are an SSRF risk].
	Policy webhook.Policy
	// Backoff is the retry schedule of failed deliveries [5s doubling to
	// 1h], Attempts the most attempts of one [10].
	Backoff  webhook.Backoff
	Attempts int
	// FeedThreshold is the smallest move of a result's probability that
	// makes a feed entry, unless the request sets ?threshold [0.05].
	FeedThreshold float64
	// Poll is how often the announcer and the dispatcher look for work
	// [1s].
	Poll time.Duration
	// Lease is how long a dispatcher holds a delivery it posts [1m].
	Lease time.Duration
}

// follower holds the background workers of following.
type follower struct {
	once     sync.Once
	dispatch *webhook.Dispatcher
	wake     chan struct{}
}

func (s *Server) followCfg() FollowConfig {
	c := s.cfg.Follow
	if c.FeedThreshold <= 0 {
		c.FeedThreshold = 0.05
	}
	if c.Poll <= 0 {
		c.Poll = time.Second
	}
	return c
}

// dispatcher returns the server's webhook dispatcher.
func (s *Server) dispatcher() *webhook.Dispatcher {
	s.follow.once.Do(func() {
		c := s.followCfg()
		s.follow.dispatch = &webhook.Dispatcher{Outbox: s.st, Client: c.Policy.Client(10 * time.Second), Backoff: c.Backoff,
			Attempts: c.Attempts, Poll: c.Poll, Lease: c.Lease, Logger: s.log}
		s.follow.wake = make(chan struct{}, 1)
	})
	return s.follow.dispatch
}

// notifyFollow wakes the announcer.
func (s *Server) notifyFollow() {
	s.dispatcher()
	select {
	case s.follow.wake <- struct{}{}:
	default:
	}
}

// Start runs the background workers of following until ctx ends: the
// announcer, which turns finished timeline runs into webhook events, and
// the dispatcher, which delivers them from the store's outbox. It returns
// at once; wait on the returned function for them to stop.
func (s *Server) Start(ctx context.Context) (wait func()) {
	d := s.dispatcher()
	var wg sync.WaitGroup
	wg.Go(func() { d.Run(ctx) })
	wg.Go(func() { s.announceLoop(ctx) })
	return wg.Wait
}

func (s *Server) announceLoop(ctx context.Context) {
	t := time.NewTicker(s.followCfg().Poll)
	defer t.Stop()
	for {
		n, err := s.announce(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("announcing timeline forecasts", "err", err)
		}
		if n > 0 {
			s.dispatcher().Notify()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.follow.wake:
		}
	}
}

// ObservationView is a stored observation with the run it queued.
type ObservationView struct {
	ScenarioID  string          `json:"scenario_id"`
	Seq         int64           `json:"seq"`
	Observation json.RawMessage `json:"observation"`
	AddedAt     time.Time       `json:"added_at"`
	AddedBy     string          `json:"added_by"`
	Run         RunView         `json:"run"`
	Links       TimelineLinks   `json:"links"`
}

// TimelineLinks are a scenario's following resources.
type TimelineLinks struct {
	Timeline string `json:"timeline"`
	Feed     string `json:"feed"`
}

func timelineLinks(id string) TimelineLinks {
	return TimelineLinks{Timeline: "/v1/scenarios/" + id + "/timeline", Feed: "/v1/scenarios/" + id + "/feed.atom"}
}

// invalidObservation is the 422 answer to an observation the scenario
// refuses, listing the located problems.
func invalidObservation(err error) error {
	p := problem(http.StatusUnprocessableEntity, "invalid-observation", "Invalid observation", err.Error())
	var list scenario.ErrorList
	var one *scenario.Error
	switch {
	case errors.As(err, &list):
		p.Errors = problemErrors(list)
	case errors.As(err, &one):
		p.Errors = problemErrors(scenario.ErrorList{one})
	}
	return &httpError{p: p, err: err}
}

func conflict(kind, format string, args ...any) error {
	return &httpError{p: problem(http.StatusConflict, kind, "Conflict", fmt.Sprintf(format, args...))}
}

// readObservation parses a request's single observation: a JSON object,
// or what scenario.ParseObservations reads (a one-element list).
func readObservation(r *http.Request) (scenario.Observation, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return scenario.Observation{}, err
	}
	name := r.URL.Query().Get("filename")
	if name == "" {
		name = "observation.json"
	}
	var probe map[string]json.RawMessage
	if json.Unmarshal(body, &probe) == nil && probe["observations"] == nil {
		body = append(append([]byte("["), body...), ']') // a list of one; lines stay as sent
	}
	obs, err := scenario.ParseObservations(name, body)
	if err != nil {
		return scenario.Observation{}, invalidObservation(err)
	}
	if len(obs) != 1 {
		return scenario.Observation{}, badRequest("one-observation", "the request has %d observations: post one at a time, so that each has its forecast in the timeline", len(obs))
	}
	return obs[0], nil
}

// timelineOptions returns the options of a timeline run from the query:
// mapping, draws and seed over the defaults.
func timelineOptions(r *http.Request) (analysis.Options, error) {
	o := analysis.DefaultOptions()
	q := r.URL.Query()
	o.Mapping = q.Get("mapping")
	for _, p := range []struct {
		name string
		set  func(int)
	}{{"draws", func(n int) { o.Draws = n }}, {"seed", func(n int) { o.Seed = uint64(n) }}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return o, badRequest("invalid-parameter", "%s %q: expected a whole number ≥ 0", p.name, v)
			}
			p.set(n)
		}
	}
	return o, nil
}

// storedObservations decodes a timeline's observations.
func storedObservations(obs []*store.Observation) ([]scenario.Observation, error) {
	out := make([]scenario.Observation, len(obs))
	for i, o := range obs {
		if err := json.Unmarshal(o.Body, &out[i]); err != nil {
			return nil, fmt.Errorf("observation %d of %s: %w", o.Seq, o.ScenarioID, err)
		}
	}
	return out, nil
}

// postObservation adds an observation to a scenario's timeline and queues
// the run with every observation so far. A bad observation is refused
// with a problem document, and nothing is stored.
func (s *Server) postObservation(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	sc, err := s.storedScenario(r, id)
	if err != nil {
		return err
	}
	o, err := timelineOptions(r)
	if err != nil {
		return err
	}
	obs, err := readObservation(r)
	if err != nil {
		return err
	}
	base, err := o.Canonical(sc) // the query's options, without observations
	if err != nil {
		return err
	}
	rec, run, err := s.addObservation(r.Context(), id, sc, base, obs, actor(r), r.RemoteAddr)
	if err != nil {
		return err
	}
	w.Header().Set("Location", timelineLinks(id).Timeline)
	return writeJSON(w, http.StatusCreated, ObservationView{ScenarioID: id, Seq: rec.Seq, Observation: rec.Body, AddedAt: rec.CreatedAt,
		AddedBy: rec.CreatedBy, Run: runView(run), Links: timelineLinks(id)})
}

// addObservation checks obs against stored scenario id, stores it on the
// timeline with the run of base (canonical options without observations)
// plus every observation so far, and wakes the runner and the followers.
// who and remote are recorded in the audit trail.
func (s *Server) addObservation(ctx context.Context, id string, sc *analysis.Scenario, base analysis.Options,
	obs scenario.Observation, who, remote string) (*store.Observation, *store.Run, error) {
	one, err := sc.Model.CheckObservations([]scenario.Observation{obs})
	if err != nil {
		return nil, nil, invalidObservation(err)
	}
	stored, err := s.st.ListObservations(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	prior, err := storedObservations(stored)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range prior {
		if p.ID == one[0].ID {
			return nil, nil, conflict("duplicate-observation", "the timeline of %s has an observation %q already", id, p.ID)
		}
	}
	c := base
	c.Observations = append(prior, one[0])
	if c, err = c.Canonical(sc); err != nil {
		return nil, nil, invalidObservation(err)
	}
	hash, err := analysis.Hash(sc, c)
	if err != nil {
		return nil, nil, err
	}
	body, _ := json.Marshal(one[0])
	opts, _ := json.Marshal(c)
	seq := int64(len(stored) + 1)
	ev, err := observationEvent(id, seq, body)
	if err != nil {
		return nil, nil, err
	}
	rec, run, err := s.st.AddObservation(ctx, &store.Observation{ScenarioID: id, Seq: seq, ID: one[0].ID, Body: body, CreatedBy: who},
		&store.Run{ID: store.NewRunID(), ScenarioID: id, Kind: analysis.Kind, Hash: hash, Options: opts, SubmittedBy: who}, ev, s.cfg.MaxQueued)
	if errors.Is(err, store.ErrConflict) {
		return nil, nil, conflict("timeline-changed", "%v; retry", err)
	}
	if err != nil {
		return nil, nil, err
	}
	s.auditAs(ctx, who, remote, "observation.add", id, fmt.Sprintf("observation %s (#%d), run %s", rec.ID, rec.Seq, run.ID))
	if err := s.ensurePrior(ctx, id, sc, base, who); err != nil {
		// The observation is stored; the timeline shows no prior until a
		// run without observations exists.
		s.log.Warn("queueing the timeline's prior run", "scenario", id, "err", err)
	}
	if s.cfg.Runner != nil {
		s.cfg.Runner.Notify()
	}
	s.dispatcher().Notify()
	s.notifyFollow()
	return rec, run, nil
}

// ensurePrior queues the run of canonical options c without observations
// (the timeline's starting point) unless it exists.
func (s *Server) ensurePrior(ctx context.Context, id string, sc *analysis.Scenario, c analysis.Options, who string) error {
	hash, err := analysis.Hash(sc, c)
	if err != nil {
		return err
	}
	if _, err := s.st.FindRun(ctx, hash); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	opts, _ := json.Marshal(c)
	_, _, err = s.st.SubmitRun(ctx, &store.Run{ID: store.NewRunID(), ScenarioID: id, Kind: analysis.Kind, Hash: hash, Options: opts,
		SubmittedBy: who}, s.cfg.MaxQueued)
	return err
}

// eventID is the stable id of an event: the same event always has the
// same id, so receivers can deduplicate.
func eventID(scenarioID string, seq int64, typ string) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%s", scenarioID, seq, typ))
	return "evt_" + hex.EncodeToString(sum[:13])
}

// EventBody is the JSON body of a webhook delivery.
type EventBody struct {
	Type      string    `json:"type"` // observation.added, forecast.updated, forecast.failed
	Timestamp time.Time `json:"timestamp"`
	Data      EventData `json:"data"`
}

// EventData is what an event is about.
type EventData struct {
	ScenarioID  string          `json:"scenario_id"`
	Seq         int64           `json:"seq"`
	Observation json.RawMessage `json:"observation"`
	RunID       string          `json:"run_id,omitempty"`
	// Forecast is the forecast after the observation (forecast.updated).
	Forecast *TimelineForecast `json:"forecast,omitempty"`
	Error    string            `json:"error,omitempty"` // forecast.failed: why the run failed
	Links    TimelineLinks     `json:"links"`
}

func observationEvent(scenarioID string, seq int64, obs []byte) (*store.Event, error) {
	b, err := json.Marshal(EventBody{Type: "observation.added", Timestamp: time.Now().UTC(),
		Data: EventData{ScenarioID: scenarioID, Seq: seq, Observation: obs, Links: timelineLinks(scenarioID)}})
	return &store.Event{ID: eventID(scenarioID, seq, "observation.added"), Type: "observation.added", Body: b}, err
}

// Timeline is a scenario's observations, each with the forecast after it.
type Timeline struct {
	ScenarioID string `json:"scenario_id"`
	// Prior is the forecast before any observation (the run with the
	// first observation's options but no observations), when it exists.
	Prior   *TimelineForecast `json:"prior"`
	Entries []TimelineEntry   `json:"entries"`
	Links   TimelineLinks     `json:"links"`
}

// TimelineEntry is one observation and the forecast after it.
type TimelineEntry struct {
	Seq         int64           `json:"seq"`
	Observation json.RawMessage `json:"observation"`
	AddedAt     time.Time       `json:"added_at"`
	AddedBy     string          `json:"added_by"`
	RunID       string          `json:"run_id"`
	Status      store.Status    `json:"status"`
	Error       string          `json:"error,omitempty"`
	// Forecast is the run's forecast once it succeeded.
	Forecast *TimelineForecast `json:"forecast"`
}

// TimelineForecast is a run's result probabilities (with their intervals
// under Monte Carlo) and how far each moved from the previous forecast of
// the timeline.
type TimelineForecast struct {
	RunID   string       `json:"run_id"`
	At      time.Time    `json:"at"` // when the run finished
	Results []brief.Prob `json:"results"`
	Moves   []Move       `json:"moves"`
	// MaxMove is the largest |change| of a result's probability.
	MaxMove float64 `json:"max_move"`
}

// Move is one result's probability before and after an observation.
type Move struct {
	Name   string  `json:"name"`
	Label  string  `json:"label"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	Change float64 `json:"change"`
}

// forecastOf reads a succeeded run's results.
func forecastOf(run *store.Run) (*TimelineForecast, error) {
	var doc struct {
		Results  []brief.Prob `json:"results"`
		Evidence *struct {
			Results []brief.Shift `json:"results"`
		} `json:"evidence"`
	}
	if err := json.Unmarshal(run.Result, &doc); err != nil {
		return nil, fmt.Errorf("run %s: result: %w", run.ID, err)
	}
	// With observations the brief's results stay the prior; the forecast
	// is the posterior of its evidence section.
	if doc.Evidence != nil && len(doc.Evidence.Results) > 0 {
		doc.Results = doc.Results[:0]
		for _, sh := range doc.Evidence.Results {
			doc.Results = append(doc.Results, brief.Prob{Name: sh.Name, Label: sh.Label, Probability: sh.Posterior, Low: sh.Low, High: sh.High, AtDefaults: sh.AtDefaults})
		}
	}
	if doc.Results == nil {
		doc.Results = []brief.Prob{}
	}
	return &TimelineForecast{RunID: run.ID, At: run.FinishedAt, Results: doc.Results, Moves: []Move{}}, nil
}

// moved fills in f's moves from the previous forecast.
func (f *TimelineForecast) moved(prev *TimelineForecast) {
	if prev == nil {
		return
	}
	before := map[string]float64{}
	for _, p := range prev.Results {
		before[p.Name] = p.Probability
	}
	for _, p := range f.Results {
		b := before[p.Name]
		m := Move{Name: p.Name, Label: p.Label, Before: b, After: p.Probability, Change: p.Probability - b}
		f.Moves = append(f.Moves, m)
		f.MaxMove = max(f.MaxMove, math.Abs(m.Change))
	}
}

// buildTimeline assembles a scenario's timeline from the store.
func (s *Server) buildTimeline(ctx context.Context, id string) (*Timeline, error) {
	if _, err := s.st.GetScenario(ctx, id); err != nil {
		return nil, err
	}
	obs, err := s.st.ListObservations(ctx, id)
	if err != nil {
		return nil, err
	}
	tl := &Timeline{ScenarioID: id, Entries: []TimelineEntry{}, Links: timelineLinks(id)}
	var prev *TimelineForecast
	for i, o := range obs {
		run, err := s.st.GetRun(ctx, o.RunID)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			if tl.Prior, err = s.priorForecast(ctx, run); err != nil {
				return nil, err
			}
			prev = tl.Prior
		}
		e := TimelineEntry{Seq: o.Seq, Observation: o.Body, AddedAt: o.CreatedAt, AddedBy: o.CreatedBy, RunID: run.ID, Status: run.Status, Error: run.Error}
		if run.Status == store.Succeeded {
			if e.Forecast, err = forecastOf(run); err != nil {
				return nil, err
			}
			e.Forecast.moved(prev)
			prev = e.Forecast
		}
		tl.Entries = append(tl.Entries, e)
	}
	return tl, nil
}

// priorForecast returns the forecast of the run with first's options but
// no observations, nil when it has not succeeded (or does not exist).
func (s *Server) priorForecast(ctx context.Context, first *store.Run) (*TimelineForecast, error) {
	var o analysis.Options
	if err := json.Unmarshal(first.Options, &o); err != nil {
		return nil, fmt.Errorf("run %s: options: %w", first.ID, err)
	}
	o.Observations = nil
	sc, err := s.scenarioByID(ctx, first.ScenarioID)
	if err != nil {
		return nil, err
	}
	hash, err := analysis.Hash(sc, o)
	if err != nil {
		return nil, err
	}
	run, err := s.st.FindRun(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || err == nil && run.Status != store.Succeeded {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return forecastOf(run)
}

// scenarioByID returns the compiled stored scenario with the id.
func (s *Server) scenarioByID(ctx context.Context, id string) (*analysis.Scenario, error) {
	return s.parsed.get(ctx, id, func(ctx context.Context) (*analysis.Scenario, error) {
		stored, err := s.st.GetScenario(ctx, id)
		if err != nil {
			return nil, err
		}
		return analysis.Parse(id, stored.Canonical)
	})
}

func (s *Server) getTimeline(w http.ResponseWriter, r *http.Request) error {
	tl, err := s.buildTimeline(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, tl)
}

// announce queues the webhook events of the timeline runs that ended:
// forecast.updated to every subscriber whose threshold the largest move
// reaches, forecast.failed to all when the run failed. Observations are
// announced in their order within a scenario. It returns how many it
// announced.
func (s *Server) announce(ctx context.Context) (int, error) {
	un, err := s.st.Unannounced(ctx, 100)
	if err != nil {
		return 0, err
	}
	timelines := map[string]*Timeline{}
	n := 0
	for _, o := range un {
		tl := timelines[o.ScenarioID]
		if tl == nil {
			if tl, err = s.buildTimeline(ctx, o.ScenarioID); err != nil {
				return n, err
			}
			timelines[o.ScenarioID] = tl
		}
		ready, err := s.earlierAnnounced(ctx, o)
		if err != nil {
			return n, err
		}
		if !ready {
			continue // after the earlier ones of its scenario
		}
		ds, err := s.deliveries(ctx, tl, o)
		if err != nil {
			return n, err
		}
		if err := s.st.Announce(ctx, o.ScenarioID, o.Seq, ds); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// earlierAnnounced reports whether every observation before o in its
// timeline is announced.
func (s *Server) earlierAnnounced(ctx context.Context, o *store.Observation) (bool, error) {
	obs, err := s.st.ListObservations(ctx, o.ScenarioID)
	if err != nil {
		return false, err
	}
	for _, e := range obs {
		if e.Seq < o.Seq && !e.Announced {
			return false, nil
		}
	}
	return true, nil
}

// deliveries returns the events of o's ended run, one per subscriber that
// gets it.
func (s *Server) deliveries(ctx context.Context, tl *Timeline, o *store.Observation) ([]store.Delivery, error) {
	var e *TimelineEntry
	for i := range tl.Entries {
		if tl.Entries[i].Seq == o.Seq {
			e = &tl.Entries[i]
		}
	}
	if e == nil {
		return nil, fmt.Errorf("observation %d of %s: not in its timeline", o.Seq, o.ScenarioID)
	}
	typ := "forecast.updated"
	data := EventData{ScenarioID: o.ScenarioID, Seq: o.Seq, Observation: o.Body, RunID: e.RunID, Forecast: e.Forecast, Links: tl.Links}
	if e.Forecast == nil {
		typ, data.Error = "forecast.failed", fmt.Sprintf("run %s %s%s", e.RunID, e.Status, suffix(e.Error))
	}
	body, err := json.Marshal(EventBody{Type: typ, Timestamp: time.Now().UTC(), Data: data})
	if err != nil {
		return nil, err
	}
	hooks, err := s.st.ListWebhooks(ctx, o.ScenarioID)
	if err != nil {
		return nil, err
	}
	ev := store.Event{ID: eventID(o.ScenarioID, o.Seq, typ), Type: typ, Body: body}
	var out []store.Delivery
	for _, h := range hooks {
		if e.Forecast != nil && e.Forecast.MaxMove < h.Threshold {
			continue
		}
		out = append(out, store.Delivery{WebhookID: h.ID, Event: ev})
	}
	return out, nil
}
