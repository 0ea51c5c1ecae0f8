package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/estimate"
	"github.com/tablero-project/tablero/scenario"
)

const estimateData = "../../estimate/testdata/small.csv"

func TestEstimateText(t *testing.T) {
	out, err := run(t, "estimate", estimateData, "--formula", "esc + war ~ x | 0 | 1 | z")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"egame12 (probit link, agent noise)", "u1(~esc):x", "u2(esc,war):z", "log-likelihood:", "59 observations (1 left out", "warning: 1 rows with missing values"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestEstimateJSON validates the JSON document against its schema and
// checks its run record.
func TestEstimateJSON(t *testing.T) {
	out, err := run(t, "estimate", estimateData, "--formula", "esc + war ~ x | 0 | 1 | z", "--boot", "5", "--seed", "3", "--curve", "x", "--curve-points", "4", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	validateDocument(t, "estimate", []byte(out))
	var doc struct {
		Coefficients []struct {
			Name   string
			SE     *float64
			BootSE *float64 `json:"boot_se"`
		}
		Curve struct {
			Values []string
			Prob   [][]float64
		}
		Run struct {
			Kind string
			Seed *uint64
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Run.Kind != "estimate" || doc.Run.Seed == nil || *doc.Run.Seed != 3 {
		t.Errorf("run record %+v", doc.Run)
	}
	if len(doc.Curve.Values) != 4 || len(doc.Curve.Prob[3]) != 3 {
		t.Errorf("curve %+v", doc.Curve)
	}
	if len(doc.Coefficients) != 5 || doc.Coefficients[0].BootSE == nil {
		t.Errorf("coefficients %+v", doc.Coefficients)
	}
}

// TestEstimateParamsCompile writes the estimates as scenario parameters and
// checks that a scenario with them added compiles, each a normal
// distribution with the estimate and its SE.
func TestEstimateParamsCompile(t *testing.T) {
	params := filepath.Join(t.TempDir(), "params.yaml")
	if _, err := run(t, "estimate", estimateData, "--formula", "esc + war ~ x | 0 | 1 | z", "--params", params, "--prefix", "hist_"); err != nil {
		t.Fatal(err)
	}
	block, err := os.ReadFile(params)
	if err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile("../../scenario/testdata/deterrence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, items, ok := strings.Cut(string(block), "parameters:\n")
	if !ok {
		t.Fatalf("no parameters block:\n%s", block)
	}
	var indented strings.Builder
	for _, line := range strings.SplitAfter(items, "\n") {
		if line != "" {
			indented.WriteString("  " + line)
		}
	}
	text := strings.Replace(string(base), "parameters:\n", "parameters:\n"+indented.String(), 1)
	s, err := scenario.Parse("with-estimates.yaml", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if _, err := scenario.Compile(s); err != nil {
		t.Fatal(err)
	}
	var found int
	for _, p := range s.Parameters {
		if !strings.HasPrefix(p.ID, "hist_") {
			continue
		}
		found++
		d := p.Distribution
		if d == nil || d.Kind != "normal" || *d.Mean != p.Default || *d.SD <= 0 || p.Provenance != "literature" || !strings.Contains(p.Reference, "small.csv") || !strings.Contains(p.Reference, "esc + war ~ x | 0 | 1 | z") {
			t.Errorf("parameter %+v", p)
		}
	}
	if found != 5 {
		t.Errorf("%d estimated parameters in the scenario, want 5", found)
	}
}

func TestEstimateErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"estimate", estimateData}, "--formula is required"},
		{[]string{"estimate", estimateData, "-f", "esc + war ~ x | 0 | grp | z", "--max-iter", "2"}, "did not converge"},
		{[]string{"estimate", estimateData, "-f", "esc + war ~ x | 0 | 1 | z", "--boot-se"}, "--boot-se needs --boot"},
		{[]string{"estimate", estimateData, "-f", "esc + war ~ x | 0 | 1 | z", "--fixed-utils", "1,a"}, `"a" is not a number`},
		{[]string{"estimate", estimateData, "-f", "esc + war ~ x | 0 | 1 | z", "--format", "xml"}, "unknown format"},
		{[]string{"estimate", "nosuch.csv", "-f", "y ~ x"}, "nosuch.csv"},
		{[]string{"estimate", estimateData, "-f", "esc + war ~ x | 0 | 1 | z", "--budget", "1ns"}, "time budget ran out"},
	}
	for _, c := range cases {
		_, err := run(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}

// TestEstimateToScenario runs the path of docs/estimation.md: estimate a
// logit egame12, write its parameters into a scenario of the same tree, and
// analyse it: at the defaults the scenario's equilibrium (the agent logit
// QRE at λ = 1/√2) gives the outcome probabilities the fitted model
// predicts for the case, and the Monte Carlo varies the estimates.
func TestEstimateToScenario(t *testing.T) {
	const data = "../../estimate/testdata/crises.csv"
	block, err := run(t, "estimate", data, "--link", "logit", "--prefix", "h_", "-f", "esc + war ~ x | 0 | regime | z", "--params", "-")
	if err != nil {
		t.Fatal(err)
	}
	_, items, _ := strings.Cut(block, "parameters:\n")
	items, _, _ = strings.Cut(items, "egame12 (") // the summary follows the block
	var indented strings.Builder
	for _, line := range strings.SplitAfter(items, "\n") {
		if strings.TrimSpace(line) != "" {
			indented.WriteString("  " + line)
		}
	}
	base, err := os.ReadFile("../../estimate/testdata/escalation.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "calibrated.yaml")
	text := strings.Replace(string(base), "parameters:\n", "parameters:\n"+indented.String(), 1)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	want := predictCase(t, data)
	out, err := run(t, "analyze", path, "--format", "json", "--draws", "0")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scenarios []struct {
			Name        string
			Probability float64
			P05, P95    *float64
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Scenarios) != 3 {
		t.Fatalf("scenarios %+v", doc.Scenarios)
	}
	for k, sc := range doc.Scenarios {
		if math.Abs(sc.Probability-want[k]) > 1e-6 {
			t.Errorf("%s: scenario probability %.8f, fitted model %.8f", sc.Name, sc.Probability, want[k])
		}
	}
	out, err = run(t, "analyze", path, "--format", "json", "--draws", "200")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if w := doc.Scenarios[2]; w.P05 == nil || w.P95 == nil || *w.P95-*w.P05 < 0.01 {
		t.Errorf("the Monte Carlo does not vary the estimates: %+v", w)
	}
}

// predictCase fits the model with the library and predicts the case.
func predictCase(t *testing.T, path string) []float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := estimate.ReadCSV(f, "crises.csv")
	if err != nil {
		t.Fatal(err)
	}
	fit, err := estimate.Estimate(context.Background(), estimate.Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | regime | z", Link: estimate.Logit}, d, estimate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := estimate.ReadCSV(strings.NewReader("x,z,regime\n0.5,-0.3,dem\n"), "case")
	if err != nil {
		t.Fatal(err)
	}
	pred, err := fit.Predict(c)
	if err != nil {
		t.Fatal(err)
	}
	return pred.Outcome[0]
}
