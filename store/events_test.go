package store

import (
	"context"
	"testing"
)

func TestEventStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, dsn string) {
		ctx := context.Background()
		es, ok := s.(EventStore)
		if !ok {
			t.Fatalf("%s store is not an EventStore", s.Kind())
		}
		cell := func(src, tgt string, day int32, n int64, g float64) EventCell {
			return EventCell{Source: src, Target: tgt, Day: day, Events: n, MaterialConflict: n, Goldstein: g, Mentions: 2 * n, MGoldstein: 2 * g, Tone: -1, Toned: n, MTone: -2, MToned: 2 * n}
		}
		f := &EventFile{URL: "http://x/1.export.CSV.zip", MD5: "abc", Bytes: 10, Events: 3, Report: []byte(`[]`)}
		added, err := es.IngestEvents(ctx, f, []EventCell{cell("USA", "MEX", 20000, 2, -20), cell("MEX", "USA", 20000, 1, -2)})
		if err != nil || !added {
			t.Fatalf("ingest: %v %v", added, err)
		}
		if again, err := es.IngestEvents(ctx, f, []EventCell{cell("USA", "MEX", 20000, 100, 0)}); err != nil || again {
			t.Fatalf("second ingest of one URL: %v %v", again, err)
		}
		if seen, err := es.EventFileSeen(ctx, f.URL); err != nil || !seen {
			t.Errorf("seen %v %v", seen, err)
		}
		if seen, _ := es.EventFileSeen(ctx, "http://x/2"); seen {
			t.Error("unknown file seen")
		}
		// A second file adds to the same day.
		if _, err := es.IngestEvents(ctx, &EventFile{URL: "http://x/2", Report: []byte(`[]`)}, []EventCell{cell("USA", "MEX", 20000, 1, -10), cell("USA", "MEX", 20001, 1, -10), cell("CAN", "USA", 20000, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		cells, err := es.EventCells(ctx, EventQuery{Sources: []string{"USA"}, Targets: []string{"MEX"}, From: 19000, To: 21000})
		if err != nil || len(cells) != 2 || cells[0].Events != 3 || cells[0].Goldstein != -30 || cells[0].MGoldstein != -60 || cells[0].MToned != 6 || cells[1].Day != 20001 {
			t.Fatalf("cells %+v %v", cells, err)
		}
		both, _ := es.EventCells(ctx, EventQuery{Sources: []string{"USA"}, Targets: []string{"MEX"}, Both: true, From: 19000, To: 21000})
		if len(both) != 3 || both[0].Source != "MEX" {
			t.Errorf("both directions: %+v", both)
		}
		all, _ := es.EventCells(ctx, EventQuery{From: 20000, To: 20000})
		if len(all) != 3 {
			t.Errorf("all dyads on day 20000: %+v", all)
		}
		files, err := es.EventFiles(ctx, 0)
		if err != nil || len(files) != 2 || string(files[0].Report) != "[]" {
			t.Errorf("files %+v %v", files, err)
		}
		ps := []EventProposal{{Scenario: "s", ID: "a", Signpost: "x", Date: "2025-03-01", Document: []byte(`{}`)}, {Scenario: "s", ID: "b", Signpost: "y", Date: "2025-03-02", Document: []byte(`{}`)}}
		if got, err := es.PutEventProposals(ctx, ps); err != nil || len(got) != 2 {
			t.Fatalf("put %v %v", got, err)
		}
		if got, err := es.PutEventProposals(ctx, append(ps, EventProposal{Scenario: "t", ID: "a", Document: []byte(`{}`)})); err != nil || len(got) != 1 || got[0].Scenario != "t" {
			t.Errorf("second put %+v %v", got, err)
		}
		if list, err := es.ListEventProposals(ctx, "s", 0); err != nil || len(list) != 2 {
			t.Errorf("list %+v %v", list, err)
		}
		if list, _ := es.ListEventProposals(ctx, "", 0); len(list) != 3 {
			t.Errorf("list all %+v", list)
		}
	})
}
