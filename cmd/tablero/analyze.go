package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/internal/atomicfile"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/store"
)

func newAnalyze() *cobra.Command {
	var (
		format, drawsOut          string
		sets, observe, rangeFlags []string
		distFlags                 []string
		o                         analysis.Options
		workers                   int
		record                    bool
		sf                        storeFlags
		out                       output
	)
	cmd := &cobra.Command{
		Use:   "analyze SCENARIO",
		Short: "Solve a scenario and print its brief (Markdown; JSON, an HTML report or SVG charts with --format)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.check(format); err != nil {
				return err
			}
			sc, err := analysis.Load(args[0])
			if err != nil {
				return err
			}
			if o.Overrides, err = parseSets(sets); err != nil {
				return err
			}
			if o.Ranges, err = parseRanges(rangeFlags); err != nil {
				return err
			}
			if o.Dists, err = parseDists(distFlags); err != nil {
				return err
			}
			if o.Observations, err = loadObservations(cmd.InOrStdin(), sc, observe, ""); err != nil {
				return err
			}
			bar := progress(cmd.ErrOrStderr(), "draws")
			h := analysis.Hooks{Workers: workers, KeepRows: drawsOut != ""}
			if bar != nil {
				h.Progress = func(stage string, done, total int64) {
					if stage == "draws" && total > 0 {
						bar(done, total)
					}
				}
			}
			res, err := analysis.Run(cmd.Context(), sc, o, h)
			if err != nil {
				return err
			}
			for _, w := range res.Warnings() {
				fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s\n", w)
			}
			if drawsOut != "" {
				if err := writeDraws(drawsOut, res.Uncertainty); err != nil {
					return err
				}
			}
			if record {
				if err := recordRun(cmd, &sf, args[0], sc, res); err != nil {
					return err
				}
			}
			return out.write(cmd, res, sc.Model, format)
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "md", "output format: md, json, html (a self-contained report) or svg (the headline charts, into --out)")
	f.StringVar(&o.Mapping, "mapping", "", "outcome mapping to use (default: the scenario's first)")
	f.Float64Var(&o.Lambda, "lambda", 0, "override the QRE precision λ")
	f.StringArrayVar(&sets, "set", nil, "override a parameter or a multiplier of literal numbers (scores:sov), as name=value (repeatable); it is pinned in every draw too")
	f.StringArrayVar(&rangeFlags, "range", nil, "replace the uncertainty of a parameter or a multiplier of literal numbers (scores:sov) by a uniform draw over [lo, hi], as name=lo,hi (repeatable)")
	f.StringArrayVar(&distFlags, "dist", nil, "replace the uncertainty of a parameter or a multiplier of literal numbers (scores:sov; its draws must be ≥ 0) by a distribution, as name=normal(mu,sd), uniform(lo,hi), triangular(lo,mode,hi), pert(lo,mode,hi), lognormal(mu,sd), beta(a,b), fixed(v) or discrete(v:p,…) (repeatable)")
	f.StringVar(&o.Focus, "focus", "", "result or scenario whose sensitivity the brief details first (default: the scenario's solution.focus)")
	f.IntVar(&o.Budget, "budget", 0, "solver size budget (0: default)")
	f.StringArrayVar(&observe, "observe", nil, "apply observations: a file of them, - for stdin, or all (the scenario's own list); repeatable")
	f.IntVar(&o.Draws, "draws", 1000, "Monte Carlo draws over the uncertain parameters (0: none)")
	f.Uint64Var(&o.Seed, "seed", 1, "master seed of the draws")
	f.StringVar(&o.Sampling, "sampling", "mc", "sampling method: mc (Monte Carlo) or lhs (Latin hypercube)")
	f.IntVar(&workers, "workers", 0, "parallel workers (0: all cores; results do not depend on it)")
	f.StringSliceVar(&o.Sensitivity, "sensitivity", nil, "sensitivity analyses besides the tornado, which always runs: sobol, prim (comma-separated)")
	f.IntVar(&o.SobolN, "sobol-n", 0, "base sample of the Sobol analysis (0: 1024)")
	f.Float64Var(&o.PrimCase, "prim-case", 0, "PRIM: a draw is a case when P(focus result) reaches this (0: its 80th percentile)")
	f.StringVar(&drawsOut, "draws-out", "", "write every draw (parameters and outputs) to this CSV file")
	f.BoolVar(&record, "store", false, "record the run in the store (see --data, --db) for tablero runs and tablero serve")
	sf.add(cmd)
	out.add(cmd)
	return cmd
}

