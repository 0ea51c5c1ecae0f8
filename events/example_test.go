package events_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/tablero-project/tablero/events"
)

// ExampleScan reads an ICEWS file, keeps the US–Mexico events in both
// directions and prints their daily conflict–cooperation index.
func ExampleScan() {
	data := "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\n" +
		"1\t2025-03-01\tGovernment (United States)\tGovernment\tUnited States\tSign formal agreement\t057\t8\tGovernment (Mexico)\tGovernment\tMexico\n" +
		"2\t2025-03-02\tMilitary (United States)\tMilitary\tUnited States\tFight\t190\t-10\tCriminals (Mexico)\tCriminals / Gangs\tMexico\n" +
		"3\t2025-03-02\tbroken row\n"
	f := events.Filter{Source: []string{"USA"}, Target: []string{"MEX"}, Undirected: true}
	agg := events.NewAggregator(events.Daily, 0)
	rep, err := events.Scan(context.Background(), strings.NewReader(data), "sample.tab", events.Options{}, func(e *events.Event) error {
		if f.Match(e) {
			agg.Add(e)
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	for _, p := range agg.SeriesOf(events.Dyad{Source: "USA", Target: "MEX"}).Points {
		fmt.Println(p.Date, p.Events, p.Index)
	}
	fmt.Println(rep.Events, "events;", rep.Problems[0])
	// Output:
	// 2025-03-01 1 1
	// 2025-03-02 1 -1
	// 2 events; sample.tab:4: 3 columns, want 11 (ICEWS)
}
