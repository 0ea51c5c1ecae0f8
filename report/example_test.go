package report_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/report"
)

// The report of a small scenario without Monte Carlo draws: no
// distribution chart, the game tree from the scenario's model.
func ExampleWrite() {
	sc, err := analysis.Load("../analysis/testdata/deterrence.yaml")
	if err != nil {
		panic(err)
	}
	r, err := analysis.Run(context.Background(), sc, analysis.Options{Draws: 0}, analysis.Hooks{})
	if err != nil {
		panic(err)
	}
	var page bytes.Buffer
	if err := report.Write(&page, r, sc.Model); err != nil {
		panic(err)
	}
	figs, _ := report.Figures(r, sc.Model)
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	fmt.Println(strings.Join(names, " "))
	fmt.Println(strings.Count(page.String(), "<svg "), "inline charts, scripts:", strings.Count(page.String(), "<script"))
	// Output:
	// results scenarios tornado costs tree
	// 5 inline charts, scripts: 0
}
