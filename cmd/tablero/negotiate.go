package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
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
}

func (f *domainFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.IntVar(&f.realLevels, "real-levels", 0, "grid points of real issues (0: GENIUS's 21)")
	fl.BoolVar(&f.noCap, "no-cap", false, "do not cap additive utilities at 1 (NegMAS's import; GENIUS caps)")
	fl.Int64Var(&f.budget, "budget", 0, "largest number of outcomes to enumerate (0: default)")
}

func (f *domainFlags) xml() negotiate.XMLOptions {
	return negotiate.XMLOptions{RealLevels: f.realLevels, NoCap: f.noCap}
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
	if strings.EqualFold(filepath.Ext(first), ".json") {
		fd, err := os.Open(first)
		if err != nil {
			return nil, nil, err
		}
		d, err := negotiate.ReadGeniusWebDomain(fd)
		fd.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", first, err)
		}
		var ps []*negotiate.Profile
		for _, pf := range args[1:] {
			fp, err := os.Open(pf)
			if err != nil {
				return nil, nil, err
			}
			p, _, err := negotiate.ReadGeniusWebProfile(fp, d)
			fp.Close()
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", pf, err)
			}
			if p.Name == "" {
				p.Name = strings.TrimSuffix(filepath.Base(pf), filepath.Ext(pf))
			}
			ps = append(ps, p)
		}
		if len(ps) == 0 {
			return nil, nil, errors.New("no profiles given")
		}
		return d, ps, nil
	}
	d, err := negotiate.ReadDomainXMLFile(first, f.xml())
	if err != nil {
		return nil, nil, err
	}
	var ps []*negotiate.Profile
	for _, pf := range args[1:] {
		p, err := negotiate.ReadProfileXMLFile(pf, d, f.xml())
		if err != nil {
			return nil, nil, err
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		return nil, nil, errors.New("no profiles given")
	}
	return d, ps, nil
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
					return writeJSON(out, r)
				}
				return fmt.Errorf("unknown format %q for a linkage report (md or json)", format)
			}
			d, ps, err := loadDomain(args, &df, tm)
			if err != nil {
				return err
			}
			var convs []negotiate.Convention
			switch convention {
			case "both", "":
				convs = []negotiate.Convention{negotiate.NegMAS, negotiate.GENIUS}
			case "negmas", "genius":
				convs = []negotiate.Convention{negotiate.Convention(convention)}
			default:
				return fmt.Errorf("unknown convention %q (negmas, genius or both)", convention)
			}
			var analyses []*negotiate.Analysis
			if search {
				front, st, err := negotiate.ParetoSearch(ctx, d, ps, negotiate.SearchOptions{})
				if err != nil {
					return err
				}
				for _, c := range convs {
					ranges := make([][2]float64, len(ps))
					rs := make([]float64, len(ps))
					for i, p := range ps {
						rs[i] = p.Reservation
						ranges[i] = [2]float64{0, 1}
						if u, err := negotiate.Compile(d, p); err == nil {
							if _, _, mn, mx, err := u.Extremes(ctx, df.budget); err == nil {
								ranges[i] = [2]float64{mn, mx}
							}
						}
					}
					a := negotiate.Solutions(front, ranges, rs, c, negotiate.AnalysisOptions{})
					for _, p := range ps {
						a.Parties = append(a.Parties, p.Name)
					}
					analyses = append(analyses, a)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "frontier found without enumeration: %d search nodes\n", st.Nodes)
			} else {
				s, err := negotiate.Evaluate(ctx, d, ps, df.budget)
				if err != nil {
					if errors.Is(err, negotiate.ErrTooLarge) {
						return fmt.Errorf("%w\n(two profiles: try --search to find the frontier without enumerating)", err)
					}
					return err
				}
				for _, c := range convs {
					a, err := negotiate.Analyze(ctx, s, c, negotiate.AnalysisOptions{})
					if err != nil {
						return err
					}
					analyses = append(analyses, a)
				}
			}
			switch format {
			case "md", "":
				return writeAnalysisText(out, d, analyses)
			case "json":
				return writeJSON(out, analysisJSON(d, analyses))
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

type pointJSON struct {
	Utilities []float64  `json:"utilities"`
	Outcomes  [][]string `json:"outcomes"`
}

type analysisOut struct {
	Convention         negotiate.Convention `json:"convention"`
	Parties            []string             `json:"parties"`
	Outcomes           int                  `json:"outcomes"`
	Ranges             [][2]float64         `json:"utility_ranges"`
	Reservations       []float64            `json:"reserved_values"`
	Disagreement       []float64            `json:"disagreement"`
	ParetoOutcomes     int                  `json:"pareto_outcomes"`
	Pareto             []pointJSON          `json:"pareto"`
	Nash               []pointJSON          `json:"nash"`
	Kalai              []pointJSON          `json:"kalai"`
	ModifiedKalai      []pointJSON          `json:"modified_kalai"`
	KS                 []pointJSON          `json:"ks"`
	ModifiedKS         []pointJSON          `json:"modified_ks"`
	MaxWelfare         []pointJSON          `json:"max_welfare"`
	MaxRelativeWelfare []pointJSON          `json:"max_relative_welfare"`
	Opposition         *float64             `json:"opposition,omitempty"`
	RationalFraction   *float64             `json:"rational_fraction,omitempty"`
}

func pointsJSON(d *negotiate.Domain, pts []negotiate.Point) []pointJSON {
	out := make([]pointJSON, 0, len(pts))
	for _, p := range pts {
		pj := pointJSON{Utilities: p.U}
		for _, o := range p.Outcomes {
			pj.Outcomes = append(pj.Outcomes, d.Labels(o))
		}
		out = append(out, pj)
	}
	return out
}

func finitePtr(x float64) *float64 {
	if x != x {
		return nil
	}
	return &x
}

func analysisJSON(d *negotiate.Domain, as []*negotiate.Analysis) map[string]any {
	var list []analysisOut
	for _, a := range as {
		list = append(list, analysisOut{
			Convention: a.Convention, Parties: a.Parties, Outcomes: a.Outcomes, Ranges: a.Ranges, Reservations: a.Reservations,
			Disagreement: a.Disagreement, ParetoOutcomes: a.FrontierOutcomes,
			Pareto: pointsJSON(d, a.Frontier), Nash: pointsJSON(d, a.Nash), Kalai: pointsJSON(d, a.Kalai),
			ModifiedKalai: pointsJSON(d, a.ModifiedKalai), KS: pointsJSON(d, a.KS), ModifiedKS: pointsJSON(d, a.ModifiedKS),
			MaxWelfare: pointsJSON(d, a.MaxWelfare), MaxRelativeWelfare: pointsJSON(d, a.MaxRelativeWelfare),
			Opposition: finitePtr(a.Opposition), RationalFraction: finitePtr(a.RationalFraction),
		})
	}
	issues := make([]string, len(d.Issues))
	for i, is := range d.Issues {
		issues[i] = is.Name
	}
	return map[string]any{"domain": d.Name, "issues": issues, "size": d.Size(), "analyses": list}
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

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sanitizeNaN(v))
}

