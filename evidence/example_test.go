package evidence_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tablero-project/tablero/evidence"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve/logit"
)

// Example updates a small game's forecast on a signpost: news that is four
// times likelier when actor A is of type H.
func Example() {
	s, err := scenario.Load("testdata/coin.yaml")
	if err != nil {
		log.Fatal(err)
	}
	m, err := scenario.Compile(s)
	if err != nil {
		log.Fatal(err)
	}
	in, err := m.Game(nil)
	if err != nil {
		log.Fatal(err)
	}
	res, err := logit.Logit(context.Background(), in.Game, logit.LogitOptions{Lambdas: []float64{in.Lambda}, MaxLambda: in.Lambda})
	if err != nil {
		log.Fatal(err)
	}
	reach := in.Game.Realization(res.Points[0].Profile)

	ev, err := evidence.New(m, []scenario.Observation{{Date: "2025-01-02", Source: "a report", Signpost: "s"}})
	if err != nil {
		log.Fatal(err)
	}
	u, err := ev.Update(0, reach, ev.Declared())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P(news) = %.2f; P(A is H): %.2f before, %.4f after\n", u.Evidence, in.Prior[0][0], u.Types[0][0])

	watch, err := ev.Watch(0, reach, ev.Declared())
	if err != nil {
		log.Fatal(err)
	}
	w := watch[0]
	fmt.Printf("watch for %s (P = %.2f): if it happens, %s goes from %.2f to %.4f\n", w.Signpost, w.Probability, w.Results[1].Name, w.Results[1].Now, w.Results[1].IfOccurs)
	// Output:
	// P(news) = 0.38; P(A is H): 0.30 before, 0.6316 after
	// watch for t (P = 0.26): if it happens, R2 goes from 0.20 to 0.6923
}
