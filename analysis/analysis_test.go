package analysis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

func load(t testing.TB) *Scenario {
	t.Helper()
	sc, err := Load("testdata/deterrence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// The canonical form ignores layout: the YAML file and its canonical JSON
// parse to the same document and hash.
func TestCanonicalIgnoresLayout(t *testing.T) {
	sc := load(t)
	again, err := Parse("canonical.json", sc.Canonical)
	if err != nil {
		t.Fatal(err)
	}
	if again.Hash != sc.Hash || !bytes.Equal(again.Canonical, sc.Canonical) {
		t.Fatalf("canonical JSON re-parsed to another document:\n%s\n%s", sc.Canonical, again.Canonical)
	}
	src, _ := os.ReadFile("testdata/deterrence.yaml")
	edited := strings.ReplaceAll(string(src), "# A small", "#   A reworded comment\n# A small")
	edited = strings.Replace(edited, "title: Public threat with audience costs", "title:    'Public threat with audience costs'", 1)
	e, err := Parse("edited.yaml", []byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	if e.Hash != sc.Hash {
		t.Fatal("comments and quoting changed the scenario's hash")
	}
	changed, err := Parse("changed.yaml", []byte(strings.Replace(string(src), "default: 0.4", "default: 0.5", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if changed.Hash == sc.Hash {
		t.Fatal("a changed default kept the scenario's hash")
	}
}

func TestCanonicalOptions(t *testing.T) {
	sc := load(t)
	for _, c := range []struct {
		name string
		in   Options
		want string // canonical JSON, or the error's text
	}{
		{"defaults", Options{}, `{"mapping":"default","lambda":0,"draws":0,"seed":1,"sampling":"mc","sensitivity":[],"sobol_n":0,"prim_case":0,"overrides":{},"budget":0}`},
		{"sensitivity sorted, tornado implied", Options{Draws: 10, Sensitivity: []string{"sobol", "tornado", "prim", "sobol"}, Sampling: "latin"},
			`{"mapping":"default","lambda":0,"draws":10,"seed":1,"sampling":"lhs","sensitivity":["prim","sobol"],"sobol_n":1024,"prim_case":0,"overrides":{},"budget":0}`},
		{"prim needs draws", Options{Sensitivity: []string{"prim"}, SobolN: 5}, `"draws":1000`},
		{"overrides", Options{Overrides: map[string]float64{"audience": 3, "p_resolved": 0.2}}, `"overrides":{"audience":3,"p_resolved":0.2}`},
		{"unknown override", Options{Overrides: map[string]float64{"nope": 1}}, `overrides: unknown parameter "nope"`},
		{"negative draws", Options{Draws: -1}, "draws -1"},
		{"unknown sampling", Options{Sampling: "sobolseq"}, "sampling"},
		{"unknown sensitivity", Options{Sensitivity: []string{"morris"}}, `unknown sensitivity analysis "morris"`},
		{"unknown mapping", Options{Mapping: "other"}, "mapping"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o, err := c.in.Canonical(sc)
			if err != nil {
				if !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("error %q: want ErrOptions mentioning %q", err, c.want)
				}
				return
			}
			b, _ := json.Marshal(o)
			if !strings.Contains(string(b), c.want) {
				t.Fatalf("canonical %s: want %s", b, c.want)
			}
		})
	}
}

// The same scenario and options give the same document but for the run
// record's times; another seed gives another hash.
func TestRunReproducible(t *testing.T) {
	sc := load(t)
	o := Options{Draws: 64, Seed: 7, Sensitivity: []string{"sobol"}, SobolN: 32}
	var stages []string
	h := Hooks{Workers: 2, Progress: func(stage string, done, total int64) {
		if len(stages) == 0 || stages[len(stages)-1] != stage {
			stages = append(stages, stage)
		}
	}}
	a, err := Run(context.Background(), sc, o, h)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), sc, o, Hooks{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(stages, ","); got != "solving,draws,tornado,sobol" {
		t.Errorf("stages %s", got)
	}
	if a.Run.Hash != b.Run.Hash || *a.Run.Seed != 7 || a.Run.InputHash != sc.Hash {
		t.Fatalf("records differ: %+v %+v", a.Run, b.Run)
	}
	if !bytes.Equal(untimed(t, a), untimed(t, b)) {
		t.Fatal("the same run gave different documents")
	}
	o.Seed = 8
	c, err := Run(context.Background(), sc, o, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Run.Hash == a.Run.Hash {
		t.Fatal("another seed gave the same hash")
	}
	hash, _ := Hash(sc, mustCanonical(t, sc, Options{Draws: 64, Seed: 7, Sensitivity: []string{"sobol"}, SobolN: 32}))
	if hash != a.Run.Hash {
		t.Fatalf("Hash %s, run's %s", hash, a.Run.Hash)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, load(t), Options{Draws: 1000}, Hooks{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
}

func mustCanonical(t *testing.T, sc *Scenario, o Options) Options {
	c, err := o.Canonical(sc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// untimed returns r's JSON without the record's times.
func untimed(t *testing.T, r *Result) []byte {
	c := *r
	c.Run.StartedAt, c.Run.FinishedAt, c.Run.Seconds = time.Time{}, time.Time{}, 0
	var b bytes.Buffer
	if err := c.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCompare(t *testing.T) {
	sc := load(t)
	src, _ := os.ReadFile("testdata/deterrence.yaml")
	other, err := Parse("other.yaml", []byte(strings.Replace(string(src), "default: 0.4", "default: 0.7", 1)))
	if err != nil {
		t.Fatal(err)
	}
	record := func(sc *Scenario, o Options) Record {
		res, err := Run(context.Background(), sc, o, Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		res.WriteJSON(&b)
		return Record{ID: res.Run.Hash, Scenario: sc.Canonical, Options: res.Run.Options, Result: b.Bytes()}
	}
	a := record(sc, Options{})
	b := record(other, Options{Seed: 3})
	c, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, d := range c.Inputs {
		paths = append(paths, d.Path+"="+string(d.A)+"→"+string(d.B))
	}
	if got, want := strings.Join(paths, " "), "scenario.parameters[p_resolved].default=0.4→0.7 options.seed=1→3"; got != want {
		t.Errorf("inputs %s, want %s", got, want)
	}
	if c.SameScenario || len(c.Results) == 0 {
		t.Fatalf("comparison %+v", c)
	}
	moved := false
	for _, r := range c.Results {
		if r.Change == nil || math.Abs(*r.B-*r.A-*r.Change) > 1e-15 {
			t.Errorf("result %s: change %v", r.Name, r.Change)
		}
		moved = moved || math.Abs(*r.Change) > 1e-6
	}
	if !moved {
		t.Error("a changed prior moved no result")
	}
	same, _ := Compare(a, a)
	if len(same.Inputs) != 0 || !same.SameScenario {
		t.Errorf("a run compared with itself: %+v", same.Inputs)
	}
}
