package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/estimate"
	"github.com/tablero-project/tablero/repro"
	"github.com/tablero-project/tablero/scenario"
)

// estimateFlags are the options of tablero estimate.
type estimateFlags struct {
	spec       estimate.Spec
	link       string
	noise      string
	fixedUtils string
	s1, s2     float64
	opts       estimate.Options
	boot       int
	seed       uint64
	workers    int
	budget     time.Duration
	format     string
	params     string
	prefix     string
	bootSE     bool
	curve      string
	points     int
}

func newEstimate() *cobra.Command {
	var f estimateFlags
	cmd := &cobra.Command{
		Use:   "estimate DATA.csv",
		Short: "Estimate actors' utilities from data with a statistical strategic model (as R's games package)",
		Long: `Fit the utilities of a crisis game tree to observed outcomes by maximum
likelihood, as the R package games (Kenkel and Signorino) does: egame12,
egame122, egame123 (agent error or private values, probit or logit) and the
ultimatum model. Utilities are linear in covariates, one equation per
estimated utility, separated by "|"; "0" fixes a utility at zero:

  tablero estimate war1800.csv --model egame12 \
    --formula 'esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2'

Standard errors come from the inverse Hessian (NaN with a warning when it
is not negative definite) and, with --boot N, from a seeded parallel
bootstrap. --params FILE writes the estimates as scenario parameters
(normal distributions with the estimate and its SE, provenance naming the
dataset, model and formula) to paste into a scenario's parameters block.

--method vmmin reproduces games' optimiser (R's optim BFGS and its
stopping rule); bfgs and newton (gonum) run to a tighter optimum.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("s1") {
				f.spec.S1 = &f.s1
			}
			if cmd.Flags().Changed("s2") {
				f.spec.S2 = &f.s2
			}
			return runEstimate(cmd, args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.spec.Model, "model", "m", "egame12", "egame12, egame122, egame123 or ultimatum")
	fl.StringVarP(&f.spec.Formula, "formula", "f", "", "responses ~ one equation per utility, separated by | (required)")
	fl.StringVar(&f.link, "link", "probit", "probit or logit")
	fl.StringVar(&f.noise, "noise", "agent", "agent (agent error) or private (private values)")
	fl.StringVar(&f.spec.Scale, "scale", "", "formula for the log scale of the shocks, e.g. '~ balanc - 1'")
	fl.BoolVar(&f.spec.ScaleByPlayer, "scale-by-player", false, "one scale equation per player")
	fl.StringVar(&f.fixedUtils, "fixed-utils", "", "comma-separated values fixing every utility (estimate the scale only)")
	fl.StringVar(&f.spec.Subset, "subset", "", "keep rows where this expression holds, e.g. 'year >= 1850' (missing values are nil)")
	fl.StringVar(&f.spec.NA, "na", "omit", "rows with missing values: omit (with a warning) or fail")
	fl.Float64Var(&f.spec.MaxOffer, "max-offer", 0, "ultimatum: the largest offer")
	fl.Float64Var(&f.spec.MinOffer, "min-offer", 0, "ultimatum: the smallest offer")
	fl.Float64Var(&f.s1, "s1", 0, "ultimatum: fix player 1's scale")
	fl.Float64Var(&f.s2, "s2", 0, "ultimatum: fix player 2's scale")
	fl.BoolVar(&f.spec.StartZero, "start-zero", false, "start at zero instead of statistical backwards induction")
	fl.StringVar(&f.opts.Method, "method", "bfgs", "optimiser: bfgs, newton (gonum) or vmmin (R's optim BFGS, as games)")
	fl.IntVar(&f.opts.MaxIter, "max-iter", 0, "iteration limit (default 1000; 200 for vmmin)")
	fl.IntVar(&f.boot, "boot", 0, "bootstrap replicates (0: none)")
	fl.Uint64Var(&f.seed, "seed", 1, "bootstrap seed")
	fl.IntVar(&f.workers, "workers", 0, "bootstrap workers (0: one per CPU)")
	fl.DurationVar(&f.budget, "budget", 0, "wall-time budget for the fit and bootstrap (0: none)")
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	fl.StringVar(&f.params, "params", "", "write the estimates as scenario parameters (YAML) to this file ('-': stdout)")
	fl.StringVar(&f.prefix, "prefix", "", "prefix of the parameter ids (default: the model name and _)")
	fl.BoolVar(&f.bootSE, "boot-se", false, "use the bootstrap SE as the sd of the parameters (needs --boot)")
	fl.StringVar(&f.curve, "curve", "", "also report outcome probabilities over this covariate, the others at their mean, median or mode (games' predProbs)")
	fl.IntVar(&f.points, "curve-points", 11, "points of the --curve grid")
	return cmd
}

func runEstimate(cmd *cobra.Command, path string, f estimateFlags) error {
	if f.spec.Formula == "" {
		return fmt.Errorf("estimate: --formula is required")
	}
	if f.bootSE && f.boot < 2 {
		return fmt.Errorf("estimate: --boot-se needs --boot N with N >= 2")
	}
	f.spec.Link, f.spec.Noise = estimate.Link(f.link), estimate.Noise(f.noise)
	if f.fixedUtils != "" {
		for _, s := range strings.Split(f.fixedUtils, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				return fmt.Errorf("estimate: --fixed-utils: %q is not a number", s)
			}
			f.spec.FixedUtils = append(f.spec.FixedUtils, v)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	data, err := estimate.ReadCSV(bytes.NewReader(raw), filepath.Base(path))
	if err != nil {
		return err
	}
	rec, err := cliRecord(cmd, "estimate", []string{path})
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	if f.budget > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.budget)
		defer cancel()
	}
	fit, err := estimate.Estimate(ctx, f.spec, data, f.opts)
	if err != nil {
		return err
	}
	var boot *estimate.Bootstrap
	if f.boot > 0 {
		if boot, err = fit.Boot(ctx, f.boot, f.seed, f.workers); err != nil {
			return err
		}
	}
	prefix := f.prefix
	if prefix == "" {
		prefix = fit.Spec.Model + "_"
	}
	rep := estimate.NewReport(fit, boot, repro.Hash(raw), prefix)
	if f.curve != "" {
		if rep.Curve, err = fit.PredProbs(f.curve, f.points); err != nil {
			return err
		}
	}
	if f.params != "" {
		if err := writeParams(cmd, f.params, rep, f.bootSE); err != nil {
			return err
		}
	}
	if f.format == "json" {
		rep.Run = stamped(rec)
		return writeJSON(cmd.OutOrStdout(), rep)
	}
	if f.format != "text" {
		return fmt.Errorf("estimate: unknown format %q (want text or json)", f.format)
	}
	writeEstimate(cmd.OutOrStdout(), rep)
	return nil
}

// writeParams writes the scenario parameters block to path ("-": stdout).
func writeParams(cmd *cobra.Command, path string, rep *estimate.Report, useBoot bool) error {
	params, skipped := rep.ScenarioParams(useBoot)
	out, err := yaml.Marshal(struct {
		Parameters []scenario.Param `yaml:"parameters"`
	}{params})
	if err != nil {
		return err
	}
	var head strings.Builder
	fmt.Fprintf(&head, "# Estimated by tablero estimate from %s (%s).\n# Paste these into a scenario's parameters block; each is a normal\n# distribution with the estimate as mean and its SE as sd.\n", rep.Data, rep.DataHash)
	if len(skipped) > 0 {
		fmt.Fprintf(&head, "# Left out (fixed, or without a finite SE): %s\n", strings.Join(skipped, ", "))
	}
	doc := append([]byte(head.String()), out...)
	if path == "-" {
		_, err = cmd.OutOrStdout().Write(doc)
		return err
	}
	return os.WriteFile(path, doc, 0o644)
}

// writeEstimate prints a summary in the manner of games' summary().
func writeEstimate(w io.Writer, r *estimate.Report) {
	fmt.Fprintf(w, "%s (%s link, %s noise): %s\n", r.Model, r.Link, r.Noise, r.Formula)
	if r.Scale != "" {
		fmt.Fprintf(w, "scale: %s\n", r.Scale)
	}
	if r.Subset != "" {
		fmt.Fprintf(w, "subset: %s\n", r.Subset)
	}
	fmt.Fprintf(w, "data: %s, %d observations (%d left out for missing values)\n\n", r.Data, r.N, r.Dropped)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "\testimate\tstd. error\tz\tPr(>|z|)\t"
	if r.Bootstrap != nil {
		head += "boot SE\t"
	}
	fmt.Fprintln(tw, head)
	for _, c := range r.Coefficients {
		line := fmt.Sprintf("%s\t%.6f\t%s\t%s\t%s\t", c.Name, c.Estimate, fmtNum(c.SE, "%.6f"), fmtNum(c.Z, "%.4f"), fmtNum(c.P, "%.4g"))
		if c.Fixed {
			line = fmt.Sprintf("%s\t%.6f\tfixed\t\t\t", c.Name, c.Estimate)
		}
		if r.Bootstrap != nil {
			line += fmtNum(c.BootSE, "%.6f") + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nlog-likelihood: %.4f   AIC: %.4f   n: %d\n", r.LogLik, r.AIC, r.N)
	fmt.Fprintf(w, "optimiser: %s, %d iterations, %d evaluations (%s)\n", r.Method, r.Iterations, r.Evaluations, r.Status)
	if r.Bootstrap != nil {
		fmt.Fprintf(w, "bootstrap: %d replicates, seed %d, %d failed\n", r.Bootstrap.Reps, r.Bootstrap.Seed, r.Bootstrap.Failed)
	}
	if c := r.Curve; c != nil {
		fmt.Fprintf(w, "\noutcome probabilities over %s (other variables at their mean, median or mode):\n", c.Variable)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\t", c.Variable)
		for _, o := range c.Outcomes {
			fmt.Fprintf(tw, "Pr(%s)\t", o)
		}
		fmt.Fprintln(tw)
		for i, v := range c.Values {
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				v = strconv.FormatFloat(x, 'g', 4, 64)
			}
			fmt.Fprintf(tw, "%s\t", v)
			for _, p := range c.Prob[i] {
				fmt.Fprintf(tw, "%.4f\t", p)
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
}

func fmtNum(v *float64, format string) string {
	if v == nil {
		return "NaN"
	}
	return fmt.Sprintf(format, *v)
}
