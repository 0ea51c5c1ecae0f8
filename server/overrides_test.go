package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/tablero-project/tablero/internal/testdb"
)

// TestRunOverridesMultiplier checks that a run's overrides pin a
// multiplier of literal numbers (scores:stake) as they pin a parameter —
// listed among the result's overrides, in its own hash — and that an
// unknown multiplier is refused with the valid names.
func TestRunOverridesMultiplier(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{})
	sc := e.postScenario("../analysis/testdata/deterrence.yaml")
	hashes := map[string]bool{}
	for _, overrides := range []map[string]float64{nil, {"scores:stake": 1.1}} {
		req := map[string]any{"scenario": sc.ID, "options": map[string]any{"draws": 8, "overrides": overrides}}
		run, result := e.succeeded(req)
		var doc struct {
			Overrides []struct {
				Name  string  `json:"name"`
				Value float64 `json:"value"`
			} `json:"overrides"`
		}
		if err := json.Unmarshal(result, &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Overrides) != len(overrides) || len(overrides) > 0 && (doc.Overrides[0].Name != "scores:stake" || doc.Overrides[0].Value != 1.1) {
			t.Errorf("overrides %v: the result lists %+v", overrides, doc.Overrides)
		}
		hashes[run.Hash] = true
	}
	if len(hashes) != 2 {
		t.Error("the multiplier override does not change the run's hash")
	}
	b, _ := json.Marshal(map[string]any{"scenario": sc.ID, "options": map[string]any{"overrides": map[string]float64{"scores:nothing": 1}}})
	resp, body := e.do("POST", "/v1/runs", "application/json", b, "/v1/runs")
	checkProblem(t, resp, body, http.StatusBadRequest, "invalid-options", "scores:stake, scores:war")
}
