package main

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/tablero-project/tablero/events"
	"github.com/tablero-project/tablero/events/poll"
	"github.com/tablero-project/tablero/repro"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/server"
	"github.com/tablero-project/tablero/store"
)

// eventFlags are the options shared by the tablero events commands.
type eventFlags struct {
	format, input, period                    string
	source, target, sourceTypes, targetTypes []string
	both, rootOnly, quiet                    bool
	from, to                                 string
	codes                                    []string
	quads                                    []int
	keep                                     int
	scenario                                 string
	spike                                    events.SpikeOptions
}

func newEvents() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "events",
		Short: "Read GDELT and ICEWS event data: summaries, dyad series, spikes, proposed observations",
		Long: `events reads machine-coded event data — GDELT 1.0 daily files (58 columns,
57 in pre-2013 backfiles), GDELT 2.0 15-minute exports (61 columns), ICEWS
coded event data (tab-separated with a header) — plain, gzip or zip, with
any line ends. Every row is read or reported (file:line: reason, on
standard error) and counted in the document's files block.

Filters select events: --source and --target country codes (CAMEO: USA,
MEX, CAN), --both for either direction, actor types (--source-type MIL),
--from/--to dates, --codes CAMEO patterns (19*, 057,061), --quad classes.

  summary  what the files hold: counts by quad class, root, dyad
  series   daily (or --period week) series per directed dyad: counts by
           quad class, Goldstein sum and mean, tone, mentions-weighted
           variants, the conflict–cooperation index
  spikes   the periods whose --metric departs from its baseline (robust
           z-score over a rolling window; see docs/events.md)
  observe  MAPPING FILES…: the observations a CAMEO → signpost mapping
           proposes, each with its source events`,
	}
	cmd.AddCommand(newEventsSub("summary", "Summarise event files", runSummary),
		newEventsSub("series", "Daily or weekly series per directed dyad", runSeries),
		newEventsSub("spikes", "Spikes of a dyad series, with the events behind them", runSpikes),
		newEventsSub("observe", "Observations a CAMEO → signpost mapping proposes (first argument: the mapping)", runObserve))
	return cmd
}

func newEventsSub(name, short string, fn func(*cobra.Command, []string, *eventFlags) error) *cobra.Command {
	var f eventFlags
	use := name + " FILE..."
	if name == "observe" {
		use = name + " MAPPING FILE..."
	}
	cmd := &cobra.Command{
		Use: use, Short: short, Args: cobra.MinimumNArgs(map[bool]int{true: 2, false: 1}[name == "observe"]),
		RunE: func(cmd *cobra.Command, args []string) error { return fn(cmd, args, &f) },
	}
	fl := cmd.Flags()
	format := "output format: json or csv"
	if name == "observe" {
		format = "output format: json, csv, or observations (the proposed observations alone, for tablero observe)"
	}
	fl.StringVar(&f.format, "format", "json", format)
	fl.StringVar(&f.input, "input-format", "auto", "auto, gdelt1, gdelt2 or icews")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "do not list bad rows on standard error (they are still counted)")
	if name == "observe" {
		fl.StringVar(&f.scenario, "scenario", "", "the scenario whose signposts the mapping names (default: NAME.yaml beside NAME.events.yaml)")
		return cmd
	}
	addFilterFlags(fl, &f)
	if name == "series" || name == "spikes" {
		fl.StringVar(&f.period, "period", "day", "day or week")
	}
	if name == "spikes" {
		fl.StringVar(&f.spike.Metric, "metric", "events", "events, conflict, material_conflict, cooperation, goldstein_sum, goldstein_mentions_sum or index")
		fl.IntVar(&f.spike.Window, "window", 28, "baseline: how many preceding periods")
		fl.Float64Var(&f.spike.Threshold, "threshold", 3.5, "robust z-score a spike reaches (lower: more sensitive)")
		fl.IntVar(&f.spike.MinHistory, "min-history", 7, "periods of baseline a spike needs")
		fl.Float64Var(&f.spike.MinScale, "min-scale", 0, "floor of the baseline's spread (0: 1, or 0.05 for the index)")
		fl.Float64Var(&f.spike.MinValue, "min-value", 3, "count metrics: the least value of a spike")
		fl.StringVar(&f.spike.Direction, "direction", "up", "up, down or both")
		fl.IntVar(&f.keep, "keep", 10, "events listed behind each spike (the most mentioned)")
	}
	return cmd
}

