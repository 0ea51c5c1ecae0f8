package main

import (
	"crypto/md5"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const eventData = "../../events/testdata/"

// TestEventsDocuments runs every tablero events command and validates
// its JSON against the document's schema.
func TestEventsDocuments(t *testing.T) {
	for _, tc := range []struct {
		schema string
		args   []string
		want   string
	}{
		{"events-summary", []string{"events", "summary", "-q", eventData + "gdelt1.tsv", eventData + "icews.tab"}, `"selected": 12`},
		{"events-series", []string{"events", "series", "-q", "--source", "USA", "--target", "MEX", "--both", "--period", "week", eventData + "gdelt2.export.CSV.zip"}, `"period": "week"`},
		{"events-spikes", []string{"events", "spikes", "-q", "--threshold", "2", "--min-history", "1", "--min-value", "1", eventData + "gdelt2.export.CSV"}, `"spikes": [`},
		{"events-observations", []string{"events", "observe", "-q", eventData + "mapping.yaml", eventData + "gdelt1.tsv", eventData + "gdelt2.export.CSV"}, `"signpost": "us_strike"`},
	} {
		out, err := run(t, tc.args...)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if !strings.Contains(out, tc.want) {
			t.Errorf("%v: output lacks %s:\n%.600s", tc.args, tc.want, out)
		}
		validateDocument(t, tc.schema, []byte(out))
		var doc struct {
			Run struct {
				Kind      string
				InputHash string `json:"input_hash"`
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Run.Kind == "" || !strings.HasPrefix(doc.Run.InputHash, "sha256:") {
			t.Errorf("%v: run record %+v (%v)", tc.args, doc.Run, err)
		}
	}
}

func TestEventsCSV(t *testing.T) {
	out, err := run(t, "events", "series", "-q", "--format", "csv", "--source", "USA", "--target", "MEX", eventData+"gdelt2.export.CSV")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "date,source,target,events,") || !strings.HasPrefix(lines[1], "2025-03-10,USA,MEX,2,0,0,0,2,-20,-10,32,") {
		t.Errorf("csv:\n%s", out)
	}
}

func TestEventsErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"events", "summary", "--source", "XXX", eventData + "gdelt1.tsv"}, "not a CAMEO country"},
		{[]string{"events", "summary", "--source-type", "ARMY", eventData + "gdelt1.tsv"}, "not a CAMEO type"},
		{[]string{"events", "summary", "--from", "2025-13-01", eventData + "gdelt1.tsv"}, "--from"},
		{[]string{"events", "summary", "--codes", "1x", eventData + "gdelt1.tsv"}, "--codes"},
		{[]string{"events", "summary", "--quad", "5", eventData + "gdelt1.tsv"}, "--quad 5"},
		{[]string{"events", "summary", "--format", "xml", eventData + "gdelt1.tsv"}, "--format"},
		{[]string{"events", "summary", "--input-format", "csv", eventData + "gdelt1.tsv"}, "--input-format"},
		{[]string{"events", "series", "--period", "month", eventData + "gdelt1.tsv"}, "--period"},
		{[]string{"events", "spikes", "--metric", "x", eventData + "gdelt1.tsv"}, "spike metric"},
		{[]string{"events", "summary", eventData + "missing.tsv"}, "missing.tsv"},
		{[]string{"events", "observe", eventData + "gdelt1.tsv", eventData + "gdelt1.tsv"}, "gdelt1.tsv"},
		{[]string{"events", "observe", eventData + "mapping.yaml"}, "requires at least 2 arg"},
	} {
		_, err := run(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestEventsObserveFlagship: the flagship's mapping proposes a
// military_opening observation from three USA MIL → MEX fights, and
// tablero observe takes the proposals as they are written.
func TestEventsObserveFlagship(t *testing.T) {
	data, err := os.ReadFile(eventData + "gdelt2.export.CSV")
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(data)), "\r\n")
	extra := strings.Replace(rows[0], "3001\t", "3100\t", 1) // a third USAMIL → MEXGOV fight on 2025-03-10
	dir := t.TempDir()
	in := filepath.Join(dir, "export.CSV")
	if err := os.WriteFile(in, []byte(strings.Join(append(rows, extra), "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mapping := "../../scenarios/us-mexico-2025.events.yaml"
	out, err := run(t, "events", "observe", mapping, in)
	if err != nil {
		t.Fatal(err)
	}
	validateDocument(t, "events-observations", []byte(out))
	if !strings.Contains(out, `"signpost": "military_opening"`) || !strings.Contains(out, `"id": "ev-military_opening-20250310"`) {
		t.Errorf("no military_opening proposal:\n%.1500s", out)
	}
	obs, err := run(t, "events", "observe", "--format", "observations", mapping, in)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "obs.json")
	if err := os.WriteFile(file, []byte(obs), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "observe", "--draws", "0", "../../scenarios/us-mexico-2025.yaml", file); err != nil {
		t.Errorf("tablero observe refuses the proposals: %v\n%s", err, obs)
	}
	// A mapping naming a signpost the scenario lacks is refused.
	bad := filepath.Join(dir, "bad.events.yaml")
	os.WriteFile(bad, []byte("scenario: us-mexico-2025\nrules:\n  - signpost: invasion\n    source: [USA]\n    target: [MEX]\n    codes: ['19*']\n"), 0o600)
	if _, err := run(t, "events", "observe", "--scenario", "../../scenarios/us-mexico-2025.yaml", bad, in); err == nil || !strings.Contains(err.Error(), `"invasion"`) {
		t.Errorf("undeclared signpost: %v", err)
	}
}

// TestServeEventPoller runs tablero serve with --events-url on a loopback
// feed: the export is ingested, its series served, and the flagship
// mapping's proposal stored.
func TestServeEventPoller(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a server process")
	}
	data, err := os.ReadFile(eventData + "gdelt2.export.CSV")
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(data)), "\r\n")
	export := []byte(strings.Join(append(rows, strings.Replace(rows[0], "3001\t", "3100\t", 1)), "\n") + "\n")
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/lastupdate.txt":
			fmt.Fprintf(w, "%d %x /20250311000000.export.CSV\n", len(export), md5.Sum(export))
		case "/20250311000000.export.CSV":
			w.Write(export)
		default:
			http.NotFound(w, r)
		}
	}))
	defer feed.Close()
	s := startServer(t, "--data", t.TempDir(), "--events-url", feed.URL+"/lastupdate.txt", "--events-every", "200ms",
		"--events-mapping", "../../scenarios/us-mexico-2025.events.yaml")
	var props struct {
		Proposals []struct {
			Observation struct{ ID, Signpost string }
		}
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && len(props.Proposals) == 0; time.Sleep(100 * time.Millisecond) {
		json.Unmarshal(s.get("/v1/events/proposals?scenario=us-mexico-2025"), &props)
	}
	if len(props.Proposals) != 1 || props.Proposals[0].Observation.ID != "ev-military_opening-20250310" {
		t.Fatalf("proposals %+v\n%s", props, s.logs)
	}
	var view struct {
		Series []struct {
			Source, Target string
			Points         []struct{ Events int }
		}
	}
	json.Unmarshal(s.get("/v1/events/series?source=USA&target=MEX&from=2025-03-10&to=2025-03-10"), &view)
	if len(view.Series) != 1 || view.Series[0].Points[0].Events != 3 {
		t.Errorf("series %+v", view)
	}
}
