// Command tablero analyses strategic crises: it compiles scenario files into
// games, solves them and writes briefs, and solves Gambit game files.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRoot().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "tablero:", err)
		os.Exit(1)
	}
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "tablero",
		Short: "Analyse strategic crises: equilibria, scenario probabilities, costs and assumptions",
		Long: `tablero analyses strategic crises: governments, parties and other actors
bargaining in the shadow of force. Describe a crisis once in a scenario file
(actors, private types, moves, outcomes, costs, uncertain parameters with
provenance) and get a brief you can defend.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newAnalyze(), newObserve(), newSolve(), newSchema(), newCheck(), newSweep(), newMerge(), newForecast(), newNegotiate(), newConvert(), newServe(), newRuns(), newPlot(), newEstimate(), newQuestions(), newResolve(), newNew())
	root.AddCommand(newEvents())
	return root
}
