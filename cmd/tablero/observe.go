package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/scenario"
)

func newObserve() *cobra.Command {
	var (
		format, until string
		sets          []string
		o             analysis.Options
		workers       int
	)
	cmd := &cobra.Command{
		Use:   "observe SCENARIO [OBSERVATIONS...]",
		Short: "Update a scenario's forecast on observations (files of them; none: the scenario's own) and show what moved",
		Long: `observe applies evidence to a scenario, which stays the prior: observed moves,
signposts and parameter measurements, from YAML/JSON files (a list, or a
document with an observations key; - reads stdin) or, with no file, the
scenario's own observations list. It re-solves and reports, beside the prior:
the posterior over every actor's types, the results and scenarios before and
after (with intervals under Monte Carlo), the effect of each observation in
turn, and the signposts still worth watching. --until DATE applies only the
observations dated up to DATE. --format json writes the whole analysis
document (as tablero analyze --observe would).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "md" && format != "markdown" && format != "json" {
				return fmt.Errorf("unknown format %q: expected md or json", format)
			}
			sc, err := analysis.Load(args[0])
			if err != nil {
				return err
			}
			if o.Overrides, err = parseSets(sets); err != nil {
				return err
			}
			specs := args[1:]
			if len(specs) == 0 {
				specs = []string{"all"}
			}
			if o.Observations, err = loadObservations(cmd.InOrStdin(), sc, specs, until); err != nil {
				return err
			}
			if len(o.Observations) == 0 {
				return fmt.Errorf("%s: no observations to apply", args[0])
			}
			res, err := analysis.Run(cmd.Context(), sc, o, analysis.Hooks{Workers: workers})
			if err != nil {
				return err
			}
			if format == "json" {
				return res.WriteJSON(cmd.OutOrStdout())
			}
			return res.EvidenceMarkdown(cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "md", "output format: md or json")
	f.StringVar(&until, "until", "", "apply only the observations dated up to this day (YYYY-MM-DD)")
	f.StringVar(&o.Mapping, "mapping", "", "outcome mapping to use (default: the scenario's first)")
	f.StringArrayVar(&sets, "set", nil, "override a parameter, as name=value (repeatable)")
	f.IntVar(&o.Draws, "draws", 1000, "Monte Carlo draws (0: the point estimate only)")
	f.Uint64Var(&o.Seed, "seed", 1, "master seed of the draws")
	f.IntVar(&workers, "workers", 0, "parallel workers (0: all cores; results do not depend on it)")
	return cmd
}

// loadObservations reads the observations specs name: "all" for the
// scenario's own, "-" for stdin, else a file; with until, only those dated
// up to that day.
func loadObservations(stdin io.Reader, sc *analysis.Scenario, specs []string, until string) ([]scenario.Observation, error) {
	if until != "" {
		if _, err := time.Parse(time.DateOnly, until); err != nil {
			return nil, fmt.Errorf("--until %q: expected a date YYYY-MM-DD", until)
		}
	}
	var out []scenario.Observation
	for _, spec := range specs {
		var obs []scenario.Observation
		switch spec {
		case "all":
			obs = sc.Doc.Observations
		default:
			var data []byte
			var err error
			if spec == "-" {
				data, err = io.ReadAll(io.LimitReader(stdin, scenario.MaxFileSize+1))
			} else {
				data, err = os.ReadFile(spec)
			}
			if err != nil {
				return nil, err
			}
			if obs, err = scenario.ParseObservations(spec, data); err != nil {
				return nil, err
			}
		}
		for _, x := range obs {
			if until == "" || x.Date <= until {
				out = append(out, x)
			}
		}
	}
	return out, nil
}
