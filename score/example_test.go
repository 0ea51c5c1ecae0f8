package score_test

import (
	"fmt"
	"time"

	"github.com/tablero-project/tablero/score"
)

// A question about how a crisis ends, forecast twice and resolved.
func Example() {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }
	q := score.Question{ID: "ending", Statement: "How does the crisis end by 31 March?",
		Criterion: "Both governments' statements", Close: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC),
		Options: []string{"deal", "stalemate", "escalation"}}
	fs := []score.Forecast{
		{QuestionID: "ending", At: day(1), RunID: "run_prior", Probabilities: map[string]float64{"deal": 0.4, "stalemate": 0.4, "escalation": 0.2}},
		{QuestionID: "ending", At: day(3), RunID: "run_news", Probabilities: map[string]float64{"deal": 0.8, "stalemate": 0.1, "escalation": 0.1}},
	}
	q, _ = q.Resolve("deal", day(10), "agreement announced")
	rep, err := score.Evaluate([]score.Question{q}, fs, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := rep.Questions[0]
	fmt.Printf("final Brier %.2f, log %.3f\n", s.Brier, s.Log)
	fmt.Printf("time-averaged Brier over %d days %.2f\n", s.Days, s.TimeAveragedBrier)
	// Output:
	// final Brier 0.06, log 0.223
	// time-averaged Brier over 4 days 0.31
}
