package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/scenario"
)

func newObserve() *cobra.Command {
	var (
		format, until string
		date, source  string
		sets          []string
		o             analysis.Options
		workers       int
	)
	cmd := &cobra.Command{
		Use:   "observe SCENARIO [OBSERVATION...]",
		Short: "Update a scenario's forecast on observations (files, or inline; none: the scenario's own) and show what moved",
		Long: `observe applies evidence to a scenario, which stays the prior: observed moves,
signposts and parameter measurements, from YAML/JSON files (a list, or a
document with an observations key; - reads stdin), written inline, or,
with none, the scenario's own observations list ("all" names it too).

Inline observations take --date (default today) and --source:
  signpost:ID            the signpost's news appeared (signpost:ID=no: it did not)
  move:d=Hard,r=P        moves observed, a history prefix
  parameter:ID=0.35      a measured value (parameter:ID=0.35~0.04 with its sd)
  parameter:ID=[0.3,0.4] the parameter lies in the range

Example: tablero observe scenarios/us-mexico-2025.yaml signpost:intel_agreement --source "joint statement" It re-solves and reports, beside the prior:
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
			inline := inlineDefaults{date: date, source: source}
			if o.Observations, err = inline.load(cmd.InOrStdin(), sc, specs, until); err != nil {
				return err
			}
			if len(o.Observations) == 0 {
				return fmt.Errorf("%s: no observations to apply", args[0])
			}
			h := analysis.Hooks{Workers: workers}
			prior, post := progress(cmd.ErrOrStderr(), "prior draws"), progress(cmd.ErrOrStderr(), "posterior draws")
			if prior != nil {
				h.Progress = func(stage string, done, total int64) {
					switch {
					case total == 0:
					case stage == "draws":
						prior(done, total)
					case stage == "evidence":
						post(done, total)
					}
				}
			}
			res, err := analysis.Run(cmd.Context(), sc, o, h)
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
	f.StringVar(&date, "date", time.Now().UTC().Format(time.DateOnly), "date of the inline observations (YYYY-MM-DD)")
	f.StringVar(&source, "source", "tablero observe (command line)", "source of the inline observations: a URL or a citation")
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
	return inlineDefaults{}.load(stdin, sc, specs, until)
}

// inlineDefaults are the date and source of inline observations; with an
// empty date, specs are never read as inline observations.
type inlineDefaults struct{ date, source string }

// load reads the observations specs name, as loadObservations does, and
// inline ones (KIND:...) when d allows them.
func (d inlineDefaults) load(stdin io.Reader, sc *analysis.Scenario, specs []string, until string) ([]scenario.Observation, error) {
	if until != "" {
		if _, err := time.Parse(time.DateOnly, until); err != nil {
			return nil, fmt.Errorf("--until %q: expected a date YYYY-MM-DD", until)
		}
	}
	var out []scenario.Observation
	for _, spec := range specs {
		var obs []scenario.Observation
		switch kind, _, _ := strings.Cut(spec, ":"); {
		case spec == "all":
			obs = sc.Doc.Observations
		case d.date != "" && (kind == "signpost" || kind == "move" || kind == "parameter"):
			o, err := d.parse(spec)
			if err != nil {
				return nil, err
			}
			obs = []scenario.Observation{o}
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

// parse reads an inline observation (see the command's help).
func (d inlineDefaults) parse(spec string) (scenario.Observation, error) {
	o := scenario.Observation{Date: d.date, Source: d.source}
	kind, body, _ := strings.Cut(spec, ":")
	bad := func(format string) (scenario.Observation, error) {
		return o, fmt.Errorf("observation %q: expected %s", spec, format)
	}
	switch kind {
	case "signpost":
		id, occ, has := strings.Cut(body, "=")
		o.Signpost = id
		if has {
			yes := occ == "yes" || occ == "true"
			if !yes && occ != "no" && occ != "false" {
				return bad("signpost:ID, signpost:ID=yes or signpost:ID=no")
			}
			o.Occurred = &yes
		}
	case "move":
		o.Move = strings.Split(body, ",")
	case "parameter":
		id, val, ok := strings.Cut(body, "=")
		if !ok {
			return bad("parameter:ID=VALUE, parameter:ID=VALUE~SD or parameter:ID=[LOW,HIGH]")
		}
		o.Parameter = id
		if lo, hi, ok := strings.Cut(strings.Trim(val, "[]"), ","); ok && strings.HasPrefix(val, "[") {
			a, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
			b, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
			if err1 != nil || err2 != nil {
				return bad("parameter:ID=[LOW,HIGH] with numbers")
			}
			o.Range = []float64{a, b}
			break
		}
		v, sd, hasSD := strings.Cut(val, "~")
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return bad("parameter:ID=VALUE with a number")
		}
		o.Value = &x
		if hasSD {
			s, err := strconv.ParseFloat(sd, 64)
			if err != nil {
				return bad("parameter:ID=VALUE~SD with numbers")
			}
			o.SD = &s
		}
	}
	return o, nil
}