func addFilterFlags(fl *pflag.FlagSet, f *eventFlags) {
	fl.StringSliceVar(&f.source, "source", nil, "source actor countries (CAMEO codes, comma-separated)")
	fl.StringSliceVar(&f.target, "target", nil, "target actor countries")
	fl.BoolVar(&f.both, "both", false, "match the dyad in both directions")
	fl.StringSliceVar(&f.sourceTypes, "source-type", nil, "source actor types (GOV, MIL, COP…)")
	fl.StringSliceVar(&f.targetTypes, "target-type", nil, "target actor types")
	fl.StringVar(&f.from, "from", "", "first day (YYYY-MM-DD)")
	fl.StringVar(&f.to, "to", "", "last day (YYYY-MM-DD)")
	fl.StringSliceVar(&f.codes, "codes", nil, "CAMEO code patterns (19*, 057)")
	fl.IntSliceVar(&f.quads, "quad", nil, "quad classes 1–4 (1 verbal cooperation … 4 material conflict)")
	fl.BoolVar(&f.rootOnly, "root-only", false, "GDELT: root events only (IsRootEvent)")
}

// filter builds the events filter of the flags.
func (f *eventFlags) filter() (*events.Filter, error) {
	ef := &events.Filter{Source: upper(f.source), Target: upper(f.target), Undirected: f.both,
		SourceTypes: upper(f.sourceTypes), TargetTypes: upper(f.targetTypes), RootOnly: f.rootOnly}
	for _, c := range append(append([]string{}, ef.Source...), ef.Target...) {
		if _, ok := events.CountryName(c); !ok {
			return nil, fmt.Errorf("--source/--target %q: not a CAMEO country code (USA, MEX, CAN…)", c)
		}
	}
	for _, t := range append(append([]string{}, ef.SourceTypes...), ef.TargetTypes...) {
		if _, ok := events.TypeName(t); !ok {
			return nil, fmt.Errorf("actor type %q: not a CAMEO type (GOV, MIL, COP, JUD, SPY…)", t)
		}
	}
	var err error
	if f.from != "" {
		if ef.From, err = events.ParseDay(f.from); err != nil {
			return nil, fmt.Errorf("--from: %w", err)
		}
		ef.HasFrom = true
	}
	if f.to != "" {
		if ef.To, err = events.ParseDay(f.to); err != nil {
			return nil, fmt.Errorf("--to: %w", err)
		}
		ef.HasTo = true
	}
	if ef.Codes, err = events.ParsePatterns(f.codes...); err != nil {
		return nil, fmt.Errorf("--codes: %w", err)
	}
	for _, q := range f.quads {
		if q < 1 || q > 4 {
			return nil, fmt.Errorf("--quad %d: want 1 to 4", q)
		}
		ef.Quads = append(ef.Quads, events.Quad(q))
	}
	return ef, nil
}

