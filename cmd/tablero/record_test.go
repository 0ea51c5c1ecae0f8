package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Every JSON result says how to reproduce it: the same command gives the
// same hash, another input or option another.
func TestRunRecords(t *testing.T) {
	hash := func(args ...string) string {
		t.Helper()
		out, err := run(t, args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		var doc struct {
			Run *struct {
				Tool      string `json:"tool"`
				Kind      string `json:"kind"`
				Hash      string `json:"hash"`
				InputHash string `json:"input_hash"`
			} `json:"run"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Run == nil || doc.Run.Hash == "" || doc.Run.Tool != "tablero" {
			t.Fatalf("%v: no run record (%v): %.300s", args, err, out)
		}
		return doc.Run.Hash
	}
	dir := t.TempDir()
	eum := filepath.Join(dir, "eum.csv")
	src, _ := os.ReadFile(eumTable)
	os.WriteFile(eum, src, 0o644)
	for _, c := range [][]string{
		{"forecast", eum, "--model", "eum", "--format", "json"},
		{"negotiate", "analyze", "../../scenarios/us-mexico-2025.yaml", "--format", "json"},
		{"negotiate", "run", "../../negotiate/testdata/tiny/tiny_domain.xml", "../../negotiate/testdata/tiny/tiny_buyer.xml", "../../negotiate/testdata/tiny/tiny_seller.xml", "--format", "json"},
		{"analyze", "../../scenario/testdata/deterrence.yaml", "--draws", "20", "--format", "json"},
		{"solve", "testdata/pennies.nfg", "-m", "enummixed", "--format", "json"},
	} {
		a := hash(c...)
		if b := hash(c...); a != b {
			t.Errorf("%v: the same command gave hashes %s and %s", c, a, b)
		}
		if c[0] == "forecast" {
			if other := hash(append(c, "--rounds", "3")...); other == a {
				t.Errorf("%v: another option kept the hash", c)
			}
			os.WriteFile(eum, append(src, []byte("Extra,1,50,50\n")...), 0o644)
			if other := hash(c...); other == a {
				t.Errorf("%v: another input kept the hash", c)
			}
		}
	}
}
