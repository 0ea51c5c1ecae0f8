package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

// Limits on what one analysis may ask for.
const (
	MaxDraws  = 1_000_000
	MaxSobolN = 1 << 16
)

// ErrOptions is wrapped by the errors of options that cannot be run.
var ErrOptions = errors.New("invalid options")

// Options select what an analysis computes. The zero value of a field
// means its default; Canonical fills the defaults in, so that two requests
// for the same computation have the same canonical options and hash.
type Options struct {
	// Mapping is the outcome mapping's id (default: the scenario's first).
	Mapping string `json:"mapping"`
	// Lambda, when positive, overrides the scenario's QRE precision.
	Lambda float64 `json:"lambda"`
	// Draws is the number of Monte Carlo draws (0: none).
	Draws int `json:"draws"`
	// Seed is the master seed: draw k uses PCG(Seed, k) (default 1).
	Seed uint64 `json:"seed"`
	// Sampling is "mc" (Monte Carlo, the default) or "lhs" (Latin
	// hypercube).
	Sampling string `json:"sampling"`
	// Sensitivity lists the analyses besides the tornado, which always
	// runs: "sobol", "prim" (sorted, unique).
	Sensitivity []string `json:"sensitivity"`
	// SobolN is the Sobol base sample (default 1024, with sobol only).
	SobolN int `json:"sobol_n"`
	// PrimCase: with prim, a draw is a case when P(focus) reaches it
	// (0: the draws' 80th percentile).
	PrimCase float64 `json:"prim_case"`
	// Overrides pin parameters to values.
	Overrides map[string]float64 `json:"overrides"`
	// Ranges replace the declared uncertainty of parameters and of
	// multipliers of literal numbers (scores:sov): each named one is drawn
	// uniformly over [low, high] instead (a parameter's default and a
	// multiplier's 1 unchanged; a multiplier's low ≥ 0).
	Ranges map[string][]float64 `json:"ranges,omitempty"`
	// Dists replace the declared uncertainty of parameters and multipliers
	// by another distribution (defaults unchanged; a multiplier's may not
	// draw below 0, and fixed takes 1 only); a name may have a range or a
	// distribution replacement, not both.
	Dists map[string]scenario.Distribution `json:"dists,omitempty"`
	// Focus is the result or scenario whose sensitivity the brief details
	// first (empty: the scenario's solution.focus, else its last result;
	// canonical options leave it empty when it names that default).
	Focus string `json:"focus,omitempty"`
	// Budget caps solver work (0: the solver's default).
	Budget int `json:"budget"`
	// Observations are the evidence the run applies to the scenario (the
	// prior): canonical ones start with the scenario's given observations
	// (what had already happened when it was written, applied to every run),
	// are sorted by date then id, with defaults filled in, and checked
	// against the scenario, so a run with evidence has its own hash.
	Observations []scenario.Observation `json:"observations,omitempty"`
}

// DefaultOptions are the options of a request that sets none: 1000 draws,
// seed 1, Monte Carlo, the tornado only.
func DefaultOptions() Options { return Options{Draws: 1000, Seed: 1} }