func upper(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.ToUpper(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// scanFiles reads every file, calling fn with each event, and returns the
// reports and the number of events read. Bad rows go to stderr unless
// quiet.
func scanFiles(cmd *cobra.Command, f *eventFlags, paths []string, fn func(*events.Event)) ([]*events.Report, int64, error) {
	format, err := events.ParseFormat(f.input)
	if err != nil {
		return nil, 0, fmt.Errorf("--input-format: %w", err)
	}
	opt := events.Options{Format: format}
	stderr := cmd.ErrOrStderr()
	if !f.quiet {
		opt.OnProblem = func(p events.Problem) {
			if p.Kind == "bad_row" {
				fmt.Fprintln(stderr, "tablero: warning:", p.Error())
			}
		}
	}
	var reps []*events.Report
	var read int64
	for _, p := range paths {
		rs, err := events.ScanFile(cmd.Context(), p, opt, func(e *events.Event) error {
			read++
			fn(e)
			return nil
		})
		reps = append(reps, rs...)
		if err != nil {
			return reps, read, err
		}
	}
	return reps, read, nil
}

// eventsRecord is the run record of an events command: its inputs are
// hashed file by file, streaming, so that a large file is not held in
// memory.
func eventsRecord(cmd *cobra.Command, kind string, paths []string) (*repro.Record, error) {
	opts := map[string]string{}
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		if fl.Name != "help" && fl.Name != "quiet" && fl.Name != "format" {
			opts[strings.ReplaceAll(fl.Name, "-", "_")] = fl.Value.String()
		}
	})
	var input []byte
	for _, p := range paths {
		if p == "-" {
			input = append(input, "-\x00stdin (not hashed)\x00"...)
			continue
		}
		sum, err := fileHash(p)
		if err != nil {
			return nil, err
		}
		input = append(input, fmt.Sprintf("%s\x00%s\x00", filepath.Base(p), sum)...)
	}
	r, err := repro.New(kind, input, opts)
	return &r, err
}

