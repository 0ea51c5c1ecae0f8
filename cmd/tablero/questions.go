package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/internal/atomicfile"
	"github.com/tablero-project/tablero/score"
	"github.com/tablero-project/tablero/store"
)

func newQuestions() *cobra.Command {
	var f storeFlags
	cmd := &cobra.Command{
		Use:   "questions",
		Short: "Forecast questions in the store: add, forecast from runs, score, export and import (CSV or JSON)",
		Long: `questions keeps forecasting questions in the store (of tablero serve, or of
analyze --store): a statement, a resolution criterion, a close time and the
outcome options (by default the results of a scenario's mapping). Record a
run's forecast of a question with "questions forecast", its outcome with
"tablero resolve", and read the scores (Brier, log, time-averaged Brier,
calibration) with "questions scores". See docs/follow.md.`,
	}
	f.addTo(cmd.PersistentFlags())
	cmd.AddCommand(newQuestionsAdd(&f), newQuestionsList(&f), newQuestionsForecast(&f), newQuestionsScores(&f),
		newQuestionsExport(&f), newQuestionsImport(&f))
	return cmd
}

// withStore opens the store, runs fn and closes it.
func withStore(ctx context.Context, f *storeFlags, fn func(store.Store) error) error {
	st, _, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

// parseWhen reads an RFC 3339 time or a date (midnight UTC).
func parseWhen(flag, v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--%s %q: expected a date (2006-01-02) or an RFC 3339 time", flag, v)
}

func newQuestionsAdd(f *storeFlags) *cobra.Command {
	var q score.Question
	var closeAt string
	cmd := &cobra.Command{
		Use:   "add",
		Short: "Add a question (options default to the results of --scenario's mapping)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if q.Close, err = parseWhen("close", closeAt); err != nil {
				return err
			}
			if q.ID == "" {
				var b [10]byte
				rand.Read(b[:])
				q.ID = "q_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
			}
			return withStore(cmd.Context(), f, func(st store.Store) error {
				if q.ScenarioID != "" {
					if err := scenarioOptions(cmd.Context(), st, &q); err != nil {
						return err
					}
				}
				stored, err := st.PutQuestion(cmd.Context(), &q, "cli")
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "question %s: %s (options %s; closes %s)\n", stored.ID, stored.Statement,
					strings.Join(stored.Options, ", "), stored.Close.Format(time.RFC3339))
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&q.ID, "id", "", "the question's id (default: a fresh one)")
	fl.StringVar(&q.ScenarioID, "scenario", "", "the stored scenario (sha256:…) the question is about")
	fl.StringVar(&q.Mapping, "mapping", "", "the mapping whose results are the options (default: the scenario's first)")
	fl.StringVar(&q.Statement, "statement", "", "what is asked")
	fl.StringVar(&q.Criterion, "criterion", "", "how it resolves: what counts as each option, and the source")
	fl.StringVar(&closeAt, "close", "", "when the question closes (date or RFC 3339 time)")
	fl.StringSliceVar(&q.Options, "option", nil, "an outcome option (repeatable; default: the mapping's results)")
	cmd.MarkFlagRequired("statement")
	cmd.MarkFlagRequired("close")
	return cmd
}

// scenarioOptions fills in q's mapping and, when unset, its options from
// the stored scenario.
func scenarioOptions(ctx context.Context, st store.Store, q *score.Question) error {
	rec, err := st.GetScenario(ctx, q.ScenarioID)
	if err != nil {
		return err
	}
	sc, err := analysis.Parse(rec.ID, rec.Canonical)
	if err != nil {
		return err
	}
	mi, err := sc.Model.Mapping(q.Mapping)
	if err != nil {
		return fmt.Errorf("--mapping: %w", err)
	}
	q.Mapping = sc.Doc.Mappings[mi].ID
	if len(q.Options) == 0 {
		for _, r := range sc.Doc.Results {
			q.Options = append(q.Options, r.ID)
		}
	}
	return nil
}

func newQuestionsList(f *storeFlags) *cobra.Command {
	var scenarioID string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the questions, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withStore(cmd.Context(), f, func(st store.Store) error {
				qs, err := st.ListQuestions(cmd.Context(), scenarioID)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tCLOSES\tOUTCOME\tOPTIONS\tSTATEMENT")
				for _, q := range qs {
					outcome := "-"
					if q.Resolution != nil {
						outcome = q.Resolution.Outcome
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", q.ID, q.Close.Format(time.DateOnly), outcome, strings.Join(q.Options, ","), q.Statement)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&scenarioID, "scenario", "", "only questions about this scenario id")
	return cmd
}

func newQuestionsForecast(f *storeFlags) *cobra.Command {
	var runID, at string
	var probs []string
	cmd := &cobra.Command{
		Use:   "forecast QUESTION (--run RUN | --p OPTION=P...)",
		Short: "Record a forecast of a question: a succeeded run's result probabilities, or given by hand",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if (runID == "") == (len(probs) == 0) {
				return errors.New("give --run or --p, one of them")
			}
			return withStore(cmd.Context(), f, func(st store.Store) error {
				q, err := st.GetQuestion(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				fc, err := cliForecast(cmd.Context(), st, q, runID, probs, at)
				if err != nil {
					return err
				}
				added, err := st.AddForecast(cmd.Context(), fc)
				if err != nil {
					return err
				}
				if !added {
					fmt.Fprintf(cmd.OutOrStdout(), "question %s: the forecast of run %s was recorded before\n", q.ID, runID)
					return nil
				}
				fmt.Fprintf(cmd.OutOrStdout(), "question %s: forecast at %s recorded\n", q.ID, fc.At.Format(time.RFC3339))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&runID, "run", "", "a succeeded run whose result probabilities are the forecast")
	cmd.Flags().StringSliceVar(&probs, "p", nil, "OPTION=PROBABILITY (repeatable), a forecast by hand")
	cmd.Flags().StringVar(&at, "at", "", "when a forecast by hand was made (default now)")
	return cmd
}

func cliForecast(ctx context.Context, st store.Store, q *score.Question, runID string, probs []string, at string) (*score.Forecast, error) {
	if runID != "" {
		run, err := st.GetRun(ctx, runID)
		if err != nil {
			return nil, err
		}
		if run.Status != store.Succeeded {
			return nil, fmt.Errorf("run %s is %s: it has no result", run.ID, run.Status)
		}
		return score.RunForecast(q, run.ID, run.FinishedAt, run.Result)
	}
	fc := &score.Forecast{QuestionID: q.ID, At: time.Now().UTC(), Probabilities: map[string]float64{}}
	if at != "" {
		var err error
		if fc.At, err = parseWhen("at", at); err != nil {
			return nil, err
		}
	}
	for _, p := range probs {
		name, v, ok := strings.Cut(p, "=")
		x, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("--p %q: expected OPTION=PROBABILITY", p)
		}
		fc.Probabilities[name] = x
	}
	return fc, nil
}

func newResolve() *cobra.Command {
	var f storeFlags
	var at, note string
	cmd := &cobra.Command{
		Use:   "resolve QUESTION OUTCOME",
		Short: "Record the outcome of a stored question",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := score.Resolution{Outcome: args[1], At: time.Now().UTC(), Note: note}
			if at != "" {
				var err error
				if r.At, err = parseWhen("at", at); err != nil {
					return err
				}
			}
			return withStore(cmd.Context(), &f, func(st store.Store) error {
				q, err := st.ResolveQuestion(cmd.Context(), args[0], r, "cli")
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "question %s resolved: %s (%s)\n", q.ID, q.Resolution.Outcome, q.Resolution.At.Format(time.RFC3339))
				return nil
			})
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&at, "at", "", "when the outcome became known (default now)")
	cmd.Flags().StringVar(&note, "note", "", "how it was settled (source)")
	return cmd
}

// storedSet reads the questions of a scenario ("" all) with their
// forecasts.
func storedSet(ctx context.Context, st store.Store, scenarioID string) (*score.Set, error) {
	qs, err := st.ListQuestions(ctx, scenarioID)
	if err != nil {
		return nil, err
	}
	set := &score.Set{Questions: []score.Question{}, Forecasts: []score.Forecast{}}
	for _, q := range qs {
		set.Questions = append(set.Questions, *q)
		fs, err := st.ListForecasts(ctx, q.ID)
		if err != nil {
			return nil, err
		}
		set.Forecasts = append(set.Forecasts, fs...)
	}
	return set, nil
}

func newQuestionsScores(f *storeFlags) *cobra.Command {
	var scenarioID, format string
	var bins int
	cmd := &cobra.Command{
		Use:   "scores",
		Short: "Score the resolved questions: Brier, log, time-averaged Brier, calibration",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withStore(cmd.Context(), f, func(st store.Store) error {
				set, err := storedSet(cmd.Context(), st, scenarioID)
				if err != nil {
					return err
				}
				rep, err := score.Evaluate(set.Questions, set.Forecasts, bins)
				if err != nil {
					return err
				}
				if format == "json" {
					b, _ := json.MarshalIndent(rep, "", "  ")
					_, err := cmd.OutOrStdout().Write(append(b, '\n'))
					return err
				}
				return writeScores(cmd.OutOrStdout(), rep)
			})
		},
	}
	cmd.Flags().StringVar(&scenarioID, "scenario", "", "only questions about this scenario id")
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	cmd.Flags().IntVar(&bins, "bins", score.DefaultBins, "calibration bins")
	return cmd
}

func writeScores(w io.Writer, rep *score.Report) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "QUESTION\tOUTCOME\tFORECASTS\tDAYS\tBRIER\tLOG\tTIME-AVG BRIER")
	for _, q := range rep.Questions {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.4f\t%.4f\t%.4f\n", q.QuestionID, q.Outcome, q.Forecasts, q.Days, q.Brier, q.Log, q.TimeAveragedBrier)
	}
	for _, g := range rep.Scenarios {
		fmt.Fprintf(tw, "scenario %s\t\t%d questions\t\t%.4f\t%.4f\t%.4f\n", short(g.ScenarioID), g.Questions, g.Brier, g.Log, g.TimeAveragedBrier)
	}
	fmt.Fprintf(tw, "all\t\t%d questions\t\t%.4f\t%.4f\t%.4f\n", rep.Overall.Questions, rep.Overall.Brier, rep.Overall.Log, rep.Overall.TimeAveragedBrier)
	tw.Flush()
	fmt.Fprintf(w, "\nCalibration (%d events, reliability %.4f):\n", rep.Calibration.Events, rep.Calibration.Reliability)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "BIN\tEVENTS\tMEAN FORECAST\tOBSERVED")
	for _, b := range rep.Calibration.Bins {
		if b.Count > 0 {
			fmt.Fprintf(tw, "[%.2f, %.2f)\t%d\t%.3f\t%.3f\n", b.Low, b.High, b.Count, b.MeanForecast, b.Observed)
		}
	}
	for _, u := range rep.Unscored {
		fmt.Fprintf(tw, "unscored %s: %s\n", u.QuestionID, u.Reason)
	}
	fmt.Fprintf(w, "\n%s\n", score.Convention)
	return tw.Flush()
}

func newQuestionsExport(f *storeFlags) *cobra.Command {
	var scenarioID, format, out, forecastsOut string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export questions and forecasts as JSON (one document) or CSV (questions, and forecasts with --forecasts-out)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withStore(cmd.Context(), f, func(st store.Store) error {
				set, err := storedSet(cmd.Context(), st, scenarioID)
				if err != nil {
					return err
				}
				switch format {
				case "json":
					return writeOut(cmd, out, func(w io.Writer) error { return score.WriteJSON(w, set) })
				case "csv":
					if err := writeOut(cmd, out, func(w io.Writer) error { return score.WriteQuestionsCSV(w, set.Questions) }); err != nil {
						return err
					}
					if forecastsOut == "" {
						return nil
					}
					return writeOut(cmd, forecastsOut, func(w io.Writer) error { return score.WriteForecastsCSV(w, set.Forecasts) })
				}
				return fmt.Errorf("--format %q: expected json or csv", format)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&scenarioID, "scenario", "", "only questions about this scenario id")
	fl.StringVar(&format, "format", "json", "json or csv")
	fl.StringVarP(&out, "out", "o", "", "file to write (default standard output)")
	fl.StringVar(&forecastsOut, "forecasts-out", "", "csv: file to write the forecasts to")
	return cmd
}

// writeOut writes to the file (atomically) or to standard output.
func writeOut(cmd *cobra.Command, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(cmd.OutOrStdout())
	}
	return atomicfile.WriteFile(path, write, 0o644)
}

func newQuestionsImport(f *storeFlags) *cobra.Command {
	var forecastsFile string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import questions and forecasts: a JSON document (as export writes), or a questions CSV with --forecasts CSV",
		Long: `import reads questions (with their resolutions) and forecasts and stores
them. The whole input is checked first: an invalid record is reported with
its file and line and nothing is stored. A question already stored is an
error; a run's forecast recorded before is skipped.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := readSet(args[0], forecastsFile)
			if err != nil {
				return err
			}
			return withStore(cmd.Context(), f, func(st store.Store) error {
				for i := range set.Questions {
					if _, err := st.PutQuestion(cmd.Context(), &set.Questions[i], "cli"); err != nil {
						return err
					}
				}
				added := 0
				for i := range set.Forecasts {
					ok, err := st.AddForecast(cmd.Context(), &set.Forecasts[i])
					if err != nil {
						return err
					}
					if ok {
						added++
					}
				}
				fmt.Fprintf(cmd.OutOrStdout(), "imported %d questions, %d forecasts (%d recorded before)\n", len(set.Questions), added, len(set.Forecasts)-added)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&forecastsFile, "forecasts", "", "CSV of forecasts (with a questions CSV)")
	return cmd
}

// readSet reads a JSON set, or a questions CSV and a forecasts CSV, and
// validates it.
func readSet(path, forecastsPath string) (*score.Set, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(filepath.Ext(path), ".csv") {
		if forecastsPath != "" {
			return nil, errors.New("--forecasts goes with a questions CSV; a JSON document holds its forecasts")
		}
		return score.ReadJSON(path, data)
	}
	set := &score.Set{}
	if set.Questions, err = score.ReadQuestionsCSV(path, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	if forecastsPath != "" {
		fd, err := os.Open(forecastsPath)
		if err != nil {
			return nil, err
		}
		defer fd.Close()
		if set.Forecasts, err = score.ReadForecastsCSV(forecastsPath, fd); err != nil {
			return nil, err
		}
	}
	if err := set.Validate(); err != nil {
		return nil, err
	}
	return set, nil
}
