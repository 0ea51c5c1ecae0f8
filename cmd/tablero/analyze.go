package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/scenario"
)

func newAnalyze() *cobra.Command {
	var (
		format, mapping string
		lambda          float64
		sets            []string
		budget          int
		sampling        brief.Sampling
		drawsOut        string
	)
	cmd := &cobra.Command{
		Use:   "analyze SCENARIO",
		Short: "Solve a scenario and print its brief (Markdown, or JSON with --format json)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "md" && format != "markdown" && format != "json" {
				return fmt.Errorf("unknown format %q: expected md or json", format)
			}
			m, err := loadModel(args[0])
			if err != nil {
				return err
			}
			values, err := parseSets(sets)
			if err != nil {
				return err
			}
			opt := brief.Options{Mapping: mapping, Values: values, Lambda: lambda, Budget: budget}
			b, err := brief.Build(cmd.Context(), m, opt)
			if err != nil {
				return err
			}
			sampling.KeepRows = drawsOut != ""
			sampling.Progress = progress(cmd.ErrOrStderr(), "draws")
			if err := b.Analyse(cmd.Context(), m, opt, sampling); err != nil {
				return err
			}
			if drawsOut != "" {
				if err := writeDraws(drawsOut, b.Uncertainty); err != nil {
					return err
				}
			}
			return writeBrief(cmd.OutOrStdout(), b, format)
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "md", "output format: md or json")
	f.StringVar(&mapping, "mapping", "", "outcome mapping to use (default: the scenario's first)")
	f.Float64Var(&lambda, "lambda", 0, "override the QRE precision λ")
	f.StringArrayVar(&sets, "set", nil, "override a parameter, as name=value (repeatable)")
	f.IntVar(&budget, "budget", 0, "solver size budget (0: default)")
	f.IntVar(&sampling.Draws, "draws", 1000, "Monte Carlo draws over the uncertain parameters (0: none)")
	f.Uint64Var(&sampling.Seed, "seed", 1, "master seed of the draws")
	f.StringVar(&sampling.Method, "sampling", "mc", "sampling method: mc (Monte Carlo) or lhs (Latin hypercube)")
	f.IntVar(&sampling.Workers, "workers", 0, "parallel workers (0: all cores; results do not depend on it)")
	f.StringSliceVar(&sampling.Sensitivity, "sensitivity", nil, "sensitivity analyses besides the tornado, which always runs: sobol, prim (comma-separated)")
	f.IntVar(&sampling.SobolN, "sobol-n", 0, "base sample of the Sobol analysis (0: 1024)")
	f.Float64Var(&sampling.PrimCase, "prim-case", 0, "PRIM: a draw is a case when P(focus result) reaches this (0: its 80th percentile)")
	f.StringVar(&drawsOut, "draws-out", "", "write every draw (parameters and outputs) to this CSV file")
	return cmd
}

// writeDraws writes the Monte Carlo draws as CSV.
func writeDraws(path string, u *brief.Uncertainty) error {
	if u == nil || u.Partial() == nil {
		return fmt.Errorf("--draws-out needs Monte Carlo draws (--draws > 0)")
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := u.Partial().WriteRowsCSV(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func loadModel(path string) (*scenario.Model, error) {
	s, err := scenario.Load(path)
	if err != nil {
		return nil, err
	}
	return scenario.Compile(s)
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

func writeBrief(w io.Writer, b *brief.Brief, format string) error {
	switch format {
	case "md", "markdown":
		return b.Markdown(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(b)
	}
	return fmt.Errorf("unknown format %q: expected md or json", format)
}
