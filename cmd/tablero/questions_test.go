package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/score"
)

const questionSet = "../../score/testdata/questions.json"

func scoresOf(t *testing.T, data string) score.Report {
	t.Helper()
	out, err := run(t, "questions", "scores", "--data", data, "--format", "json", "--bins", "5")
	if err != nil {
		t.Fatal(err)
	}
	var rep score.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return rep
}

// Import, score, export as CSV, import the CSV elsewhere: the same scores
// (those of score's hand-computed test set).
func TestQuestionsImportExport(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if out, err := run(t, "questions", "import", questionSet, "--data", a); err != nil || !strings.Contains(out, "imported 5 questions, 7 forecasts") {
		t.Fatalf("import: %v %s", err, out)
	}
	rep := scoresOf(t, a)
	if rep.Overall.Questions != 3 || math.Abs(rep.Overall.Brier-2.86/3) > 1e-12 || math.Abs(rep.Overall.TimeAveragedBrier-2.98/3) > 1e-12 {
		t.Fatalf("scores %+v", rep.Overall)
	}
	qcsv, fcsv := filepath.Join(b, "q.csv"), filepath.Join(b, "f.csv")
	if _, err := run(t, "questions", "export", "--data", a, "--format", "csv", "-o", qcsv, "--forecasts-out", fcsv); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "questions", "import", qcsv, "--forecasts", fcsv, "--data", b); err != nil || !strings.Contains(out, "imported 5 questions, 7 forecasts") {
		t.Fatalf("import CSV: %v %s", err, out)
	}
	again := scoresOf(t, b)
	ja, _ := json.Marshal(rep)
	jb, _ := json.Marshal(again)
	if string(ja) != string(jb) {
		t.Errorf("scores after a CSV round trip:\n%s\nwant\n%s", jb, ja)
	}
	out, err := run(t, "questions", "scores", "--data", a)
	if err != nil || !strings.Contains(out, "q1") || !strings.Contains(out, "0.2600") || !strings.Contains(out, "Calibration") {
		t.Errorf("text scores: %v\n%s", err, out)
	}
	// Importing again: the questions exist.
	if _, err := run(t, "questions", "import", questionSet, "--data", a); err == nil || !strings.Contains(err.Error(), "conflict") {
		t.Errorf("import twice: %v", err)
	}
}

// A bad file is refused with its location, and nothing is stored.
func TestQuestionsImportBad(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "q.csv")
	os.WriteFile(bad, []byte(strings.Join(score.QuestionColumns, ",")+"\nq1,,ok,c,2026-01-01,a|b,,,,,\nq2,,bad,c,2026-01-01,a|b,,,c,2026-01-02,\n"), 0o644)
	_, err := run(t, "questions", "import", bad, "--data", dir)
	if err == nil || !strings.Contains(err.Error(), "q.csv:3:") {
		t.Fatalf("bad import: %v", err)
	}
	out, err := run(t, "questions", "list", "--data", dir)
	if err != nil || strings.Contains(out, "q1") {
		t.Fatalf("a refused import stored questions: %v\n%s", err, out)
	}
}

// A question about the flagship's results, a run's forecast, the
// resolution.
func TestQuestionsOfARun(t *testing.T) {
	dir := t.TempDir()
	if _, err := run(t, "analyze", "../../scenarios/us-mexico-2025.yaml", "--draws", "0", "--store", "--data", dir, "--format", "json"); err != nil {
		t.Fatal(err)
	}
	list, err := run(t, "runs", "list", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	runID := regexp.MustCompile(`run_[a-z0-9]+`).FindString(list)
	show, _ := run(t, "runs", "show", runID, "--data", dir)
	scenarioID := regexp.MustCompile(`sha256:[0-9a-f]{64}`).FindString(show)
	if runID == "" || scenarioID == "" {
		t.Fatalf("no stored run:\n%s\n%s", list, show)
	}
	if out, err := run(t, "questions", "add", "--data", dir, "--id", "ending", "--scenario", scenarioID, "--statement", "How does it end?",
		"--close", "2030-01-01"); err != nil || !strings.Contains(out, "question ending") {
		t.Fatalf("add: %v %s", err, out)
	}
	if out, err := run(t, "questions", "forecast", "ending", "--run", runID, "--data", dir); err != nil || !strings.Contains(out, "recorded") {
		t.Fatalf("forecast: %v %s", err, out)
	}
	if _, err := run(t, "questions", "forecast", "ending", "--p", "nope=1", "--data", dir); err == nil || !strings.Contains(err.Error(), `"nope" is not one of its options`) {
		t.Errorf("bad forecast: %v", err)
	}
	set, _ := run(t, "questions", "export", "--data", dir)
	var s score.Set
	json.Unmarshal([]byte(set), &s)
	if len(s.Questions) != 1 || len(s.Forecasts) != 1 {
		t.Fatalf("export %s", set)
	}
	outcome := s.Questions[0].Options[0]
	if out, err := run(t, "resolve", "ending", outcome, "--at", "2029-01-01", "--data", dir); err != nil || !strings.Contains(out, "resolved: "+outcome) {
		t.Fatalf("resolve: %v %s", err, out)
	}
	rep := scoresOf(t, dir)
	p := make([]float64, len(s.Questions[0].Options))
	for i, o := range s.Questions[0].Options {
		p[i] = s.Forecasts[0].Probabilities[o]
	}
	if len(rep.Questions) != 1 || math.Abs(rep.Questions[0].Brier-score.Brier(p, 0)) > 1e-12 {
		t.Errorf("scores %+v", rep.Questions)
	}
}