func fileHash(path string) (string, error) {
	fd, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fd.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fd); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func runSummary(cmd *cobra.Command, paths []string, f *eventFlags) error {
	flt, err := f.filter()
	if err != nil {
		return err
	}
	rec, err := eventsRecord(cmd, "events-summary", paths)
	if err != nil {
		return err
	}
	s := events.NewSummarizer()
	reps, read, err := scanFiles(cmd, f, paths, func(e *events.Event) {
		if flt.Match(e) {
			s.Add(e)
		}
	})
	if err != nil {
		return err
	}
	doc := s.Doc(read, reps)
	doc.Run = stamped(rec)
	return writeEvents(cmd, f.format, doc, func(w *csv.Writer) {
		w.Write([]string{"source", "target", "events", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict", "goldstein_sum", "mentions", "goldstein_mentions_sum", "index"})
		for _, d := range doc.Dyads {
			w.Write([]string{d.Source, d.Target, itoa(d.Events), itoa(d.VerbalCoop), itoa(d.MaterialCoop), itoa(d.VerbalConflict), itoa(d.MaterialConflict),
				ftoa(d.Goldstein), itoa(d.Mentions), ftoa(d.MGoldstein), ftoa(d.Index)})
		}
	})
}

// aggregate reads the files into an aggregator of the filtered events.
func aggregate(cmd *cobra.Command, f *eventFlags, paths []string, keep int) (*events.Aggregator, []*events.Report, error) {
	flt, err := f.filter()
	if err != nil {
		return nil, nil, err
	}
	period, err := events.ParsePeriod(f.period)
	if err != nil {
		return nil, nil, fmt.Errorf("--period: %w", err)
	}
	a := events.NewAggregator(period, keep)
	reps, _, err := scanFiles(cmd, f, paths, func(e *events.Event) {
		if flt.Match(e) {
			a.Add(e)
		}
	})
	return a, reps, err
}

func runSeries(cmd *cobra.Command, paths []string, f *eventFlags) error {
	rec, err := eventsRecord(cmd, "events-series", paths)
	if err != nil {
		return err
	}
	a, reps, err := aggregate(cmd, f, paths, 0)
	if err != nil {
		return err
	}
	doc := &events.SeriesDoc{Run: stamped(rec), Files: reps, Period: a.Period, Series: orNone(a.Series())}
	return writeEvents(cmd, f.format, doc, func(w *csv.Writer) {
		w.Write([]string{"date", "source", "target", "events", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict",
			"goldstein_sum", "goldstein_mean", "mentions", "goldstein_mentions_sum", "goldstein_mentions_mean", "tone_events", "tone_mean", "tone_mentions_mean", "index"})
		for _, s := range doc.Series {
			for _, p := range s.Points {
				w.Write([]string{p.Date, s.Source, s.Target, itoa(p.Events), itoa(p.VerbalCoop), itoa(p.MaterialCoop), itoa(p.VerbalConflict), itoa(p.MaterialConflict),
					ftoa(p.GoldsteinSum), ftoa(p.GoldsteinMean), itoa(p.Mentions), ftoa(p.GoldsteinMentionsSum), ftoa(p.GoldsteinMentionsAvg),
					itoa(p.ToneEvents), ftoa(p.ToneMean), ftoa(p.ToneMentionsMean), ftoa(p.Index)})
			}
		}
	})
}

func orNone[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func runSpikes(cmd *cobra.Command, paths []string, f *eventFlags) error {
	if f.keep < 0 {
		return fmt.Errorf("--keep %d: want 0 or more", f.keep)
	}
	opt := f.spike.Defaults()
	if err := opt.Validate(); err != nil {
		return err
	}
	rec, err := eventsRecord(cmd, "events-spikes", paths)
	if err != nil {
		return err
	}
	a, reps, err := aggregate(cmd, f, paths, f.keep)
	if err != nil {
		return err
	}
	spikes, err := events.DetectSpikes(a.Series(), opt)
	if err != nil {
		return err
	}
	doc := &events.SpikesDoc{Run: stamped(rec), Files: reps, Period: a.Period, Options: opt, Spikes: spikes}
	return writeEvents(cmd, f.format, doc, func(w *csv.Writer) {
		w.Write([]string{"date", "source", "target", "metric", "value", "median", "scale", "z", "events", "top_events"})
		for _, s := range spikes {
			var ids []string
			for _, e := range s.Top {
				ids = append(ids, e.ID)
			}
			w.Write([]string{s.Date, s.Source, s.Target, s.Metric, ftoa(s.Value), ftoa(s.Median), ftoa(s.Scale), ftoa(s.Z), itoa(s.Events), strings.Join(ids, " ")})
		}
	})
}

func runObserve(cmd *cobra.Command, args []string, f *eventFlags) error {
	m, err := events.ReadMapping(args[0])
	if err != nil {
		return err
	}
	if err := checkMappingScenario(cmd, m, args[0], f.scenario); err != nil {
		return err
	}
	paths := args[1:]
	rec, err := eventsRecord(cmd, "events-observe", args)
	if err != nil {
		return err
	}
	p := events.NewProposer(m)
	reps, _, err := scanFiles(cmd, f, paths, p.Add)
	if err != nil {
		return err
	}
	doc := &events.ObservationsDoc{Run: stamped(rec), Files: reps, Scenario: m.Scenario, Proposals: p.Proposals()}
	if f.format == "observations" { // the file tablero observe and analyze --observe read
		obs := []scenario.Observation{}
		for _, pr := range doc.Proposals {
			obs = append(obs, pr.Observation)
		}
		return writeEvents(cmd, "json", map[string]any{"observations": obs}, nil)
	}
	return writeEvents(cmd, f.format, doc, func(w *csv.Writer) {
		w.Write([]string{"id", "date", "signpost", "occurred", "count", "from", "to", "source", "note", "events"})
		for _, pr := range doc.Proposals {
			o := pr.Observation
			var ids []string
			for _, e := range pr.Events {
				ids = append(ids, e.ID)
			}
			w.Write([]string{o.ID, o.Date, o.Signpost, strconv.FormatBool(o.Happened()), itoa(pr.Count), pr.From, pr.To, o.Source, o.Note, strings.Join(ids, " ")})
		}
	})
}

// checkMappingScenario checks the mapping's signposts against its
// scenario: the --scenario file, else the one beside the mapping when
// there is one.
func checkMappingScenario(cmd *cobra.Command, m *events.Mapping, mappingPath, path string) error {
	if path == "" {
		path = events.ScenarioBeside(mappingPath)
		if _, err := os.Stat(path); path == "" || err != nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "tablero: warning: %s: no scenario beside it (--scenario): signpost ids not checked\n", mappingPath)
			return nil
		}
	}
	s, err := scenario.Load(path)
	if err != nil {
		return err
	}
	if err := m.CheckScenario(s); err != nil {
		return fmt.Errorf("%s: %w", mappingPath, err)
	}
	return nil
}

// writeEvents writes doc as indented JSON, or the CSV table csvRows
// writes.
func writeEvents(cmd *cobra.Command, format string, doc any, csvRows func(*csv.Writer)) error {
	out := cmd.OutOrStdout()
	switch format {
	case "json":
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return err
		}
		_, err = out.Write(append(b, '\n'))
		return err
	case "csv":
		w := csv.NewWriter(out)
		csvRows(w)
		w.Flush()
		return w.Error()
	}
	return fmt.Errorf("--format %q: want json or csv", format)
}

