package chart_test

import (
	"fmt"
	"strings"

	"github.com/tablero-project/tablero/chart"
)

// A bar chart of two probabilities, one with its interval.
func ExampleBars() {
	lo, hi := 0.55, 0.65
	c := &chart.Bars{
		Meta: chart.Meta{ID: "results", Title: "Probability of each result"},
		Unit: chart.Unit{Label: "Probability (%)", Percent: true},
		Max:  1,
		Rows: []chart.BarRow{
			{Label: "Deal", Values: []chart.Value{{V: 0.6, Low: &lo, High: &hi}}},
			{Label: "War", Values: []chart.Value{{V: 0.4}}},
		},
		Interval: "95% interval",
	}
	svg := string(chart.SVG(c))
	fmt.Println(strings.Count(svg, `class="bar"`), "bars,", strings.Count(svg, `class="whisker"`), "whisker")
	fmt.Println(svg[strings.Index(svg, "<desc") : strings.Index(svg, "</desc>")+7])
	fmt.Println(c.Data().Rows)
	// Output:
	// 2 bars, 1 whisker
	// <desc id="results-desc">Deal: 60% (95% interval 55%–65%); War: 40%.</desc>
	// [[Deal 60% 55%–65%] [War 40% ]]
}
