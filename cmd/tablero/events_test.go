package main

import (
	"encoding/json"
	"strings"
	"testing"
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
