// Package analysis runs the analysis of a scenario — the equilibrium brief
// and its uncertainty analysis — as one reproducible computation: canonical
// inputs, canonical options with every default filled in, and a run record
// whose hash identifies the result.
//
// It composes packages scenario, brief and repro; the CLI and the server
// both call it, so a run means the same thing wherever it was made.
package analysis

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/goccy/go-yaml"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/repro"
	"github.com/tablero-project/tablero/scenario"
)

// Kind is the kind of the run records of analyses.
const Kind = "analyze"

// Scenario is a parsed and compiled scenario with its canonical form.
type Scenario struct {
	Doc   *scenario.Scenario
	Model *scenario.Model
	// Canonical is the scenario parsed and re-serialised as compact JSON:
	// layout, comments and key order of the source do not change it.
	Canonical []byte
	// Hash is repro.Hash(Canonical): the scenario's identity.
	Hash string
}

// Parse parses (strictly) and compiles a scenario file's content; name
// locates errors. Errors are scenario.ErrorList values with file:line:col.
func Parse(name string, data []byte) (*Scenario, error) {
	doc, err := scenario.Parse(name, data)
	if err != nil {
		return nil, err
	}
	return FromDoc(doc)
}

// Load reads, parses and compiles the scenario file at path.
func Load(path string) (*Scenario, error) {
	doc, err := scenario.Load(path)
	if err != nil {
		return nil, err
	}
	return FromDoc(doc)
}

// FromDoc compiles a parsed scenario and computes its canonical form.
func FromDoc(doc *scenario.Scenario) (*Scenario, error) {
	m, err := scenario.Compile(doc)
	if err != nil {
		return nil, err
	}
	c, err := Canonical(doc)
	if err != nil {
		return nil, err
	}
	return &Scenario{Doc: doc, Model: m, Canonical: c, Hash: repro.Hash(c)}, nil
}

// Canonical serialises a scenario as compact JSON with the keys of the
// scenario format (fields in the format's order).
func Canonical(doc *scenario.Scenario) ([]byte, error) {
	b, err := yaml.MarshalWithOptions(doc, yaml.JSON())
	if err != nil {
		return nil, fmt.Errorf("canonical scenario: %w", err)
	}
	var c bytes.Buffer
	if err := json.Compact(&c, b); err != nil {
		return nil, fmt.Errorf("canonical scenario: %w", err)
	}
	return c.Bytes(), nil
}

// YAML renders a scenario in the scenario file format.
func YAML(doc *scenario.Scenario) ([]byte, error) {
	return yaml.Marshal(doc)
}

// Result is the document of an analysis: the run record, then the brief's
// fields at the top level (so "scenarios" and "results" stay where tools
// read them).
type Result struct {
	Run repro.Record `json:"run"`
	*brief.Brief
}

// Hooks observe a run without changing its result.
type Hooks struct {
	// Progress is called as stages start (done = total = 0) and
	// periodically within a stage.
	Progress func(stage string, done, total int64)
	// Workers bounds the parallel evaluations (0: all cores).
	Workers int
	// KeepRows keeps every Monte Carlo draw (for CSV export).
	KeepRows bool
}

// Hash returns the hash that identifies the analysis of sc under o, which
// must be canonical (see Options.Canonical): the key of a cached result.
func Hash(sc *Scenario, o Options) (string, error) {
	r, err := repro.New(Kind, sc.Canonical, o)
	return r.Hash, err
}

// Run analyses sc with options o (made canonical first) and returns the
// result document. The same scenario, options and version give the same
// document but for the record's times.
func Run(ctx context.Context, sc *Scenario, o Options, h Hooks) (*Result, error) {
	o, err := o.Canonical(sc)
	if err != nil {
		return nil, err
	}
	rec, err := repro.New(Kind, sc.Canonical, o)
	if err != nil {
		return nil, err
	}
	seed := o.Seed
	rec.Seed = &seed
	progress := h.Progress
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	progress("solving", 0, 0)
	opt := o.brief()
	m, err := o.Model(sc)
	if err != nil {
		return nil, err
	}
	b, err := brief.Build(ctx, m, opt)
	if err != nil {
		return nil, err
	}
	stage := "draws"
	s := o.sampling()
	s.Workers, s.KeepRows = h.Workers, h.KeepRows
	s.Replaced = o.replaced(sc, m)
	s.Stage = func(name string) { stage = name; progress(name, 0, 0) }
	s.Progress = func(done, total int64) { progress(stage, done, total) }
	if err := b.Analyse(ctx, m, opt, s); err != nil {
		return nil, err
	}
	rec.Finish()
	return &Result{Run: rec, Brief: b}, nil
}

// WriteJSON writes the result document, indented, as every tablero
// command does.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
