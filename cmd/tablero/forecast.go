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
	o, err := forecastOptions(t, f)
	if err != nil {
		return err
	}
	res, err := forecast.Run(cmd.Context(), t, o)
	if err != nil {
		return err
	}
	if o.Model == forecast.ModelEUM {
		res.Preset = f.preset
	}
	sh, ok := shocksFor(spec, f)
	var sens *forecast.Sensitivity
	if ok {
		if sens, err = forecast.RunSensitivity(cmd.Context(), t, o, sh); err != nil {
			return err
		}
	}
	return writeForecast(cmd.OutOrStdout(), f.format, res, sens)
}

// loadTable reads FILE; for YAML it also returns the Spec (for its shocks).
func loadTable(path, format string) (*forecast.Table, *forecast.Spec, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if format == forecast.FormatYAML || (format == "" && (ext == ".yaml" || ext == ".yml")) {
		s, err := forecast.LoadSpec(path)
		if err != nil {
			return nil, nil, err
		}
		t, err := s.Table()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		return t, s, nil
	}
	if format == "" {
		t, err := forecast.ReadFile(path)
		return t, nil, err
	}
	t, err := readWithFormat(path, format)
	return t, nil, err
}

func readWithFormat(path, format string) (*forecast.Table, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	t, err := forecast.Read(file, format)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// forecastOptions builds the model options from the flags and the table.
func forecastOptions(t *forecast.Table, f forecastFlags) (forecast.Options, error) {
	o := forecast.Options{Model: f.model}
	switch f.model {
	case forecast.ModelEUM:
		e, err := forecast.EUMPreset(f.preset)
		if err != nil {
			return o, err
		}
		if f.rounds > 0 {
			e.Rounds = f.rounds
		}
		e.StopOnCycle = e.StopOnCycle && !f.noCycleStop
		o.EUM = e
	case forecast.ModelSMP:
		o.SMP = forecast.DefaultSMPOptions()
		if t.SMP != nil {
			o.SMP = *t.SMP
		}
		for _, p := range f.params {
			name, value, ok := strings.Cut(p, "=")
			if !ok {
				return o, fmt.Errorf("--param %q: expected Name=Value", p)
			}
			if err := o.SMP.Set(strings.TrimSpace(name), strings.TrimSpace(value)); err != nil {
				return o, fmt.Errorf("--param: %w", err)
			}
		}
		if f.rounds > 0 {
			o.SMP.MaxTurns = f.rounds
		}
		if f.seedSet {
			o.SMP.Seed = f.seed
		}
	case forecast.ModelCompromise, forecast.ModelMedian, forecast.ModelCondorcet:
	default:
		return o, fmt.Errorf("unknown model %q (want %s)", f.model, strings.Join(forecast.Models, ", "))
	}
	return o, nil
}

// shocksFor returns the sensitivity analysis to run, if any: the flags'
// when --draws is set, else the file's shocks block.
func shocksFor(spec *forecast.Spec, f forecastFlags) (forecast.Shocks, bool) {
	if f.noShocks {
		return forecast.Shocks{}, false
	}
	if f.draws > 0 {
		sh := f.shocks
		sh.Draws, sh.Seed = f.draws, f.seed
		return sh, true
	}
	if spec != nil && spec.Shocks != nil {
		sh := *spec.Shocks
		if f.seedSet {
			sh.Seed = f.seed
		}
		return sh, true
	}
	return forecast.Shocks{}, false
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
