package forecast

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		file, format string
		actors       int
		spec         bool
		err          string
	}{
		{"testdata/three-actors-ktab.csv", "", 3, false, ""},
		{"testdata/three-actors.xml", "", 3, false, ""},
		{"testdata/five-actors-eum.csv", FormatEUMCSV, 5, false, ""},
		{"testdata/three-actors-decide.tsv", "", 3, false, ""},
		{"../scenarios/us-mexico-2025.yaml", FormatYAML, 9, true, ""},
		{"testdata/five-actors-eum.csv", "excel", 0, false, "unknown input format"},
		{"testdata/five-actors-eum.csv", FormatYAML, 0, false, "mapping is expected"},
	}
	for _, tc := range tests {
		data, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		tb, spec, err := Parse(tc.format, data)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s as %q: error %v, want %q", tc.file, tc.format, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if len(tb.Actors) != tc.actors || (spec != nil) != tc.spec {
			t.Errorf("%s: %d actors, spec %v", tc.file, len(tb.Actors), spec != nil)
		}
	}
}

func TestRunRequest(t *testing.T) {
	ctx := context.Background()
	data, err := os.ReadFile("../scenarios/us-mexico-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tb, spec, err := Parse(FormatYAML, data)
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(9)
	tests := []struct {
		name   string
		q      Request
		draws  int // of the sensitivity analysis; 0: none
		seed   uint64
		preset string
		err    string
	}{
		{"spec shocks", Request{Model: ModelMedian}, 500, 2025, "", ""},
		{"spec shocks with seed", Request{Model: ModelCompromise, Seed: &seed}, 500, 9, "", ""},
		{"no shocks", Request{Model: ModelEUM, NoShocks: true}, 0, 0, "scholz-code", ""},
		{"own shocks", Request{Model: ModelEUM, Preset: "paper", Rounds: 3, Shocks: &Shocks{Draws: 5, Seed: 1, Salience: 0.1}}, 5, 1, "paper", ""},
		{"smp params", Request{Model: ModelSMP, Params: map[string]string{"VotingRule": "PropCbc"}, NoShocks: true}, 0, 0, "", ""},
		{"bad param", Request{Model: ModelSMP, Params: map[string]string{"VotingRule": "Loud"}}, 0, 0, "", `parameter VotingRule: unknown value "Loud"`},
		{"bad model", Request{Model: "oracle"}, 0, 0, "", `unknown model "oracle"`},
		{"bad preset", Request{Model: ModelEUM, Preset: "bdm"}, 0, 0, "", `unknown EUM preset "bdm"`},
		{"over budget", Request{Model: ModelMedian, Limits: Limits{MaxDraws: 10}}, 0, 0, "", "budget"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, sens, err := RunRequest(ctx, tb, spec, tc.q)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				if tc.name == "over budget" && !errors.Is(err, ErrBudget) {
					t.Errorf("error %v does not wrap ErrBudget", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Model != tc.q.Model || res.Preset != tc.preset {
				t.Errorf("model %q preset %q", res.Model, res.Preset)
			}
			if tc.draws == 0 {
				if sens != nil {
					t.Errorf("unexpected sensitivity %+v", sens.Shocks)
				}
			} else if sens == nil || sens.Shocks.Draws != tc.draws || sens.Shocks.Seed != tc.seed {
				t.Errorf("sensitivity %+v, want %d draws seed %d", sens, tc.draws, tc.seed)
			}
			if _, err := json.Marshal(NewReport(res, sens)); err != nil {
				t.Error(err)
			}
		})
	}
}
