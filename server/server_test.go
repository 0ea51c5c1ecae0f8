package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/testdb"
	"github.com/tablero-project/tablero/runner"
	"github.com/tablero-project/tablero/store"
)

const flagship = "../scenarios/us-mexico-2025.yaml"

// env is a live server on loopback over a real store.
type env struct {
	t      testing.TB
	url    string
	st     store.Store
	srv    *Server
	token  string
	schema *validator
}

// newEnv starts a server with a runner over a fresh database at dsn.
func newEnv(t testing.TB, dsn string, cfg Config) *env {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	run := runner.New(runner.Config{Store: st, Workers: 2, Poll: 50 * time.Millisecond, Heartbeat: 200 * time.Millisecond, Logger: log})
	if err := run.Start(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	cfg.Store, cfg.Runner, cfg.Logger, cfg.Poll = st, run, log, 20*time.Millisecond
	s := New(cfg)
	hs := httptest.NewServer(s)
	t.Cleanup(func() {
		hs.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		run.Shutdown(ctx)
		st.Close()
	})
	return &env{t: t, url: hs.URL, st: st, srv: s, schema: newValidator(t, s)}
}

// do sends a request and validates the response against the OpenAPI
// description of its route and status.
func (e *env) do(method, path, contentType string, body []byte, route string) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if e.token != "" {
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if route != "" {
		e.schema.check(e.t, method+" "+route, resp, b)
	}
	return resp, b
}

func (e *env) json(method, path string, body any, route string, wantStatus int, out any) []byte {
	e.t.Helper()
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			e.t.Fatal(err)
		}
	}
	resp, rb := e.do(method, path, "application/json", b, route)
	if resp.StatusCode != wantStatus {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, wantStatus, rb)
	}
	if out != nil {
		if err := json.Unmarshal(rb, out); err != nil {
			e.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return rb
}

// events reads a run's event stream to its end.
func (e *env) events(id string) []string {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.url+"/v1/runs/"+id+"/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		e.t.Fatalf("events: content type %q", ct)
	}
	var names []string
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			names = append(names, name)
		}
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var v RunView
			if err := json.Unmarshal([]byte(data), &v); err != nil {
				e.t.Fatalf("event data %s: %v", data, err)
			}
		}
	}
	return names
}

func (e *env) postScenario(path string) ScenarioView {
	e.t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatal(err)
	}
	resp, b := e.do("POST", "/v1/scenarios?label=test", "application/yaml", src, "/v1/scenarios")
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		e.t.Fatalf("POST scenario: %d %s", resp.StatusCode, b)
	}
	var v ScenarioView
	json.Unmarshal(b, &v)
	return v
}

