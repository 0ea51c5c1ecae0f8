package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/internal/testdb"
	"github.com/tablero-project/tablero/solve/methods"
)

const matchingPennies = `NFG 1 R "Matching pennies" { "1" "2" } { 2 2 }
1 -1 -1 1 -1 1 1 -1
`

// chain returns an .efg tree: a path of n decision nodes.
func chain(n int) string {
	var b strings.Builder
	b.WriteString("EFG 2 R \"chain\" { \"1\" \"2\" }\n\"\"\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "p \"\" %d %d \"\" { \"a\" \"b\" } 0\n", i%2+1, i/2+1)
		fmt.Fprintf(&b, "t \"\" %d \"\" { 0, 0 }\n", i+1)
	}
	fmt.Fprintf(&b, "t \"\" %d \"\" { 1, 1 }\n", n+1)
	return b.String()
}

// Bad input gets the right 4xx and a problem document that says where and
// why; the server stays up.
func TestBadInput(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{MaxBody: 1 << 20})
	sc := e.postScenario(flagship)
	src, _ := os.ReadFile("../analysis/testdata/deterrence.yaml")
	broken := strings.Replace(string(src), "actor: T", "actor: Nobody", 1)
	for _, c := range []struct {
		name, method, path, ctype, body, route string
		status                                 int
		kind, detail                           string
	}{
		{"malformed YAML", "POST", "/v1/scenarios", "application/yaml", "id: x\ntitle: [unclosed\n", "/v1/scenarios", 422, "invalid-scenario", "scenario.yaml:"},
		{"scenario with errors", "POST", "/v1/scenarios?filename=det.yaml", "application/yaml", broken, "/v1/scenarios", 422, "invalid-scenario", "det.yaml:"},
		{"unknown key", "POST", "/v1/scenarios", "application/yaml", string(src) + "\nsurprise: 1\n", "/v1/scenarios", 422, "invalid-scenario", "surprise"},
		{"empty scenario", "POST", "/v1/scenarios", "application/yaml", "  \n", "/v1/scenarios", 400, "empty-body", "no scenario"},
		{"body too large", "POST", "/v1/scenarios", "application/yaml", strings.Repeat("#", 2<<20), "/v1/scenarios", 413, "body-too-large", "limit"},
		{"malformed JSON", "POST", "/v1/runs", "application/json", `{"scenario": `, "/v1/runs", 400, "invalid-json", "request body"},
		{"unknown field", "POST", "/v1/runs", "application/json", `{"scenario": "x", "option": {}}`, "/v1/runs", 400, "invalid-json", "option"},
		{"no scenario", "POST", "/v1/runs", "application/json", `{}`, "/v1/runs", 400, "missing-scenario", "names no scenario"},
		{"unknown scenario", "POST", "/v1/runs", "application/json", `{"scenario": "sha256:00"}`, "/v1/runs", 404, "not-found", "sha256:00"},
		{"negative draws", "POST", "/v1/runs", "application/json", `{"scenario": "` + sc.ID + `", "options": {"draws": -5}}`, "/v1/runs", 400, "invalid-options", "draws -5"},
		{"unknown option", "POST", "/v1/runs", "application/json", `{"scenario": "` + sc.ID + `", "options": {"drawz": 5}}`, "/v1/runs", 400, "invalid-options", "drawz"},
		{"unknown override", "POST", "/v1/runs", "application/json", `{"scenario": "` + sc.ID + `", "options": {"overrides": {"nope": 1}}}`, "/v1/runs", 400, "invalid-options", "nope"},
		{"unknown run", "GET", "/v1/runs/run_nope", "", "", "/v1/runs/{id}", 404, "not-found", "run_nope"},
		{"bad status filter", "GET", "/v1/runs?status=done", "", "", "/v1/runs", 400, "invalid-parameter", "status"},
		{"bad limit", "GET", "/v1/scenarios?limit=0", "", "", "/v1/scenarios", 400, "invalid-parameter", "limit"},
		{"unknown method", "POST", "/v1/solve?method=magic", "text/plain", matchingPennies, "/v1/solve", 400, "unknown-method", "enumpure"},
		{"method does not apply", "POST", "/v1/solve?method=spe", "text/plain", matchingPennies, "/v1/solve", 422, "method-not-applicable", "spe"},
		{"not a game", "POST", "/v1/solve", "text/plain", "NFG 1 R oops", "/v1/solve", 400, "invalid-game", "game"},
		{"no game", "POST", "/v1/solve", "text/plain", "", "/v1/solve", 400, "invalid-game", "no game"},
		{"oversized game", "POST", "/v1/solve", "text/plain", chain(MaxGameNodes + 1), "/v1/solve", 413, "game-too-large", "nodes"},
		{"over the budget", "POST", "/v1/solve?method=enumpure&budget=1", "text/plain", matchingPennies, "/v1/solve", 422, "budget-exceeded", "budget"},
		{"bad flag", "POST", "/v1/solve?agent=maybe", "text/plain", matchingPennies, "/v1/solve", 400, "invalid-parameter", "agent"},
		{"no such endpoint", "GET", "/v2/anything", "", "", "", 404, "not-found", "/v2/anything"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body := e.do(c.method, c.path, c.ctype, []byte(c.body), c.route)
			checkProblem(t, resp, body, c.status, c.kind, c.detail)
		})
	}
	e.json("GET", "/healthz", nil, "/healthz", http.StatusOK, nil)
}

