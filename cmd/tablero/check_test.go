package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every file shipped in scenarios/ passes check: scenarios, and their
// companions (event mappings, observations) against the scenario beside
// them.
func TestCheckShipped(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped scenarios: %v", err)
	}
	out, err := run(t, append([]string{"check"}, files...)...)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"us-mexico-2025.events.yaml: ok (12 rules", "us-mexico-2025.observations.yaml: ok (3 observations"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
}

// A companion is checked against the scenario beside it, with the place
// of the problem.
func TestCheckCompanions(t *testing.T) {
	dir := t.TempDir()
	flagship, err := os.ReadFile("../../scenarios/us-mexico-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("crisis.yaml", string(flagship))
	for _, c := range []struct{ name, text, want string }{
		{"crisis.observations.yaml", "observations:\n  - date: 2025-12-06\n    source: press\n    signpost: alien_landing\n", "alien_landing"},
		{"crisis.observations.yaml", "observations:\n  - date: 2025-12-06\n    source: press\n    move: [d=Teleport]\n", "crisis.observations.yaml:2:9"},
		{"lonely.observations.yaml", "observations: []\n", "lonely.yaml"},
		{"crisis.events.yaml", "rules:\n  - signpost: alien_landing\n    source: [USA]\n    target: [MEX]\n    cameo: [\"19*\"]\n", "alien_landing"},
	} {
		_, err := run(t, "check", write(c.name, c.text))
		if err == nil {
			t.Errorf("%s: check passed:\n%s", c.name, c.text)
			continue
		}
		// The messages go to stderr; the returned error counts them. Run
		// the check itself for the message.
		_, msg := checkFile(filepath.Join(dir, c.name))
		if msg == nil || !strings.Contains(msg.Error(), c.want) {
			t.Errorf("%s: %v, want a message naming %q", c.name, msg, c.want)
		}
	}
}
