package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// Comparison is what changed between two runs: the inputs that differ and
// each probability before (A) and after (B).
type Comparison struct {
	A            string       `json:"a"`
	B            string       `json:"b"`
	SameScenario bool         `json:"same_scenario"`
	Inputs       []InputDiff  `json:"inputs"`
	Results      []ProbChange `json:"results"`
	Scenarios    []ProbChange `json:"scenarios"`
}

// InputDiff is one input that differs: a JSON path into the scenario
// ("scenario.parameters[audience].default") or the options
// ("options.seed"), with both values (null where absent).
type InputDiff struct {
	Path string          `json:"path"`
	A    json.RawMessage `json:"a"`
	B    json.RawMessage `json:"b"`
}

// ProbChange is one event's probability in both runs (null where the run
// has no such event).
type ProbChange struct {
	Name   string   `json:"name"`
	Label  string   `json:"label"`
	A      *float64 `json:"a"`
	B      *float64 `json:"b"`
	Change *float64 `json:"change"` // B − A
}

// Record is what Compare needs of a run: its scenario's canonical document,
// its canonical options and its result document.
type Record struct {
	ID       string
	Scenario []byte
	Options  []byte
	Result   []byte
}

// Compare says what changed from run a to run b.
func Compare(a, b Record) (*Comparison, error) {
	c := &Comparison{A: a.ID, B: b.ID, SameScenario: bytes.Equal(a.Scenario, b.Scenario), Inputs: []InputDiff{}}
	if !c.SameScenario {
		c.Inputs = append(c.Inputs, diffJSON("scenario", a.Scenario, b.Scenario)...)
	}
	c.Inputs = append(c.Inputs, diffJSON("options", a.Options, b.Options)...)
	var ra, rb resultProbs
	if err := json.Unmarshal(a.Result, &ra); err != nil {
		return nil, fmt.Errorf("run %s: result: %w", a.ID, err)
	}
	if err := json.Unmarshal(b.Result, &rb); err != nil {
		return nil, fmt.Errorf("run %s: result: %w", b.ID, err)
	}
	c.Results = changes(ra.Results, rb.Results)
	c.Scenarios = changes(ra.Scenarios, rb.Scenarios)
	return c, nil
}

type prob struct {
	Name        string  `json:"name"`
	Label       string  `json:"label"`
	Probability float64 `json:"probability"`
}

type resultProbs struct {
	Results   []prob `json:"results"`
	Scenarios []prob `json:"scenarios"`
}

// changes pairs events by name, in A's order then B's new ones.
func changes(a, b []prob) []ProbChange {
	out := []ProbChange{}
	index := map[string]int{}
	for _, p := range a {
		v := p.Probability
		index[p.Name] = len(out)
		out = append(out, ProbChange{Name: p.Name, Label: p.Label, A: &v})
	}
	for _, p := range b {
		v := p.Probability
		i, ok := index[p.Name]
		if !ok {
			out = append(out, ProbChange{Name: p.Name, Label: p.Label, B: &v})
			continue
		}
		out[i].B = &v
		d := v - *out[i].A
		out[i].Change = &d
	}
	return out
}

// diffJSON lists the leaves where two JSON documents differ. Arrays of
// objects that all have an "id" are matched by id, so inserting a
// parameter does not shift every later one.
func diffJSON(path string, a, b []byte) []InputDiff {
	var va, vb any
	json.Unmarshal(a, &va)
	json.Unmarshal(b, &vb)
	var out []InputDiff
	diffValue(path, va, vb, &out)
	return out
}

func diffValue(path string, a, b any, out *[]InputDiff) {
	switch x := a.(type) {
	case map[string]any:
		if y, ok := b.(map[string]any); ok {
			for _, k := range unionKeys(x, y) {
				diffValue(path+"."+k, x[k], y[k], out)
			}
			return
		}
	case []any:
		if y, ok := b.([]any); ok {
			diffArray(path, x, y, out)
			return
		}
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		*out = append(*out, InputDiff{Path: path, A: ja, B: jb})
	}
}

func diffArray(path string, a, b []any, out *[]InputDiff) {
	ia, ka := byID(a)
	ib, kb := byID(b)
	if ka != nil && kb != nil {
		for _, id := range union(ka, kb) {
			diffValue(path+"["+id+"]", ia[id], ib[id], out)
		}
		return
	}
	for i := 0; i < max(len(a), len(b)); i++ {
		diffValue(fmt.Sprintf("%s[%d]", path, i), at(a, i), at(b, i), out)
	}
}

// byID indexes an array of objects by their "id" keys; nil keys when some
// element has none (or ids repeat).
func byID(xs []any) (map[string]any, []string) {
	m := map[string]any{}
	var keys []string
	for _, x := range xs {
		o, ok := x.(map[string]any)
		if !ok {
			return nil, nil
		}
		id, ok := o["id"].(string)
		if _, dup := m[id]; !ok || dup {
			return nil, nil
		}
		m[id] = o
		keys = append(keys, id)
	}
	if keys == nil {
		keys = []string{}
	}
	return m, keys
}

// union returns a's keys, then b's that a lacks.
func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range append(append([]string{}, a...), b...) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func at(xs []any, i int) any {
	if i < len(xs) {
		return xs[i]
	}
	return nil
}

func unionKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}
