package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/internal/atomicfile"
	"github.com/tablero-project/tablero/report"
	"github.com/tablero-project/tablero/scenario"
)

// formats are the output formats of tablero analyze.
var formats = []string{"md", "markdown", "json", "html", "svg"}

// output is where tablero analyze writes: standard output, a file, or (for
// SVG, one file per chart) a directory.
type output struct{ path string }

func (o *output) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.path, "out", "", "write to this file instead of standard output (md, json, html), or into this directory, one file per chart (svg)")
}

// check refuses an unknown format, and SVG without a directory, before
// any work is done.
func (o *output) check(format string) error {
	if !slices.Contains(formats, format) {
		return fmt.Errorf("unknown format %q: expected md, json, html or svg", format)
	}
	if format == "svg" && o.path == "" {
		return fmt.Errorf("--format svg writes one file per chart: name a directory with --out")
	}
	return nil
}

// write writes the result in format to the output; m, the scenario's
// model (nil: unknown), adds the game tree to the report and the charts.
func (o *output) write(cmd *cobra.Command, r *analysis.Result, m *scenario.Model, format string) error {
	if format == "svg" {
		return writeCharts(cmd, r, m, o.path, nil)
	}
	write := func(w io.Writer) error {
		if format == "html" {
			return report.Write(w, r, m)
		}
		return writeResult(w, r, format)
	}
	if o.path == "" {
		return write(cmd.OutOrStdout())
	}
	return atomicfile.WriteFile(o.path, write, 0o644)
}

// writeCharts writes the headline charts of r (those named in only, or
// all) as SVG files into dir, creating it if need be, and lists them on
// standard error.
func writeCharts(cmd *cobra.Command, r *analysis.Result, m *scenario.Model, dir string, only []string) error {
	figs, err := report.Figures(r, m)
	if err != nil {
		return err
	}
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	for _, n := range only {
		if !slices.Contains(names, n) {
			return fmt.Errorf("no chart %q in this result: it has %s", n, strings.Join(names, ", "))
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range figs {
		if len(only) > 0 && !slices.Contains(only, f.Name) {
			continue
		}
		path := filepath.Join(dir, f.Name+".svg")
		if err := atomicfile.WriteFile(path, f.Chart.WriteSVG, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "tablero: wrote %s\n", path)
	}
	return nil
}

func newPlot() *cobra.Command {
	var (
		out, format, path string
		only              []string
	)
	cmd := &cobra.Command{
		Use:   "plot RESULT.json",
		Short: "Draw the headline charts of an analysis result (tablero analyze --format json) as SVG files, or its HTML report",
		Long: `plot reads the JSON document of an analysis (tablero analyze --format json,
or GET /v1/runs/{id}/result) and, without computing anything again, writes
its headline charts as SVG files into the directory --out (results,
scenarios, distributions, tornado, sobol, costs, negotiation: those the
result has data for; tree with --scenario), or with --format html its
self-contained report.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "svg" && format != "html" {
				return fmt.Errorf("unknown format %q: expected svg or html", format)
			}
			if format == "svg" && out == "" {
				return fmt.Errorf("plot writes one SVG file per chart: name a directory with --out")
			}
			r, err := readResult(args[0])
			if err != nil {
				return err
			}
			m, err := resultModel(path, r)
			if err != nil {
				return err
			}
			if format == "html" {
				o := output{path: out}
				return o.write(cmd, r, m, "html")
			}
			return writeCharts(cmd, r, m, out, only)
		},
	}
	f := cmd.Flags()
	f.StringVar(&out, "out", "", "directory for the SVG files (svg), or the HTML file (html; default: standard output)")
	f.StringVar(&format, "format", "svg", "svg (one file per chart) or html (the report)")
	f.StringSliceVar(&only, "chart", nil, "only these charts (comma-separated; default: all the result has)")
	f.StringVar(&path, "scenario", "", "the scenario file of the result, to draw the game tree too (it must have the result's input hash)")
	return cmd
}

// resultModel loads the scenario at path (none: nil) and checks that r
// was computed from it.
func resultModel(path string, r *analysis.Result) (*scenario.Model, error) {
	if path == "" {
		return nil, nil
	}
	sc, err := analysis.Load(path)
	if err != nil {
		return nil, err
	}
	if sc.Hash != r.Run.InputHash {
		return nil, fmt.Errorf("--scenario %s: its hash %s is not the result's input hash %s: the result was computed from another scenario (or version)", path, sc.Hash, r.Run.InputHash)
	}
	return sc.Model, nil
}

// readResult reads an analysis result document.
func readResult(path string) (*analysis.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r analysis.Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: not an analysis result (tablero analyze --format json): %w", path, err)
	}
	if r.Brief == nil || r.Run.Kind != analysis.Kind {
		return nil, fmt.Errorf("%s: not an analysis result (tablero analyze --format json): no run of kind %q", path, analysis.Kind)
	}
	return &r, nil
}
