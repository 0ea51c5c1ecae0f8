package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/testdb"
	"github.com/tablero-project/tablero/webhook"
)

// flakyReceiver verifies signatures and answers 503 until ok is set.
type flakyReceiver struct {
	t        *testing.T
	mu       sync.Mutex
	secret   string
	ok       bool
	attempts map[string]int
	accepted map[string]int
}

func (f *flakyReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := webhook.Verify(f.secret, r.Header, body, time.Now()); err != nil {
		f.t.Errorf("receiver: %v", err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	id := r.Header.Get(webhook.HeaderID)
	f.attempts[id]++
	if !f.ok {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	f.accepted[id]++
	w.WriteHeader(http.StatusNoContent)
}

func (f *flakyReceiver) snapshot() (attempts, accepted map[string]int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, b := map[string]int{}, map[string]int{}
	for k, v := range f.attempts {
		a[k] = v
	}
	for k, v := range f.accepted {
		b[k] = v
	}
	return a, b
}

// A server killed with SIGKILL while it retries a webhook delivery
// delivers it after a restart on the same data, exactly once.
func TestServeWebhookCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills server processes")
	}
	for _, b := range testdb.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.DSN(t)
			args := []string{"--data", filepath.Dir(strings.TrimPrefix(dsn, "sqlite:"))}
			if b.Name == "postgres" {
				args = []string{"--db", dsn}
			}
			args = append(args, "--webhook-allow", "127.0.0.0/8", "--webhook-backoff", "100ms")
			rcv := &flakyReceiver{t: t, attempts: map[string]int{}, accepted: map[string]int{}}
			hs := httptest.NewServer(rcv)
			defer hs.Close()

			s := startServer(t, args...)
			src, _ := os.ReadFile("../../scenarios/us-mexico-2025.yaml")
			var sc struct{ ID string }
			if code := s.post("/v1/scenarios", "application/yaml", src, &sc); code != 201 {
				t.Fatalf("POST scenario: %d", code)
			}
			var hook struct{ ID, Secret string }
			if code := s.post("/v1/scenarios/"+sc.ID+"/webhooks", "application/json", []byte(`{"url": "`+hs.URL+`", "threshold": 1}`), &hook); code != 201 {
				t.Fatalf("POST webhook: %d", code)
			}
			rcv.mu.Lock()
			rcv.secret = hook.Secret
			rcv.mu.Unlock()
			obs := `{"id": "agreement", "date": "2025-12-06", "source": "joint statement", "signpost": "intel_agreement"}`
			if code := s.post("/v1/scenarios/"+sc.ID+"/observations?draws=0", "application/json", []byte(obs), nil); code != 201 {
				t.Fatalf("POST observation: %d\n%s", code, s.logs)
			}
			var retried string // the observation.added event, failed twice
			waitUntil(t, "two failed attempts", func() bool {
				a, _ := rcv.snapshot()
				for id, n := range a {
					if n >= 2 {
						retried = id
						return true
					}
				}
				return false
			})
			if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			<-s.exit
			rcv.mu.Lock()
			rcv.ok = true
			rcv.mu.Unlock()

			s = startServer(t, args...)
			waitUntil(t, "delivery after the restart", func() bool {
				_, acc := rcv.snapshot()
				return acc[retried] > 0
			})
			time.Sleep(500 * time.Millisecond) // a second delivery would come now
			attempts, accepted := rcv.snapshot()
			if accepted[retried] != 1 || attempts[retried] < 3 {
				t.Errorf("event %s: accepted %d times after %d attempts; want once, after at least 3", retried, accepted[retried], attempts[retried])
			}
			for id, n := range accepted { // other events (the interrupted run's forecast.failed): once each
				if n != 1 {
					t.Errorf("event %s accepted %d times", id, n)
				}
			}
			if log := string(s.get("/v1/webhooks/" + hook.ID + "/deliveries")); !strings.Contains(log, `"status": "delivered"`) {
				t.Errorf("delivery log: %s", log)
			}
		})
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: timed out", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
