package main

import (
	"encoding/json"
	"fmt"
	"io"
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
	)
	cmd := &cobra.Command{
		Use:   "analyze SCENARIO",
		Short: "Solve a scenario and print its brief (Markdown, or JSON with --format json)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := loadModel(args[0])
			if err != nil {
				return err
			}
			values, err := parseSets(sets)
			if err != nil {
				return err
			}
			b, err := brief.Build(cmd.Context(), m, brief.Options{Mapping: mapping, Values: values, Lambda: lambda, Budget: budget})
			if err != nil {
				return err
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
	return cmd
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
