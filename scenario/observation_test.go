package scenario

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestParseObservations(t *testing.T) {
	m := loadModel(t, "testdata/signposts.yaml")
	for _, doc := range []string{
		"- {date: 2025-01-05, source: s, move: [threat=Threaten, reply=Resist]}\n- {date: 2025-01-04, source: s, signpost: mobilise, occurred: false}\n- {id: poll, date: 2025-01-04, source: s, parameter: audience, value: 3, sd: 0.5}\n",
		`{"observations": [{"date": "2025-01-05", "source": "s", "move": ["threat=Threaten", "reply=Resist"]}, {"date": "2025-01-04", "source": "s", "signpost": "mobilise", "occurred": false}, {"id": "poll", "date": "2025-01-04", "source": "s", "parameter": "audience", "value": 3, "sd": 0.5}]}`,
	} {
		obs, err := ParseObservations("obs.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		c, err := m.CheckObservations(obs)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, o := range c {
			ids = append(ids, o.ID)
		}
		want := "2025-01-04-signpost-mobilise poll 2025-01-05-move-threat-Threaten-reply-Resist"
		if got := strings.Join(ids, " "); got != want {
			t.Errorf("canonical order %q, want %q", got, want)
		}
		if c[0].Happened() || c[0].Occurred == nil {
			t.Errorf("occurred: %v", c[0].Occurred)
		}
	}
	if len(m.Scenario.Observations) != 2 {
		t.Errorf("scenario carries %d observations", len(m.Scenario.Observations))
	}
}

// TestBadObservations: every bad observation is refused with its
// file:line:col and what is wrong.
func TestBadObservations(t *testing.T) {
	m := loadModel(t, "testdata/signposts.yaml")
	for _, c := range []struct{ name, doc, want string }{
		{"unknown signpost", "- {date: 2025-01-02, source: s, signpost: coup}", `obs.yaml:1:3: observation 2025-01-02-signpost-coup: unknown signpost "coup" (signposts: rally, mobilise, never)`},
		{"impossible move", "- {date: 2025-01-02, source: s, move: [threat=Quiet, reply=Resist]}", "obs.yaml:1:3: observation 2025-01-02-move-threat-Quiet-reply-Resist: impossible move given the history: after threat=Quiet play has ended, so reply=Resist cannot follow"},
		{"not a prefix", "- {date: 2025-01-02, source: s, move: [reply=Resist]}", "impossible move given the history: at the start of play the next step is one of threat=Quiet, threat=Threaten, not reply=Resist"},
		{"unknown action", "- {date: 2025-01-02, source: s, move: [threat=Nuke]}", `move[0]: move threat has no action "Nuke" (actions: Quiet, Threaten)`},
		{"contradiction", "- {date: 2025-01-02, source: s, move: [threat=Quiet]}\n- {date: 2025-01-03, source: s, move: [threat=Threaten]}", "contradict the moves observed before (threat=Quiet)"},
		{"likelihood 0 everywhere", "- {date: 2025-01-02, source: s, signpost: never}", "signpost never has likelihood 0 under every history: its event cannot occur in the model"},
		{"probability outside range", "- {date: 2025-01-02, source: s, parameter: p_resolved, value: 1.5}", "parameter p_resolved: value 1.5 lies outside its declared range [0.1, 0.9]"},
		{"contradiction of a signpost", "- {date: 2025-01-02, source: s, signpost: rally}\n- {date: 2025-01-03, source: s, signpost: rally, id: again, occurred: false}", "obs.yaml:2:3: observation again: signpost rally contradicts observation 2025-01-02-signpost-rally, which says it occurred"},
		{"no date", "- {source: s, signpost: rally}", "obs.yaml:1:3: observation -signpost-rally: missing date"},
		{"bad date", "- {date: 2025-13-02, source: s, signpost: rally}", `date "2025-13-02" is not a calendar date`},
		{"no source", "- {date: 2025-01-02, signpost: rally}", "missing source"},
		{"two kinds", "- {date: 2025-01-02, source: s, signpost: rally, parameter: audience, value: 1}", "needs exactly one of move, signpost or parameter"},
		{"unknown key", "- {date: 2025-01-02, source: s, signpost: rally, when: x}", `obs.yaml:1:50: unknown key "when" in observations[0]`},
		{"negative sd", "- {date: 2025-01-02, source: s, parameter: audience, value: 1, sd: -1}", "sd -1 must be a positive number"},
		{"unknown parameter", "- {date: 2025-01-02, source: s, parameter: nope, value: 1}", `unknown parameter "nope"`},
		{"not a list", "date: 2025-01-02", "obs.yaml:1:5: expected a list of observations or a mapping with the single key observations"},
		{"empty", "", "obs.yaml:1:1: empty file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			obs, err := ParseObservations("obs.yaml", []byte(c.doc))
			if err == nil {
				_, err = m.CheckObservations(obs)
			}
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, c.want)
			}
		})
	}
}