// sanitizeNaN replaces NaN and ±Inf (which JSON cannot hold) with null.
func sanitizeNaN(v any) any {
	if b, err := json.Marshal(v); err == nil {
		return json.RawMessage(b)
	}
	return nanFree(reflect.ValueOf(v))
}

// nanFree converts v to plain JSON values (structs by their json tags),
// with non-finite floats as nil.
func nanFree(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return nanFree(v.Elem())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return f
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = nanFree(v.Index(i))
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		for _, k := range v.MapKeys() {
			out[fmt.Sprint(k.Interface())] = nanFree(v.MapIndex(k))
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv := v.Field(i)
			if strings.Contains(opts, "omitempty") && fv.IsZero() {
				continue
			}
			out[name] = nanFree(fv)
		}
		return out
	}
	return v.Interface()
}

func newNegotiateRun() *cobra.Command {
	var (
		df      domainFlags
		agents  string
		steps   int
		seconds float64
		seed    uint64
		format  string
		trace   bool
		types   []string
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
			tm, err := parseTypes(types)
			if err != nil {
				return err
			}
			var spec *negotiate.Spec
			if len(args) == 1 && isSpecFile(args[0]) {
				if spec, _, err = loadSpec(args[0], nil); err != nil {
					return err
				}
			}
			d, ps, err := loadDomain(args, &df, tm)
			if err != nil {
				return err
			}
			names := splitList(agents)
			if len(names) == 0 && spec != nil && spec.Protocol != nil {
				names = spec.Protocol.Agents
			}
			if len(names) == 0 {
				names = []string{"Boulware", "Conceder"}
			}
			if len(names) > len(ps) {
				return fmt.Errorf("%d agents but only %d profiles", len(names), len(ps))
			}
			if steps == 0 && seconds == 0 {
				steps = 100
				if spec != nil && spec.Protocol != nil && spec.Protocol.Steps > 0 {
					steps = spec.Protocol.Steps
				}
			}
			s, err := negotiate.Evaluate(ctx, d, ps[:len(names)], df.budget)
			if err != nil {
				return err
			}
			negs := make([]negotiate.Negotiator, len(names))
			for i, n := range names {
				if negs[i], err = negotiate.NewAgent(n); err != nil {
					return err
				}
			}
			res, err := negotiate.Run(ctx, s, negs, nil, negotiate.Protocol{NSteps: steps, TimeLimit: time.Duration(seconds * float64(time.Second)), Seed: seed, KeepTrace: true})
			if err != nil {
				return err
			}
			ev, err := negotiate.NewEvaluation(ctx, s)
			if err != nil {
				return err
			}
			m := ev.Measure(res.Agreed, res.Utilities)
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				o := map[string]any{"domain": d.Name, "negotiators": names, "result": res, "metrics": m}
				if !trace {
					r2 := *res
					r2.Trace = nil
					o["result"] = &r2
				}
				if res.Agreed {
					o["agreement"] = s.Labels(res.Agreement)
				}
				return writeJSON(out, o)
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
				if res.Agreed {
					fmt.Fprintf(out, "agreement at step %d (relative time %.3f): %s\n", res.Steps, res.RelativeTime, strings.Join(s.Labels(res.Agreement), " | "))
				} else {
					why := "timed out"
					if res.Broken {
						why = "broken off"
					}
					fmt.Fprintf(out, "no agreement (%s after %d steps)\n", why, res.Steps)
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
	return cmd
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
			var scs []negotiate.Scenario
			add := func(name string, d *negotiate.Domain, ps []*negotiate.Profile) error {
				s, err := negotiate.Evaluate(ctx, d, ps, df.budget)
				if err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				scs = append(scs, negotiate.Scenario{Name: name, Space: s})
				return nil
			}
			for _, a := range args {
				d, ps, err := loadDomain([]string{a}, &df, nil)
				if err != nil {
					return err
				}
				if err := add(strings.TrimSuffix(filepath.Base(a), filepath.Ext(a)), d, ps); err != nil {
					return err
				}
			}
			for _, sc := range scenarios {
				files := splitList(sc)
				d, ps, err := loadDomain(files, &df, nil)
				if err != nil {
					return err
				}
				if err := add(strings.TrimSuffix(filepath.Base(files[0]), filepath.Ext(files[0])), d, ps); err != nil {
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
