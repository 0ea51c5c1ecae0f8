package server

import (
	"testing"

	"github.com/tablero-project/tablero/store"
)

// A run with observations forecasts its evidence's posterior, not the
// brief's prior results: otherwise no observation would ever move the
// timeline.
func TestForecastOfEvidence(t *testing.T) {
	prior := &store.Run{ID: "a", Result: []byte(`{"results": [{"name": "R1", "label": "one", "probability": 0.4}, {"name": "R2", "label": "two", "probability": 0.6}]}`)}
	post := &store.Run{ID: "b", Result: []byte(`{"results": [{"name": "R1", "label": "one", "probability": 0.4}, {"name": "R2", "label": "two", "probability": 0.6}],
		"evidence": {"results": [{"name": "R1", "label": "one", "prior": 0.4, "posterior": 0.1, "low": 0.08, "high": 0.12}, {"name": "R2", "label": "two", "prior": 0.6, "posterior": 0.9}]}}`)}
	p, err := forecastOf(prior)
	if err != nil {
		t.Fatal(err)
	}
	f, err := forecastOf(post)
	if err != nil {
		t.Fatal(err)
	}
	f.moved(p)
	if f.Results[0].Probability != 0.1 || *f.Results[0].Low != 0.08 || f.Results[1].Probability != 0.9 {
		t.Errorf("results %+v, want the posterior", f.Results)
	}
	if d := f.MaxMove - 0.3; d > 1e-12 || d < -1e-12 {
		t.Errorf("max move %v, want 0.3", f.MaxMove)
	}
}
