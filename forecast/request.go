package forecast

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
)

// Parse reads a stakeholder table from data in the named format (empty:
// detected, see DetectFormat). For YAML it also returns the specification,
// whose shocks block is the default sensitivity analysis; for the other
// formats the specification is nil.
func Parse(format string, data []byte) (*Table, *Spec, error) {
	if format == "" {
		format = DetectFormat(data)
	}
	if format != FormatYAML {
		t, err := Read(bytes.NewReader(data), format)
		return t, nil, err
	}
	s, err := ParseSpec(data)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.Table()
	if err != nil {
		return nil, nil, err
	}
	return t, s, nil
}

// Request is a forecast to compute, as a command line or an HTTP request
// states it: a model with its settings and, optionally, a sensitivity
// analysis.
type Request struct {
	// Model is one of Models.
	Model string `json:"model"`
	// Preset names the EUM configuration (see EUMPresets; empty:
	// scholz-code).
	Preset string `json:"preset,omitempty"`
	// Rounds caps EUM rounds (default 10) or SMP turns (default 100);
	// 0 keeps the default.
	Rounds int `json:"rounds,omitempty"`
	// NoCycleStop runs every EUM round even when positions repeat.
	NoCycleStop bool `json:"no_cycle_stop,omitempty"`
	// Params set SMP parameters by KTAB's names (e.g. VotingRule:
	// PropCbc), over the table's own settings.
	Params map[string]string `json:"params,omitempty"`
	// Seed, when set, seeds the SMP's stochastic mode and overrides the
	// seed of the specification's shocks block.
	Seed *uint64 `json:"seed,omitempty"`
	// Shocks is the sensitivity analysis to run; nil runs the
	// specification's shocks block, if any, unless NoShocks.
	Shocks   *Shocks `json:"shocks,omitempty"`
	NoShocks bool    `json:"no_shocks,omitempty"`
	// Limits cap the work (zero fields: DefaultLimits).
	Limits Limits `json:"limits"`
}

// Options returns the model options of q for table t.
func (q Request) Options(t *Table) (Options, error) {
	o := Options{Model: q.Model, Limits: q.Limits}
	switch q.Model {
	case ModelEUM:
		e, err := EUMPreset(q.preset())
		if err != nil {
			return o, err
		}
		if q.Rounds > 0 {
			e.Rounds = q.Rounds
		}
		e.StopOnCycle = e.StopOnCycle && !q.NoCycleStop
		o.EUM = e
	case ModelSMP:
		o.SMP = DefaultSMPOptions()
		if t.SMP != nil {
			o.SMP = *t.SMP
		}
		names := make([]string, 0, len(q.Params))
		for name := range q.Params {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			if err := o.SMP.Set(strings.TrimSpace(name), strings.TrimSpace(q.Params[name])); err != nil {
				return o, fmt.Errorf("forecast: parameter %s: %w", name, err)
			}
		}
		if q.Rounds > 0 {
			o.SMP.MaxTurns = q.Rounds
		}
		if q.Seed != nil {
			o.SMP.Seed = *q.Seed
		}
	case ModelCompromise, ModelMedian, ModelCondorcet:
	default:
		return o, fmt.Errorf("forecast: unknown model %q (want %s)", q.Model, strings.Join(Models, ", "))
	}
	return o, nil
}

func (q Request) preset() string {
	if q.Preset == "" {
		return "scholz-code"
	}
	return q.Preset
}

// shocks returns the sensitivity analysis q asks for on a table read with
// specification spec (nil for formats without one).
func (q Request) shocks(spec *Spec) (Shocks, bool) {
	switch {
	case q.NoShocks:
		return Shocks{}, false
	case q.Shocks != nil:
		return *q.Shocks, true
	case spec != nil && spec.Shocks != nil:
		sh := *spec.Shocks
		if q.Seed != nil {
			sh.Seed = *q.Seed
		}
		return sh, true
	}
	return Shocks{}, false
}

// RunRequest runs the forecast q asks for on table t (read with
// specification spec, which may be nil) and, when q asks for one, its
// sensitivity analysis (sens is nil otherwise). NewReport turns the two
// into the JSON document.
func RunRequest(ctx context.Context, t *Table, spec *Spec, q Request) (res *Result, sens *Sensitivity, err error) {
	o, err := q.Options(t)
	if err != nil {
		return nil, nil, err
	}
	if res, err = Run(ctx, t, o); err != nil {
		return nil, nil, err
	}
	if o.Model == ModelEUM {
		res.Preset = q.preset()
	}
	if sh, ok := q.shocks(spec); ok {
		if sens, err = RunSensitivity(ctx, t, o, sh); err != nil {
			return nil, nil, err
		}
	}
	return res, sens, nil
}
