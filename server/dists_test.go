package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/tablero-project/tablero/internal/testdb"
)

// TestRunDistsMultiplier checks that a run's dists replace the
// distribution of a multiplier of literal numbers as --dist does — listed
// in the result's replacements, in its own hash — and that a distribution
// that could flip a sign, or a range and a distribution on one name, is
// refused.
func TestRunDistsMultiplier(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{})
	sc := e.postScenario("../analysis/testdata/deterrence.yaml")
	tri := map[string]any{"kind": "triangular", "low": 0.8, "mode": 1, "high": 1.3}
	hashes := map[string]bool{}
	for _, dists := range []map[string]any{nil, {"scores:war": tri}} {
		req := map[string]any{"scenario": sc.ID, "options": map[string]any{"draws": 8, "dists": dists}}
		run, result := e.succeeded(req)
		var doc struct {
			Uncertainty struct {
				Replaced []struct{ Name, Dist string } `json:"replaced"`
			} `json:"uncertainty"`
		}
		if err := json.Unmarshal(result, &doc); err != nil {
			t.Fatal(err)
		}
		if got := doc.Uncertainty.Replaced; len(got) != len(dists) || len(dists) > 0 && (got[0].Name != "scores:war" || got[0].Dist != "triangular(0.8, 1, 1.3)") {
			t.Errorf("dists %v: the result lists %+v", dists, got)
		}
		hashes[run.Hash] = true
	}
	if len(hashes) != 2 {
		t.Error("the multiplier's distribution does not change the run's hash")
	}
	for _, tc := range []struct {
		name    string
		options map[string]any
		want    string
	}{
		{"negative", map[string]any{"dists": map[string]any{"scores:war": map[string]any{"kind": "normal", "mean": 1, "sd": 0.3}}}, "draws negative multipliers"},
		{"both", map[string]any{"dists": map[string]any{"scores:war": tri}, "ranges": map[string]any{"scores:war": []float64{0.5, 1}}}, "both a range and a distribution"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := json.Marshal(map[string]any{"scenario": sc.ID, "options": tc.options})
			resp, body := e.do("POST", "/v1/runs", "application/json", b, "/v1/runs")
			checkProblem(t, resp, body, http.StatusBadRequest, "invalid-options", tc.want)
		})
	}
}
