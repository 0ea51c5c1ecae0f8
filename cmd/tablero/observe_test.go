package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const dayAfter = "../../scenarios/us-mexico-2025.observations.yaml"

func TestObserve(t *testing.T) {
	out, err := run(t, "observe", flagship, dayAfter, "--draws", "0", "--until", "2025-12-09")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Evidence", "| agreement | 0.627 |", "| poll | (re-solved) |", "## Signposts to watch", "military_opening"} {
		if !strings.Contains(out, want) {
			t.Errorf("observe output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "| opening |") {
		t.Error("--until applied an observation dated after it")
	}
	out, err = run(t, "analyze", flagship, "--observe", dayAfter, "--draws", "20", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Run struct {
			Options struct{ Observations []struct{ ID string } }
		}
		Evidence struct {
			Results []struct {
				Name             string
				Prior, Posterior float64
				Low, High        *float64
			}
			Steps []struct{ Observation string }
		}
		Watch []struct{ Signpost string } `json:"value_of_information"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Run.Options.Observations) != 3 || len(doc.Evidence.Steps) != 3 || len(doc.Evidence.Results) != 3 || doc.Evidence.Results[0].Low == nil || len(doc.Watch) != 6 {
		t.Errorf("analyze --observe document: %+v", doc)
	}
}

func TestObserveErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"observe", flagship, "testdata/bad-observation.yaml", "--draws", "0"}, `testdata/bad-observation.yaml:2:3: observation 2025-12-07-signpost-coup_rumour: unknown signpost "coup_rumour"`},
		{[]string{"observe", flagship, "--draws", "0"}, "no observations to apply"},
		{[]string{"observe", flagship, dayAfter, "--until", "12/06"}, `--until "12/06": expected a date`},
		{[]string{"analyze", flagship, "--observe", "nope.yaml"}, "nope.yaml"},
	} {
		_, err := run(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}

func TestObserveInline(t *testing.T) {
	out, err := run(t, "observe", flagship, "signpost:intel_agreement", "signpost:covert_report=no", "move:d=Hard", "parameter:leak=[0.2,0.3]", "parameter:mx_poll_help=0.35~0.04",
		"--draws", "0", "--date", "2025-12-06", "--source", "wire")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| 2025-12-06 | 2025-12-06-move-d-Hard | move | d=Hard | wire |", "covert_report did not occur", "| 2025-12-06-parameter-leak | (re-solved) |"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, c := range []struct{ arg, want string }{
		{"signpost:intel_agreement=maybe", "expected signpost:ID, signpost:ID=yes or signpost:ID=no"},
		{"parameter:leak", "expected parameter:ID=VALUE"},
		{"parameter:leak=[a,b]", "expected parameter:ID=[LOW,HIGH] with numbers"},
		{"parameter:leak=0.3~x", "expected parameter:ID=VALUE~SD with numbers"},
		{"move:d=Nuke", `observation 2025-12-06-move-d-Nuke: move[0]: move d has no action "Nuke"`},
	} {
		if _, err := run(t, "observe", flagship, c.arg, "--draws", "0", "--date", "2025-12-06"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.arg, err, c.want)
		}
	}
}