func itoa[T ~int | ~int64](n T) string { return strconv.FormatInt(int64(n), 10) }
func ftoa(v float64) string            { return strconv.FormatFloat(v, 'g', -1, 64) }

// eventPollFlags configure the server's event poller (off unless --events-url).
type eventPollFlags struct {
	url      string
	every    time.Duration
	maxBytes int64
	mappings []string
	follow   []string
}

func (f *eventPollFlags) add(fl *pflag.FlagSet) {
	fl.StringVar(&f.url, "events-url", "", "poll this GDELT 2.0-style lastupdate.txt and ingest its new exports (off when empty)")
	fl.DurationVar(&f.every, "events-every", 15*time.Minute, "how often to poll --events-url")
	fl.Int64Var(&f.maxBytes, "events-max-bytes", 128<<20, "largest export downloaded, in bytes")
	fl.StringArrayVar(&f.mappings, "events-mapping", nil, "CAMEO → signpost mapping whose proposals the poller stores (repeatable)")
	fl.StringArrayVar(&f.follow, "events-follow", nil, "scenario id whose timeline gets the proposed observations automatically, on its newest stored version (repeatable)")
}

// start starts the poller when configured: it ingests into st, stores
// the proposals of its mappings (GET /v1/events/proposals) and adds those
// of the scenarios of --events-follow to their timelines through api.
func (f *eventPollFlags) start(ctx context.Context, st store.Store, api *server.Server, log *slog.Logger) error {
	if f.url == "" {
		return nil
	}
	ed, err := server.NewEventIngester(st)
	if err != nil {
		return err
	}
	var ms []*events.Mapping
	for _, path := range f.mappings {
		m, err := events.ReadMapping(path)
		if err != nil {
			return fmt.Errorf("--events-mapping: %w", err)
		}
		if sp := events.ScenarioBeside(path); sp != "" {
			if _, err := os.Stat(sp); err == nil {
				s, err := scenario.Load(sp)
				if err != nil {
					return fmt.Errorf("--events-mapping %s: %w", path, err)
				}
				if err := m.CheckScenario(s); err != nil {
					return fmt.Errorf("--events-mapping %s: %w", path, err)
				}
			}
		}
		ms = append(ms, m)
	}
	p := &poll.Poller{URL: f.url, Every: f.every, MaxBytes: f.maxBytes, Ingester: ed, Mappings: ms, Log: log,
		Sinks: []poll.Sink{ed, poll.SinkFunc(func(_ context.Context, ps []events.Proposal) error {
			for _, x := range ps {
				log.Info("events: observation proposed", "scenario", x.Scenario, "id", x.Observation.ID, "signpost", x.Observation.Signpost, "events", x.Count)
			}
			return nil
		})}}
	if len(f.follow) > 0 {
		p.Sinks = append(p.Sinks, api.EventFollower(f.follow))
	}
	log.Info("events: polling", "url", f.url, "every", f.every, "mappings", len(ms))
	go p.Run(ctx)
	return nil
}
