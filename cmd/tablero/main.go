// Command tablero analyses strategic crises: it compiles scenario files into
// games, solves them and writes briefs, and solves Gambit game files.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/tablero-project/tablero/repro"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootFor(os.Args[1:]).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "tablero:", err)
		os.Exit(1)
	}
}

// subcommands lists tablero's subcommands: the names each answers to (its
// name first, then its aliases) and its constructor.
var subcommands = []struct {
	names []string
	build func() *cobra.Command
}{
	{[]string{"analyze"}, newAnalyze},
	{[]string{"observe"}, newObserve},
	{[]string{"solve"}, newSolve},
	{[]string{"schema"}, newSchema},
	{[]string{"check"}, newCheck},
	{[]string{"sweep"}, newSweep},
	{[]string{"merge"}, newMerge},
	{[]string{"forecast"}, newForecast},
	{[]string{"negotiate"}, newNegotiate},
	{[]string{"convert"}, newConvert},
	{[]string{"serve"}, newServe},
	{[]string{"runs"}, newRuns},
	{[]string{"plot"}, newPlot},
	{[]string{"estimate"}, newEstimate},
	{[]string{"questions"}, newQuestions},
	{[]string{"resolve"}, newResolve},
	{[]string{"new", "init"}, newNew},
	{[]string{"events"}, newEvents},
}

// newRoot builds the whole command tree.
func newRoot() *cobra.Command {
	root := newBareRoot()
	for _, s := range subcommands {
		root.AddCommand(s.build())
	}
	return root
}

// newRootFor returns a command tree that runs args as the whole tree would.
// When args name a subcommand it holds only that one: building all of them,
// some 260 flags, is a sizeable part of a short run such as solving a 2×2
// game. Whenever the lone subcommand is not the command cobra would run for
// args (help, completion, flags before the subcommand, unknown commands),
// it builds the whole tree. Cobra's Find walks from the root by the same
// names in either tree, so a lone subcommand that Find reaches is the one
// the whole tree would run.
func newRootFor(args []string) *cobra.Command {
	if build := subcommandNamed(args); build != nil {
		root := newBareRoot()
		root.AddCommand(build())
		if cmd, _, err := root.Find(args); err == nil && cmd != root {
			// The completion command cannot be the one that runs here;
			// cobra would build it, and its four shells' help, for nothing.
			root.CompletionOptions.DisableDefaultCmd = true
			return root
		}
	}
	return newRoot()
}

// subcommandNamed returns the constructor of the subcommand that the first
// argument not starting with "-" names, or nil.
func subcommandNamed(args []string) func() *cobra.Command {
	i := slices.IndexFunc(args, func(a string) bool { return !strings.HasPrefix(a, "-") })
	if i < 0 {
		return nil
	}
	for _, s := range subcommands {
		if slices.Contains(s.names, args[i]) {
			return s.build
		}
	}
	return nil
}

// newBareRoot returns the root command without subcommands.
func newBareRoot() *cobra.Command {
	return &cobra.Command{
		Use:   "tablero",
		Short: "Analyse strategic crises: equilibria, scenario probabilities, costs and assumptions",
		Long: `tablero analyses strategic crises: governments, parties and other actors
bargaining in the shadow of force. Describe a crisis once in a scenario file
(actors, private types, moves, outcomes, costs, uncertain parameters with
provenance) and get a brief you can defend.`,
		Version:       repro.Version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
}
