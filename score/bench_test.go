package score

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchSet makes n resolved three-option questions with forecasts each
// updated every day over a 30-day open period.
func benchSet(n, perQuestion int) ([]Question, []Forecast) {
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	opts := []string{"deal", "stalemate", "escalation"}
	var qs []Question
	var fs []Forecast
	for i := range n {
		id := fmt.Sprintf("q%d", i)
		qs = append(qs, Question{ID: id, ScenarioID: fmt.Sprintf("s%d", i%10), Statement: "?", Close: start.AddDate(0, 0, 30),
			Options: opts, Resolution: &Resolution{Outcome: opts[i%3], At: start.AddDate(0, 0, 31)}})
		for k := range perQuestion {
			a, b := rng.Float64(), rng.Float64()
			a, b = min(a, b), max(a, b)
			fs = append(fs, Forecast{QuestionID: id, At: start.Add(time.Duration(k) * 24 * time.Hour),
				Probabilities: map[string]float64{"deal": a, "stalemate": b - a, "escalation": 1 - b}})
		}
	}
	return qs, fs
}

// BenchmarkEvaluate scores 100 questions of 30 forecasts each.
func BenchmarkEvaluate(b *testing.B) {
	qs, fs := benchSet(100, 30)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Evaluate(qs, fs, 10); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTimeAveraged is the daily average of one question's 30
// forecasts.
func BenchmarkTimeAveraged(b *testing.B) {
	qs, fs := benchSet(1, 30)
	st, err := qs[0].Standings(fs)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		st.TimeAveraged(0)
	}
}
