package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/internal/testdb"
)

// The load test: 200 concurrent loopback clients mix reads, cached run
// requests and small solves. Every answer must be a success or an
// intended 429. Bounded: 200 × 15 requests, at most a minute.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	for _, b := range testdb.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b.DSN(t), Config{})
			sc := e.postScenario(flagship)
			var run RunView
			req := fmt.Sprintf(`{"scenario": %q, "options": {"draws": 100}}`, sc.ID)
			e.json("POST", "/v1/runs", json.RawMessage(req), "/v1/runs", http.StatusAccepted, &run)
			e.waitDone(run.ID)
			lat, codes := load(t, e.url, 200, 15, []loadRequest{
				{"GET", "/v1/scenarios?limit=20", "", ""},
				{"GET", "/v1/runs/" + run.ID + "?result=false", "", ""},
				{"GET", "/v1/runs/" + run.ID + "/result", "", ""},
				{"POST", "/v1/runs", "application/json", req},
				{"POST", "/v1/solve?method=enummixed", "text/plain", matchingPennies},
				{"GET", "/healthz", "", ""},
			})
			for code, n := range codes {
				if code != http.StatusOK && code != http.StatusTooManyRequests {
					t.Errorf("%d answers with status %d", n, code)
				}
			}
			t.Logf("%s: %d requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms, statuses %v", b.Name, len(lat),
				ms(quantile(lat, 0.5)), ms(quantile(lat, 0.99)), ms(lat[len(lat)-1]), codes)
			if p := os.Getenv("TABLERO_LOAD_REPORT"); p != "" {
				f, _ := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
				fmt.Fprintf(f, "%s\t%d\t%.2f\t%.2f\t%.2f\t%v\n", b.Name, len(lat), ms(quantile(lat, 0.5)), ms(quantile(lat, 0.99)), ms(lat[len(lat)-1]), codes)
				f.Close()
			}
		})
	}
}

type loadRequest struct{ method, path, ctype, body string }

// load runs clients × each requests, cycling through reqs, and returns the
// sorted latencies and the count of each status.
func load(t *testing.T, base string, clients, each int, reqs []loadRequest) ([]time.Duration, map[int]int) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	var mu sync.Mutex
	var lat []time.Duration
	codes := map[int]int{}
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < each && ctx.Err() == nil; i++ {
				q := reqs[(c+i)%len(reqs)]
				r, _ := http.NewRequestWithContext(ctx, q.method, base+q.path, bytes.NewBufferString(q.body))
				if q.ctype != "" {
					r.Header.Set("Content-Type", q.ctype)
				}
				start := time.Now()
				resp, err := client.Do(r)
				if err != nil {
					t.Errorf("%s %s: %v", q.method, q.path, err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				codes[resp.StatusCode]++
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatalf("the load test did not finish within its minute")
	}
	slices.Sort(lat)
	return lat, codes
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[int(q*float64(len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkCachedRun measures a cached run request over loopback HTTP
// (decode, canonicalise the options, hash, look up, answer) and the read
// of its stored result document, beside BenchmarkInProcessRun, the
// computation the cache saves.
func BenchmarkCachedRun(b *testing.B) {
	for _, bk := range testdb.Backends() {
		b.Run(bk.Name, func(b *testing.B) {
			e := newEnv(b, bk.DSN(b), Config{})
			sc := e.postScenario(flagship)
			req := fmt.Sprintf(`{"scenario": %q, "options": {"draws": 100}}`, sc.ID)
			var run RunView
			e.json("POST", "/v1/runs", json.RawMessage(req), "", http.StatusAccepted, &run)
			e.waitDone(run.ID)
			b.Run("submit", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if resp, _ := e.do("POST", "/v1/runs", "application/json", []byte(req), ""); resp.StatusCode != 200 {
						b.Fatal(resp.Status)
					}
				}
			})
			b.Run("result", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if resp, _ := e.do("GET", "/v1/runs/"+run.ID+"/result", "", nil, ""); resp.StatusCode != 200 {
						b.Fatal(resp.Status)
					}
				}
			})
		})
	}
}

// BenchmarkInProcessRun is the computation a cached request saves.
func BenchmarkInProcessRun(b *testing.B) {
	sc, err := analysis.Load(flagship)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := analysis.Run(context.Background(), sc, analysis.Options{Draws: 100, Seed: 1}, analysis.Hooks{}); err != nil {
			b.Fatal(err)
		}
	}
}
