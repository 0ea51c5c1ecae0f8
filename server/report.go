package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/report"
	"github.com/tablero-project/tablero/store"
)

// getReport serves a run's self-contained HTML report: the same file as
// tablero analyze --format html, the game tree drawn from the stored
// scenario.
func (s *Server) getReport(w http.ResponseWriter, r *http.Request) error {
	run, res, err := s.result(r)
	if err != nil {
		return err
	}
	sc, err := s.st.GetScenario(r.Context(), run.ScenarioID)
	if err != nil {
		return err
	}
	model, err := analysis.Parse("scenario "+sc.ID, sc.Canonical)
	if err != nil {
		return fmt.Errorf("run %s: stored scenario %s: %w", run.ID, sc.ID, err)
	}
	var page bytes.Buffer
	if err := report.Write(&page, res, model.Model); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("ETag", `"`+run.Hash+`-report"`)
	// The page needs nothing from anywhere; forbid it to ask.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	_, err = w.Write(page.Bytes())
	return err
}

// getSummary serves a run's executive summary.
func (s *Server) getSummary(w http.ResponseWriter, r *http.Request) error {
	_, res, err := s.result(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, brief.Summarize(res.Brief))
}

// result reads a run and decodes its result document; a run without one
// is a conflict.
func (s *Server) result(r *http.Request) (*store.Run, *analysis.Result, error) {
	run, err := s.st.GetRun(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	if run.Status != store.Succeeded {
		return nil, nil, &httpError{p: problem(http.StatusConflict, "run-not-succeeded", "No result",
			fmt.Sprintf("run %s is %s: it has no result%s", run.ID, run.Status, suffix(run.Error)))}
	}
	var res analysis.Result
	if err := json.Unmarshal(run.Result, &res); err != nil || res.Brief == nil {
		return nil, nil, fmt.Errorf("run %s: stored result is not an analysis document: %v", run.ID, err)
	}
	return run, &res, nil
}
