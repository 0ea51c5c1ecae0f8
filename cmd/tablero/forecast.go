package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/forecast"
)

// forecastFlags are the options of tablero forecast.
type forecastFlags struct {
	model, preset, format, input string
	rounds                       int
	seed                         uint64
	seedSet                      bool
	params                       []string
	draws                        int
	shocks                       forecast.Shocks
	noShocks                     bool
	noCycleStop                  bool
}

func newForecast() *cobra.Command {
	var f forecastFlags
	cmd := &cobra.Command{
		Use:   "forecast FILE",
		Short: "Forecast where a negotiation settles from a stakeholder table (baselines, EUM, KTAB SMP)",
		Long: `Forecast where a multi-stakeholder negotiation settles, from a stakeholder
table: each actor's position on each issue scale, its salience and its
capability.

FILE is a KTAB CSV or XML scenario, a one-issue EUM CSV
(Actor,Capability,Position,Salience), a Decide exchange-model input, or a
YAML file holding a stakeholders: block (a scenario file, or the block alone).

Models:
  compromise  capability·salience-weighted mean (the compromise model)
  median      weighted median
  condorcet   Condorcet winner among the positions (ties and cycles reported)
  eum         Bueno de Mesquita's expected-utility model as reconstructed by
              Scholz et al.; --preset scholz-code (the public replication),
              paper (printed probability formula, capitulation fixed) or
              paper-strict (every printed equation)
  smp         KAPSARC's KTAB Spatial Model of Politics; set its parameters
              with --param Name=Value (KTAB's names, e.g. VotingRule=PropCbc)

With --draws N (or a shocks: block in a YAML file) the forecast is rerun on N
perturbed tables and reported with percentile intervals.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f.seedSet = cmd.Flags().Changed("seed")
			return runForecast(cmd, args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.model, "model", "m", forecast.ModelSMP, "compromise, median, condorcet, eum or smp")
	fl.StringVar(&f.preset, "preset", "scholz-code", "eum: scholz-code, paper or paper-strict")
	fl.StringVar(&f.format, "format", "md", "output format: md, json or csv")
	fl.StringVar(&f.input, "input-format", "", "ktab-csv, ktab-xml, eum-csv, decide or yaml (default: detect)")
	fl.IntVar(&f.rounds, "rounds", 0, "eum: rounds (default 10); smp: maximum turns (default 100)")
	fl.Uint64Var(&f.seed, "seed", 0, "smp: seed of the stochastic mode; shocks: seed of the draws")
	fl.StringArrayVarP(&f.params, "param", "p", nil, "smp: model parameter Name=Value (repeatable)")
	fl.BoolVar(&f.noCycleStop, "no-cycle-stop", false, "eum: run all rounds even when positions repeat")
	fl.IntVar(&f.draws, "draws", 0, "sensitivity: number of perturbed tables (0: the file's shocks block, if any)")
	fl.BoolVar(&f.noShocks, "no-shocks", false, "skip the sensitivity analysis of a file's shocks block")
	fl.BoolVar(&f.shocks.Ranges, "shock-ranges", false, "sensitivity: draw every number within its stated range (YAML input)")
	fl.Float64Var(&f.shocks.Salience, "shock-salience", 0, "sensitivity: sd of salience noise (0–1 scale)")
	fl.Float64Var(&f.shocks.Capability, "shock-capability", 0, "sensitivity: sd of log-normal capability noise")
	fl.Float64Var(&f.shocks.Position, "shock-position", 0, "sensitivity: sd of position noise, as a fraction of the scale")
	fl.Float64Var(&f.shocks.Drop, "shock-drop", 0, "sensitivity: probability of dropping each actor")
	return cmd
}

func runForecast(cmd *cobra.Command, path string, f forecastFlags) error {
	t, spec, err := loadTable(path, f.input)
	if err != nil {
		return err
	}
	q, err := forecastRequest(f)
	if err != nil {
		return err
	}
	rec, err := cliRecord(cmd, "forecast", []string{path})
	if err != nil {
		return err
	}
	res, sens, err := forecast.RunRequest(cmd.Context(), t, spec, q)
	if err != nil {
		return err
	}
	if f.format == "json" {
		rep := forecast.NewReport(res, sens)
		rep.Run = stamped(rec)
		return writeJSON(cmd.OutOrStdout(), rep)
	}
	return writeForecast(cmd.OutOrStdout(), f.format, res, sens)
}

// loadTable reads FILE in the given format, else the one its extension
// (.xml, .yaml, .yml) or its content says; for YAML it also returns the
// Spec (for its shocks).
func loadTable(path, format string) (*forecast.Table, *forecast.Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	if format == "" {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".xml":
			format = forecast.FormatKTABXML
		case ".yaml", ".yml":
			format = forecast.FormatYAML
		}
	}
	t, spec, err := forecast.Parse(format, data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, spec, nil
}

// forecastRequest turns the flags into a forecast request.
func forecastRequest(f forecastFlags) (forecast.Request, error) {
	q := forecast.Request{Model: f.model, Preset: f.preset, Rounds: f.rounds, NoCycleStop: f.noCycleStop, NoShocks: f.noShocks}
	for _, p := range f.params {
		name, value, ok := strings.Cut(p, "=")
		if !ok {
			return q, fmt.Errorf("--param %q: expected Name=Value", p)
		}
		if q.Params == nil {
			q.Params = map[string]string{}
		}
		q.Params[strings.TrimSpace(name)] = value
	}
	if f.seedSet {
		q.Seed = &f.seed
	}
	if f.draws > 0 {
		sh := f.shocks
		sh.Draws, sh.Seed = f.draws, f.seed
		q.Shocks = &sh
	}
	return q, nil
}

func writeForecast(w io.Writer, format string, res *forecast.Result, sens *forecast.Sensitivity) error {
	switch format {
	case "md", "markdown":
		return forecast.WriteMarkdown(w, res, sens)
	case "json":
		return forecast.WriteJSON(w, res, sens)
	case "csv":
		return forecast.WriteCSV(w, res, sens)
	}
	return fmt.Errorf("unknown format %q (want md, json or csv)", format)
}
