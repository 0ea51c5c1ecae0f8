package analysis

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/scenario"
)

// distArgs names the positional arguments of each distribution kind
// ParseDist accepts; kinds with truncation take two optional trailing
// arguments, low and high.
var distArgs = map[string][]string{
	"fixed":      {"value"},
	"uniform":    {"low", "high"},
	"triangular": {"low", "mode", "high"},
	"pert":       {"low", "mode", "high"},
	"normal":     {"mean", "sd"},
	"lognormal":  {"mean", "sd"},
	"beta":       {"alpha", "beta"},
}

// ParseDist reads a distribution written as on the command line:
// fixed(v), uniform(lo,hi), triangular(lo,mode,hi), pert(lo,mode,hi),
// normal(mean,sd), lognormal(mean,sd) and beta(alpha,beta), the last three
// optionally truncated (normal(mean,sd,lo,hi)), or discrete(v1:p1,v2:p2,…).
// Parameters of lognormal are those of the logarithm, as in scenario
// files.
func ParseDist(s string) (scenario.Distribution, error) {
	var d scenario.Distribution
	kind, rest, ok := strings.Cut(strings.TrimSpace(s), "(")
	if !ok || !strings.HasSuffix(rest, ")") {
		return d, fmt.Errorf("distribution %q: expected kind(arguments), e.g. normal(0.3,0.05)", s)
	}
	d.Kind = strings.TrimSpace(kind)
	var args []string
	if inner := strings.TrimSpace(strings.TrimSuffix(rest, ")")); inner != "" {
		args = strings.Split(inner, ",")
	}
	if d.Kind == "discrete" {
		return parseDiscrete(s, d, args)
	}
	names, ok := distArgs[d.Kind]
	if !ok {
		return d, fmt.Errorf("distribution %q: unknown kind %q: expected fixed, uniform, triangular, pert, normal, lognormal, beta or discrete", s, d.Kind)
	}
	if slices.Contains([]string{"normal", "lognormal", "beta"}, d.Kind) && len(args) == len(names)+2 {
		names = append(slices.Clone(names), "low", "high")
	}
	if len(args) != len(names) {
		return d, fmt.Errorf("distribution %q: %s takes (%s)", s, d.Kind, strings.Join(names, ", "))
	}
	for i, a := range args {
		x, err := finiteNumber(a)
		if err != nil {
			return d, fmt.Errorf("distribution %q: %s: %v", s, names[i], err)
		}
		*distField(&d, names[i]) = &x
	}
	return d, nil
}

func parseDiscrete(s string, d scenario.Distribution, args []string) (scenario.Distribution, error) {
	for _, a := range args {
		v, p, ok := strings.Cut(a, ":")
		if !ok {
			return d, fmt.Errorf("distribution %q: discrete takes value:probability pairs, e.g. discrete(1:0.2,2:0.8)", s)
		}
		x, err1 := finiteNumber(v)
		q, err2 := finiteNumber(p)
		if err1 != nil || err2 != nil {
			return d, fmt.Errorf("distribution %q: %q is not a pair of numbers", s, a)
		}
		d.Values, d.Probs = append(d.Values, x), append(d.Probs, q)
	}
	return d, nil
}

func finiteNumber(s string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a finite number", strings.TrimSpace(s))
	}
	return x, nil
}

// distField returns the field of d an argument name sets.
func distField(d *scenario.Distribution, name string) **float64 {
	switch name {
	case "value":
		return &d.Value
	case "low":
		return &d.Low
	case "high":
		return &d.High
	case "mode":
		return &d.Mode
	case "mean":
		return &d.Mean
	case "sd":
		return &d.SD
	case "alpha":
		return &d.Alpha
	}
	return &d.Beta
}

// dists checks the distribution replacements (nil when there are none, so
// that a run without them keeps its hash): each names a parameter or a
// multiplier of literal numbers, gives a valid distribution (a
// multiplier's draws may not be negative, see
// scenario.Distribution.MultiplierDist) and does not also have a range
// replacement.
func dists(sc *Scenario, v map[string]scenario.Distribution, rs map[string][]float64) (map[string]scenario.Distribution, error) {
	if len(v) == 0 {
		return nil, nil
	}
	out := map[string]scenario.Distribution{}
	for name, d := range v {
		mult, err := checkName(sc, "dists", name)
		if err != nil {
			return nil, err
		}
		if _, both := rs[name]; both {
			return nil, fmt.Errorf("%w: dists: %s has both a range and a distribution replacement: give one", ErrOptions, name)
		}
		if mult {
			_, err = d.MultiplierDist()
		} else {
			i := slices.IndexFunc(sc.Doc.Parameters, func(p scenario.Param) bool { return p.ID == name })
			_, err = scenario.Param{ID: name, Default: sc.Doc.Parameters[i].Default, Distribution: &d}.Dist()
		}
		if err != nil {
			return nil, fmt.Errorf("%w: dists: %s: %v", ErrOptions, name, err)
		}
		out[name] = d
	}
	return out, nil
}

// replaced describes the range and distribution replacements of
// parameters and multipliers for the brief, sorted by name.
func (o Options) replaced(sc *Scenario, m *scenario.Model) []draws.Replacement {
	var out []draws.Replacement
	for i, p := range sc.Doc.Parameters {
		_, r := o.Ranges[p.ID]
		_, d := o.Dists[p.ID]
		if !r && !d {
			continue
		}
		out = append(out, draws.Replacement{Name: p.ID, Declared: distString(p), Dist: distString(m.Scenario.Parameters[i])})
	}
	ranges, dists := o.multiplierReplacements(m)
	for _, name := range slices.Concat(slices.Collect(maps.Keys(ranges)), slices.Collect(maps.Keys(dists))) {
		declared, _ := sc.Model.Multiplier(name)
		now, _ := m.Multiplier(name)
		out = append(out, draws.Replacement{Name: name, Declared: multiplierString(declared), Dist: multiplierString(now)})
	}
	slices.SortFunc(out, func(a, b draws.Replacement) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// multiplierString renders a multiplier's distribution.
func multiplierString(x scenario.Multiplier) string {
	d, err := x.Dist()
	if err != nil {
		return "invalid: " + err.Error()
	}
	return fmt.Sprint(d)
}

// distString renders a parameter's distribution for uncertainty analysis,
// or "none" for a parameter held at its default.
func distString(p scenario.Param) string {
	if !p.Uncertain() {
		return fmt.Sprintf("none (fixed at %g)", p.Default)
	}
	d, err := p.Dist()
	if err != nil {
		return "invalid: " + err.Error()
	}
	return fmt.Sprint(d)
}
