package forecast_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/tablero-project/tablero/forecast"
)

// A one-issue table in the EUM layout: capability, position, salience.
const budget = `Actor,Capability,Position,Salience
North,40,10,80
South,30,90,60
East,20,40,90
West,25,60,50
Centre,10,50,30
`

func ExampleBaselines() {
	t, err := forecast.ReadEUMCSV(strings.NewReader(budget))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := forecast.Baselines(t)
	fmt.Printf("compromise %.2f, weighted median %g, Condorcet winner %g\n", b[0].Compromise, b[0].Median, b[0].Condorcet.Winner)
	// Output: compromise 42.63, weighted median 40, Condorcet winner 40
}

func ExampleRunEUM() {
	t, _ := forecast.ReadEUMCSV(strings.NewReader(budget))
	o, _ := forecast.EUMPreset("scholz-code")
	res, err := forecast.RunEUM(context.Background(), t, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	tr := res.Dims[0]
	for r, moves := range tr.Moves {
		for _, m := range moves {
			fmt.Printf("round %d: %s, %s with %s: %.4g → %.4g\n", r+1, t.Actors[tr.Actors[m.Receiver]].Name, m.Kind,
				t.Actors[tr.Actors[m.Proposer]].Name, m.From, m.To)
		}
	}
	fmt.Printf("cycle of period %d from round %d\n", tr.CyclePeriod, tr.CycleStart)
	// Output:
	// round 1: Centre, confrontation with West: 50 → 60
	// round 2: Centre, compromise with North: 60 → 28.15
	// round 3: Centre, confrontation with West: 28.15 → 60
	// cycle of period 2 from round 1
}

func ExampleRunSMP() {
	t, err := forecast.ReadFile("../scenarios/us-mexico-2025.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := forecast.RunSMP(context.Background(), t, forecast.SMPOptions{}) // KTAB's defaults
	if err != nil {
		fmt.Println(err)
		return
	}
	first := res.Log[0].Challenges[0]
	fmt.Printf("turn 1: %s challenges %s (win probability %.2f)\n", t.Actors[first.Initiator].Name, t.Actors[first.Target].Name, first.Prob)
	final := res.Positions[res.Turns]
	fmt.Printf("after %d turns the US executive is at %.1f and the Mexican executive at %.1f\n", res.Turns, final[0][0], final[1][0])
	// Output:
	// turn 1: US executive challenges The cartels (win probability 0.90)
	// after 14 turns the US executive is at 59.1 and the Mexican executive at 20.4
}

func ExampleRunSensitivity() {
	t, _ := forecast.ReadEUMCSV(strings.NewReader(budget))
	sh := forecast.Shocks{Draws: 200, Seed: 7, Salience: 0.1, Drop: 0.1}
	s, err := forecast.RunSensitivity(context.Background(), t, forecast.Options{Model: forecast.ModelCompromise}, sh)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := s.Dims[0].Point
	fmt.Printf("compromise %.1f; 90%% interval [%.1f, %.1f]\n", s.Base.Forecasts[0].Point, p.P5, p.P95)
	// Output: compromise 42.6; 90% interval [38.1, 62.1]
}

func ExampleWriteMarkdown() {
	t, _ := forecast.ReadEUMCSV(strings.NewReader(budget))
	res, _ := forecast.Run(context.Background(), t, forecast.Options{Model: forecast.ModelMedian})
	_ = forecast.WriteMarkdown(os.Stdout, res, nil)
	// Output:
	// # Forecast: stakeholder table
	//
	// Model: **median**; 5 actors × 1 dimension.
	//
	// ## Forecast
	//
	// | dimension | forecast | c·s-weighted mean | weighted median | most probable position (probability) | range over cycle |
	// |---|---|---|---|---|---|
	// | Position | **40** | 42.63 | 40 | 40 (0.436) | — |
	//
	// ## Baselines (input positions)
	//
	// | dimension | actors | compromise (c·s mean) | weighted median | Condorcet winner |
	// |---|---|---|---|---|
	// | Position | 5 | 42.63 | 40 | 40 |
}

// A forecast from a table in memory, as a server receives it, and the
// JSON document it reports.
func ExampleNewReport() {
	t, spec, err := forecast.Parse("", []byte(budget))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, sens, err := forecast.RunRequest(context.Background(), t, spec, forecast.Request{Model: forecast.ModelMedian})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := json.Marshal(forecast.NewReport(res, sens).Forecasts)
	fmt.Printf("%s\n", b)
	// Output:
	// [{"dimension":"Position","point":40,"mean":42.634730538922156,"median":40,"most_probable":40,"probability":0.4363509492409018,"low":40,"high":40}]
}
