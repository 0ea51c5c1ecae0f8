package brief

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

const flagship = "../scenarios/us-mexico-2025.yaml"

func build(t testing.TB, m *scenario.Model, opt Options) *Brief {
	t.Helper()
	b, err := Build(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func prob(ps []Prob, name string) float64 {
	for _, p := range ps {
		if p.Name == name {
			return p.Probability
		}
	}
	return math.NaN()
}

func sum(ps []Prob) float64 {
	s := 0.0
	for _, p := range ps {
		s += p.Probability
	}
	return s
}

func TestFlagshipSums(t *testing.T) {
	m := scenariotest.Model(t, flagship)
	for _, mapping := range []string{"default", "joint-ops-escalation"} {
		b := build(t, m, Options{Mapping: mapping})
		for what, ps := range map[string][]Prob{"scenarios": b.Scenarios, "results": b.Results, "outcomes": b.Outcomes} {
			if s := sum(ps); math.Abs(s-1) > 1e-9 {
				t.Errorf("%s: %s sum to %v", mapping, what, s)
			}
		}
		for _, mv := range b.Behaviour {
			if s := sum(mv.Actions); math.Abs(s-1) > 1e-9 {
				t.Errorf("%s %s at %s: action probabilities sum to %v", mv.Actor, mv.Type, mv.Move, s)
			}
		}
	}
}

// TestMappings checks that the two readings of joint operations move
// exactly the probability of S2 between R2 and R3.
func TestMappings(t *testing.T) {
	m := scenariotest.Model(t, flagship)
	def := build(t, m, Options{})
	alt := build(t, m, Options{Mapping: "joint-ops-escalation"})
	s2 := prob(def.Scenarios, "S2")
	if s2 <= 0 {
		t.Fatal("S2 has no probability")
	}
	if d := prob(alt.Results, "R3") - prob(def.Results, "R3"); math.Abs(d-s2) > 1e-9 {
		t.Errorf("R3 rises by %v under joint-ops-escalation, want P(S2) = %v", d, s2)
	}
	if _, err := Build(context.Background(), m, Options{Mapping: "nope"}); err == nil {
		t.Error("unknown mapping accepted")
	}
}

// TestComparativeStatics checks directions the article implies.
func TestComparativeStatics(t *testing.T) {
	m := scenariotest.Model(t, flagship)
	at := func(v scenario.Values) *Brief { return build(t, m, Options{Values: v}) }
	tests := []struct {
		name          string
		low, high     scenario.Values
		list          func(*Brief) []Prob
		event         string
		wantIncreases bool
	}{
		{"a higher leak chance makes covert action less likely (ART-7)",
			scenario.Values{"leak": 0.15}, scenario.Values{"leak": 0.7}, scens, "S3", false},
		{"stronger nationalist consolidation makes joint operations less likely (ART-4)",
			scenario.Values{"mx_nationalism": 0.75}, scenario.Values{"mx_nationalism": 1}, scens, "S2", false},
		{"fewer Mexicans open to foreign help make joint operations less likely (ART-11)",
			scenario.Values{"mx_poll_help": 0.6}, scenario.Values{"mx_poll_help": 0.05}, scens, "S2", false},
		{"a more likely resolved US raises sustained escalation (ART-3)",
			scenario.Values{"rho": 0.1}, scenario.Values{"rho": 0.5}, results, "R3", true},
		{"a larger resolve bonus raises sustained escalation (ART-6)",
			scenario.Values{"betaH": 5}, scenario.Values{"betaH": 14}, results, "R3", true},
		{"a higher leak chance raises sustained escalation (ART-7)",
			scenario.Values{"leak": 0.15}, scenario.Values{"leak": 0.7}, results, "R3", true},
	}
	for _, tt := range tests {
		lo, hi := prob(tt.list(at(tt.low)), tt.event), prob(tt.list(at(tt.high)), tt.event)
		if (hi > lo) != tt.wantIncreases || math.Abs(hi-lo) < 1e-3 {
			t.Errorf("%s: P(%s) goes %.4f -> %.4f", tt.name, tt.event, lo, hi)
		}
	}
}

func scens(b *Brief) []Prob   { return b.Scenarios }
func results(b *Brief) []Prob { return b.Results }

// TestJSONContract checks the fields other tools rely on.
func TestJSONContract(t *testing.T) {
	b := build(t, scenariotest.Model(t, flagship), Options{})
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"scenarios", "results"} {
		list, ok := doc[key].([]any)
		if !ok || len(list) == 0 {
			t.Fatalf("%q is not a non-empty array", key)
		}
		for _, e := range list {
			obj := e.(map[string]any)
			if _, ok := obj["name"].(string); !ok {
				t.Errorf("%s entry without string name: %v", key, obj)
			}
			if _, ok := obj["probability"].(float64); !ok {
				t.Errorf("%s entry without numeric probability: %v", key, obj)
			}
		}
	}
}

// TestBeliefs checks Bayes' rule on the deterrence game: the target's
// posterior that the challenger is resolved, given a threat, equals
// prior × P(threat | R) / P(threat).
func TestBeliefs(t *testing.T) {
	b := build(t, scenariotest.Model(t, "../scenario/testdata/deterrence.yaml"), Options{})
	var pR, pU float64
	var target *equilibrium.Move
	for i, mv := range b.Behaviour {
		switch {
		case mv.Actor == "C" && mv.Move == "threat" && mv.Type == "R":
			pR = mv.Actions[1].Probability
		case mv.Actor == "C" && mv.Move == "threat" && mv.Type == "U":
			pU = mv.Actions[1].Probability
		case mv.Actor == "T":
			target = &b.Behaviour[i]
		}
	}
	if target == nil || len(target.Beliefs) != 2 {
		t.Fatal("no beliefs for the target")
	}
	want := 0.4 * pR / (0.4*pR + 0.6*pU)
	if got := target.Beliefs[0].Probability; math.Abs(got-want) > 1e-12 {
		t.Errorf("P(R | threat) = %v, want %v", got, want)
	}
	if math.Abs(target.Reach-(0.4*pR+0.6*pU)) > 1e-12 {
		t.Errorf("target reached with %v, want %v", target.Reach, 0.4*pR+0.6*pU)
	}
}

// TestKnownTypes checks the subgame-perfect benchmark of the deterrence
// game: a resolved challenger threatens and the target concedes; an
// unresolved one with no audience cost stays quiet.
func TestKnownTypes(t *testing.T) {
	b := build(t, scenariotest.Model(t, "../scenario/testdata/deterrence.yaml"), Options{})
	if len(b.Known) != 2 {
		t.Fatalf("%d type profiles, want 2", len(b.Known))
	}
	want := map[string]string{"R": "win", "U": "calm"}
	for _, k := range b.Known {
		typ := k.Types[0].Value
		if len(k.Results) != 1 || k.Results[0].Name != want[typ] || k.Equilibria != 1 {
			t.Errorf("type %s: %d equilibria, results %v, want only %s", typ, k.Equilibria, k.Results, want[typ])
		}
	}
}

func TestMarkdown(t *testing.T) {
	b := build(t, scenariotest.Model(t, flagship), Options{})
	var buf bytes.Buffer
	if err := b.Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"## Results", "Sustained escalation", "## Equilibrium behaviour", "## Expected costs by dimension",
		"## Refined equilibrium", "pooling", "## If the types were known", "## Where the policy settles", "## The negotiated package", "bargaining range", "## Assumptions", "ART-16", "assumption"} {
		if !strings.Contains(out, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, scenariotest.Model(t, flagship), Options{}); err == nil {
		t.Error("cancelled context did not stop the analysis")
	}
}

func BenchmarkFlagship(b *testing.B) {
	m := scenariotest.Model(b, flagship)
	for b.Loop() {
		if _, err := Build(context.Background(), m, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDrawerMatchesBuild checks the Monte Carlo path (logit.QRE on a draw's
// numbers substituted into a structure prepared once) against the brief
// (logit.Logit on the exact game built at the values), away from the
// anchor.
func TestDrawerMatchesBuild(t *testing.T) {
	m := scenariotest.Model(t, flagship)
	ctx := context.Background()
	d, err := draws.NewDrawer(m, draws.Solver{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(d.Outputs()))
	for _, v := range []scenario.Values{
		{},
		{"leak": 0.6, "rho": 0.45},
		{"mx_poll_help": 0.55, "betaH": 6, "qre_lambda": 2.5},
		{"qre_lambda": 0.6, "aUS": 4.5, "w_sov_T": -1.3},
	} {
		if err := d.Clone().Eval(ctx, v, out); err != nil {
			t.Fatal(err)
		}
		b := build(t, m, Options{Values: v})
		want := append(append([]Prob{}, b.Scenarios...), b.Results...)
		for i, p := range want {
			if math.Abs(out[i]-p.Probability) > 1e-8 {
				t.Errorf("%v: %s = %v, want %v", v, d.Outputs()[i], out[i], p.Probability)
			}
		}
		k := len(want)
		for _, ac := range b.Costs.Actors {
			k += len(ac.ByDimension)
			if math.Abs(out[k]-ac.Total) > 1e-7 {
				t.Errorf("%v: %s = %v, want %v", v, d.Outputs()[k], out[k], ac.Total)
			}
			k++
		}
	}
}

func BenchmarkFlagshipDraw(b *testing.B) {
	m := scenariotest.Model(b, flagship)
	d, err := draws.NewDrawer(m, draws.Solver{})
	if err != nil {
		b.Fatal(err)
	}
	out := make([]float64, len(d.Outputs()))
	v := scenario.Values{"leak": 0.5, "rho": 0.35, "qre_lambda": 1.3}
	for b.Loop() {
		if err := d.Eval(context.Background(), v, out); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRefinedDeterrence checks the sequential equilibrium of the deterrence
// game against its closed form. The resolved challenger always threatens;
// the unresolved one would back down if resisted, so it bluffs just often
// enough (q = 1/12) to leave the target indifferent: resisting costs the
// target 4.5 against a resolved challenger and conceding costs 4, so its
// posterior after a threat is 8/9 = 0.4 / (0.4 + 0.6 q). A semi-separating
// equilibrium.
func TestRefinedDeterrence(t *testing.T) {
	b := build(t, scenariotest.Model(t, "../scenario/testdata/deterrence.yaml"), Options{})
	r := b.Refined
	if r == nil || r.Regret > 1e-6 {
		t.Fatalf("no refined equilibrium: %+v", r)
	}
	var threat *equilibrium.Signal
	for i, s := range r.Signals {
		if s.Move == "threat" {
			threat = &r.Signals[i]
		}
	}
	if threat == nil || threat.Kind != "semi-separating" {
		t.Fatalf("threat signal = %+v, want semi-separating", threat)
	}
	for _, mv := range threat.ByType {
		want := map[string]float64{"R": 1, "U": 1.0 / 12}[mv.Type]
		if got := mv.Actions[1].Probability; math.Abs(got-want) > 1e-4 {
			t.Errorf("type %s threatens with probability %v, want %v", mv.Type, got, want)
		}
	}
	for _, mv := range r.Behaviour {
		if mv.Actor == "T" && (len(mv.Beliefs) != 2 || math.Abs(mv.Beliefs[0].Probability-8.0/9) > 1e-4) {
			t.Errorf("target's posterior after a threat = %+v, want R 8/9", mv.Beliefs)
		}
	}
}

// TestUncertaintyWorkers checks that the Monte Carlo result is bit-identical
// whatever the number of workers, and that the brief names the three
// assumptions that matter most for the focus result.
func TestUncertaintyWorkers(t *testing.T) {
	m := scenariotest.Model(t, "../scenario/testdata/deterrence.yaml")
	ctx := context.Background()
	var outs [][]byte
	for _, w := range []int{1, 2, 3} {
		b := build(t, m, Options{})
		if err := b.Analyse(ctx, m, Options{}, draws.Sampling{Draws: 64, Seed: 9, Workers: w}); err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(b.Uncertainty.Partial())
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, data)
		if len(b.Uncertainty.Drivers) != 3 || b.Uncertainty.Focus != "crisis" {
			t.Errorf("drivers %v, focus %q; want three drivers of crisis", b.Uncertainty.Drivers, b.Uncertainty.Focus)
		}
		if b.Results[0].Low == nil || *b.Results[0].Low > b.Results[0].Probability || *b.Results[0].High < b.Results[0].Probability {
			t.Errorf("result without a proper interval: %+v", b.Results[0])
		}
	}
	for i := 1; i < len(outs); i++ {
		if !bytes.Equal(outs[0], outs[i]) {
			t.Errorf("partial result differs between 1 and %d workers", i+1)
		}
	}
}

// TestMarkdownUncertainty checks the Monte Carlo tables of the Markdown
// brief: cost distributions and convergence, with the numbers of the
// summary.
func TestMarkdownUncertainty(t *testing.T) {
	m := scenariotest.Model(t, "../scenario/testdata/deterrence.yaml")
	b := build(t, m, Options{})
	if err := b.Analyse(context.Background(), m, Options{}, draws.Sampling{Draws: 256, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Over the 256 draws", "## Convergence", "| **expected payoff** |"} {
		if !strings.Contains(out, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
	r := b.Results[0].Name
	o := outputSummary(b.Uncertainty, "result:"+r)
	last := o.Trace[len(o.Trace)-1]
	if last.Draws != 256 || math.Abs(last.SE-o.SE) > 1e-12 {
		t.Errorf("last trace point %+v, want 256 draws with SE %v", last, o.SE)
	}
	if row := fmt.Sprintf("| 256 | %s ± %s |", num(last.Mean, 3), num(last.SE, 3)); !strings.Contains(out, row) {
		t.Errorf("convergence table lacks %q", row)
	}
}

// TestSensitivityFlagship runs every sensitivity analysis on the flagship
// with a small sample and checks the drivers of sustained escalation.
func TestSensitivityFlagship(t *testing.T) {
	if testing.Short() {
		t.Skip("sensitivity analysis of the flagship takes a few seconds")
	}
	m := scenariotest.Model(t, flagship)
	b := build(t, m, Options{})
	s := draws.Sampling{Draws: 100, Seed: 1, Sensitivity: []string{"tornado", "sobol", "prim"}, SobolN: 32}
	if err := b.Analyse(context.Background(), m, Options{}, s); err != nil {
		t.Fatal(err)
	}
	u := b.Uncertainty
	if u.Focus != "R3" || len(u.Tornado) != len(u.Params) || u.Sobol == nil || u.Prim == nil {
		t.Fatalf("incomplete sensitivity analysis: focus %q, %d bars, sobol %v, prim %v", u.Focus, len(u.Tornado), u.Sobol != nil, u.Prim != nil)
	}
	drivers := map[string]bool{}
	for _, d := range u.Drivers {
		drivers[d.Param] = true
	}
	// Resolve (rho, betaH) and the leak risk drive escalation (ART-3, 6, 7).
	for _, want := range []string{"rho", "leak"} {
		if !drivers[want] {
			t.Errorf("drivers of R3 = %v, want %s among them", u.Drivers, want)
		}
	}
	var buf bytes.Buffer
	if err := b.Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Sensitivity of R3", "Sobol indices", "Scenario discovery (PRIM)", "The assumptions that matter most for R3"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("brief lacks %q", want)
		}
	}
}

// TestLinkedEngines checks that the flagship brief carries the stakeholder
// forecast and the package negotiation, and that linkage enlarges the
// bargaining range (ART-12).
func TestLinkedEngines(t *testing.T) {
	b := build(t, scenariotest.Model(t, flagship), Options{})
	if b.Forecast == nil || len(b.Forecast.Models) != 4 {
		t.Fatalf("forecast missing: %+v", b.Forecast)
	}
	for _, m := range b.Forecast.Models {
		if p := m.Forecasts[0].Point; p < 0 || p > 100 {
			t.Errorf("%s forecast %v outside the 0–100 ladder", m.Model, p)
		}
	}
	n := b.Negotiation
	if n == nil || n.FromGame == nil {
		t.Fatal("negotiation missing")
	}
	for _, a := range n.Issues {
		if a.Range >= n.Linked.Range {
			t.Errorf("%s alone has a range of %d, the linked package %d", a.Label, a.Range, n.Linked.Range)
		}
	}
	if n.Linked.Nash == nil || n.Ratified.Range > n.Linked.Range {
		t.Errorf("linked Nash %v, ratified range %d > %d", n.Linked.Nash, n.Ratified.Range, n.Linked.Range)
	}
}

// BenchmarkMonteCarlo measures the same 256 full flagship draws (a
// principal-branch QRE each) with one and two workers: parallel efficiency
// is ns/op with one worker over twice ns/op with two.
func BenchmarkMonteCarlo(b *testing.B) {
	m := scenariotest.Model(b, flagship)
	const n = 256
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			sw, err := draws.NewSweep(context.Background(), m, draws.Solver{}, draws.Sampling{Draws: n, Seed: 1, Workers: w})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := uncertain.Run(context.Background(), sw.Design, sw.Outputs, sw.Eval, uncertain.RunOptions{Workers: w}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Minutes(), "draws/min")
		})
	}
}
