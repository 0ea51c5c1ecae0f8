package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// oneDim builds a one-dimension table on [0, 100] from (capability,
// position, salience 0–1) triples.
func oneDim(rows ...[3]float64) *Table {
	t := &Table{Name: "test", Dims: []Dimension{{Name: "x", Min: 0, Max: 100}}}
	for i, r := range rows {
		t.Actors = append(t.Actors, Actor{Name: fmt.Sprintf("a%d", i), Capability: r[0],
			Position: []float64{r[1]}, Salience: []float64{r[2]}})
	}
	return t
}

func TestValidate(t *testing.T) {
	good := func() *Table { return oneDim([3]float64{1, 10, 0.5}, [3]float64{2, 90, 0.5}) }
	tests := []struct {
		name string
		edit func(*Table)
		want string
	}{
		{"ok", func(*Table) {}, ""},
		{"no dims", func(t *Table) { t.Dims = nil }, "no dimensions"},
		{"no actors", func(t *Table) { t.Actors = nil }, "no actors"},
		{"scale", func(t *Table) { t.Dims[0].Max = 0 }, "is not an interval"},
		{"name", func(t *Table) { t.Actors[0].Name = "" }, "empty name"},
		{"shape", func(t *Table) { t.Actors[0].Salience = nil }, "1 positions and 0 saliences"},
		{"capability", func(t *Table) { t.Actors[1].Capability = math.NaN() }, "capability NaN"},
		{"position", func(t *Table) { t.Actors[1].Position[0] = math.Inf(1) }, "is not a number"},
		{"salience", func(t *Table) { t.Actors[1].Salience[0] = 1.5 }, "outside [0, 1]"},
		{"absent ok", func(t *Table) { t.Actors[1].Absent = []bool{true}; t.Actors[1].Salience[0] = 7 }, ""},
		{"accommodation rows", func(t *Table) { t.Accommodation = [][]float64{{1, 0}} }, "1 rows for 2 actors"},
		{"accommodation sum", func(t *Table) { t.Accommodation = [][]float64{{0.7, 0.7}, {0, 1}} }, "sums to 1.4"},
		{"ranges", func(t *Table) { t.Ranges = &Ranges{} }, "ranges for 0 actors"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tb := good()
			tc.edit(tb)
			err := tb.Validate()
			if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Validate() = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCloneIsDeep(t *testing.T) {
	tb, err := ReadFile("testdata/three-actors.xml")
	if err != nil {
		t.Fatal(err)
	}
	c := tb.Clone()
	c.Actors[0].Position[0], c.Accommodation[0][0], c.SMP.Seed = -1, -1, 7
	if tb.Actors[0].Position[0] == -1 || tb.Accommodation[0][0] == -1 || tb.SMP.Seed == 7 {
		t.Error("Clone shares memory with the original")
	}
	w := tb.without([]bool{false, true, false})
	if len(w.Actors) != 2 || w.Actors[1].Name != "Right" || len(w.Accommodation) != 2 || w.Accommodation[0][1] != 0 || w.Accommodation[1][1] != 1 {
		t.Errorf("without: %+v", w)
	}
}

func TestBaselines(t *testing.T) {
	tests := []struct {
		name               string
		rows               [][3]float64
		comp, med, medHigh float64
		tie                bool
		condorcet          float64
		exists             bool
		weak               []float64
	}{
		{"five actors", [][3]float64{{40, 10, .8}, {30, 90, .6}, {20, 40, .9}, {25, 60, .5}, {10, 50, .3}},
			3560 / 83.5, 40, 40, false, 40, true, nil},
		{"even split", [][3]float64{{1, 0, 1}, {1, 100, 1}}, 50, 0, 100, true, math.NaN(), false, []float64{0, 100}},
		{"shared position", [][3]float64{{1, 30, 1}, {1, 30, 1}, {1, 80, 1}}, 140.0 / 3, 30, 30, false, 30, true, nil},
		{"zero salience ignored", [][3]float64{{1, 20, 1}, {5, 90, 0}}, 20, 20, 20, false, 20, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Baselines(oneDim(tc.rows...))
			if err != nil {
				t.Fatal(err)
			}
			g := b[0]
			if math.Abs(g.Compromise-tc.comp) > 1e-12 || g.Median != tc.med || g.MedianTie != tc.tie || g.MedianHigh != tc.medHigh {
				t.Errorf("compromise %v median %v (tie %v, high %v)", g.Compromise, g.Median, g.MedianTie, g.MedianHigh)
			}
			c := g.Condorcet
			if c.Exists != tc.exists || (tc.exists && c.Winner != tc.condorcet) || fmt.Sprint(c.Weak) != fmt.Sprint(tc.weak) {
				t.Errorf("condorcet %+v", c)
			}
		})
	}
}

func TestRunBaselineNotes(t *testing.T) {
	tb := oneDim([3]float64{1, 0, 1}, [3]float64{1, 100, 1})
	for model, want := range map[string]string{ModelMedian: "weighted median is tied", ModelCondorcet: "no strict Condorcet winner"} {
		r, err := Run(context.Background(), tb, Options{Model: model})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(r.Notes, "\n"), want) {
			t.Errorf("%s notes %q lack %q", model, r.Notes, want)
		}
	}
}

func TestEUMOptionsErrors(t *testing.T) {
	tb := oneDim([3]float64{1, 0, 1}, [3]float64{1, 100, 1})
	base := EUMPresets["scholz-code"]
	tests := []struct {
		edit func(*EUMOptions)
		want string
	}{
		{func(o *EUMOptions) { o.Probability = "local" }, `probability "local"`},
		{func(o *EUMOptions) { o.Votes = "" }, `votes ""`},
		{func(o *EUMOptions) { o.Q = 2 }, "Q = 2"},
		{func(o *EUMOptions) { o.Rounds = 5000 }, "size budget"},
	}
	for _, tc := range tests {
		o := base
		tc.edit(&o)
		if _, err := RunEUM(context.Background(), tb, o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
	if _, err := EUMPreset("bdm"); err == nil {
		t.Error("unknown preset accepted")
	}
}

func TestEUMFixture(t *testing.T) {
	tb, err := ReadFile("testdata/five-actors-eum.csv")
	if err != nil {
		t.Fatal(err)
	}
	for name := range EUMPresets {
		t.Run(name, func(t *testing.T) {
			o, _ := EUMPreset(name)
			o.Rounds = 30
			res, err := RunEUM(context.Background(), tb, o)
			if err != nil {
				t.Fatal(err)
			}
			tr := res.Dims[0]
			if len(tr.Positions) < 2 || len(tr.Risk) != len(tr.Positions)-1 {
				t.Fatalf("%d rows, %d risk rows", len(tr.Positions), len(tr.Risk))
			}
			for _, r := range tr.Risk[0] {
				if r < 0.5-1e-12 || r > 2+1e-12 {
					t.Errorf("risk exponent %v outside [0.5, 2]", r)
				}
			}
			if tr.CyclePeriod > 0 && len(tr.Positions)-1 != tr.CycleStart+tr.CyclePeriod {
				t.Errorf("StopOnCycle: stopped after %d rounds, cycle %d+%d", len(tr.Positions)-1, tr.CycleStart, tr.CyclePeriod)
			}
		})
	}
}

func TestEUMQBelowOne(t *testing.T) {
	tb, _ := ReadFile("testdata/five-actors-eum.csv")
	for _, mu := range []string{MuMedian, MuMean} {
		o := EUMPresets["paper-strict"]
		o.Q, o.T, o.Mu = 0.5, 0.7, mu
		res, err := RunEUM(context.Background(), tb, o)
		if err != nil {
			t.Fatal(err)
		}
		one := EUMPresets["paper-strict"]
		ref, _ := RunEUM(context.Background(), tb, one)
		if fmt.Sprint(res.Dims[0].Quad[0]) == fmt.Sprint(ref.Dims[0].Quad[0]) {
			t.Errorf("Q < 1 (μ %s) does not change expected utilities", mu)
		}
	}
}

func TestEUMDegenerate(t *testing.T) {
	tb := oneDim([3]float64{1, 50, 1}, [3]float64{2, 50, 0.5})
	res, err := RunEUM(context.Background(), tb, EUMPresets["scholz-code"])
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Dims[0].Positions) != 1 {
		t.Errorf("actors at one point moved: %v", res.Dims[0].Positions)
	}
}

func TestEUMCycleNote(t *testing.T) {
	tb, _ := ReadFile("../scenarios/us-mexico-2025.yaml")
	o := EUMPresets["scholz-code"]
	o.Rounds = 40
	r, err := Run(context.Background(), tb, Options{Model: ModelEUM, EUM: o})
	if err != nil {
		t.Fatal(err)
	}
	f := r.Forecasts[0]
	if !(f.Low < f.High) || len(r.Cycles) != 1 || r.Cycles[0].Period != 2 || !r.Cycles[0].Exact || !strings.Contains(strings.Join(r.Notes, " "), "2-cycle") {
		t.Errorf("forecast %+v, notes %q", f, r.Notes)
	}
}

func TestSMPOptionsSet(t *testing.T) {
	var o SMPOptions
	for _, kv := range o.Params() {
		for _, v := range enumNames[kv[0]] {
			if err := o.Set(strings.ToLower(kv[0]), strings.ToUpper(v)); err != nil {
				t.Fatal(err)
			}
			if got := paramValue(&o, kv[0]); got != v {
				t.Errorf("%s = %s after setting %s", kv[0], got, v)
			}
		}
	}
	if err := o.Set("VotingRule", "Proportional"); err != nil || o.VotingRule != VRProportional {
		t.Errorf("alias: %v", err)
	}
	if err := o.Set("Colour", "Red"); err == nil || !strings.Contains(err.Error(), "unknown SMP parameter") {
		t.Errorf("error %v", err)
	}
	if d := DefaultSMPOptions(); d.VictoryProbModel != 0 || d.VotingRule != 0 || d.BigRAdjust != 0 || d.MaxTurns != 100 {
		t.Errorf("defaults %+v", d)
	}
}

func paramValue(o *SMPOptions, name string) string {
	for _, kv := range o.Params() {
		if kv[0] == name {
			return kv[1]
		}
	}
	return ""
}

// TestSMPAllParameters runs every value of every parameter (others at
// their defaults) on a small table.
func TestSMPAllParameters(t *testing.T) {
	tb, err := ReadFile("testdata/three-actors-ktab.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paramOrder {
		for _, v := range enumNames[p] {
			o := SMPOptions{Seed: 3}
			if err := o.Set(p, v); err != nil {
				t.Fatal(err)
			}
			res, err := RunSMP(context.Background(), tb, o)
			if err != nil {
				t.Errorf("%s=%s: %v", p, v, err)
				continue
			}
			for _, probs := range res.Probs {
				sum := 0.0
				for _, q := range probs {
					if q < 0 || q > 1+1e-12 {
						t.Errorf("%s=%s: probability %v", p, v, q)
					}
					sum += q
				}
				if sum < 1-1e-6 {
					t.Errorf("%s=%s: probabilities of actors' positions sum to %v < 1", p, v, sum)
				}
			}
		}
	}
}

func TestSMPStochasticSeed(t *testing.T) {
	tb, _ := ReadFile("testdata/three-actors.xml")
	o := *tb.SMP
	a, err := RunSMP(context.Background(), tb, o)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := RunSMP(context.Background(), tb, o)
	if fmt.Sprint(a.Positions, a.Log) != fmt.Sprint(b.Positions, b.Log) {
		t.Error("same seed, different runs")
	}
	differ := false
	for seed := uint64(0); seed < 20 && !differ; seed++ {
		o.Seed = seed
		c, _ := RunSMP(context.Background(), tb, o)
		differ = fmt.Sprint(c.Positions) != fmt.Sprint(a.Positions)
	}
	if !differ {
		t.Error("the seed never changes a stochastic run")
	}
}

func TestSMPWorkersDoNotMatter(t *testing.T) {
	tb, _ := ReadFile("../scenarios/us-mexico-2025.yaml")
	o := SMPOptions{}
	if err := o.check(); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, w := range []int{1, 3} {
		m, err := newSMPModel(tb, &o)
		if err != nil {
			t.Fatal(err)
		}
		m.workers = w
		s := m.initial(tb)
		if err := s.assess(); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(s.bestChallenges()))
	}
	if out[0] != out[1] {
		t.Error("challenges depend on the number of workers")
	}
}

func TestSMPErrors(t *testing.T) {
	tb := oneDim([3]float64{1, 0, 1}, [3]float64{1, 100, 1})
	tests := []struct {
		name string
		t    *Table
		o    SMPOptions
		want string
	}{
		{"one actor", oneDim([3]float64{1, 0, 1}), SMPOptions{}, "at least two actors"},
		{"salience", oneDim([3]float64{1, 0, 0}, [3]float64{1, 100, 1}), SMPOptions{}, "zero salience"},
		{"absent", func() *Table { c := tb.Clone(); c.Actors[0].Absent = []bool{true}; return c }(), SMPOptions{}, "complete table"},
		{"turns", tb, SMPOptions{MaxTurns: 5000}, "size budget"},
		{"actors", tb, SMPOptions{Limits: Limits{MaxActors: 1}}, "2 actors, limit 1"},
		{"enum", tb, SMPOptions{VotingRule: 42}, "no value 42"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := RunSMP(context.Background(), tc.t, tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestContextCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tb, _ := ReadFile("testdata/three-actors-ktab.csv")
	if _, err := RunSMP(ctx, tb, SMPOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("SMP: %v", err)
	}
	if _, err := RunEUM(ctx, tb, EUMPresets["paper"]); !errors.Is(err, context.Canceled) {
		t.Errorf("EUM: %v", err)
	}
}

func TestRunEUMDefaultPreset(t *testing.T) {
	tb, _ := ReadFile("testdata/five-actors-eum.csv")
	r, err := Run(context.Background(), tb, Options{Model: ModelEUM})
	if err != nil || r.Preset != "scholz-code" || r.EUM.Options.Probability != ProbGlobal {
		t.Errorf("zero EUM options: %v, preset %q", err, r.Preset)
	}
}

func TestRunUnknownModel(t *testing.T) {
	tb := oneDim([3]float64{1, 0, 1}, [3]float64{1, 100, 1})
	if _, err := Run(context.Background(), tb, Options{Model: "delphi"}); err == nil || !strings.Contains(err.Error(), "unknown model") {
		t.Errorf("error %v", err)
	}
}

func TestPowCR(t *testing.T) {
	tests := []struct{ x, y, want float64 }{
		{2, 0.5, math.Sqrt2}, {0.25, 0.5, 0.5}, {3, 2, 9}, {0.5, 1, 0.5}, {0, 1.5, 0}, {7, 0, 1}, {1, 3.3, 1},
		// glibc's pow on values where Go's math.Pow is an ulp or two off
		{0.017828186598914275, 1.2645094536652213, 0.006144810359307822},
	}
	for _, tc := range tests {
		if got := powCR(tc.x, tc.y); got != tc.want {
			t.Errorf("powCR(%v, %v) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
}

func TestQuantile(t *testing.T) {
	s := summary([]float64{4, 1, 3, 2, 5})
	if s.P50 != 3 || s.P25 != 2 || s.P95 != 4.8 || s.Mean != 3 || math.Abs(s.SD-math.Sqrt(2.5)) > 1e-15 {
		t.Errorf("%+v", s)
	}
	if e := summary(nil); !math.IsNaN(e.P50) {
		t.Errorf("empty summary %+v", e)
	}
}
