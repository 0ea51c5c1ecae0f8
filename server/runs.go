package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/store"
)

// RunRequest asks for an analysis run.
type RunRequest struct {
	// Scenario is a stored scenario's id ("sha256:…") or an inline
	// scenario document (a JSON object), which is stored too.
	Scenario json.RawMessage `json:"scenario"`
	// Options select what to compute; omitted fields take the defaults
	// (1000 draws, seed 1, Monte Carlo, the tornado).
	Options *analysis.Options `json:"options,omitempty"`
}

// RunView is a run as the API shows it.
type RunView struct {
	ID              string          `json:"id"`
	ScenarioID      string          `json:"scenario_id"`
	Kind            string          `json:"kind"`
	Hash            string          `json:"hash"`
	Options         json.RawMessage `json:"options"`
	Status          store.Status    `json:"status"`
	Progress        Progress        `json:"progress"`
	Error           string          `json:"error,omitempty"`
	CancelRequested bool            `json:"cancel_requested,omitempty"`
	SubmittedBy     string          `json:"submitted_by"`
	CreatedAt       time.Time       `json:"created_at"`
	StartedAt       *time.Time      `json:"started_at,omitempty"`
	FinishedAt      *time.Time      `json:"finished_at,omitempty"`
	// Cached is true when a submission returned an existing run with the
	// same hash instead of starting a new one.
	Cached bool `json:"cached,omitempty"`
	// Result is the result document, once the run succeeded.
	Result json.RawMessage `json:"result,omitempty"`
	Links  RunLinks        `json:"links"`
}

// Progress is how far a run has come in its current stage.
type Progress struct {
	Stage    string  `json:"stage,omitempty"`
	Done     int64   `json:"done"`
	Total    int64   `json:"total"`
	Fraction float64 `json:"fraction"`
}

// RunLinks are the run's related resources.
type RunLinks struct {
	Self   string `json:"self"`
	Events string `json:"events"`
	Result string `json:"result"`
}

// RunList is a page of runs, newest first.
type RunList struct {
	Runs []RunView `json:"runs"`
	Next string    `json:"next,omitempty"`
}

