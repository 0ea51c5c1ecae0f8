package score

import (
	"encoding/json"
	"fmt"
	"time"
)

// RunForecast returns the forecast an analysis run made of q from its
// result document (tablero's brief JSON: a "mapping" and "results", each
// with a "name" and a "probability"), at the time the run finished. A run
// with observations forecasts its evidence's posterior ("evidence" →
// "results", each with a "posterior"), not the prior its results keep.
// Results the question leaves out must have probability 0; the question's
// options must all be results, and a question about a mapping takes only
// runs of that mapping.
func RunForecast(q *Question, runID string, finished time.Time, result []byte) (*Forecast, error) {
	var doc struct {
		Mapping string `json:"mapping"`
		Results []struct {
			Name        string  `json:"name"`
			Probability float64 `json:"probability"`
		} `json:"results"`
		Evidence *struct {
			Results []struct {
				Name      string  `json:"name"`
				Posterior float64 `json:"posterior"`
			} `json:"results"`
		} `json:"evidence"`
	}
	if err := json.Unmarshal(result, &doc); err != nil {
		return nil, fmt.Errorf("run %s: result: %w", runID, err)
	}
	if doc.Evidence != nil && len(doc.Evidence.Results) > 0 {
		doc.Results = doc.Results[:0]
		for _, r := range doc.Evidence.Results {
			doc.Results = append(doc.Results, struct {
				Name        string  `json:"name"`
				Probability float64 `json:"probability"`
			}{r.Name, r.Posterior})
		}
	}
	if q.Mapping != "" && doc.Mapping != q.Mapping {
		return nil, fmt.Errorf("%w forecast: run %s used mapping %q; question %s is about mapping %q", ErrInvalid, runID, doc.Mapping, q.ID, q.Mapping)
	}
	f := &Forecast{QuestionID: q.ID, At: finished.UTC(), RunID: runID, Probabilities: map[string]float64{}}
	for _, p := range doc.Results {
		f.Probabilities[p.Name] = p.Probability
	}
	for name, p := range f.Probabilities {
		if p == 0 && !contains(q.Options, name) {
			delete(f.Probabilities, name) // a result the question leaves out, impossible anyway
		}
	}
	if _, err := q.Vector(f); err != nil {
		return nil, fmt.Errorf("run %s: %w", runID, err)
	}
	return f, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
