package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/scenario"
)

func newNegotiate() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "negotiate",
		Short: "Multi-issue negotiation: Pareto frontier and bargaining solutions, simulated negotiations, tournaments, linkage",
		Long: `negotiate analyses multi-issue negotiations. Domains and profiles are GENIUS
XML files (as in the ANAC corpus), GeniusWeb JSON, or the negotiation block
of a scenario file (YAML).

  tablero negotiate analyze DOMAIN PROFILE...   frontier and solutions (NegMAS and GENIUS conventions)
  tablero negotiate analyze SCENARIO.yaml       linkage report: bargaining range with and without linkage, win-sets
  tablero negotiate run DOMAIN PROFILE...       one stacked-alternating-offers negotiation
  tablero negotiate tournament DIR...           agents x domains x repetitions, in parallel`,
	}
	cmd.AddCommand(newNegotiateAnalyze(), newNegotiateRun(), newNegotiateTournament())
	return cmd
}

type domainFlags struct {
	realLevels int
	noCap      bool
	budget     int64
	ctx        context.Context // cancels the reading of GENIUS XML
}

func (f *domainFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.IntVar(&f.realLevels, "real-levels", 0, "grid points of real issues (0: GENIUS's 21)")
	fl.BoolVar(&f.noCap, "no-cap", false, "do not cap additive utilities at 1 (NegMAS's import; GENIUS caps)")
	fl.Int64Var(&f.budget, "budget", 0, "largest number of outcomes to enumerate, or units of search work with --search (0: default)")
}

func (f *domainFlags) xml() negotiate.XMLOptions {
	return negotiate.XMLOptions{RealLevels: f.realLevels, NoCap: f.noCap, Context: f.ctx}
}

func isSpecFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return true
	}
	return false
}

// loadSpec reads a negotiation specification from a YAML file: a scenario
// file's negotiation block, with the scenario's parameters (and derived
// values) at their defaults overridden by sets, or a bare specification,
// with sets as its values.
func loadSpec(path string, sets scenario.Values) (*negotiate.Spec, map[string]float64, error) {
	if sc, err := scenario.Load(path); err == nil && sc.Negotiation != nil {
		m, err := scenario.Compile(sc)
		if err != nil {
			return nil, nil, err
		}
		nums, err := m.Numbers(sets)
		if err != nil {
			return nil, nil, err
		}
		return sc.Negotiation, nums.Env, nil
	}
	s, err := negotiate.LoadSpec(path)
	return s, sets, err
}

// loadDomain reads a domain and its profiles: GENIUS XML files, a GENIUS
// folder, GeniusWeb JSON files, or a specification (YAML).
func loadDomain(args []string, f *domainFlags, types map[string]string) (*negotiate.Domain, []*negotiate.Profile, error) {
	if len(args) == 0 {
		return nil, nil, errors.New("no domain given")
	}
	first := args[0]
	if fi, err := os.Stat(first); err == nil && fi.IsDir() {
		if len(args) > 1 {
			return nil, nil, errors.New("a domain folder takes no profile arguments")
		}
		return negotiate.LoadGeniusDir(first, f.xml())
	}
	if isSpecFile(first) {
		s, vals, err := loadSpec(first, nil)
		if err != nil {
			return nil, nil, err
		}
		d, ps, _, err := s.Build(negotiate.BuildOptions{Types: types, Values: vals})
		return d, ps, err
	}
	docs := make([][]byte, len(args))
	opt := negotiate.LoadOptions{XML: f.xml(), DomainName: baseName(first), Sources: args}
	for i, path := range args {
		var err error
		if docs[i], err = os.ReadFile(path); err != nil {
			return nil, nil, err
		}
		if i > 0 {
			opt.ProfileNames = append(opt.ProfileNames, baseName(path))
		}
	}
	format := negotiate.FormatGenius
	if strings.EqualFold(filepath.Ext(first), ".json") {
		format = negotiate.FormatGeniusWeb
	}
	return negotiate.LoadBytes(format, docs[0], docs[1:], opt)
}

// baseName is a file's name without its folder and extension.
func baseName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

func parseTypes(ts []string) (map[string]string, error) {
	m := map[string]string{}
	for _, t := range ts {
		k, v, ok := strings.Cut(t, "=")
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("--type %q: want PARTY=TYPE", t)
		}
		m[k] = v
	}
	return m, nil
}

