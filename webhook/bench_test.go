package webhook

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/tablero-project/tablero/store"
)

// BenchmarkDeliver measures delivery throughput: per op, a batch of 64
// events queued in a SQLite outbox (untimed), then claimed, signed,
// posted concurrently to a loopback receiver answering 204, and recorded
// as delivered.
func BenchmarkDeliver(b *testing.B) {
	const batch = 64
	st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	subscribe(b, st, srv.URL, NewSecret(), 0)
	hooks, _ := st.ListWebhooks(context.Background(), "")
	d := &Dispatcher{Outbox: st, Client: loopbackPolicy(b).Client(5 * time.Second), Batch: batch}
	ctx := context.Background()
	n := 0
	for b.Loop() {
		b.StopTimer()
		for range batch {
			queue(b, st, hooks[0].ScenarioID, fmt.Sprintf("evt_%d", n))
			n++
		}
		b.StartTimer()
		if k, err := d.Once(ctx); err != nil || k != batch {
			b.Fatalf("delivered %d, %v", k, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/delivery")
}

// queue queues an event for the scenario's webhooks.
func queue(b *testing.B, st store.Store, scenarioID, id string) {
	o := &store.Observation{ScenarioID: scenarioID, ID: id, Body: []byte(`{}`)}
	ev := &store.Event{ID: id, Type: "observation.added", Body: []byte(`{"type":"observation.added","data":{}}`)}
	if _, _, err := st.AddObservation(context.Background(), o, &store.Run{ID: store.NewRunID(), ScenarioID: scenarioID, Hash: id}, ev, 0); err != nil {
		b.Fatal(err)
	}
}
