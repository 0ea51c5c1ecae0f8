package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const deterrence = "../../analysis/testdata/deterrence.yaml"

func TestAnalyzeHTML(t *testing.T) {
	out, err := run(t, "analyze", deterrence, "--draws", "32", "--format", "html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", `<figure id="fig-results">`, `<figure id="fig-tornado">`, `<figure id="fig-tree">`, "--draws 32 --seed 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	path := filepath.Join(t.TempDir(), "brief.html")
	out2, err := run(t, "analyze", deterrence, "--draws", "32", "--format", "html", "--out", path)
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(path)
	if err != nil || out2 != "" {
		t.Fatalf("--out: %v, standard output %q", err, out2)
	}
	// The same report but for the run's times.
	if n := strings.Count(string(file), "\n"); n != strings.Count(out, "\n") || !strings.Contains(string(file), `<figure id="fig-costs">`) {
		t.Errorf("the file has %d lines, standard output %d", n, strings.Count(out, "\n"))
	}
}

// svgFiles returns the names of the SVG files in dir, checking that each
// is well-formed XML.
func svgFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(data, new(struct{})); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
		names = append(names, strings.TrimSuffix(e.Name(), ".svg"))
	}
	slices.Sort(names)
	return names
}

func TestAnalyzeSVG(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "charts")
	if _, err := run(t, "analyze", deterrence, "--draws", "32", "--format", "svg", "--out", dir); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(svgFiles(t, dir), " ")
	if want := "costs distributions results scenarios tornado tree"; got != want {
		t.Errorf("charts %s, want %s", got, want)
	}
}

func TestPlot(t *testing.T) {
	tmp := t.TempDir()
	doc := filepath.Join(tmp, "brief.json")
	if _, err := run(t, "analyze", deterrence, "--draws", "0", "--format", "json", "--out", doc); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "all")
	if _, err := run(t, "plot", doc, "--out", dir); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(svgFiles(t, dir), " "); got != "costs results scenarios tornado" {
		t.Errorf("charts %s (no draws: no distributions)", got)
	}
	dir = filepath.Join(tmp, "some")
	if _, err := run(t, "plot", doc, "--out", dir, "--chart", "tornado,results"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(svgFiles(t, dir), " "); got != "results tornado" {
		t.Errorf("charts %s, want results and tornado", got)
	}
	html, err := run(t, "plot", doc, "--format", "html")
	if err != nil || !strings.Contains(html, `<figure id="fig-tornado">`) || strings.Contains(html, `<figure id="fig-tree">`) {
		t.Errorf("plot --format html: %v", err)
	}
	html, err = run(t, "plot", doc, "--format", "html", "--scenario", deterrence)
	if err != nil || !strings.Contains(html, `<figure id="fig-tree">`) {
		t.Errorf("plot --format html --scenario: %v", err)
	}
}

func TestReportErrors(t *testing.T) {
	tmp := t.TempDir()
	notResult := filepath.Join(tmp, "x.json")
	os.WriteFile(notResult, []byte(`{"id": "x"}`), 0o644)
	broken := filepath.Join(tmp, "y.json")
	os.WriteFile(broken, []byte(`{"run": `), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"analyze", deterrence, "--format", "pdf"}, `unknown format "pdf": expected md, json, html or svg`},
		{[]string{"analyze", deterrence, "--format", "svg"}, "name a directory with --out"},
		{[]string{"plot", notResult, "--out", tmp}, "not an analysis result"},
		{[]string{"plot", broken, "--out", tmp}, "y.json: not an analysis result"},
		{[]string{"plot", filepath.Join(tmp, "none.json"), "--out", tmp}, "none.json"},
		{[]string{"plot", notResult, "--format", "png"}, `unknown format "png"`},
	} {
		_, err := run(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
	doc := filepath.Join(tmp, "brief.json")
	if _, err := run(t, "analyze", deterrence, "--draws", "0", "--format", "json", "--out", doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plot", doc}, "name a directory with --out"},
		{[]string{"plot", doc, "--out", tmp, "--chart", "sobol"}, `no chart "sobol" in this result: it has results, scenarios, tornado, costs`},
		{[]string{"plot", doc, "--out", tmp, "--scenario", "../../scenarios/us-mexico-2025.yaml"}, "is not the result's input hash"},
	} {
		_, err := run(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}
