// Package report writes the brief of an analysis as one self-contained
// HTML file — executive summary, charts and tables, inline CSS and inline
// SVG, no script and no network access — for sending by e-mail or
// printing, and the headline charts as SVG files for documents.
//
// It renders nothing itself: Figures turns a result into plain chart
// data for package chart, and the page is an html/template.
package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/chart"
	"github.com/tablero-project/tablero/scenario"
)

//go:embed report.html.tmpl
var pageSource string

// page is the parsed report template, parsed on first use rather than
// at start-up of every tablero process.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"pct":        chart.Percent,
		"num":        func(x float64) string { return chart.Number(x, 4) },
		"interval":   interval,
		"spread":     spread,
		"join":       strings.Join,
		"actor":      actorType,
		"deref":      func(x *float64) float64 { return *x },
		"deref_bool": func(x *bool) bool { return *x },
		"mover":      mover,
	}).Parse(pageSource))
})

// view is what the template reads.
type view struct {
	*analysis.Result
	Summary brief.Summary
	Figures map[string]*figureView
	// Options is the run's canonical options, indented; Command the CLI
	// call that repeats the run.
	Options string
	Command string
}

// figureView is one chart, rendered.
type figureView struct {
	ID    string
	SVG   template.HTML
	Table chart.Table
}

// Write writes the HTML report of r to w; m, the compiled scenario of the
// run (nil: unknown), adds the game tree.
func Write(w io.Writer, r *analysis.Result, m *scenario.Model) error {
	if r == nil || r.Brief == nil {
		return fmt.Errorf("report: no result to report")
	}
	figs, err := Figures(r, m)
	if err != nil {
		return err
	}
	v := view{Result: r, Summary: brief.Summarize(r.Brief), Figures: map[string]*figureView{}}
	for _, f := range figs {
		// The chart package escapes every text it writes.
		v.Figures[f.Name] = &figureView{ID: f.Name, SVG: template.HTML(chart.SVG(f.Chart)), Table: f.Chart.Data()}
	}
	var o analysis.Options
	if len(r.Run.Options) > 0 {
		if err := json.Unmarshal(r.Run.Options, &o); err != nil {
			return fmt.Errorf("report: the run's options: %w", err)
		}
		var ind bytes.Buffer
		json.Indent(&ind, r.Run.Options, "", "  ")
		v.Options = ind.String()
	}
	v.Command = Command(r.ID+".yaml", o)
	var buf bytes.Buffer
	if err := page().Execute(&buf, v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Command returns the tablero analyze call that repeats a run with
// options o on the scenario file path.
func Command(path string, o analysis.Options) string {
	args := []string{"tablero", "analyze", path}
	add := func(flag, value string) { args = append(args, "--"+flag, value) }
	if o.Mapping != "" {
		add("mapping", o.Mapping)
	}
	add("draws", fmt.Sprint(o.Draws))
	add("seed", fmt.Sprint(o.Seed))
	if o.Sampling != "" && o.Sampling != "mc" {
		add("sampling", o.Sampling)
	}
	if o.Lambda > 0 {
		add("lambda", exact(o.Lambda))
	}
	if len(o.Sensitivity) > 0 {
		add("sensitivity", strings.Join(o.Sensitivity, ","))
	}
	if o.SobolN > 0 {
		add("sobol-n", fmt.Sprint(o.SobolN))
	}
	if o.PrimCase > 0 {
		add("prim-case", exact(o.PrimCase))
	}
	if o.Budget > 0 {
		add("budget", fmt.Sprint(o.Budget))
	}
	var names []string
	for k := range o.Overrides {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		add("set", k+"="+exact(o.Overrides[k]))
	}
	return strings.Join(args, " ")
}

// interval is "74%–76%", or empty without one.
func interval(p brief.Prob) string {
	if p.Low == nil || p.High == nil {
		return ""
	}
	return chart.Percent(*p.Low) + "–" + chart.Percent(*p.High)
}

// spread is the 5th–95th percentile range, or empty.
func spread(p brief.Prob) string {
	if p.P05 == nil || p.P95 == nil {
		return ""
	}
	return chart.Percent(*p.P05) + "–" + chart.Percent(*p.P95)
}

// exact formats x so that it parses back to the same float64.
func exact(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
