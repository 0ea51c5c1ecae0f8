package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

const (
	flagshipTable = "../../scenarios/us-mexico-2025.yaml"
	ktabTable     = "../../forecast/testdata/three-actors-ktab.csv"
	eumTable      = "../../forecast/testdata/five-actors-eum.csv"
	xmlTable      = "../../forecast/testdata/three-actors.xml"
)

// runForecastCmd executes tablero forecast with args.
func runForecastCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newForecast()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func TestForecastModels(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{flagshipTable, "--model", "compromise", "--no-shocks"}, []string{"Model: **compromise**", "| **36.67** (between S1 and S2)"}},
		{[]string{flagshipTable, "--model", "median", "--no-shocks"}, []string{"Model: **median**", "**30**"}},
		{[]string{flagshipTable, "--model", "condorcet", "--no-shocks"}, []string{"Condorcet winner |", "| 30 |"}},
		{[]string{flagshipTable, "--model", "eum", "--preset", "paper", "--no-shocks"}, []string{"(preset paper)", "## Quad map", "## Explanation"}},
		{[]string{flagshipTable, "--draws", "20", "--shock-salience", "0.05", "--shock-drop", "0.1", "--seed", "3"}, []string{"Model: **smp**", "## Uncertainty", "20 draws (seed 3)"}},
		{[]string{flagshipTable, "--model", "compromise"}, []string{"500 draws (seed 2025): every number drawn uniformly within its stated range"}},
		{[]string{ktabTable, "--param", "VotingRule=PropCbc", "--param", "PCEModel=MarkovIncentive", "--rounds", "5"}, []string{"Three actors", "Tax", "Trade"}},
		{[]string{xmlTable, "--seed", "11"}, []string{"Model: **smp**"}},
		{[]string{eumTable, "--model", "eum", "--no-cycle-stop"}, []string{"10 rounds", "2-cycle from round 1", "| Centre | 60 ↔ 28.15 |"}},
		{[]string{eumTable, "--model", "eum", "--input-format", "eum-csv"}, []string{"3 rounds"}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args[1:], " "), func(t *testing.T) {
			out, err := runForecastCmd(t, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out[:min(len(out), 2000)])
				}
			}
		})
	}
}

func TestForecastJSONAndCSV(t *testing.T) {
	out, err := runForecastCmd(t, flagshipTable, "--format", "json", "--draws", "10")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Model    string
		Forecast []struct {
			Point       float64
			Probability float64
		} `json:"forecasts"`
		Sensitivity struct {
			Dimensions []struct{ Point struct{ N int } }
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Model != "smp" || len(doc.Forecast) != 1 || doc.Sensitivity.Dimensions[0].Point.N != 10 {
		t.Errorf("json %+v", doc)
	}
	out, err = runForecastCmd(t, ktabTable, "--model", "eum", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || rows[0][0] != "kind" || len(rows) < 10 {
		t.Errorf("csv %v %q", err, out)
	}
}

func TestForecastErrors(t *testing.T) {
	bad := t.TempDir() + "/bad.csv"
	if err := os.WriteFile(bad, []byte("S,D,2,1\nActor,Desc,Power,P,S\na,b,1,200,3\nc,d,1,2,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{flagshipTable, "--model", "oracle"}, `unknown model "oracle"`},
		{[]string{flagshipTable, "--model", "eum", "--preset", "bdm"}, `unknown EUM preset "bdm"`},
		{[]string{flagshipTable, "--format", "xml", "--no-shocks"}, `unknown format "xml"`},
		{[]string{flagshipTable, "--param", "VotingRule"}, "expected Name=Value"},
		{[]string{flagshipTable, "--param", "VotingRule=Loud"}, `unknown value "Loud"`},
		{[]string{ktabTable, "--draws", "5", "--shock-ranges"}, "states none"},
		{[]string{bad}, "bad.csv: ktab csv: line 3: position 1"},
		{[]string{"nope.csv"}, "no such file"},
		{[]string{eumTable, "--input-format", "excel"}, "unknown input format"},
		{[]string{}, "accepts 1 arg"},
	}
	for _, tc := range tests {
		if _, err := runForecastCmd(t, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestForecastJSONDocuments validates tablero forecast's JSON output for
// every model and input format against the forecast document's schema.
func TestForecastJSONDocuments(t *testing.T) {
	tests := [][]string{
		{flagshipTable, "--model", "compromise", "--draws", "5"},
		{flagshipTable, "--model", "median"},
		{flagshipTable, "--model", "condorcet", "--no-shocks"},
		{flagshipTable, "--model", "eum", "--preset", "paper", "--no-shocks"},
		{flagshipTable, "--draws", "5", "--shock-drop", "0.3"},
		{ktabTable, "--param", "VotingRule=PropCbc", "--rounds", "5"},
		{xmlTable, "--model", "eum"},
		{eumTable, "--model", "eum", "--no-cycle-stop"},
		{"../../forecast/testdata/three-actors-decide.tsv", "--model", "condorcet"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, err := runForecastCmd(t, append(args, "--format", "json")...)
			if err != nil {
				t.Fatal(err)
			}
			validateDocument(t, "forecast", []byte(out))
		})
	}
}