func checkProblem(t *testing.T, resp *http.Response, body []byte, status int, kind, detail string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q", ct)
	}
	var p Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Type != ProblemBase+kind || p.Status != status || p.Title == "" {
		t.Fatalf("problem %+v, want type %s", p, kind)
	}
	text := p.Detail
	for _, e := range p.Errors {
		text += "\n" + e.Text
		if e.Message == "" || e.Text == "" {
			t.Errorf("located error without message: %+v", e)
		}
	}
	if !strings.Contains(text, detail) {
		t.Fatalf("problem says %q, want it to mention %q", text, detail)
	}
	if kind == "invalid-scenario" && (len(p.Errors) == 0 || p.Errors[0].Line == 0) {
		t.Fatalf("scenario problem without located errors: %s", body)
	}
}

// A 100 MB body is refused from its declared length, without reading it.
func TestHugeBody(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{})
	req, _ := http.NewRequest("POST", e.url+"/v1/scenarios", io.LimitReader(zeros{}, 100<<20))
	req.ContentLength = 100 << 20
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	checkProblem(t, resp, body, 413, "body-too-large", "limit")
	// Without a declared length, reading stops at the limit.
	req, _ = http.NewRequest("POST", e.url+"/v1/scenarios", io.LimitReader(zeros{}, 100<<20))
	req.ContentLength = -1
	if resp, err = http.DefaultClient.Do(req); err == nil {
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		checkProblem(t, resp, body, 413, "body-too-large", "limit")
	}
	e.json("GET", "/healthz", nil, "/healthz", http.StatusOK, nil)
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}

func TestTokens(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{Tokens: map[string]string{"s3cret-token-of-alice": "alice"}})
	src, _ := os.ReadFile("../analysis/testdata/deterrence.yaml")
	resp, body := e.do("POST", "/v1/scenarios", "application/yaml", src, "/v1/scenarios")
	checkProblem(t, resp, body, 401, "unauthorized", "requires Authorization")
	if resp.Header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	e.token = "wrong-token-wrong-token"
	resp, body = e.do("POST", "/v1/scenarios", "application/yaml", src, "/v1/scenarios")
	checkProblem(t, resp, body, 401, "unauthorized", "not valid")
	e.token = "s3cret-token-of-alice"
	var v ScenarioView
	if resp, body = e.do("POST", "/v1/scenarios", "application/yaml", src, "/v1/scenarios"); resp.StatusCode != 201 {
		t.Fatalf("with the token: %d %s", resp.StatusCode, body)
	}
	json.Unmarshal(body, &v)
	if v.CreatedBy != "alice" {
		t.Errorf("created by %q, want alice", v.CreatedBy)
	}
	e.token = ""
	e.json("GET", "/v1/scenarios/"+v.ID, nil, "/v1/scenarios/{id}", http.StatusOK, nil) // reads stay open
}

