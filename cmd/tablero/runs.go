package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/store"
)

func newRuns() *cobra.Command {
	var f storeFlags
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "Read the stored runs (of tablero serve, or of analyze --store)",
	}
	f.addTo(cmd.PersistentFlags())
	cmd.AddCommand(newRunsList(&f), newRunsShow(&f), newRunsCompare(&f))
	return cmd
}

func newRunsList(f *storeFlags) *cobra.Command {
	var scenarioID, status string
	var limit int
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List runs, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, _, err := f.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			runs, err := st.ListRuns(cmd.Context(), store.RunFilter{ScenarioID: scenarioID, Status: store.Status(status), Limit: limit})
			if err != nil {
				return err
			}
			return writeRunTable(cmd.OutOrStdout(), runs)
		},
	}
	cmd.Flags().StringVar(&scenarioID, "scenario", "", "only runs of this scenario id")
	cmd.Flags().StringVar(&status, "status", "", "only runs with this status")
	cmd.Flags().IntVar(&limit, "limit", 20, "how many")
	return cmd
}

func writeRunTable(w io.Writer, runs []*store.Run) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tCREATED\tBY\tSCENARIO\tOPTIONS")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Status, r.CreatedAt.Local().Format(time.DateTime), r.SubmittedBy, short(r.ScenarioID), r.Options)
	}
	return tw.Flush()
}

func short(id string) string {
	if len(id) > 19 {
		return id[:19]
	}
	return id
}

func newRunsShow(f *storeFlags) *cobra.Command {
	var result bool
	cmd := &cobra.Command{
		Use:   "show RUN",
		Short: "Show a run (with --result, print its result document as stored)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, _, err := f.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			r, err := st.GetRun(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if result {
				if r.Status != store.Succeeded {
					return fmt.Errorf("run %s is %s: it has no result", r.ID, r.Status)
				}
				_, err := out.Write(r.Result)
				return err
			}
			fmt.Fprintf(out, "run       %s\nstatus    %s\nscenario  %s\nhash      %s\noptions   %s\nby        %s\ncreated   %s\n",
				r.ID, r.Status, r.ScenarioID, r.Hash, r.Options, r.SubmittedBy, r.CreatedAt.Local().Format(time.RFC3339))
			if !r.FinishedAt.IsZero() {
				fmt.Fprintf(out, "finished  %s\n", r.FinishedAt.Local().Format(time.RFC3339))
			}
			if r.Error != "" {
				fmt.Fprintf(out, "error     %s\n", r.Error)
			}
			if r.Status == store.Succeeded {
				return writeHeadline(out, r.Result)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&result, "result", false, "print the result document")
	return cmd
}

// writeHeadline prints the results' probabilities of a result document.
func writeHeadline(w io.Writer, doc []byte) error {
	var r struct {
		Results []struct {
			Name        string  `json:"name"`
			Label       string  `json:"label"`
			Probability float64 `json:"probability"`
		} `json:"results"`
	}
	if err := json.Unmarshal(doc, &r); err != nil {
		return err
	}
	fmt.Fprintln(w, "results")
	for _, x := range r.Results {
		fmt.Fprintf(w, "  %-4s %.3f  %s\n", x.Name, x.Probability, x.Label)
	}
	return nil
}

func newRunsCompare(f *storeFlags) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "compare RUN_A RUN_B",
		Short: "What changed between two runs: inputs that differ, each probability before and after",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, _, err := f.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			var recs [2]analysis.Record
			for i, id := range args {
				r, err := st.GetRun(cmd.Context(), id)
				if err != nil {
					return err
				}
				if r.Status != store.Succeeded {
					return fmt.Errorf("run %s is %s: it has no result", id, r.Status)
				}
				sc, err := st.GetScenario(cmd.Context(), r.ScenarioID)
				if err != nil {
					return err
				}
				recs[i] = analysis.Record{ID: r.ID, Scenario: sc.Canonical, Options: r.Options, Result: r.Result}
			}
			c, err := analysis.Compare(recs[0], recs[1])
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSONDoc(cmd.OutOrStdout(), c)
			}
			return writeComparison(cmd.OutOrStdout(), c)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	return cmd
}

func writeComparison(w io.Writer, c *analysis.Comparison) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "inputs that differ (%d)\n", len(c.Inputs))
	for _, d := range c.Inputs {
		fmt.Fprintf(tw, "  %s\t%s\t→ %s\n", d.Path, d.A, d.B)
	}
	for _, sec := range []struct {
		title string
		ps    []analysis.ProbChange
	}{{"results", c.Results}, {"scenarios", c.Scenarios}} {
		fmt.Fprintf(tw, "%s\tA\tB\tchange\n", sec.title)
		for _, p := range sec.ps {
			fmt.Fprintf(tw, "  %s %s\t%s\t%s\t%s\n", p.Name, p.Label, num(p.A), num(p.B), num(p.Change))
		}
	}
	return tw.Flush()
}

func num(x *float64) string {
	if x == nil {
		return "—"
	}
	return fmt.Sprintf("%.3f", *x)
}

func writeJSONDoc(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
