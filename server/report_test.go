package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/internal/testdb"
	"github.com/tablero-project/tablero/store"
)

// A stored run's report and summary; 409 for a run without a result, 404
// for no run.
func TestReportAndSummary(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b.DSN(t), Config{})
			sc := e.postScenario("../analysis/testdata/deterrence.yaml")
			var run RunView
			e.json("POST", "/v1/runs", map[string]any{"scenario": sc.ID, "options": map[string]any{"draws": 64}}, "/v1/runs", http.StatusAccepted, &run)
			if done := e.waitDone(run.ID); done.Status != store.Succeeded {
				t.Fatalf("run %s: %s", done.Status, done.Error)
			}
			resp, page := e.do("GET", "/v1/runs/"+run.ID+"/report.html", "", nil, "/v1/runs/{id}/report.html")
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("report: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			html := string(page)
			for _, want := range []string{"<!DOCTYPE html>", `<figure id="fig-results">`, `<figure id="fig-distributions">`, `<figure id="fig-tree">`, run.Hash} {
				if !strings.Contains(html, want) {
					t.Errorf("report lacks %q", want)
				}
			}
			if m := regexp.MustCompile(`(src|href)="https?:`).FindString(html); m != "" || strings.Contains(html, "<script") {
				t.Errorf("the report reaches out: %q", m)
			}
			var s brief.Summary
			e.json("GET", "/v1/runs/"+run.ID+"/summary", nil, "/v1/runs/{id}/summary", http.StatusOK, &s)
			if len(s.Sentences) < 3 || s.ID != "deterrence" || s.Draws != 64 || len(s.Drivers) != 2 {
				t.Errorf("summary %+v", s)
			}
			for _, sentence := range s.Sentences {
				if !strings.Contains(html, strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(sentence)) {
					t.Errorf("the report lacks the summary's %q", sentence)
				}
			}

			var long RunView
			e.json("POST", "/v1/runs", map[string]any{"scenario": sc.ID, "options": map[string]any{"draws": 1000000}}, "/v1/runs", http.StatusAccepted, &long)
			e.do("DELETE", "/v1/runs/"+long.ID, "", nil, "/v1/runs/{id}")
			e.waitDone(long.ID)
			for _, route := range []string{"/v1/runs/{id}/report.html", "/v1/runs/{id}/summary"} {
				path := strings.Replace(route, "{id}", long.ID, 1)
				resp, body := e.do("GET", path, "", nil, route)
				var p Problem
				json.Unmarshal(body, &p)
				if resp.StatusCode != http.StatusConflict || !strings.Contains(p.Detail, "no result") {
					t.Errorf("%s of a cancelled run: %d %s", route, resp.StatusCode, body)
				}
				resp, _ = e.do("GET", strings.Replace(route, "{id}", "nope", 1), "", nil, route)
				if resp.StatusCode != http.StatusNotFound {
					t.Errorf("%s of no run: %d", route, resp.StatusCode)
				}
			}
		})
	}
}