func newNegotiateAnalyze() *cobra.Command {
	var (
		df         domainFlags
		format     string
		convention string
		search     bool
		types      []string
		sets       []string
	)
	cmd := &cobra.Command{
		Use:   "analyze DOMAIN PROFILE... | SCENARIO.yaml",
		Short: "Pareto frontier, Nash, Kalai, Kalai–Smorodinsky and max-welfare points (or a linkage report for a scenario)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			rec, err := cliRecord(cmd, "negotiate-analyze", args)
			if err != nil {
				return err
			}
			tm, err := parseTypes(types)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if len(args) == 1 && isSpecFile(args[0]) {
				sv, err := parseSets(sets)
				if err != nil {
					return err
				}
				s, vals, err := loadSpec(args[0], sv)
				if err != nil {
					return err
				}
				conv := negotiate.Convention(convention)
				if convention == "both" || convention == "" {
					conv = negotiate.NegMAS
				}
				r, err := negotiate.LinkageAnalysis(ctx, s, negotiate.ReportOptions{
					BuildOptions: negotiate.BuildOptions{Types: tm, Values: map[string]float64(vals)},
					Convention:   conv, Budget: df.budget})
				if err != nil {
					return err
				}
				switch format {
				case "md", "":
					_, err = io.WriteString(out, r.Markdown())
					return err
				case "json":
					r.Run = stamped(rec)
					return writeJSON(out, r)
				}
				return fmt.Errorf("unknown format %q for a linkage report (md or json)", format)
			}
			df.ctx = cmd.Context()
			d, ps, err := loadDomain(args, &df, tm)
			if err != nil {
				return err
			}
			var convs []negotiate.Convention
			switch convention {
			case "both", "":
			case "negmas", "genius":
				convs = []negotiate.Convention{negotiate.Convention(convention)}
			default:
				return fmt.Errorf("unknown convention %q (negmas, genius or both)", convention)
			}
			analyses, st, err := negotiate.AnalyzeDomain(ctx, d, ps, negotiate.AnalyzeOptions{Conventions: convs, Search: search, Budget: df.budget})
			if errors.Is(err, negotiate.ErrTooLarge) && !search {
				return fmt.Errorf("%w\n(two profiles: try --search to find the frontier without enumerating)", err)
			}
			if err != nil {
				return err
			}
			if st != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "frontier found without enumeration: %d search nodes\n", st.Nodes)
			}
			switch format {
			case "md", "":
				return writeAnalysisText(out, d, analyses)
			case "json":
				doc := negotiate.NewDomainAnalysis(d, analyses)
				doc.Run = stamped(rec)
				return writeJSON(out, doc)
			case "csv":
				return writeAnalysisCSV(out, d, analyses)
			}
			return fmt.Errorf("unknown format %q (md, json or csv)", format)
		},
	}
	df.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "md", "output format: md, json or csv")
	fl.StringVar(&convention, "convention", "both", "solution convention: negmas, genius or both")
	fl.BoolVar(&search, "search", false, "find the bilateral frontier by branch and bound, without enumerating (large domains)")
	fl.StringArrayVar(&types, "type", nil, "party type for a scenario, as PARTY=TYPE (repeatable)")
	fl.StringArrayVar(&sets, "set", nil, "override a parameter of a scenario, as name=value (repeatable)")
	return cmd
}

func concepts(a *negotiate.Analysis) []struct {
	name string
	pts  []negotiate.Point
} {
	return []struct {
		name string
		pts  []negotiate.Point
	}{
		{"nash", a.Nash}, {"kalai", a.Kalai}, {"modified_kalai", a.ModifiedKalai}, {"ks", a.KS},
		{"modified_ks", a.ModifiedKS}, {"max_welfare", a.MaxWelfare}, {"max_relative_welfare", a.MaxRelativeWelfare},
	}
}

func writeAnalysisText(w io.Writer, d *negotiate.Domain, as []*negotiate.Analysis) error {
	fmt.Fprintf(w, "domain %s: %d issues, %.6g outcomes\n", d.Name, len(d.Issues), d.Size())
	for _, a := range as {
		fmt.Fprintf(w, "\n[%s convention] parties %s; reservation values %s; disagreement point %s\n", a.Convention, strings.Join(a.Parties, ", "), fmtFloats(a.Reservations), fmtFloats(a.Disagreement))
		fmt.Fprintf(w, "Pareto frontier: %d points, %d outcomes", len(a.Frontier), a.FrontierOutcomes)
		if a.Opposition == a.Opposition {
			fmt.Fprintf(w, "; opposition %.4f; rational fraction %.4f", a.Opposition, a.RationalFraction)
		}
		fmt.Fprintln(w)
		for _, c := range concepts(a) {
			for i, p := range c.pts {
				name := c.name
				if i > 0 {
					name = "  (tie)"
				}
				fmt.Fprintf(w, "  %-22s %s  %s\n", name, fmtFloats(p.U), strings.Join(d.Labels(p.Outcomes[0]), " | "))
			}
			if len(c.pts) == 0 {
				fmt.Fprintf(w, "  %-22s none\n", c.name)
			}
		}
	}
	return nil
}