func (e *env) waitDone(id string) RunView {
	e.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		var v RunView
		e.json("GET", "/v1/runs/"+id, nil, "/v1/runs/{id}", http.StatusOK, &v)
		if v.Status.Done() {
			return v
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.t.Fatalf("run %s did not finish", id)
	return RunView{}
}

// succeeded posts the run request req, waits for it and returns the run
// and its result document; the test fails unless the run succeeds.
func (e *env) succeeded(req any) (RunView, []byte) {
	e.t.Helper()
	var run RunView
	e.json("POST", "/v1/runs", req, "/v1/runs", http.StatusAccepted, &run)
	if done := e.waitDone(run.ID); done.Status != store.Succeeded {
		e.t.Fatalf("run %s: %s", done.Status, done.Error)
	}
	_, result := e.do("GET", "/v1/runs/"+run.ID+"/result", "", nil, "/v1/runs/{id}/result")
	return run, result
}

// The flagship end to end: store the scenario, run it, follow its events,
// read the result, hit the cache, change the seed, compare, cancel.
func TestFlagshipEndToEnd(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b.DSN(t), Config{})
			sc := e.postScenario(flagship)
			if !strings.HasPrefix(sc.ID, "sha256:") || sc.Name != "us-mexico-2025" || !sc.Created || !sc.Check.OK {
				t.Fatalf("stored scenario %+v", sc)
			}
			if again := e.postScenario(flagship); again.ID != sc.ID || again.Created {
				t.Fatalf("the same scenario stored twice: %+v", again)
			}
			req := map[string]any{"scenario": sc.ID, "options": map[string]any{"draws": 200, "seed": 11}}
			var run RunView
			e.json("POST", "/v1/runs", req, "/v1/runs", http.StatusAccepted, &run)
			names := e.events(run.ID)
			if len(names) == 0 || names[len(names)-1] != "done" {
				t.Fatalf("events %v: want progress events, then done", names)
			}
			done := e.waitDone(run.ID)
			if done.Status != store.Succeeded {
				t.Fatalf("run %s: %s", done.Status, done.Error)
			}
			_, result := e.do("GET", "/v1/runs/"+run.ID+"/result", "", nil, "/v1/runs/{id}/result")
			var doc struct {
				Run struct {
					Hash string  `json:"hash"`
					Seed *uint64 `json:"seed"`
				} `json:"run"`
				Results []struct {
					Name        string  `json:"name"`
					Probability float64 `json:"probability"`
				} `json:"results"`
			}
			if err := json.Unmarshal(result, &doc); err != nil || len(doc.Results) != 3 || doc.Run.Hash != run.Hash || *doc.Run.Seed != 11 {
				t.Fatalf("result document: %v %+v", err, doc)
			}
			var cached RunView
			e.json("POST", "/v1/runs", req, "/v1/runs", http.StatusOK, &cached)
			if cached.ID != run.ID || !cached.Cached {
				t.Fatalf("the same request made run %s (cached %t), want %s", cached.ID, cached.Cached, run.ID)
			}
			if _, again := e.do("GET", "/v1/runs/"+run.ID+"/result", "", nil, ""); !bytes.Equal(again, result) {
				t.Fatal("the result changed between reads")
			}
			req["options"] = map[string]any{"draws": 200, "seed": 12}
			var other RunView
			e.json("POST", "/v1/runs", req, "/v1/runs", http.StatusAccepted, &other)
			if other.ID == run.ID || other.Hash == run.Hash {
				t.Fatal("another seed reused the run")
			}
			e.waitDone(other.ID)
			var cmp struct {
				Inputs []struct {
					Path string `json:"path"`
				} `json:"inputs"`
				Results []struct {
					A *float64 `json:"a"`
					B *float64 `json:"b"`
				} `json:"results"`
			}
			e.json("GET", "/v1/runs/"+run.ID+"/compare/"+other.ID, nil, "/v1/runs/{a}/compare/{b}", http.StatusOK, &cmp)
			if len(cmp.Inputs) != 1 || cmp.Inputs[0].Path != "options.seed" || len(cmp.Results) != 3 || cmp.Results[0].B == nil {
				t.Fatalf("comparison %+v", cmp)
			}
			var list RunList
			e.json("GET", "/v1/runs?scenario="+sc.ID, nil, "/v1/runs", http.StatusOK, &list)
			if len(list.Runs) != 2 {
				t.Fatalf("%d runs listed, want 2", len(list.Runs))
			}
			req["options"] = map[string]any{"draws": 500000, "seed": 13}
			var long RunView
			e.json("POST", "/v1/runs", req, "/v1/runs", http.StatusAccepted, &long)
			for v := long; v.Status == store.Queued; time.Sleep(20 * time.Millisecond) {
				e.json("GET", "/v1/runs/"+long.ID+"?result=false", nil, "/v1/runs/{id}", http.StatusOK, &v)
			}
			var cancelled RunView
			resp, body := e.do("DELETE", "/v1/runs/"+long.ID, "", nil, "/v1/runs/{id}")
			json.Unmarshal(body, &cancelled)
			if resp.StatusCode != http.StatusAccepted && resp.StatusCode != http.StatusOK {
				t.Fatalf("cancel: %d %s", resp.StatusCode, body)
			}
			if end := e.waitDone(long.ID); end.Status != store.Cancelled {
				t.Fatalf("cancelled run ended %s (%s)", end.Status, end.Error)
			}
			var audit AuditList
			e.json("GET", "/v1/audit?limit=50", nil, "/v1/audit", http.StatusOK, &audit)
			actions := map[string]int{}
			for _, a := range audit.Entries {
				actions[a.Action]++
			}
			if actions["scenario.create"] != 1 || actions["scenario.submit"] != 1 || actions["run.submit"] != 3 || actions["run.cancel"] != 1 {
				t.Fatalf("audit %v", actions)
			}
		})
	}
}

func TestHealthAndMetrics(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{})
	e.json("GET", "/healthz", nil, "/healthz", http.StatusOK, nil)
	var h Health
	e.json("GET", "/readyz", nil, "/readyz", http.StatusOK, &h)
	if h.Store != "sqlite" {
		t.Errorf("readyz %+v", h)
	}
	e.do("GET", "/v1/nowhere", "", nil, "")
	_, m := e.do("GET", "/metrics", "", nil, "/metrics")
	for _, want := range []string{`tablero_http_requests_total{method="GET",route="GET /healthz",code="200"} 1`,
		`tablero_http_requests_total{method="GET",route="unmatched",code="404"} 1`,
		`tablero_queue_depth 0`, `tablero_runs{status="succeeded"} 0`, `tablero_http_request_duration_seconds_bucket{route="GET /readyz",le="+Inf"} 1`} {
		if !strings.Contains(string(m), want) {
			t.Errorf("metrics lack %q:\n%s", want, m)
		}
	}
}

func TestPanicRecovered(t *testing.T) {
	s := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	h := s.recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/x", nil))
	if rec.Code != 500 || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("panic answered %d %s", rec.Code, rec.Body)
	}
}

func ExampleServer() {
	dir, err := os.MkdirTemp("", "tablero-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	st, err := store.OpenSQLite(context.Background(), dir+"/tablero.db")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(New(Config{Store: st, Logger: quiet}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	fmt.Print(resp.StatusCode, " ", string(b))
	// Output: 200 {
	//   "status": "ok"
	// }
}
