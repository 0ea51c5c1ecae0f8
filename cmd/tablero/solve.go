package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/repro"
	"github.com/tablero-project/tablero/solve/methods"
)

// solveFlags are the options of tablero solve, Gambit-compatible where
// Gambit has them.
type solveFlags struct {
	methods.Options
	format string
	quiet  bool
	sets   []string // scenario files: parameter overrides
}

// methodList lists the registered methods for tablero solve --help.
func methodList() string {
	var lines []string
	for _, m := range methods.List() {
		lines = append(lines, fmt.Sprintf("  %-9s %s", m.Name, m.About))
	}
	return strings.Join(lines, "\n")
}

func newSolve() *cobra.Command {
	var f solveFlags
	cmd := &cobra.Command{
		Use:   "solve FILE.efg|FILE.nfg|SCENARIO.yaml",
		Short: "Compute equilibria of a Gambit game file (Gambit-style NE lines, or JSON)",
		Long: `Compute equilibria of a game in Gambit's .efg or .nfg format, tablero's JSON
form, or the crisis game a scenario file generates (--set overrides its
parameters).

Methods:
` + methodList() + `

Output follows Gambit: one "NE,p1,p2,..." line per equilibrium (with -l, one
"λ,p1,..." line per λ): behaviour profiles for trees (player by player,
information sets in tree order), mixed profiles for strategic games and with
-S (and for methods of strategic games only, which solve a tree's reduced
strategic form as Gambit does), exact fractions for exact methods. -P refines to subgame perfection by
solving subgames bottom-up with the method (one equilibrium per subgame).
With --format json the document also records how to reproduce it (run).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.check(); err != nil {
				return err
			}
			// Only the JSON document carries the run record; the NE lines
			// still read the inputs first, to fail as the record would.
			var rec *repro.Record
			var err error
			if f.format == "json" {
				rec, err = cliRecord(cmd, "solve", args)
			} else {
				_, err = readInputs(args)
			}
			if err != nil {
				return err
			}
			file, err := readGame(cmd.Context(), args[0], f.sets)
			if err != nil {
				return err
			}
			if f.format == "ne" {
				return streamNE(cmd, file, f.Options)
			}
			sol, err := methods.Solve(cmd.Context(), file, f.Options)
			if err != nil {
				return err
			}
			sol.Run = stamped(rec)
			return writeSolution(cmd.OutOrStdout(), sol, f.format)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.Method, "method", "m", "enumpure", "solution method")
	fl.StringVar(&f.format, "format", "ne", "output format: ne (Gambit CSV lines) or json")
	fl.BoolVarP(&f.Agent, "agent", "A", false, "enumpure: pure equilibria of the agent form")
	fl.BoolVarP(&f.Strategic, "strategic", "S", false, "solve a tree through its reduced strategic form")
	fl.BoolVarP(&f.Perfect, "perfect", "P", false, "subgame-perfect refinement: solve subgames bottom-up")
	fl.IntVarP(&f.Decimals, "decimals", "d", 6, "digits of floating-point output")
	fl.Float64SliceVarP(&f.Lambdas, "lambda", "l", nil, "logit: report the QRE at these λ (repeatable)")
	fl.IntVar(&f.Budget, "budget", 0, "size budget (0: default)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "accepted for Gambit compatibility (tablero prints no banner)")
	fl.BoolVarP(&f.Components, "components", "c", false, "enummixed: also print the maximal convex sets (convex-N lines)")
	fl.IntVarP(&f.Stop, "stop", "e", 0, "lcp: stop after this many equilibria (0: all reachable)")
	fl.IntVarP(&f.Starts, "starts", "n", 0, "gnm, ipa, liap, simpdiv: random starts or rays (0: the method's default)")
	fl.Uint64VarP(&f.Seed, "seed", "R", 1, "seed of random starts and rays (from 1)")
	fl.StringArrayVar(&f.sets, "set", nil, "scenario files: override a parameter, as name=value (repeatable)")
	return cmd
}

// check refuses an unknown format, and the values of -d and -R that
// package methods takes for its defaults (0 means 6 digits and seed 1)
// rather than literally, as tablero solve once did.
func (f solveFlags) check() error {
	switch {
	case f.format != "ne" && f.format != "json":
		return fmt.Errorf("unknown format %q: expected ne or json", f.format)
	case f.Decimals < 1:
		return fmt.Errorf("-d %d: floating-point output needs at least 1 digit", f.Decimals)
	case f.Seed == 0:
		return errors.New("-R 0: seeds start at 1")
	}
	return nil
}

// streamNE prints the NE lines of file's equilibria as the method finds
// them (methods.Stream): enumpure on a strategic game prints each at
// once, in memory that does not grow with their number, and the lines
// printed before an error (the budget's) stand.
func streamNE(cmd *cobra.Command, file *gambit.File, o methods.Options) error {
	w := bufio.NewWriter(cmd.OutOrStdout())
	_, err := methods.Stream(cmd.Context(), file, o, func(e methods.Equilibrium) error {
		if _, err := fmt.Fprintln(w, e.Line()); err != nil {
			return err
		}
		return w.Flush()
	})
	return err
}

// writeSolution prints sol as Gambit's NE lines or as its JSON document.
func writeSolution(w io.Writer, sol *methods.Solution, format string) error {
	if format == "ne" {
		return sol.WriteNE(w)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sol)
}