func fmtFloats(x []float64) string {
	s := make([]string, len(x))
	for i, v := range x {
		s[i] = strconv.FormatFloat(v, 'f', 4, 64)
	}
	return "(" + strings.Join(s, ", ") + ")"
}

func writeAnalysisCSV(w io.Writer, d *negotiate.Domain, as []*negotiate.Analysis) error {
	cw := csv.NewWriter(w)
	if len(as) == 0 {
		return nil
	}
	head := []string{"concept", "convention"}
	for _, p := range as[0].Parties {
		head = append(head, "u_"+p)
	}
	for _, is := range d.Issues {
		head = append(head, is.Name)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	row := func(concept string, a *negotiate.Analysis, p negotiate.Point) error {
		r := []string{concept, string(a.Convention)}
		for _, u := range p.U {
			r = append(r, strconv.FormatFloat(u, 'g', -1, 64))
		}
		r = append(r, d.Labels(p.Outcomes[0])...)
		return cw.Write(r)
	}
	for _, a := range as {
		for _, p := range a.Frontier {
			if err := row("pareto", a, p); err != nil {
				return err
			}
		}
		for _, c := range concepts(a) {
			for _, p := range c.pts {
				if err := row(c.name, a, p); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON writes a document as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func newNegotiateRun() *cobra.Command {
	var (
		df       domainFlags
		agents   string
		steps    int
		seconds  float64
		seed     uint64
		format   string
		trace    bool
		types    []string
		ignoreWS bool
	)
	cmd := &cobra.Command{
		Use:   "run DOMAIN PROFILE PROFILE... | SCENARIO.yaml",
		Short: "Run one stacked-alternating-offers negotiation (NegMAS rules)",
		Long: `run simulates one negotiation under the stacked alternating offers protocol:
negotiators act in the order given, offering is accepting, agreement when
every party accepts the standing offer, deadline in steps and/or seconds.

Agents: ` + strings.Join(negotiate.AgentNames(), ", ") + `; append
+AC_next, +AC_const(c), +AC_time(t) or +AC_combi(t) to replace an agent's
acceptance strategy.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			rec, err := cliRecord(cmd, "negotiate-run", args)
			if err != nil {
				return err
			}
			tm, err := parseTypes(types)
			if err != nil {
				return err
			}
			var spec *negotiate.Spec
			var ws *negotiate.WinSets
			if len(args) == 1 && isSpecFile(args[0]) {
				var vals map[string]float64
				if spec, vals, err = loadSpec(args[0], nil); err != nil {
					return err
				}
				if ws, err = spec.CompileWinSets(negotiate.BuildOptions{Types: tm, Values: vals}); err != nil {
					return err
				}
			}
			df.ctx = cmd.Context()
			d, ps, err := loadDomain(args, &df, tm)
			if err != nil {
				return err
			}
			names := splitList(agents)
			if len(names) == 0 && spec != nil && spec.Protocol != nil {
				names = spec.Protocol.Agents
			}
			if steps == 0 && seconds == 0 {
				steps = negotiate.DefaultSteps
				if spec != nil && spec.Protocol != nil && spec.Protocol.Steps > 0 {
					steps = spec.Protocol.Steps
				}
			}
			sim, err := negotiate.Simulate(ctx, d, ps, negotiate.SimulateOptions{Agents: names, Budget: df.budget,
				Protocol: negotiate.Protocol{NSteps: steps, TimeLimit: time.Duration(seconds * float64(time.Second)), Seed: seed},
				WinSets:  ws, IgnoreWinSets: ignoreWS})
			if err != nil {
				return err
			}
			s, res, m, names := sim.Space, sim.Result, sim.Metrics, sim.Agents
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				doc := negotiate.NewRunView(sim, trace)
				doc.Run = stamped(rec)
				return writeJSON(out, doc)
			case "csv":
				cw := csv.NewWriter(out)
				head := []string{"step", "relative_time", "proposer"}
				for _, p := range s.Profiles {
					head = append(head, "u_"+p.Name)
				}
				for _, is := range d.Issues {
					head = append(head, is.Name)
				}
				cw.Write(head)
				for _, o := range res.Trace {
					r := []string{strconv.Itoa(o.Step), strconv.FormatFloat(o.Time, 'g', 6, 64), names[o.Proposer]}
					for p := range s.Profiles {
						r = append(r, strconv.FormatFloat(s.U[p][o.Outcome], 'g', -1, 64))
					}
					r = append(r, s.Labels(o.Outcome)...)
					cw.Write(r)
				}
				cw.Flush()
				return cw.Error()
			case "md", "":
				fmt.Fprintf(out, "%s on %s, deadline %d steps\n", strings.Join(names, " vs "), d.Name, steps)
				if res.Agreed && sim.Spec != nil {
					fmt.Fprintf(out, "agreement at step %d (relative time %.3f):\n", res.Steps, res.RelativeTime)
					for _, o := range negotiate.NewRunView(sim, false).Package {
						fmt.Fprintf(out, "  - %s: %s\n", cmp.Or(o.IssueLabel, o.Issue), cmp.Or(o.Label, o.Option))
					}
				} else if res.Agreed {
					fmt.Fprintf(out, "agreement at step %d (relative time %.3f): %s\n", res.Steps, res.RelativeTime, strings.Join(s.Labels(res.Agreement), " | "))
				} else {
					why := "timed out"
					if res.Broken {
						why = "broken off"
					}
					fmt.Fprintf(out, "no agreement (%s after %d steps)\n", why, res.Steps)
				}
				if r := sim.Ratification; r != nil {
					writeRatification(out, r, res.Agreed)
				}
				fmt.Fprintf(out, "utilities %s, advantages %s, %d offers\n", fmtFloats(res.Utilities), fmtFloats(m.Advantages), res.NOffers)
				fmt.Fprintf(out, "pareto_optimality %.4f, nash_optimality %.4f, ks_optimality %.4f, max_welfare_optimality %.4f\n", m.ParetoOptimality, m.NashOptimality, m.KSOptimality, m.MaxWelfareOptimality)
				if trace {
					for _, o := range res.Trace {
						fmt.Fprintf(out, "  step %3d  %-12s %s\n", o.Step, names[o.Proposer], fmtFloats(s.Utilities(int(o.Outcome))))
					}
				}
				return nil
			}
			return fmt.Errorf("unknown format %q (md, json or csv)", format)
		},
	}
	df.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&agents, "agents", "", "comma-separated agents, one per party in turn order (default Boulware,Conceder)")
	fl.IntVar(&steps, "steps", 0, "deadline in steps (default 100)")
	fl.Float64Var(&seconds, "seconds", 0, "deadline in seconds (0: none)")
	fl.Uint64Var(&seed, "seed", 1, "seed of stochastic agents")
	fl.StringVar(&format, "format", "md", "output format: md, json or csv (the offer trace)")
	fl.BoolVar(&trace, "trace", false, "include the offer trace (md, json)")
	fl.StringArrayVar(&types, "type", nil, "party type for a scenario, as PARTY=TYPE (repeatable)")
	fl.BoolVar(&ignoreWS, "ignore-win-sets", false, "let negotiators offer and accept packages their own audience would not ratify (the breaches are flagged)")
	return cmd
}

// writeRatification says how a negotiation's outcome stands to the
// parties' win-sets: kept to, or each breach by name.
func writeRatification(out io.Writer, r *negotiate.Ratification, agreed bool) {
	how := "negotiators kept to their own win-sets (two-level)"
	if !r.Respected {
		how = "negotiators ignored their win-sets (--ignore-win-sets)"
	}
	fmt.Fprintf(out, "win-sets: %s; %d packages are ratifiable by every party and better than no deal for each\n", how, r.Ratifiable)
	switch {
	case len(r.Breaches) > 0:
		for _, b := range r.Breaches {
			fmt.Fprintf(out, "BREACH: %s would not ratify (%s): %s\n", b.Party, b.Constraint, b.Reason)
		}
	case agreed:
		fmt.Fprintln(out, "the agreement is inside every party's win-set")
	case r.Ratifiable == 0:
		fmt.Fprintln(out, "no agreement is possible without a breach: the ratifiable bargaining range is empty")
	}
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func newNegotiateTournament() *cobra.Command {
	var (
		df        domainFlags
		agents    string
		reps      int
		steps     int
		workers   int
		seed      uint64
		format    string
		rotate    bool
		parties   int
		scenarios []string
	)
	cmd := &cobra.Command{
		Use:   "tournament [DOMAIN_DIR | SCENARIO.yaml]...",
		Short: "Run agents x domains x repetitions in parallel, with NegMAS's metric names",
		Long: `tournament plays every ordered assignment of the agents to the roles (self-play
included) on every domain, --reps times, in parallel with deterministic seeds.
A domain is a GENIUS folder (the domain file and its profiles; the first
profiles play), a scenario file, or --scenario DOMAIN.xml,PROFILE.xml,...`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			rec, err := cliRecord(cmd, "negotiate-tournament", args)
			if err != nil {
				return err
			}
			var scs []negotiate.Scenario
			add := func(name string, d *negotiate.Domain, ps []*negotiate.Profile) error {
				sc, err := negotiate.NewScenario(ctx, name, d, ps, df.budget)
				scs = append(scs, sc)
				return err
			}
			for _, a := range args {
				df.ctx = cmd.Context()
				d, ps, err := loadDomain([]string{a}, &df, nil)
				if err != nil {
					return err
				}
				if err := add(baseName(a), d, ps); err != nil {
					return err
				}
			}
			for _, sc := range scenarios {
				files := splitList(sc)
				df.ctx = cmd.Context()
				d, ps, err := loadDomain(files, &df, nil)
				if err != nil {
					return err
				}
				if err := add(baseName(files[0]), d, ps); err != nil {
					return err
				}
			}
			if len(scs) == 0 {
				return errors.New("no domains: give GENIUS folders, scenario files or --scenario")
			}
			names := splitList(agents)
			if len(names) == 0 {
				names = []string{"Boulware", "Linear", "Conceder"}
			}
			res, err := negotiate.RunTournament(ctx, negotiate.TournamentConfig{
				Agents: names, Scenarios: scs, Repetitions: reps, Parties: parties,
				Protocol: negotiate.Protocol{NSteps: steps}, RotateProfiles: rotate, Workers: workers, Seed: seed})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				res.Run = stamped(rec)
				return writeJSON(out, res)
			case "csv":
				return writeTournamentCSV(out, res)
			case "md", "":
				fmt.Fprintf(out, "%d negotiations in %.3fs (%.0f per second), agreement rate %.3f\n\n", len(res.Records), res.Seconds, res.PerSecond, res.AgreementRate)
				fmt.Fprintln(out, "| agent | negotiations | agreement rate | advantage | utility | welfare | pareto_optimality | nash_optimality | ks_optimality |")
				fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|")
				for _, s := range res.Scores {
					fmt.Fprintf(out, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", s.Agent, s.Negotiations, s.AgreementRate, s.Advantage, s.Utility, s.Welfare, s.ParetoOpt, s.NashOpt, s.KSOpt)
				}
				return nil
			}
			return fmt.Errorf("unknown format %q (md, json or csv)", format)
		},
	}
	df.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&agents, "agents", "", "comma-separated agents (default Boulware,Linear,Conceder)")
	fl.IntVar(&reps, "reps", 1, "repetitions of every negotiation")
	fl.IntVar(&steps, "steps", 100, "deadline in steps")
	fl.IntVar(&workers, "workers", 0, "parallel negotiations (0: one per CPU)")
	fl.Uint64Var(&seed, "seed", 1, "base seed")
	fl.StringVar(&format, "format", "md", "output format: md (scores), json or csv (one row per negotiation)")
	fl.BoolVar(&rotate, "rotate", false, "also play with the profiles rotated between roles")
	fl.IntVar(&parties, "parties", 2, "negotiators per negotiation")
	fl.StringArrayVar(&scenarios, "scenario", nil, "a domain as DOMAIN.xml,PROFILE.xml,... (repeatable)")
	return cmd
}

func writeTournamentCSV(w io.Writer, res *negotiate.TournamentResult) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scenario", "negotiators", "repetition", "seed", "agreement_reached", "steps", "relative_time", "n_offers",
		"utilities", "advantages", "welfare", "pareto_optimality", "nash_optimality", "kalai_optimality", "ks_optimality", "max_welfare_optimality", "agreement", "error"})
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }
	fs := func(x []float64) string {
		s := make([]string, len(x))
		for i, v := range x {
			s[i] = f(v)
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	for _, r := range res.Records {
		m := r.Metrics
		cw.Write([]string{r.Scenario, strings.Join(r.Agents, "|"), strconv.Itoa(r.Rep), strconv.FormatUint(r.Seed, 10),
			strconv.FormatBool(m.Agreed), strconv.Itoa(r.Steps), f(r.RelTime), strconv.Itoa(r.NOffers),
			fs(m.Utilities), fs(m.Advantages), f(m.Welfare), f(m.ParetoOptimality), f(m.NashOptimality), f(m.KalaiOptimality),
			f(m.KSOptimality), f(m.MaxWelfareOptimality), strings.Join(r.Agreement, "|"), r.Err})
	}
	cw.Flush()
	return cw.Error()
}