// runView is a run without its result (writeRun adds it as stored).
func runView(r *store.Run) RunView {
	v := RunView{ID: r.ID, ScenarioID: r.ScenarioID, Kind: r.Kind, Hash: r.Hash, Options: r.Options, Status: r.Status,
		Progress: Progress{Stage: r.Stage, Done: r.Done, Total: r.Total}, Error: r.Error, CancelRequested: r.CancelRequested,
		SubmittedBy: r.SubmittedBy, CreatedAt: r.CreatedAt, StartedAt: timePtr(r.StartedAt), FinishedAt: timePtr(r.FinishedAt),
		Links: RunLinks{Self: "/v1/runs/" + r.ID, Events: "/v1/runs/" + r.ID + "/events", Result: "/v1/runs/" + r.ID + "/result"}}
	if r.Total > 0 {
		v.Progress.Fraction = float64(r.Done) / float64(r.Total)
	}
	if r.Status == store.Succeeded {
		v.Progress.Fraction = 1
	}
	if len(v.Options) == 0 {
		v.Options = json.RawMessage("{}")
	}
	return v
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// postRun queues an analysis: 202 with the new run, or 200 with the
// existing run of the same hash (the cache).
func (s *Server) postRun(w http.ResponseWriter, r *http.Request) error {
	// The body is a RunRequest; options are decoded over the defaults.
	var req struct {
		Scenario json.RawMessage `json:"scenario"`
		Options  json.RawMessage `json:"options"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	o, err := optionsOf(req.Options)
	if err != nil {
		return err
	}
	sc, id, err := s.runScenario(r, req.Scenario)
	if err != nil {
		return err
	}
	if o, err = o.Canonical(sc); err != nil {
		return err
	}
	hash, err := analysis.Hash(sc, o)
	if err != nil {
		return err
	}
	if run, err := s.st.FindRun(r.Context(), hash); err == nil {
		return writeRun(w, http.StatusOK, run, true, true)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	opts, _ := json.Marshal(o)
	run, created, err := s.st.SubmitRun(r.Context(), &store.Run{ID: store.NewRunID(), ScenarioID: id, Kind: analysis.Kind, Hash: hash,
		Options: opts, Status: store.Queued, SubmittedBy: actor(r)}, s.cfg.MaxQueued)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusAccepted
		s.audit(r, "run.submit", run.ID, "scenario "+id)
		if s.cfg.Runner != nil {
			s.cfg.Runner.Notify()
		}
	}
	return writeRun(w, status, run, !created, true)
}

// writeRun answers with a run; its result document, when included, is
// written as stored rather than re-encoded (it may be large).
func writeRun(w http.ResponseWriter, status int, run *store.Run, cached, withResult bool) error {
	v := runView(run)
	v.Cached = cached
	w.Header().Set("Location", v.Links.Self)
	if !withResult || run.Status != store.Succeeded || len(run.Result) == 0 {
		return writeJSON(w, status, v)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = bytes.TrimSuffix(b, []byte("}"))
	b = append(bytes.TrimRight(b, "\n"), ",\n  \"result\": "...)
	b = append(b, bytes.TrimSpace(run.Result)...)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(append(b, "\n}\n"...))
	return err
}

// optionsOf decodes options over the defaults, strictly: an omitted
// field keeps its default, an explicit zero stays zero.
func optionsOf(raw json.RawMessage) (analysis.Options, error) {
	o := analysis.DefaultOptions()
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return o, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return o, badRequest("invalid-options", "options: %v", err)
	}
	return o, nil
}

// runScenario resolves a run request's scenario: a stored id, or an
// inline document, stored on the way.
func (s *Server) runScenario(r *http.Request, raw json.RawMessage) (*analysis.Scenario, string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
		return nil, "", badRequest("missing-scenario", `the request names no scenario: "scenario" must be a stored scenario's id or a scenario document`)
	case raw[0] == '"':
		var id string
		if err := json.Unmarshal(raw, &id); err != nil {
			return nil, "", badRequest("invalid-json", "scenario: %v", err)
		}
		sc, err := s.storedScenario(r, id)
		return sc, id, err
	case raw[0] == '{':
		sc, err := analysis.Parse("scenario.json", raw)
		if err != nil {
			return nil, "", err
		}
		rec := &store.Scenario{ID: sc.Hash, Name: sc.Doc.ID, Title: sc.Doc.Title, Canonical: sc.Canonical, Source: raw,
			Format: "json", CreatedBy: actor(r)}
		if _, created, err := s.st.PutScenario(r.Context(), rec); err != nil {
			return nil, "", err
		} else if created {
			s.audit(r, "scenario.create", sc.Hash, "inline in a run request")
		}
		return sc, sc.Hash, nil
	}
	return nil, "", badRequest("invalid-scenario-reference", `"scenario" must be a stored scenario's id (a string) or a scenario document (an object)`)
}

func (s *Server) getRun(w http.ResponseWriter, r *http.Request) error {
	run, err := s.st.GetRun(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeRun(w, http.StatusOK, run, false, r.URL.Query().Get("result") != "false")
}

// getResult answers the result document exactly as stored.
func (s *Server) getResult(w http.ResponseWriter, r *http.Request) error {
	run, err := s.st.GetRun(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if run.Status != store.Succeeded {
		return &httpError{p: problem(http.StatusConflict, "run-not-succeeded", "No result",
			fmt.Sprintf("run %s is %s: it has no result%s", run.ID, run.Status, suffix(run.Error)))}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("ETag", `"`+run.Hash+`"`)
	_, err = w.Write(run.Result)
	return err
}

func suffix(e string) string {
	if e == "" {
		return ""
	}
	return " (" + e + ")"
}

func (s *Server) listRuns(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, before, err := page(q.Get("limit"), q.Get("before"))
	if err != nil {
		return err
	}
	st := store.Status(q.Get("status"))
	switch st {
	case "", store.Queued, store.Running, store.Succeeded, store.Failed, store.Cancelled:
	default:
		return badRequest("invalid-parameter", "status %q: expected queued, running, succeeded, failed or cancelled", st)
	}
	runs, err := s.st.ListRuns(r.Context(), store.RunFilter{ScenarioID: q.Get("scenario"), Status: st, Limit: limit, Before: before})
	if err != nil {
		return err
	}
	out := RunList{Runs: []RunView{}}
	for _, run := range runs {
		out.Runs = append(out.Runs, runView(run))
	}
	if len(runs) == limit {
		out.Next = runs[len(runs)-1].CreatedAt.Format(time.RFC3339Nano)
	}
	return writeJSON(w, http.StatusOK, out)
}

// cancelRun cancels a run: 202 while a running run stops, 200 when it is
// cancelled or had already ended.
func (s *Server) cancelRun(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	run, err := s.st.Cancel(r.Context(), id, "cancelled on request")
	if err != nil {
		return err
	}
	s.audit(r, "run.cancel", id, "")
	status := http.StatusOK
	if run.Status == store.Running {
		status = http.StatusAccepted
		if s.cfg.Runner != nil {
			s.cfg.Runner.Cancel(id)
		}
	}
	return writeJSON(w, status, runView(run))
}
