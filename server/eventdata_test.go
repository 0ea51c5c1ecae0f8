package server

import (
	"context"
	"crypto/md5"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/tablero-project/tablero/events"
	"github.com/tablero-project/tablero/events/poll"
	"github.com/tablero-project/tablero/internal/testdb"
)

// TestEventSeriesEndpoint polls a loopback GDELT 2.0 feed into the store
// and reads the series and proposals back through the API, validated
// against the OpenAPI description.
func TestEventSeriesEndpoint(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b.DSN(t), Config{})
			data, err := os.ReadFile("../events/testdata/gdelt2.export.CSV.zip")
			if err != nil {
				t.Fatal(err)
			}
			feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/lastupdate.txt":
					fmt.Fprintf(w, "%d %x /20250311000000.export.CSV.zip\n", len(data), md5.Sum(data))
				case "/20250311000000.export.CSV.zip":
					w.Write(data)
				default:
					http.NotFound(w, r)
				}
			}))
			defer feed.Close()
			ed, err := NewEventIngester(e.st)
			if err != nil {
				t.Fatal(err)
			}
			m, err := events.ReadMapping("../events/testdata/mapping.yaml")
			if err != nil {
				t.Fatal(err)
			}
			p := &poll.Poller{URL: feed.URL + "/lastupdate.txt", Client: feed.Client(), Ingester: ed, Sinks: []poll.Sink{ed}, Mappings: []*events.Mapping{m}}
			if res, err := p.Poll(context.Background()); err != nil || res.Events != 6 || res.Proposals != 2 {
				t.Fatalf("poll %+v %v", res, err)
			}
			var view EventSeriesView
			e.json("GET", "/v1/events/series?source=USA&target=MEX&both=true&from=2025-03-09&to=2025-03-12", nil, "/v1/events/series", 200, &view)
			if view.From != "2025-03-09" || len(view.Series) != 2 || len(view.Series[1].Points) != 4 {
				t.Fatalf("series %+v", view)
			}
			usaMex := view.Series[1] // MEX>USA sorts first
			if usaMex.Source != "USA" || usaMex.Points[1].Events != 2 || usaMex.Points[1].MaterialConflict != 2 || usaMex.Points[1].Index != -1 || usaMex.Points[1].GoldsteinMentionsSum != -320 {
				t.Errorf("USA→MEX %+v", usaMex)
			}
			var week EventSeriesView
			e.json("GET", "/v1/events/series?source=USA,CAN&period=week&from=2025-03-09&to=2025-03-16", nil, "/v1/events/series", 200, &week)
			if week.Period != events.Weekly || len(week.Series) != 3 || week.Series[0].Points[0].Date != "2025-03-03" {
				t.Errorf("weekly %+v", week)
			}
			var props EventProposalList
			e.json("GET", "/v1/events/proposals?scenario=test-scenario", nil, "/v1/events/proposals", 200, &props)
			if len(props.Proposals) != 2 || len(props.Proposals[0].Events) == 0 {
				t.Errorf("proposals %+v", props)
			}
			for _, bad := range []string{"?source=XXX", "?from=2025-13-01", "?from=2025-03-10&to=2025-03-01", "?from=2000-01-01&to=2025-01-01", "?period=month", "?both=maybe"} {
				e.json("GET", "/v1/events/series"+bad, nil, "/v1/events/series", 400, nil)
			}
		})
	}
}
