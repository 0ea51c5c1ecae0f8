package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/negotiate"

	"github.com/tablero-project/tablero/internal/schema"
	"github.com/tablero-project/tablero/internal/schema/schematest"
)

const (
	tinyDir    = "../../negotiate/testdata/tiny"
	tinyDomain = tinyDir + "/tiny_domain.xml"
	tinyBuyer  = tinyDir + "/tiny_buyer.xml"
	tinySeller = tinyDir + "/tiny_seller.xml"
	flagship   = "../../scenarios/us-mexico-2025.yaml"
)

func runNegotiate(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newNegotiate()
	var out, errb bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SetArgs(args)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func TestNegotiateCLI(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, out string)
	}{
		{"analyze md", []string{"analyze", tinyDomain, tinyBuyer, tinySeller}, func(t *testing.T, out string) {
			for _, want := range []string{"[negmas convention]", "[genius convention]", "nash", "Pareto frontier"} {
				if !strings.Contains(out, want) {
					t.Errorf("missing %q in\n%s", want, out)
				}
			}
		}},
		{"analyze json", []string{"analyze", tinyDomain, tinyBuyer, tinySeller, "--format", "json", "--convention", "genius"}, func(t *testing.T, out string) {
			var v struct {
				Analyses []struct {
					Convention string `json:"convention"`
					Pareto     []struct {
						Utilities []float64  `json:"utilities"`
						Outcomes  [][]string `json:"outcomes"`
					} `json:"pareto"`
				} `json:"analyses"`
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatal(err)
			}
			if len(v.Analyses) != 1 || v.Analyses[0].Convention != "genius" || len(v.Analyses[0].Pareto) == 0 {
				t.Errorf("unexpected %s", out)
			}
		}},
		{"analyze csv", []string{"analyze", tinyDomain, tinyBuyer, tinySeller, "--format", "csv"}, func(t *testing.T, out string) {
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if rows[0][0] != "concept" || rows[0][2] != "u_tiny_buyer" || rows[0][len(rows[0])-1] != "Colour" {
				t.Errorf("header %v", rows[0])
			}
		}},
		{"analyze search", []string{"analyze", tinyDomain, tinyBuyer, tinySeller, "--search", "--convention", "negmas"}, func(t *testing.T, out string) {
			if !strings.Contains(out, "Pareto frontier") {
				t.Errorf("no frontier in\n%s", out)
			}
		}},
		{"analyze folder", []string{"analyze", tinyDir, "--format", "json"}, func(t *testing.T, out string) {
			if !strings.Contains(out, `"tiny_seller"`) {
				t.Errorf("profiles not read from the folder: %s", out)
			}
		}},
		{"analyze geniusweb", []string{"analyze", "../../negotiate/testdata/geniusweb/picnic_domain.json", "../../negotiate/testdata/geniusweb/picnic_alice.json", "../../negotiate/testdata/geniusweb/picnic_bob.json", "--convention", "genius"}, func(t *testing.T, out string) {
			if !strings.Contains(out, "30 outcomes") || !strings.Contains(out, "alice, bob") {
				t.Errorf("unexpected\n%s", out)
			}
		}},
		{"analyze scenario", []string{"analyze", flagship}, func(t *testing.T, out string) {
			for _, want := range []string{"bargaining range", "Full package", "win-set", "Issue by issue"} {
				if !strings.Contains(out, want) {
					t.Errorf("missing %q", want)
				}
			}
		}},
		{"analyze scenario json with types and sets", []string{"analyze", flagship, "--format", "json", "--type", "US=H", "--type", "MX=L", "--set", "us_polarization=0.9"}, func(t *testing.T, out string) {
			var v struct {
				Types  map[string]string `json:"types"`
				Linked struct {
					Range int `json:"range"`
				} `json:"linked"`
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatal(err)
			}
			if v.Types["US"] != "H" || v.Types["MX"] != "L" || v.Linked.Range == 0 {
				t.Errorf("unexpected %+v", v)
			}
		}},
		{"run md", []string{"run", tinyDomain, tinyBuyer, tinySeller, "--agents", "Boulware,Conceder", "--trace"}, func(t *testing.T, out string) {
			if !strings.Contains(out, "agreement at step") || !strings.Contains(out, "nash_optimality") {
				t.Errorf("unexpected\n%s", out)
			}
		}},
		{"run json", []string{"run", tinyDomain, tinyBuyer, tinySeller, "--agents", "MiCRO,Linear+AC_next", "--format", "json"}, func(t *testing.T, out string) {
			var v map[string]any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatal(err, out)
			}
			if _, ok := v["metrics"]; !ok {
				t.Errorf("no metrics: %s", out)
			}
		}},
		{"run csv trace", []string{"run", tinyDomain, tinyBuyer, tinySeller, "--format", "csv", "--steps", "10"}, func(t *testing.T, out string) {
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(rows) < 2 || rows[0][0] != "step" {
				t.Errorf("unexpected %v %v", rows, err)
			}
		}},
		{"run scenario", []string{"run", flagship}, func(t *testing.T, out string) {
			if !strings.Contains(out, "Boulware vs Conceder") {
				t.Errorf("protocol defaults not used:\n%s", out)
			}
		}},
		{"run spec keeps to win-sets", []string{"run", "../../negotiate/testdata/crisis-2.6.yaml", "--type", "MX=T"}, func(t *testing.T, out string) {
			if !strings.Contains(out, "kept to their own win-sets") || strings.Contains(out, "BREACH") || strings.Contains(out, "S2_joint_MX_control") {
				t.Errorf("two-level run:\n%s", out)
			}
		}},
		{"run spec ignoring win-sets flags the breach", []string{"run", "../../negotiate/testdata/crisis-2.6.yaml", "--type", "MX=T", "--ignore-win-sets", "--format", "json"}, func(t *testing.T, out string) {
			var v negotiate.RunView
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatal(err)
			}
			r := v.Ratification
			if r == nil || r.Respected || len(v.Package) == 0 || v.Package[0].IssueLabel != "Security cooperation" {
				t.Fatalf("run view %+v", v)
			}
			if joint := v.Package[0].Option == "S2_joint_MX_control"; joint != (len(r.Breaches) == 1) {
				t.Errorf("package %v, breaches %+v", v.Package, r.Breaches)
			}
		}},
		{"tournament md", []string{"tournament", tinyDir, "--agents", "Boulware,Conceder,MiCRO", "--reps", "2"}, func(t *testing.T, out string) {
			if !strings.Contains(out, "18 negotiations") || !strings.Contains(out, "| MiCRO |") {
				t.Errorf("unexpected\n%s", out)
			}
		}},
		{"tournament csv", []string{"tournament", "--scenario", tinyDomain + "," + tinyBuyer + "," + tinySeller, "--format", "csv", "--rotate"}, func(t *testing.T, out string) {
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1+9*2 || rows[0][11] != "pareto_optimality" {
				t.Errorf("%d rows, header %v", len(rows), rows[0])
			}
		}},
		{"tournament json", []string{"tournament", flagship, "--agents", "Linear,Aspiration", "--format", "json", "--workers", "2"}, func(t *testing.T, out string) {
			var v struct {
				Records []any `json:"negotiations"`
				Scores  []any `json:"scores"`
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatal(err)
			}
			if len(v.Records) != 4 || len(v.Scores) != 2 {
				t.Errorf("unexpected %s", out)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runNegotiate(t, tc.args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			tc.check(t, out)
		})
	}
}

func TestNegotiateCLIErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no profiles", []string{"analyze", tinyDomain}, "no profiles"},
		{"bad format", []string{"analyze", tinyDomain, tinyBuyer, "--format", "xls"}, "unknown format"},
		{"bad convention", []string{"analyze", tinyDomain, tinyBuyer, "--convention", "x"}, "unknown convention"},
		{"unknown agent", []string{"run", tinyDomain, tinyBuyer, tinySeller, "--agents", "Nobody,Linear"}, "unknown agent"},
		{"too many agents", []string{"run", tinyDomain, tinyBuyer, "--agents", "Linear,Linear"}, "only 1 profiles"},
		{"missing file", []string{"analyze", "nope.xml", tinyBuyer}, "no such file"},
		{"bad type", []string{"analyze", flagship, "--type", "MX"}, "PARTY=TYPE"},
		{"unknown type", []string{"analyze", flagship, "--type", "MX=Q"}, "no type"},
		{"no domains", []string{"tournament"}, "no domains"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runNegotiate(t, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// validateDocument checks that out, a command's JSON output, validates
// against the schema of the named document.
func validateDocument(t *testing.T, name string, out []byte) {
	t.Helper()
	s, err := schema.DocumentSchema(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := schematest.Validate(s, out); err != nil {
		t.Error(err)
	}
}

// TestNegotiateJSONDocuments validates every JSON output of tablero
// negotiate against its document's schema.
func TestNegotiateJSONDocuments(t *testing.T) {
	web := "../../negotiate/testdata/geniusweb/"
	tests := []struct {
		doc  string
		args []string
	}{
		{"negotiation-analysis", []string{"analyze", tinyDomain, tinyBuyer, tinySeller, "--format", "json"}},
		{"negotiation-analysis", []string{"analyze", tinyDomain, tinyBuyer, tinySeller, "--format", "json", "--search"}},
		{"negotiation-analysis", []string{"analyze", web + "picnic_domain.json", web + "picnic_alice.json", web + "picnic_bob.json", "--format", "json"}},
		{"negotiation-linkage", []string{"analyze", flagship, "--format", "json"}},
		{"negotiation-run", []string{"run", tinyDomain, tinyBuyer, tinySeller, "--format", "json", "--trace"}},
		{"negotiation-run", []string{"run", tinyDomain, tinyBuyer, tinySeller, "--format", "json", "--agents", "Hardliner,Hardliner", "--steps", "5"}},
		{"negotiation-run", []string{"run", flagship, "--format", "json"}},
		{"negotiation-tournament", []string{"tournament", tinyDir, "--format", "json", "--agents", "Linear,MiCRO,NaiveTitForTat"}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args[:2], " "), func(t *testing.T) {
			out, err := runNegotiate(t, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			validateDocument(t, tc.doc, []byte(out))
		})
	}
}
