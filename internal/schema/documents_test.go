package schema_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/internal/schema"
	"github.com/tablero-project/tablero/internal/schema/schematest"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve/methods"
	"github.com/tablero-project/tablero/uncertain"
)

// root is the repository, where the shipped scenarios and the packages'
// testdata live.
const root = "../.."

// validate checks that every document of the named kind validates against
// its schema. Documents are Go values (encoded with encoding/json) or
// JSON bytes.
func validate(t *testing.T, name string, docs ...any) {
	t.Helper()
	s, err := schema.DocumentSchema(name)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		b, ok := d.([]byte)
		if !ok {
			if b, err = json.Marshal(d); err != nil {
				t.Fatalf("%s document %d: %v", name, i, err)
			}
		}
		if err := schematest.Validate(s, b); err != nil {
			t.Errorf("%s document %d: %v", name, i, err)
		}
	}
}

func TestDocumentSchemas(t *testing.T) {
	names := schema.DocumentNames()
	if len(names) != len(schema.Documents())+1 {
		t.Errorf("names %v, documents %v", names, schema.Documents())
	}
	for _, name := range names {
		s, err := schema.DocumentSchema(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := schematest.CheckKeys(s); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := schematest.Validate(s, []byte(`{}`)); name != "scenario" && err == nil {
			t.Errorf("%s: an empty object validates", name)
		}
	}
	if _, err := schema.DocumentSchema("nope"); err == nil {
		t.Error("unknown document has a schema")
	}
}

func loadModel(t *testing.T, path string) *scenario.Model {
	t.Helper()
	sc, err := scenario.Load(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	m, err := scenario.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBriefDocument validates the flagship's analysis document (the run
// record and the brief) with every optional block: the stakeholder
// forecast, the negotiation, Monte Carlo intervals, tornado, Sobol and
// PRIM, the drivers of every scenario and result with their shapes and
// regimes, the sampled literal numbers, a replaced distribution and a
// scenario as focus, and evidence of every kind with the signposts to
// watch.
func TestBriefDocument(t *testing.T) {
	sc, err := analysis.Load(filepath.Join(root, "scenarios/us-mexico-2025.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	o := analysis.Options{Draws: 50, Seed: 1, Sensitivity: []string{"tornado", "sobol", "prim"}, SobolN: 16, Focus: "S2"}
	if o.Dists, err = distOf("leak", "triangular(0.15,0.4,0.7)"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "scenarios/us-mexico-2025.observations.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Observations, err = scenario.ParseObservations("day-after.yaml", data); err != nil {
		t.Fatal(err)
	}
	o.Observations = append(o.Observations, scenario.Observation{Date: "2025-12-13", Source: "test", Move: []string{"d=Hard"}})
	r, err := analysis.Run(context.Background(), sc, o, analysis.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	b, u := r.Brief, r.Uncertainty
	if b.Forecast == nil || len(b.Forecast.Spread) == 0 || b.Negotiation == nil || b.Refined == nil || len(b.Claims) == 0 ||
		u == nil || len(u.Outputs) == 0 || len(u.Tornado) == 0 || u.Sobol == nil || u.Prim == nil || b.Results[0].Low == nil ||
		b.Evidence == nil || b.Evidence.Draws == nil || len(b.Evidence.Steps) != 4 || len(b.Watch) == 0 ||
		b.Reconciliation == nil || len(b.Reconciliation.RedLines) == 0 || b.Reconciliation.Reservations == nil ||
		b.Hidden == nil || b.Hidden.Results[1].P05 == nil || len(b.Paths) == 0 || len(b.Margins) == 0 || len(b.Refined.OffPath) == 0 ||
		len(u.Targets) != len(b.Scenarios)+len(b.Results) || u.Targets[0].Shape == nil || u.Targets[0].Regime == nil ||
		u.Literals == nil || len(u.Literals.Multipliers) == 0 || len(u.Replaced) != 1 || u.Focus != "S2" {
		t.Fatalf("an optional block is missing: %+v", b)
	}
	validate(t, "brief", r)
	s := brief.Summarize(r.Brief)
	if len(s.Sections) < 4 || len(s.Mechanism) != 2 {
		t.Errorf("executive summary sections %+v", s.Sections)
	}
	validate(t, "summary", s)
}

// distOf is one distribution replacement, as analyze --dist name=spec.
func distOf(name, spec string) (map[string]scenario.Distribution, error) {
	d, err := analysis.ParseDist(spec)
	return map[string]scenario.Distribution{name: d}, err
}

func TestSolveDocument(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		file string
		opt  methods.Options
	}{
		{"pennies.nfg", methods.Options{Method: "enumpure"}},
		{"pennies.nfg", methods.Options{Method: "enummixed", Components: true}},
		{"coordination.nfg", methods.Options{Method: "enummixed", Components: true}},
		{"pennies.nfg", methods.Options{Method: "logit", Lambdas: []float64{0.5, 1}}},
		{"pennies.efg", methods.Options{Method: "lcp"}},
		{"entry.efg", methods.Options{Method: "enumpure", Perfect: true}},
		{"entry.efg", methods.Options{Method: "logit"}},
	}
	var docs []any
	for _, tc := range tests {
		f, err := gambit.ReadFile(filepath.Join(root, "solve/methods/testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		sol, err := methods.Solve(ctx, f, tc.opt)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.file, tc.opt.Method, err)
		}
		docs = append(docs, sol)
	}
	validate(t, "solve", docs...)
}

func TestForecastDocument(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		file   string
		models []string
	}{
		{"forecast/testdata/three-actors-ktab.csv", forecast.Models},
		{"forecast/testdata/five-actors-eum.csv", forecast.Models},
		{"forecast/testdata/three-actors.xml", forecast.Models},
		// absent actors (null positions); the SMP needs a complete table
		{"forecast/testdata/three-actors-decide.tsv", []string{"compromise", "median", "condorcet", "eum"}},
		// an EUM that ends in a 2-cycle, with the point against its draws
		{"forecast/testdata/two-cycle-eum.csv", []string{"eum"}},
	}
	var docs []any
	for _, tc := range tests {
		data, err := os.ReadFile(filepath.Join(root, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		tb, spec, err := forecast.Parse("", data)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		for _, model := range tc.models {
			file := tc.file
			q := forecast.Request{Model: model, Shocks: &forecast.Shocks{Draws: 8, Seed: 1, Salience: 0.05, Drop: 0.2}}
			res, sens, err := forecast.RunRequest(ctx, tb, spec, q)
			if err != nil {
				t.Fatalf("%s %s: %v", file, model, err)
			}
			docs = append(docs, forecast.NewReport(res, sens), forecast.NewReport(res, nil))
		}
	}
	// a stakeholder block with its own shocks block
	data, err := os.ReadFile(filepath.Join(root, "scenarios/us-mexico-2025.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tb, spec, err := forecast.Parse(forecast.FormatYAML, data)
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(4)
	res, sens, err := forecast.RunRequest(ctx, tb, spec, forecast.Request{Model: forecast.ModelMedian, Seed: &seed})
	if err != nil || sens == nil {
		t.Fatalf("flagship stakeholders: %v, sensitivity %v", err, sens)
	}
	docs = append(docs, forecast.NewReport(res, sens))
	validate(t, "forecast", docs...)
}

// loadTiny reads the tiny GENIUS domain from bytes, as a server does.
func loadTiny(t *testing.T) (*negotiate.Domain, []*negotiate.Profile) {
	t.Helper()
	var docs [][]byte
	for _, f := range []string{"tiny_domain.xml", "tiny_buyer.xml", "tiny_seller.xml"} {
		b, err := os.ReadFile(filepath.Join(root, "negotiate/testdata/tiny", f))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
	}
	d, ps, err := negotiate.LoadBytes(negotiate.FormatGenius, docs[0], docs[1:], negotiate.LoadOptions{ProfileNames: []string{"buyer", "seller"}})
	if err != nil {
		t.Fatal(err)
	}
	return d, ps
}

func TestNegotiationDocuments(t *testing.T) {
	ctx := context.Background()
	d, ps := loadTiny(t)
	var analyses []any
	for _, search := range []bool{false, true} {
		as, _, err := negotiate.AnalyzeDomain(ctx, d, ps, negotiate.AnalyzeOptions{Search: search})
		if err != nil {
			t.Fatal(err)
		}
		analyses = append(analyses, negotiate.NewDomainAnalysis(d, as))
	}
	validate(t, "negotiation-analysis", analyses...)

	var runs []any
	for _, agents := range [][]string{{"Boulware", "Conceder"}, {"Hardliner", "Hardliner"}} {
		sim, err := negotiate.Simulate(ctx, d, ps, negotiate.SimulateOptions{Agents: agents, Protocol: negotiate.Protocol{NSteps: 20}})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, negotiate.NewRunView(sim, true), negotiate.NewRunView(sim, false))
		sim.Metrics.Fairness, sim.Metrics.NashDist = math.NaN(), math.Inf(1) // undefined metrics are null
		runs = append(runs, negotiate.NewRunView(sim, false))
	}
	spec, err := negotiate.LoadSpec(filepath.Join(root, "negotiate/testdata/crisis-2.6.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	bo := negotiate.BuildOptions{Types: map[string]string{"MX": "T"}}
	sd, sps, _, err := spec.Build(bo)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := spec.CompileWinSets(bo)
	if err != nil {
		t.Fatal(err)
	}
	for _, ignore := range []bool{false, true} {
		sim, err := negotiate.Simulate(ctx, sd, sps, negotiate.SimulateOptions{WinSets: ws, IgnoreWinSets: ignore})
		if err != nil {
			t.Fatal(err)
		}
		if sim.Ratification == nil {
			t.Fatal("a run with win-sets has no ratification check")
		}
		runs = append(runs, negotiate.NewRunView(sim, true))
	}
	validate(t, "negotiation-run", runs...)

	sc, err := negotiate.NewScenario(ctx, "tiny", d, ps, 0)
	if err != nil {
		t.Fatal(err)
	}
	res, err := negotiate.RunTournament(ctx, negotiate.TournamentConfig{Agents: []string{"Linear", "MiCRO"}, Scenarios: []negotiate.Scenario{sc},
		Repetitions: 1, Protocol: negotiate.Protocol{NSteps: 30}, RotateProfiles: true})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, "negotiation-tournament", res)

	m := loadModel(t, "scenarios/us-mexico-2025.yaml")
	nums, err := m.Numbers(nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := negotiate.LinkageAnalysis(ctx, m.Scenario.Negotiation, negotiate.ReportOptions{BuildOptions: negotiate.BuildOptions{Values: nums.Env}})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, "negotiation-linkage", r)
}

// TestSweepDocuments validates sweep shards and their merge: the
// deterrence scenario's, and a design with failed draws and kept rows.
func TestSweepDocuments(t *testing.T) {
	ctx := context.Background()
	m := loadModel(t, "scenario/testdata/deterrence.yaml")
	sw, err := draws.NewSweep(ctx, m, draws.Solver{}, draws.Sampling{Draws: 12, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var parts []*uncertain.Partial
	for i := range 3 {
		p, err := uncertain.Run(ctx, sw.Design, sw.Outputs, sw.Eval, uncertain.RunOptions{Workers: 1, Shard: uncertain.Shard{Index: i, Count: 3},
			Info: map[string]string{"scenario": "deterrence"}})
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	merged, err := uncertain.Merge(parts...)
	if err != nil {
		t.Fatal(err)
	}

	x, _ := uncertain.NewUniform(0, 1)
	d, err := uncertain.NewDesign(uncertain.DesignConfig{Params: []uncertain.Param{{Name: "x", Dist: x}}, Draws: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	outputs := []uncertain.Output{{Name: "high", Kind: uncertain.Indicator}, {Name: "x", Kind: uncertain.Value}}
	failing, err := uncertain.Run(ctx, d, outputs, func(k int, x, out []float64) error {
		if k%7 == 3 {
			return errors.New("no equilibrium")
		}
		out[0], out[1] = 0, x[0]
		if x[0] > 0.5 {
			out[0] = 1
		}
		return nil
	}, uncertain.RunOptions{KeepRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(failing); !strings.Contains(string(b), `"errors"`) || !strings.Contains(string(b), `"rows"`) {
		t.Fatalf("no failed draws or rows in %s", b)
	}
	validate(t, "sweep", parts[0], parts[2], merged, failing)
}
