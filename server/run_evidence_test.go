package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/testdb"
	"github.com/tablero-project/tablero/store"
)

// TestRunWithObservations: a run's options may carry observations; a run
// with evidence has its own hash and its result the evidence section, and
// a bad observation is refused with a problem naming it, nothing stored.
func TestRunWithObservations(t *testing.T) {
	b := testdb.Backends()[0]
	e := newEnv(t, b.DSN(t), Config{})
	sc := e.postScenario(flagship)
	bad := map[string]any{"scenario": sc.ID, "options": map[string]any{"draws": 0,
		"observations": []map[string]any{{"date": "2025-12-06", "source": "test", "signpost": "coup_rumour"}}}}
	body := e.json("POST", "/v1/runs", bad, "/v1/runs", http.StatusBadRequest, nil)
	if !strings.Contains(string(body), `observation 2025-12-06-signpost-coup_rumour: unknown signpost \"coup_rumour\"`) {
		t.Errorf("problem %s", body)
	}
	if runs, err := e.st.ListRuns(context.Background(), store.RunFilter{}); err != nil || len(runs) != 0 {
		t.Fatalf("a refused run was stored: %d runs, %v", len(runs), err)
	}
	good := map[string]any{"scenario": sc.ID, "options": map[string]any{"draws": 0,
		"observations": []map[string]any{{"date": "2025-12-06", "source": "test", "signpost": "intel_agreement"}}}}
	_, result := e.succeeded(good)
	if !strings.Contains(string(result), `"evidence"`) || !strings.Contains(string(result), `"value_of_information"`) {
		t.Error("the result lacks the evidence section")
	}
}
