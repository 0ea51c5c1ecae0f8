package estimate_test

import (
	"context"
	"fmt"
	"os"

	"github.com/tablero-project/tablero/estimate"
)

// Fit egame12 to 300 simulated crises: player 1 escalates (esc) or not,
// player 2 then fights (war) or not; player 1's utility of the status quo
// depends on x, its utility of war on the opponent's regime, player 2's
// utility of war on z.
func Example() {
	f, err := os.Open("testdata/crises.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	data, err := estimate.ReadCSV(f, "crises.csv")
	if err != nil {
		panic(err)
	}
	spec := estimate.Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | regime | z"}
	fit, err := estimate.Estimate(context.Background(), spec, data, estimate.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("n = %d, log-likelihood %.2f\n", fit.N, fit.LogLik)
	for j, name := range fit.Names {
		fmt.Printf("%-24s %6.2f (%.2f)\n", name, fit.Estimate[j], fit.SE[j])
	}
	pred, _ := fit.Predict(nil)
	fmt.Printf("first dyad: Pr(%s) = %.3f\n", fit.Outcomes[0], pred.Outcome[0][0])
	// Output:
	// n = 300, log-likelihood -218.60
	// u1(~esc):(Intercept)       0.85 (0.40)
	// u1(~esc):x                -0.97 (0.14)
	// u1(esc,war):(Intercept)    0.34 (0.69)
	// u1(esc,war):regimedem     -0.96 (0.50)
	// u1(esc,war):regimemixed   -0.20 (0.45)
	// u2(esc,war):(Intercept)    0.31 (0.19)
	// u2(esc,war):z             -0.71 (0.21)
	// first dyad: Pr(~esc) = 0.865
}
