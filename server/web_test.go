package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tablero-project/tablero/internal/testdb"
	"github.com/tablero-project/tablero/store"
)

// The dashboard answers the paths no API route takes; the API's own
// paths keep their 404 problems.
func TestDashboardRoutes(t *testing.T) {
	files := fstest.MapFS{
		"index.html":          {Data: []byte("<!doctype html><title>app</title>")},
		"assets/app-1a2b.js":  {Data: []byte("console.log(1)")},
		"assets/app-1a2b.css": {Data: []byte("body{}")},
	}
	s := New(Config{})
	h := s.endpoint(s.dashboard(files))
	for _, tc := range []struct {
		method, path string
		status       int
		body, cache  string
	}{
		{"GET", "/", 200, "<title>app</title>", "no-cache"},
		{"GET", "/runs/run_123", 200, "<title>app</title>", "no-cache"},
		{"GET", "/compare/run_1/run_2", 200, "<title>app</title>", "no-cache"},
		{"HEAD", "/scenarios", 200, "", "no-cache"},
		{"GET", "/assets/app-1a2b.js", 200, "console.log(1)", "public, max-age=31536000, immutable"},
		{"GET", "/assets/missing-0000.js", 404, "", ""},
		{"GET", "/favicon.ico", 404, "", ""},
		{"GET", "/v1/nothing", 404, "no endpoint", ""},
		{"GET", "/v1", 404, "no endpoint", ""},
		{"GET", "/v2/anything", 404, "no endpoint", ""},
		{"GET", "/videos", 200, "<title>app</title>", "no-cache"},
		{"GET", "/metrics/x", 404, "no endpoint", ""},
		{"POST", "/runs", 404, "no endpoint", ""},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.body) || rec.Header().Get("Cache-Control") != tc.cache {
			t.Errorf("%s %s: %d %q (Cache-Control %q), want %d with %q (%q)", tc.method, tc.path, rec.Code, rec.Body.String(),
				rec.Header().Get("Cache-Control"), tc.status, tc.body, tc.cache)
		}
	}
}

// The embedded build is served by the real server at /, and the API's
// routes still win.
func TestDashboardEmbedded(t *testing.T) {
	e := newEnv(t, testdb.Backends()[0].DSN(t), Config{})
	resp, err := http.Get(e.url + "/runs/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'self'") {
		t.Errorf("the app's page has Content-Security-Policy %q", got)
	}
	for path, want := range map[string]string{"/": "text/html", "/runs/x": "text/html", "/healthz": "application/json",
		"/openapi.json": "application/json", "/v1/runs": "application/json"} {
		resp, err := http.Get(e.url + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), want) {
			t.Errorf("GET %s: %d %s, want 200 %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), want)
		}
	}
}

// The flagship's tree: every node once, chance probabilities summing to
// one, behaviour from the result, leaves classified.
func TestRunTree(t *testing.T) {
	e := newEnv(t, testdb.Backends()[0].DSN(t), Config{})
	sc := e.postScenario(flagship)
	var run RunView
	e.json("POST", "/v1/runs", map[string]any{"scenario": sc.ID, "options": map[string]any{"draws": 0}}, "/v1/runs", http.StatusAccepted, &run)
	if done := e.waitDone(run.ID); done.Status != store.Succeeded {
		t.Fatalf("run: %s %s", done.Status, done.Error)
	}
	var tree RunTree
	e.json("GET", "/v1/runs/"+run.ID+"/tree", nil, "/v1/runs/{id}/tree", http.StatusOK, &tree)
	if tree.RunID != run.ID || tree.Mapping != "default" || len(tree.Players) != 2 || len(tree.Nodes) < 10 {
		t.Fatalf("tree %s %s players %v, %d nodes", tree.RunID, tree.Mapping, tree.Players, len(tree.Nodes))
	}
	leaves, behaved := 0, false
	for i, n := range tree.Nodes {
		if n.ID != i || (i == 0) != (n.Parent == -1) || n.Parent >= i {
			t.Fatalf("node %d: id %d parent %d", i, n.ID, n.Parent)
		}
		if n.Player == "" {
			leaves++
			if n.Outcome == "" || n.Scenario == "" || n.Result == "" {
				t.Errorf("leaf %d unclassified: %+v", i, n)
			}
			continue
		}
		sum := 0.0
		for _, a := range n.Actions {
			sum += a.Probability
		}
		if sum < 0.999 || sum > 1.001 {
			t.Errorf("node %d (%s): probabilities sum to %g", i, n.Infoset, sum)
		}
		behaved = behaved || n.Player != "chance" && n.Actions[0].Probability > 0 && n.Actions[0].Probability < 1
	}
	if leaves == 0 || !behaved {
		t.Errorf("%d leaves; mixed behaviour found: %v", leaves, behaved)
	}
	e.json("GET", "/v1/runs/run_nope/tree", nil, "/v1/runs/{id}/tree", http.StatusNotFound, nil)
}
