package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/internal/atomicfile"
	"github.com/tablero-project/tablero/repro"
	"github.com/tablero-project/tablero/uncertain"
)

func newSweep() *cobra.Command {
	var (
		s                 draws.Sampling
		mapping, out      string
		sets, rangeFlags  []string
		distFlags         []string
		lambda            float64
		shardIdx, shardsN int
	)
	cmd := &cobra.Command{
		Use:   "sweep SCENARIO --draws N --seed S --out PART",
		Short: "Run one shard of a Monte Carlo sweep and write its exactly mergeable partial result",
		Long: `Run the draws of one shard of a Monte Carlo sweep over a scenario's uncertain
parameters and write a partial result that "tablero merge" combines exactly:
merging all shards, in any order, gives the result of a single run, bit for bit.

Without --shard-index the index comes from JOB_COMPLETION_INDEX (Kubernetes
Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm job array); without --shard-count
from SLURM_ARRAY_TASK_COUNT. "{index}" in --out is replaced by the index.
All shards of one sweep must run the same tablero binary.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := analysis.Load(args[0])
			if err != nil {
				return err
			}
			values, err := parseSets(sets)
			if err != nil {
				return err
			}
			o := analysis.Options{Mapping: mapping, Lambda: lambda, Overrides: values}
			if o.Ranges, err = parseRanges(rangeFlags); err != nil {
				return err
			}
			if o.Dists, err = parseDists(distFlags); err != nil {
				return err
			}
			if o, err = o.Canonical(sc); err != nil {
				return err
			}
			m, err := o.Model(sc)
			if err != nil {
				return err
			}
			shard, err := uncertain.ResolveShard(shardIdx, shardsN, os.Getenv)
			if err != nil {
				return err
			}
			info, err := sweepInfo(sc, o, sets)
			if err != nil {
				return err
			}
			for _, o := range brief.OverridesOf(m, values) {
				if w := o.Warning(); w != "" {
					fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s\n", w)
				}
			}
			opt := draws.Solver{Mapping: mapping, Values: values, Lambda: lambda}
			sw, err := draws.NewSweep(cmd.Context(), m, opt, s)
			if err != nil {
				return err
			}
			p, err := uncertain.Run(cmd.Context(), sw.Design, sw.Outputs, sw.Eval, uncertain.RunOptions{
				Workers: sw.Workers, Shard: shard, Info: info, Progress: progress(cmd.ErrOrStderr(), "draws")})
			if err != nil {
				return err
			}
			return writePartial(strings.ReplaceAll(out, "{index}", fmt.Sprint(shard.Index)), p)
		},
	}
	f := cmd.Flags()
	f.IntVar(&s.Draws, "draws", 1000, "draws in the whole sweep")
	f.Uint64Var(&s.Seed, "seed", 1, "master seed")
	f.StringVar(&s.Method, "sampling", "mc", "mc or lhs")
	f.IntVar(&s.Workers, "workers", 0, "parallel workers (0: all cores)")
	f.StringVar(&mapping, "mapping", "", "outcome mapping")
	f.Float64Var(&lambda, "lambda", 0, "override the QRE precision λ")
	f.StringArrayVar(&sets, "set", nil, "fix a parameter or a multiplier of literal numbers (scores:sov), as name=value (repeatable)")
	f.StringArrayVar(&rangeFlags, "range", nil, "replace the uncertainty of a parameter or a multiplier (scores:sov) by a uniform draw over [lo, hi], as name=lo,hi (repeatable)")
	f.StringArrayVar(&distFlags, "dist", nil, "replace the uncertainty of a parameter or a multiplier (scores:sov) by a distribution, as name=normal(mu,sd) etc. (see analyze --help; repeatable)")
	f.IntVar(&shardIdx, "shard-index", -1, "this shard's index, from 0 (default: from the environment)")
	f.IntVar(&shardsN, "shard-count", 0, "number of shards (default: from the environment, else 1)")
	f.StringVar(&out, "out", "", "partial result file to write")
	cmd.MarkFlagRequired("out")
	return cmd
}

// sweepInfo identifies a sweep: shards merge only when it agrees. It is
// the sweep's run record: the canonical scenario's hash (layout and
// comments do not count), tablero's and Go's versions, and the options
// that change the draws' values (o canonical; range and distribution
// replacements only when there are some).
func sweepInfo(sc *analysis.Scenario, o analysis.Options, sets []string) (map[string]string, error) {
	sorted := append([]string(nil), sets...)
	sort.Strings(sorted)
	info := map[string]string{
		"scenario": sc.Hash,
		"version":  repro.Version(),
		"go":       runtime.Version(),
		"mapping":  o.Mapping,
		"lambda":   fmt.Sprint(o.Lambda),
		"set":      strings.Join(sorted, ";"),
	}
	add := func(key string, n int, v any) error {
		if n == 0 {
			return nil
		}
		b, err := json.Marshal(v) // map keys sorted: canonical
		info[key] = string(b)
		return err
	}
	if err := add("range", len(o.Ranges), o.Ranges); err != nil {
		return nil, err
	}
	return info, add("dist", len(o.Dists), o.Dists)
}

// writePartial writes p to path atomically: a killed or failing run leaves
// the previous file, or none, never a truncated part.
func writePartial(path string, p *uncertain.Partial) error {
	return atomicfile.WriteFile(path, func(w io.Writer) error {
		_, err := p.WriteTo(w)
		return err
	}, 0o644)
}

func newMerge() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "merge PART... [--out RESULT]",
		Short: "Merge the partial results of a sweep exactly and print their summary",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var parts []*uncertain.Partial
			for _, path := range args {
				p, err := readPart(path)
				if err != nil {
					return err
				}
				parts = append(parts, p)
			}
			m, err := uncertain.Merge(parts...)
			if err != nil {
				return err
			}
			if out != "" {
				if err := writePartial(out, m); err != nil {
					return err
				}
			}
			return writeSummary(cmd.OutOrStdout(), m)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the merged result to this file")
	return cmd
}

// readPart reads one partial result. A truncated or corrupt file is an
// error naming it; so is anything after the JSON document, which a file
// written by sweep never has.
func readPart(path string) (*uncertain.Partial, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var doc json.RawMessage
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: truncated or corrupt partial result: %w", path, err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s: corrupt partial result: data after the JSON document, from byte %d", path, end)
	}
	p, err := uncertain.ReadPartial(bytes.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// writeSummary prints the merged outputs as a Markdown table.
func writeSummary(w io.Writer, p *uncertain.Partial) error {
	s := p.Summary(0.95)
	fmt.Fprintf(w, "%d of %d draws covered (complete: %v), %d failed.\n\n", s.Covered, s.Design.Draws, s.Complete, s.Failed)
	fmt.Fprintf(w, "| Output | Mean | 95%% interval | 5th | 95th |\n|---|---:|---|---:|---:|\n")
	for _, o := range s.Outputs {
		var p5, p95 float64
		for _, q := range o.Percentiles {
			switch q.P {
			case 0.05:
				p5 = q.Value
			case 0.95:
				p95 = q.Value
			}
		}
		if _, err := fmt.Fprintf(w, "| %s | %.4f | [%.4f, %.4f] | %.4f | %.4f |\n", o.Name, o.Mean, o.Lo, o.Hi, p5, p95); err != nil {
			return err
		}
	}
	return nil
}
