package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/store"
)

// ScenarioView is a stored scenario version as the API shows it.
type ScenarioView struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Title     string    `json:"title"`
	Labels    []string  `json:"labels"`
	Format    string    `json:"format"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	// Created is true when this request stored a new version.
	Created bool `json:"created,omitempty"`
	// Check is the result of checking the scenario (errors are answered
	// as a 422 problem, so a stored scenario always passed).
	Check *Check `json:"check,omitempty"`
	// Document is the canonical scenario (GET of one scenario).
	Document json.RawMessage `json:"document,omitempty"`
}

// Check is what checking a scenario found.
type Check struct {
	OK     bool           `json:"ok"`
	Errors []ProblemError `json:"errors"`
}

// ScenarioList is a page of scenarios, newest first.
type ScenarioList struct {
	Scenarios []ScenarioView `json:"scenarios"`
	// Next is the cursor of the next page (the "before" parameter), empty
	// on the last page.
	Next string `json:"next,omitempty"`
}

func scenarioView(s *store.Scenario) ScenarioView {
	labels := s.Labels
	if labels == nil {
		labels = []string{}
	}
	return ScenarioView{ID: s.ID, Name: s.Name, Title: s.Title, Labels: labels, Format: s.Format,
		CreatedAt: s.CreatedAt, CreatedBy: s.CreatedBy}
}

// readScenario parses a scenario body; the format comes from the
// Content-Type (JSON) or is YAML.
func readScenario(r *http.Request, body []byte) (*analysis.Scenario, string, error) {
	format := "yaml"
	if ct := r.Header.Get("Content-Type"); strings.Contains(ct, "json") {
		format = "json"
	}
	name := r.URL.Query().Get("filename")
	if name == "" {
		name = "scenario." + format
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, format, badRequest("empty-body", "the request has no scenario: send a scenario file (YAML or JSON) as the body")
	}
	sc, err := analysis.Parse(name, body)
	return sc, format, err
}

// postScenario stores a scenario version: 201 when new, 200 when the same
// canonical document was stored before.
func (s *Server) postScenario(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	sc, format, err := readScenario(r, body)
	if err != nil {
		return err
	}
	labels, err := labelsOf(r.URL.Query()["label"])
	if err != nil {
		return err
	}
	rec := &store.Scenario{ID: sc.Hash, Name: sc.Doc.ID, Title: sc.Doc.Title, Labels: labels,
		Canonical: sc.Canonical, Source: body, Format: format, CreatedBy: actor(r)}
	stored, created, err := s.st.PutScenario(r.Context(), rec)
	if err != nil {
		return err
	}
	action := "scenario.submit" // the same document again
	if created {
		action = "scenario.create"
	}
	s.audit(r, action, stored.ID, "name "+stored.Name)
	v := scenarioView(stored)
	v.Created, v.Check = created, &Check{OK: true, Errors: []ProblemError{}}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", "/v1/scenarios/"+stored.ID)
	}
	return writeJSON(w, status, v)
}

// labelsOf checks labels: short, printable, no commas.
func labelsOf(in []string) ([]string, error) {
	var out []string
	for _, l := range in {
		for _, one := range strings.Split(l, ",") {
			one = strings.TrimSpace(one)
			if one == "" {
				continue
			}
			if len(one) > 64 || strings.ContainsFunc(one, func(c rune) bool { return c < ' ' }) {
				return nil, badRequest("invalid-label", "label %q: at most 64 printable characters", one)
			}
			out = append(out, one)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func (s *Server) getScenario(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.st.GetScenario(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	switch f := r.URL.Query().Get("format"); f {
	case "", "view":
		v := scenarioView(sc)
		v.Document = sc.Canonical
		return writeJSON(w, http.StatusOK, v)
	case "json":
		w.Header().Set("Content-Type", "application/json")
		_, err := w.Write(sc.Canonical)
		return err
	case "yaml":
		body := sc.Source
		if sc.Format != "yaml" {
			parsed, err := analysis.Parse(sc.ID, sc.Canonical)
			if err != nil {
				return err
			}
			if body, err = analysis.YAML(parsed.Doc); err != nil {
				return err
			}
		}
		w.Header().Set("Content-Type", "application/yaml")
		_, err := w.Write(body)
		return err
	default:
		return badRequest("invalid-format", "format %q: expected view, json or yaml", f)
	}
}

func (s *Server) listScenarios(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, before, err := page(q.Get("limit"), q.Get("before"))
	if err != nil {
		return err
	}
	list, err := s.st.ListScenarios(r.Context(), store.ScenarioFilter{Name: q.Get("name"), Label: q.Get("label"), Limit: limit, Before: before})
	if err != nil {
		return err
	}
	out := ScenarioList{Scenarios: []ScenarioView{}}
	for _, sc := range list {
		out.Scenarios = append(out.Scenarios, scenarioView(sc))
	}
	if len(list) == limit {
		out.Next = list[len(list)-1].CreatedAt.Format(time.RFC3339Nano)
	}
	return writeJSON(w, http.StatusOK, out)
}

// page parses the paging parameters: limit (1–1000, default 100) and the
// before cursor (an RFC 3339 time).
func page(limit, before string) (int, time.Time, error) {
	n := 100
	if limit != "" {
		var err error
		if n, err = strconv.Atoi(limit); err != nil || n < 1 || n > 1000 {
			return 0, time.Time{}, badRequest("invalid-parameter", "limit %q: expected a whole number from 1 to 1000", limit)
		}
	}
	var t time.Time
	if before != "" {
		var err error
		if t, err = time.Parse(time.RFC3339Nano, before); err != nil {
			return 0, time.Time{}, badRequest("invalid-parameter", "before %q: expected an RFC 3339 time", before)
		}
	}
	return n, t, nil
}

// audit records a write; a failure to record is logged, not answered.
func (s *Server) audit(r *http.Request, action, object, detail string) {
	s.auditAs(r.Context(), actor(r), r.RemoteAddr, action, object, detail)
}

// auditAs records a write by who from remote (a request's address, or the
// background worker that made it).
func (s *Server) auditAs(ctx context.Context, who, remote, action, object, detail string) {
	e := &store.AuditEntry{Actor: who, Action: action, Object: object, Detail: detail, Remote: remote}
	if err := s.st.Audit(ctx, e); err != nil {
		s.log.Error("audit", "action", action, "object", object, "err", err)
	}
}

// AuditEntry is one write recorded in the audit trail.
type AuditEntry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Object string    `json:"object"`
	Detail string    `json:"detail,omitempty"`
	Remote string    `json:"remote,omitempty"`
}

// AuditList is the newest entries of the audit trail, newest first.
type AuditList struct {
	Entries []AuditEntry `json:"entries"`
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	limit, _, err := page(r.URL.Query().Get("limit"), "")
	if err != nil {
		return err
	}
	es, err := s.st.ListAudit(r.Context(), limit)
	if err != nil {
		return err
	}
	out := AuditList{Entries: []AuditEntry{}}
	for _, e := range es {
		out.Entries = append(out.Entries, AuditEntry{ID: e.ID, At: e.At, Actor: e.Actor, Action: e.Action, Object: e.Object, Detail: e.Detail, Remote: e.Remote})
	}
	return writeJSON(w, http.StatusOK, out)
}
