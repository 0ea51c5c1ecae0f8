package score

import (
	"testing"
	"time"
)

// A run with observations forecasts the posterior of its evidence.
func TestRunForecastEvidence(t *testing.T) {
	q := &Question{ID: "q", Options: []string{"R1", "R2"}}
	doc := []byte(`{"mapping": "m", "results": [{"name": "R1", "probability": 0.4}, {"name": "R2", "probability": 0.6}],
		"evidence": {"results": [{"name": "R1", "prior": 0.4, "posterior": 0.1}, {"name": "R2", "prior": 0.6, "posterior": 0.9}]}}`)
	f, err := RunForecast(q, "run_1", time.Unix(0, 0), doc)
	if err != nil {
		t.Fatal(err)
	}
	if f.Probabilities["R1"] != 0.1 || f.Probabilities["R2"] != 0.9 {
		t.Errorf("forecast %v, want the posterior", f.Probabilities)
	}
}