// Over the queue limit, a submission gets 429 with Retry-After.
func TestQueueFull(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{MaxQueued: 1})
	e.srv.cfg.Runner.Shutdown(context.Background()) // nothing leaves the queue
	sc := e.postScenario("../analysis/testdata/deterrence.yaml")
	e.json("POST", "/v1/runs", map[string]any{"scenario": sc.ID, "options": map[string]any{"seed": 1}}, "/v1/runs", http.StatusAccepted, nil)
	resp, body := e.do("POST", "/v1/runs", "application/json", []byte(`{"scenario": "`+sc.ID+`", "options": {"seed": 2}}`), "/v1/runs")
	checkProblem(t, resp, body, 429, "queue-full", "queue is full")
	if resp.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}

// Solving works in both request forms and records how to reproduce it.
func TestSolve(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{})
	var a, b methods.Solution
	e.json("POST", "/v1/solve", SolveRequest{Game: matchingPennies, Options: methodsOptions("enummixed")}, "/v1/solve", http.StatusOK, &a)
	resp, body := e.do("POST", "/v1/solve?method=enummixed", "text/plain", []byte(matchingPennies), "/v1/solve")
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	json.Unmarshal(body, &b)
	if len(a.Equilibria) != 1 || strings.Join(a.Equilibria[0].Profile, ",") != "1/2,1/2,1/2,1/2" {
		t.Fatalf("equilibria %+v", a.Equilibria)
	}
	if a.Run.Hash != b.Run.Hash || a.Run.Kind != "solve" {
		t.Fatalf("records %+v %+v", a.Run, b.Run)
	}
	var ms MethodList
	e.json("GET", "/v1/methods", nil, "/v1/methods", http.StatusOK, &ms)
	if len(ms.Methods) < 10 {
		t.Fatalf("%d methods", len(ms.Methods))
	}
}

func methodsOptions(name string) methods.Options { return methods.Options{Method: name} }

// The stakeholder and negotiation engines answer on a stored scenario's
// blocks and on inline documents.
func TestForecastAndNegotiate(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), Config{})
	sc := e.postScenario(flagship)
	var f forecast.Report
	e.json("POST", "/v1/forecast", ForecastRequest{Scenario: sc.ID, Model: "eum"}, "/v1/forecast", http.StatusOK, &f)
	if len(f.Forecasts) == 0 || f.Run == nil || f.Run.Kind != "forecast" {
		t.Fatalf("forecast %+v", f)
	}
	table := "Actor,Capability,Position,Salience\nA,100,10,80\nB,50,90,60\nC,30,40,90\n"
	e.json("POST", "/v1/forecast", ForecastRequest{Table: table, Format: "eum-csv", Model: "median"}, "/v1/forecast", http.StatusOK, &f)
	var n NegotiateResult
	e.json("POST", "/v1/negotiate", NegotiateRequest{Scenario: sc.ID}, "/v1/negotiate", http.StatusOK, &n)
	if n.Analysis == nil || len(n.Analysis.Analyses) != 2 {
		t.Fatalf("negotiation analysis %+v", n)
	}
	e.json("POST", "/v1/negotiate", NegotiateRequest{Scenario: sc.ID, Action: "run", Steps: 50, Seed: 3}, "/v1/negotiate", http.StatusOK, &n)
	if n.Outcome == nil || n.Run.Seed == nil {
		t.Fatalf("negotiation run %+v", n)
	}
	for _, c := range []struct {
		path string
		body any
		code int
		kind string
	}{
		{"/v1/forecast", ForecastRequest{Table: "not,a\ntable", Format: "eum-csv"}, 400, "invalid-table"},
		{"/v1/forecast", ForecastRequest{}, 400, "invalid-request"},
		{"/v1/forecast", ForecastRequest{Table: table, Format: "eum-csv", Model: "oracle"}, 422, "invalid-input"},
		{"/v1/negotiate", NegotiateRequest{Format: "genius", Domain: "<utility_space"}, 400, "invalid-domain"},
		{"/v1/negotiate", NegotiateRequest{Scenario: sc.ID, Action: "haggle"}, 400, "invalid-request"},
		{"/v1/negotiate", NegotiateRequest{Scenario: sc.ID, Budget: 1}, 422, "budget-exceeded"},
	} {
		b, _ := json.Marshal(c.body)
		resp, body := e.do("POST", c.path, "application/json", b, c.path)
		checkProblem(t, resp, body, c.code, c.kind, "")
	}
}