// TestBadSignposts: declarations of signposts are checked like every other
// number.
func TestBadSignposts(t *testing.T) {
	for _, c := range []struct{ name, from, to, want string }{
		{"p above 1", "p: 0.8, range: [0.6, 0.9]", "p: 1.2, range: [0.6, 0.9]", "likelihood 1.2 of signpost \"rally\" is not a probability in [0, 1]"},
		{"no range", "p: 0.8, range: [0.6, 0.9]", "p: 0.8", "needs a range expressing its uncertainty"},
		{"range beyond 1", "p: 0.8, range: [0.6, 0.9]", "p: 0.8, range: [0.6, 1.4]", "must lie within [0, 1]"},
		{"uncovered history", "{p: 0.2, range: [0.1, 0.3]}", "{when: \"C == 'U' && threat == 'Quiet'\", p: 0.2, range: [0.1, 0.3]}", "signpost \"rally\" gives no likelihood for terminal history"},
		{"unknown name", "when: \"C == 'R'\"", "when: \"D == 'R'\"", "unknown name D"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := readFile(t, "testdata/signposts.yaml")
			if !strings.Contains(data, c.from) {
				t.Fatalf("no %q in the test scenario", c.from)
			}
			s, err := Parse("signposts.yaml", []byte(strings.Replace(data, c.from, c.to, 1)))
			if err == nil {
				_, err = Compile(s)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "signposts.yaml:") {
				t.Errorf("error %v, want a located error containing %q", err, c.want)
			}
		})
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// FuzzParseObservations: any input is parsed or refused with an error,
// never a panic, and what parses is checked against a model without one.
func FuzzParseObservations(f *testing.F) {
	m := loadModel(f, "testdata/signposts.yaml")
	f.Add([]byte("- {date: 2025-01-05, source: s, move: [threat=Threaten, reply=Resist]}\n- {date: 2025-01-04, source: s, signpost: mobilise, occurred: false}"))
	f.Add([]byte(`{"observations": [{"date": "2025-01-04", "source": "s", "parameter": "audience", "range": [1, 2]}]}`))
	f.Add([]byte("- {date: 2025-01-02, source: s, move: [=, threat=]}"))
	f.Add([]byte("observations: [[[["))
	f.Fuzz(func(t *testing.T, data []byte) {
		obs, err := ParseObservations("fuzz.yaml", data)
		if err != nil {
			return
		}
		if c, err := m.CheckObservations(obs); err == nil && len(c) != len(obs) {
			t.Fatalf("%d observations became %d", len(obs), len(c))
		}
	})
}

// TestManyObservations: the most observations one analysis takes, each
// repeating a prefix, are checked quickly (the facts are kept once each).
func TestManyObservations(t *testing.T) {
	m := loadModel(t, "testdata/signposts.yaml")
	obs := make([]Observation, MaxObservations)
	for i := range obs {
		obs[i] = Observation{ID: fmt.Sprintf("o%05d", i), Date: "2025-01-02", Source: "s", Move: []string{"threat=Threaten", "reply=Resist"}}
	}
	c, err := m.CheckObservations(obs)
	if err != nil || len(c) != MaxObservations {
		t.Fatalf("%d observations, %v", len(c), err)
	}
	if _, err := m.CheckObservations(append(obs, obs[0])); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("over the limit: %v", err)
	}
}