// Canonical validates o against sc and returns it with every default
// filled in. Its errors wrap ErrOptions (or are scenario errors for an
// unknown mapping) and name the option.
func (o Options) Canonical(sc *Scenario) (Options, error) {
	c := o
	mi, err := sc.Model.Mapping(o.Mapping)
	if err != nil {
		return c, fmt.Errorf("%w: mapping: %v", ErrOptions, err)
	}
	c.Mapping = sc.Doc.Mappings[mi].ID
	if err := c.checkNumbers(); err != nil {
		return c, err
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	method, err := uncertain.ParseMethod(c.Sampling)
	if err != nil {
		return c, fmt.Errorf("%w: sampling: %v", ErrOptions, err)
	}
	c.Sampling = string(method)
	if c.Sensitivity, err = sensitivity(o.Sensitivity); err != nil {
		return c, err
	}
	if !slices.Contains(c.Sensitivity, "sobol") {
		c.SobolN = 0
	} else if c.SobolN == 0 {
		c.SobolN = 1024
	}
	if !slices.Contains(c.Sensitivity, "prim") {
		c.PrimCase = 0
	} else if c.Draws == 0 {
		c.Draws = 1000 // PRIM needs draws; the brief takes 1000
	}
	if c.Overrides, err = overrides(sc, o.Overrides); err != nil {
		return c, err
	}
	if c.Ranges, err = ranges(sc, o.Ranges); err != nil {
		return c, err
	}
	if c.Dists, err = dists(sc, o.Dists, c.Ranges); err != nil {
		return c, err
	}
	if c.Focus, err = focus(sc, o.Focus); err != nil {
		return c, err
	}
	if c.Observations, err = observations(sc, o.Observations); err != nil {
		return c, err
	}
	return c, nil
}

// observations adds the scenario's given observations, checks them all
// against the scenario and returns them canonical (nil when there are
// none, so that a run without evidence keeps the hash it had before
// observations existed). The error wraps
// ErrOptions only (its text lists every problem): the scenario is fine, the
// request is not.
func observations(sc *Scenario, obs []scenario.Observation) ([]scenario.Observation, error) {
	obs = sc.Doc.WithGiven(obs)
	if len(obs) == 0 {
		return nil, nil
	}
	c, err := sc.Model.CheckObservations(obs)
	if err != nil {
		return nil, fmt.Errorf("%w: observations: %v", ErrOptions, err)
	}
	return c, nil
}

func (o Options) checkNumbers() error {
	switch {
	case o.Draws < 0 || o.Draws > MaxDraws:
		return fmt.Errorf("%w: draws %d: must be between 0 and %d", ErrOptions, o.Draws, MaxDraws)
	case o.SobolN < 0 || o.SobolN > MaxSobolN:
		return fmt.Errorf("%w: sobol_n %d: must be between 0 and %d", ErrOptions, o.SobolN, MaxSobolN)
	case o.Lambda < 0 || math.IsNaN(o.Lambda) || math.IsInf(o.Lambda, 0):
		return fmt.Errorf("%w: lambda %g: must be a finite number ≥ 0", ErrOptions, o.Lambda)
	case o.PrimCase < 0 || o.PrimCase > 1 || math.IsNaN(o.PrimCase):
		return fmt.Errorf("%w: prim_case %g: must lie in [0, 1]", ErrOptions, o.PrimCase)
	case o.Budget < 0:
		return fmt.Errorf("%w: budget %d: must be ≥ 0", ErrOptions, o.Budget)
	}
	return nil
}

func sensitivity(names []string) ([]string, error) {
	out := []string{}
	for _, n := range names {
		switch n {
		case "tornado":
			continue // always runs
		case "sobol", "prim":
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		default:
			return nil, fmt.Errorf("%w: sensitivity: unknown sensitivity analysis %q: expected tornado, sobol or prim", ErrOptions, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

// overrides checks the values that pin parameters and multipliers of
// literal numbers (finite; a multiplier ≥ 0).
func overrides(sc *Scenario, v map[string]float64) (map[string]float64, error) {
	out := map[string]float64{}
	for name, x := range v {
		mult, err := checkName(sc, "overrides", name)
		if err != nil {
			return nil, err
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%w: overrides: %s = %g is not a finite number", ErrOptions, name, x)
		}
		if mult && x < 0 {
			return nil, fmt.Errorf("%w: overrides: %s = %g: a multiplier must be ≥ 0", ErrOptions, name, x)
		}
		out[name] = x
	}
	return out, nil
}

// ranges checks the range replacements (nil when there are none, so that
// a run without them keeps its hash).
func ranges(sc *Scenario, v map[string][]float64) (map[string][]float64, error) {
	if len(v) == 0 {
		return nil, nil
	}
	out := map[string][]float64{}
	for name, r := range v {
		mult, err := checkName(sc, "ranges", name)
		if err != nil {
			return nil, err
		}
		if len(r) != 2 || !(r[0] < r[1]) || math.IsInf(r[0], 0) || math.IsInf(r[1], 0) {
			return nil, fmt.Errorf("%w: ranges: %s = %v: expected [low, high], finite, low < high", ErrOptions, name, r)
		}
		if mult && r[0] < 0 {
			return nil, fmt.Errorf("%w: ranges: %s = %v: a multiplier must be ≥ 0", ErrOptions, name, r)
		}
		out[name] = []float64{r[0], r[1]}
	}
	return out, nil
}

// checkName checks that name, given in option, is a parameter or a
// multiplier of sc's literal numbers, and reports which.
func checkName(sc *Scenario, option, name string) (mult bool, err error) {
	if slices.ContainsFunc(sc.Doc.Parameters, func(p scenario.Param) bool { return p.ID == name }) {
		return false, nil
	}
	if _, ok := sc.Model.Multiplier(name); ok {
		return true, nil
	}
	if !isMultiplier(name) {
		return false, fmt.Errorf("%w: %s: unknown parameter %q (scenario %s has no such parameter)", ErrOptions, option, name, sc.Doc.ID)
	}
	var ids []string
	for _, x := range sc.Model.Multipliers() {
		ids = append(ids, x.ID)
	}
	if len(ids) == 0 {
		return false, fmt.Errorf("%w: %s: unknown multiplier %q: scenario %s samples no literal scores or weights", ErrOptions, option, name, sc.Doc.ID)
	}
	return false, fmt.Errorf("%w: %s: unknown multiplier %q: scenario %s samples %s", ErrOptions, option, name, sc.Doc.ID, strings.Join(ids, ", "))
}

// isMultiplier reports whether a name has the form of a multiplier of
// literal numbers (scores:… or weights:…) rather than of a parameter.
func isMultiplier(name string) bool {
	return strings.HasPrefix(name, "scores:") || strings.HasPrefix(name, "weights:")
}

// focus checks the focus against the scenario's results and scenarios and
// returns it canonical: empty when it names the scenario's own default.
func focus(sc *Scenario, f string) (string, error) {
	if f == "" {
		return "", nil
	}
	s := sc.Doc
	isLabel := func(l scenario.Label) bool { return l.ID == f }
	if !slices.ContainsFunc(s.Results, isLabel) && !slices.ContainsFunc(s.Scenarios, isLabel) {
		return "", fmt.Errorf("%w: focus: %q is neither a result nor a scenario of %s", ErrOptions, f, s.ID)
	}
	def := s.Solution.Focus
	if def == "" {
		def = s.Results[len(s.Results)-1].ID
	}
	if f == def {
		return "", nil
	}
	return f, nil
}

// Model returns sc's model with o's range and distribution replacements
// applied (o canonical): the model a sweep or an analysis under o draws
// from.
func (o Options) Model(sc *Scenario) (*scenario.Model, error) {
	m, err := o.paramModel(sc)
	if err != nil {
		return nil, err
	}
	ranges, dists := o.multiplierReplacements(m)
	if len(ranges) > 0 {
		if m, err = m.WithRanges(ranges); err != nil {
			return nil, fmt.Errorf("%w: ranges: %v", ErrOptions, err)
		}
	}
	if len(dists) > 0 {
		if m, err = m.WithDists(dists); err != nil {
			return nil, fmt.Errorf("%w: dists: %v", ErrOptions, err)
		}
	}
	return m, nil
}

// paramModel returns sc's model with the parameters' replacements.
func (o Options) paramModel(sc *Scenario) (*scenario.Model, error) {
	doc := *sc.Doc
	doc.Parameters = slices.Clone(doc.Parameters)
	changed := false
	for i, p := range doc.Parameters {
		if r, ok := o.Ranges[p.ID]; ok {
			doc.Parameters[i].Range, doc.Parameters[i].Distribution = r, nil
			changed = true
		}
		if d, ok := o.Dists[p.ID]; ok {
			doc.Parameters[i].Range, doc.Parameters[i].Distribution = nil, &d
			changed = true
		}
	}
	if !changed {
		return sc.Model, nil
	}
	m, err := scenario.Compile(&doc)
	if err != nil {
		return nil, fmt.Errorf("%w: ranges and dists: %v", ErrOptions, err)
	}
	return m, nil
}

// multiplierReplacements returns the range and the distribution
// replacements o gives multipliers of m.
func (o Options) multiplierReplacements(m *scenario.Model) (map[string][]float64, map[string]scenario.Distribution) {
	ranges, dists := map[string][]float64{}, map[string]scenario.Distribution{}
	for name, lh := range o.Ranges {
		if _, ok := m.Multiplier(name); ok {
			ranges[name] = lh
		}
	}
	for name, d := range o.Dists {
		if _, ok := m.Multiplier(name); ok {
			dists[name] = d
		}
	}
	return ranges, dists
}

func (o Options) brief() brief.Options {
	return brief.Options{Mapping: o.Mapping, Values: scenario.Values(o.Overrides), Lambda: o.Lambda, Budget: o.Budget, Observations: o.Observations}
}

func (o Options) sampling() draws.Sampling {
	return draws.Sampling{Draws: o.Draws, Seed: o.Seed, Method: o.Sampling, Sensitivity: o.Sensitivity,
		SobolN: o.SobolN, PrimCase: o.PrimCase, Focus: o.Focus}
}
