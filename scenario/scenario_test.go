package scenario

import (
	"bufio"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// TestBroken checks that every file of the broken corpus is rejected with an
// error naming file:line:col and saying what is wrong (testdata/broken.tsv:
// file, line:col, start of the message).
func TestBroken(t *testing.T) {
	f, err := os.Open("testdata/broken.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 3)
		if len(parts) != 3 {
			t.Fatalf("bad line in broken.tsv: %q", sc.Text())
		}
		name, loc, msg := parts[0], parts[1], parts[2]
		n++
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "broken", name)
			s, err := Load(path)
			if err == nil {
				_, err = Compile(s)
			}
			if err == nil {
				t.Fatal("accepted")
			}
			first, _, _ := strings.Cut(err.Error(), "\n")
			want := path + ":" + loc + ": " + msg
			if !strings.HasPrefix(first, want) {
				t.Errorf("error\n  %s\nwant prefix\n  %s", first, want)
			}
		})
	}
	if n < 20 {
		t.Errorf("broken corpus has %d files, want at least 20", n)
	}
	entries, _ := os.ReadDir("testdata/broken")
	if len(entries) != n {
		t.Errorf("testdata/broken has %d files but broken.tsv lists %d", len(entries), n)
	}
}

func loadModel(t testing.TB, path string) *Model {
	t.Helper()
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDeterrenceTree(t *testing.T) {
	m := loadModel(t, "testdata/deterrence.yaml")
	in, err := m.Game(m.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	g := in.Game
	if got := len(m.Leaves()); got != 8 {
		t.Errorf("leaves = %d, want 8 (2 types × 4 histories)", got)
	}
	if got := len(g.Infosets[0]); got != 4 {
		t.Errorf("challenger has %d information sets, want 4 (threat and follow, per type)", got)
	}
	if got := len(g.Infosets[1]); got != 1 || len(g.Infosets[1][0].Members) != 2 {
		t.Errorf("target should have one information set with both types' nodes")
	}
	for p, sets := range g.Infosets {
		for i, s := range sets {
			if s.ID != i+1 {
				t.Errorf("player %d's information set %q has ID %d, want %d (numbered within its player)", p, s.Label, s.ID, i+1)
			}
		}
	}
	if in.Lambda != 2 {
		t.Errorf("lambda = %v, want 2", in.Lambda)
	}
	// Resolved challenger who fights: 4*0.5 - 0.5*1 = 1.5; target: -4*0.5 - 2.5 = -9/2.
	for _, lf := range m.Leaves() {
		if lf.History["C"] == "R" && lf.History["follow"] == "Fight" {
			o := g.Nodes[lf.Node].Outcome
			if o.Payoffs[0].RatString() != "3/2" || o.Payoffs[1].RatString() != "-9/2" {
				t.Errorf("payoffs at resolved fight = %v, %v; want 3/2, -9/2", o.Payoffs[0], o.Payoffs[1])
			}
		}
		if lf.History["C"] == "U" && lf.History["follow"] == "Back" {
			if got := g.Nodes[lf.Node].Outcome.Payoffs[0].RatString(); got != "-2" {
				t.Errorf("unresolved back-down payoff = %s, want -2 (audience cost)", got)
			}
		}
	}
	prior := g.ChanceInfosets[0].Actions
	if prior[0].Prob.RatString() != "2/5" || prior[1].Prob.RatString() != "3/5" {
		t.Errorf("type probabilities %v, %v; want exactly 2/5 and 3/5", prior[0].Prob, prior[1].Prob)
	}
}

func TestValuesOverride(t *testing.T) {
	m := loadModel(t, "testdata/deterrence.yaml")
	in, err := m.Game(Values{"p_resolved": 0.7, "audience": 0})
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Game.ChanceInfosets[0].Actions[0].Prob.RatString(); got != "7/10" {
		t.Errorf("prior = %s, want 7/10", got)
	}
	for _, bad := range []Values{{"nope": 1}, {"p_resolved": math.NaN()}, {"p_resolved": 2}} {
		if _, err := m.Game(bad); err == nil {
			t.Errorf("Game(%v) accepted", bad)
		}
	}
}

// TestJSONEquivalent checks that the same scenario written as JSON compiles
// to the same game.
func TestJSONEquivalent(t *testing.T) {
	data, err := os.ReadFile("testdata/deterrence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse("deterrence.json", js)
	if err != nil {
		t.Fatal(err)
	}
	mj, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	my := loadModel(t, "testdata/deterrence.yaml")
	gj, _ := mj.Game(mj.Defaults())
	gy, _ := my.Game(my.Defaults())
	if len(gj.Game.Nodes) != len(gy.Game.Nodes) {
		t.Fatalf("JSON tree has %d nodes, YAML %d", len(gj.Game.Nodes), len(gy.Game.Nodes))
	}
	for i, n := range gy.Game.Nodes {
		if o := n.Outcome; o != nil && o.Payoffs[0].Cmp(gj.Game.Nodes[i].Outcome.Payoffs[0]) != 0 {
			t.Errorf("node %d: payoffs differ", i)
		}
	}
}

func TestErrorsAreCollected(t *testing.T) {
	src := "id: x\ntitle: t\nattributes: [{id: a, label: A, provenance: guess}]\nactors: [{id: P, name: P, provenance: assumption, weights: {b: 1}}]\nmoves: [{id: m, label: M, actor: Q, actions: [{id: x, label: X}]}]\noutcomes: []\nscenarios: []\nresults: []\nmappings: []\n"
	s, err := Parse("multi.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Compile(s)
	var list ErrorList
	if !errors.As(err, &list) || len(list) < 4 {
		t.Fatalf("want several errors at once, got %v", err)
	}
	for _, e := range list {
		if e.Line == 0 {
			t.Errorf("error without position: %v", e)
		}
	}
}

func TestSchema(t *testing.T) {
	b, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	props := s["properties"].(map[string]any)
	for _, k := range []string{"claims", "parameters", "actors", "moves", "outcomes", "mappings"} {
		if props[k] == nil {
			t.Errorf("schema lacks property %q", k)
		}
	}
	if s["additionalProperties"] != false {
		t.Error("schema must reject unknown keys like the decoder does")
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/deterrence.yaml", "../scenarios/us-mexico-2025.yaml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("{}"))
	f.Add([]byte("id: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		if m, err := Compile(s); err == nil {
			_, _ = m.Game(m.Defaults())
		}
	})
}