// recordRun stores the scenario and the finished run.
func recordRun(cmd *cobra.Command, sf *storeFlags, path string, sc *analysis.Scenario, res *analysis.Result) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	st, _, err := sf.open(cmd.Context())
	if err != nil {
		return err
	}
	defer st.Close()
	format := "yaml"
	if strings.EqualFold(filepath.Ext(path), ".json") {
		format = "json"
	}
	if _, _, err := st.PutScenario(cmd.Context(), &store.Scenario{ID: sc.Hash, Name: sc.Doc.ID, Title: sc.Doc.Title,
		Canonical: sc.Canonical, Source: src, Format: format, CreatedBy: "cli"}); err != nil {
		return err
	}
	var doc bytes.Buffer
	if err := res.WriteJSON(&doc); err != nil {
		return err
	}
	run, created, err := st.RecordRun(cmd.Context(), &store.Run{ID: store.NewRunID(), ScenarioID: sc.Hash, Kind: analysis.Kind,
		Hash: res.Run.Hash, Options: res.Run.Options, Status: store.Succeeded, Result: doc.Bytes(), SubmittedBy: "cli",
		CreatedAt: res.Run.StartedAt, StartedAt: res.Run.StartedAt, FinishedAt: res.Run.FinishedAt})
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(cmd.ErrOrStderr(), "tablero: recorded run %s\n", run.ID)
	} else {
		fmt.Fprintf(cmd.ErrOrStderr(), "tablero: the store already holds this computation as run %s\n", run.ID)
	}
	return st.Audit(cmd.Context(), &store.AuditEntry{Actor: "cli", Action: "run.record", Object: run.ID, Detail: path})
}

// writeDraws writes the Monte Carlo draws as CSV, atomically: a killed or
// failing run leaves the previous file, or none, never a truncated one.
func writeDraws(path string, u *draws.Uncertainty) error {
	if u == nil || u.Partial() == nil {
		return fmt.Errorf("--draws-out needs Monte Carlo draws (--draws > 0)")
	}
	return atomicfile.WriteFile(path, u.Partial().WriteRowsCSV, 0o644)
}

func loadModel(path string) (*scenario.Model, error) {
	s, err := scenario.Load(path)
	if err != nil {
		return nil, err
	}
	return scenario.Compile(s)
}

func parseRanges(flags []string) (map[string][]float64, error) {
	out := map[string][]float64{}
	for _, s := range flags {
		name, val, ok := strings.Cut(s, "=")
		lo, hi, ok2 := strings.Cut(val, ",")
		if !ok || !ok2 {
			return nil, fmt.Errorf("--range %q: expected name=lo,hi", s)
		}
		a, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
		b, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("--range %q: lo and hi must be numbers", s)
		}
		out[strings.TrimSpace(name)] = []float64{a, b}
	}
	return out, nil
}

func parseDists(flags []string) (map[string]scenario.Distribution, error) {
	out := map[string]scenario.Distribution{}
	for _, s := range flags {
		name, val, ok := strings.Cut(s, "=")
		if !ok {
			return nil, fmt.Errorf("--dist %q: expected name=kind(arguments), e.g. rho=normal(0.3,0.05)", s)
		}
		d, err := analysis.ParseDist(val)
		if err != nil {
			return nil, fmt.Errorf("--dist %q: %w", s, err)
		}
		out[strings.TrimSpace(name)] = d
	}
	return out, nil
}

func parseSets(sets []string) (scenario.Values, error) {
	v := scenario.Values{}
	for _, s := range sets {
		name, val, ok := strings.Cut(s, "=")
		if !ok {
			return nil, fmt.Errorf("--set %q: expected name=value", s)
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			return nil, fmt.Errorf("--set %q: %q is not a number", s, val)
		}
		v[strings.TrimSpace(name)] = x
	}
	return v, nil
}

func writeResult(w io.Writer, r *analysis.Result, format string) error {
	switch format {
	case "md", "markdown":
		return r.Markdown(w)
	case "json":
		return r.WriteJSON(w)
	}
	return fmt.Errorf("unknown format %q: expected md or json", format)
}
