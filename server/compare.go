package server

import (
	"fmt"
	"net/http"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/store"
)

func (s *Server) compareRuns(w http.ResponseWriter, r *http.Request) error {
	var runs [2]analysis.Record
	for i, id := range []string{r.PathValue("a"), r.PathValue("b")} {
		run, err := s.succeeded(r, id)
		if err != nil {
			return err
		}
		sc, err := s.st.GetScenario(r.Context(), run.ScenarioID)
		if err != nil {
			return err
		}
		runs[i] = analysis.Record{ID: run.ID, Scenario: sc.Canonical, Options: run.Options, Result: run.Result}
	}
	c, err := analysis.Compare(runs[0], runs[1])
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// succeeded reads a run that must have a result.
func (s *Server) succeeded(r *http.Request, id string) (*store.Run, error) {
	run, err := s.st.GetRun(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if run.Status != store.Succeeded {
		return nil, &httpError{p: problem(http.StatusConflict, "run-not-succeeded", "No result to compare",
			fmt.Sprintf("run %s is %s", id, run.Status))}
	}
	return run, nil
}
