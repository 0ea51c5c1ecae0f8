package scenario

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tablero-project/tablero/uncertain"
)

// How uncertainty analysis samples the relative uncertainty declared for
// literal numbers (LiteralUncertainty.Scores and .Weights).
const (
	// PerDimension draws one multiplier per attribute for scores (every
	// outcome's score on it moves together, so the ranking of outcomes on
	// the attribute is kept) and one per actor and attribute for weights
	// (shared by the actor's types).
	PerDimension = "per_dimension"
	// Independent draws one multiplier per listed literal number.
	Independent = "independent"
	// Fixed leaves the literal numbers at their listed values.
	Fixed = "fixed"
)

// LiteralUncertainty says how uncertainty analysis samples the declared
// relative uncertainty of literal scores and weights (see Attr.Uncertainty
// and Actor.Uncertainty). Empty fields mean PerDimension.
type LiteralUncertainty struct {
	Scores  string `json:"scores,omitempty" yaml:"scores,omitempty" doc:"per_dimension (default: one multiplier per attribute, scaling every outcome's literal score on it), independent (one per outcome and attribute) or fixed (not sampled)."`
	Weights string `json:"weights,omitempty" yaml:"weights,omitempty" doc:"per_dimension (default: one multiplier per actor and attribute, shared by the actor's types), independent (one per listed weight) or fixed (not sampled)."`
}

// Multiplier is a group of literal numbers that uncertainty analysis
// scales together: each draw multiplies every number of the group by one
// value drawn from the multiplier's distribution (see Dist): uniform over
// [max(0, 1 − Half), 1 + Half] unless the scenario declares another
// (uncertainty_distribution) or a run replaces it (WithRanges, WithDists).
// Values (see Model.Numbers) may set it by its ID; 1 leaves the numbers as
// listed.
type Multiplier struct {
	// ID names the group: "scores:sov" (every literal score on attribute
	// sov), "scores:sov:O3" (outcome O3's), "weights:US:tough" (actor US's
	// literal weights on tough, every type), "weights:MX:T:eff" (type T's).
	ID string `json:"id"`
	// Label says what the group is, in words.
	Label string `json:"label"`
	// Half is the declared relative half-width (0.3 = ±30 %); 0 when the
	// scenario declares a distribution instead.
	Half float64 `json:"half_width"`
	// Count is the number of literal numbers the multiplier scales.
	Count int `json:"count"`
	// Range, when set, replaces the declared uncertainty: the draws are
	// uniform over [Range[0], Range[1]] (see Model.WithRanges).
	Range []float64 `json:"range,omitempty"`
	// Distribution, when set (and Range is not), is the multiplier's
	// distribution: the scenario's uncertainty_distribution, or its
	// replacement (see Model.WithDists).
	Distribution *Distribution `json:"distribution,omitempty"`
}

// Dist returns the distribution the multiplier is drawn from.
func (x Multiplier) Dist() (uncertain.Dist, error) {
	switch {
	case len(x.Range) == 2:
		return uncertain.NewUniform(x.Range[0], x.Range[1])
	case x.Distribution != nil:
		return x.Distribution.MultiplierDist()
	}
	return uncertain.NewUniform(math.Max(0, 1-x.Half), 1+x.Half)
}

// Uncertain reports whether the draws vary the multiplier: its
// distribution is not fixed (at 1).
func (x Multiplier) Uncertain() bool {
	return len(x.Range) == 2 || x.Distribution == nil || x.Distribution.Kind != "fixed"
}

// Low is the low end of the multiplier's uncertainty, where the
// one-at-a-time analysis (the tornado) swings it: the low end of its range
// (1 − Half, but never below 0: a multiplier does not flip a number's
// sign; or the Range that replaced it), else the 5 % quantile of its
// distribution, uniform or not, as for a parameter with a distribution and
// no range.
func (x Multiplier) Low() float64 { lo, _ := x.ends(); return lo }

// High is the high end of the multiplier's uncertainty (see Low): 1 +
// Half, the high end of its range, or the 95 % quantile of its
// distribution.
func (x Multiplier) High() float64 { _, hi := x.ends(); return hi }

func (x Multiplier) ends() (lo, hi float64) {
	switch d := x.Distribution; {
	case len(x.Range) == 2:
		return x.Range[0], x.Range[1]
	case d == nil:
		return math.Max(0, 1-x.Half), 1 + x.Half
	}
	d, err := x.Distribution.MultiplierDist()
	if err != nil { // not from a compiled model: no uncertainty to swing over
		return 1, 1
	}
	return swingEnds(d)
}

// Multipliers returns the groups of literal numbers uncertainty analysis
// samples, scores first (attribute, then outcome order), then weights
// (actor, attribute, type order). Groups whose declared uncertainty is 0
// (or a fixed distribution), whose numbers are all 0 or expressions, or
// whose mode is Fixed are left out.
func (m *Model) Multipliers() []Multiplier { return append([]Multiplier(nil), m.mults...) }

// Multiplier returns the multiplier named id, and whether there is one.
func (m *Model) Multiplier(id string) (Multiplier, bool) {
	i, ok := m.multIndex[id]
	if !ok {
		return Multiplier{}, false
	}
	return m.mults[i], true
}

// WithRanges returns a copy of m whose multipliers named in r are drawn
// uniformly over r[id] = [low, high] instead of their declared
// uncertainty; 0 ≤ low < high, and the numbers must be valid at both ends.
func (m *Model) WithRanges(r map[string][]float64) (*Model, error) {
	return replaceMultipliers(m, r, func(x *Multiplier, lh []float64) error {
		if len(lh) != 2 || !(0 <= lh[0] && lh[0] < lh[1]) || math.IsInf(lh[1], 0) {
			return fmt.Errorf("scenario: multiplier %s range %v: expected [low, high], finite, 0 ≤ low < high", x.ID, lh)
		}
		x.Range, x.Distribution = []float64{lh[0], lh[1]}, nil
		return nil
	})
}

// WithDists returns a copy of m whose multipliers named in d are drawn
// from d[id] instead of their declared uncertainty (see
// Distribution.MultiplierDist); the numbers must be valid at the ends of
// the new uncertainty (see Multiplier.Low).
func (m *Model) WithDists(d map[string]Distribution) (*Model, error) {
	return replaceMultipliers(m, d, func(x *Multiplier, dist Distribution) error {
		if _, err := dist.MultiplierDist(); err != nil {
			return fmt.Errorf("scenario: multiplier %s: %w", x.ID, err)
		}
		x.Range, x.Distribution = nil, &dist
		return nil
	})
}

// replaceMultipliers returns a copy of m in which set has replaced the
// uncertainty of each multiplier named in r, in the order of their names,
// and checks the numbers at the ends of the new uncertainty.
func replaceMultipliers[T any](m *Model, r map[string]T, set func(x *Multiplier, v T) error) (*Model, error) {
	c := *m
	c.mults = slices.Clone(m.mults)
	for _, id := range slices.Sorted(maps.Keys(r)) {
		i, ok := m.multIndex[id]
		if !ok {
			return nil, fmt.Errorf("scenario: unknown multiplier %q", id)
		}
		if err := set(&c.mults[i], r[id]); err != nil {
			return nil, err
		}
		if err := c.checkEnds(c.mults[i]); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

// checkEnds checks that the numbers are valid with x at both ends of its
// uncertainty.
func (m *Model) checkEnds(x Multiplier) error {
	for _, v := range []float64{x.Low(), x.High()} {
		if _, err := m.Numbers(Values{x.ID: v}); err != nil {
			return fmt.Errorf("scenario: multiplier %s = %g: %w", x.ID, v, err)
		}
	}
	return nil
}

// LiteralModes returns the scenario's sampling modes of literal scores and
// weights, with defaults filled in.
func (s *Scenario) LiteralModes() (scores, weights string) {
	scores, weights = PerDimension, PerDimension
	if u := s.Uncertainty; u != nil {
		if u.Scores != "" {
			scores = u.Scores
		}
		if u.Weights != "" {
			weights = u.Weights
		}
	}
	return scores, weights
}

// UncertainLiterals reports whether the attribute declares an uncertainty
// of its literal scores that the draws sample (unless the scenario's
// sampling mode is Fixed): a relative half-width, or a distribution of
// their multiplier other than fixed.
func (a Attr) UncertainLiterals() bool { return declared(a.Uncertainty, a.UncertaintyDistribution) }

// UncertainLiterals reports whether the actor declares an uncertainty of
// its literal weights that the draws sample (see Attr.UncertainLiterals).
func (a Actor) UncertainLiterals() bool { return declared(a.Uncertainty, a.UncertaintyDistribution) }

func declared(unc float64, d *Distribution) bool {
	if d != nil {
		return d.Kind != "fixed"
	}
	return unc != 0
}

// literal returns the value of an expression that is a plain number.
func literal(x Expr) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(x.Src), 64)
	return v, err == nil
}

// multipliers collects the groups of literal numbers while the compiler
// assigns each score and weight to its group.
type multipliers struct {
	m       *Model
	index   map[string]int
	counted map[string]bool // listed numbers already counted
}

// group returns the index of the group id, creating it, and counts the
// listed number src in it once.
func (g *multipliers) group(id, label string, half float64, d *Distribution, src string) int {
	i, ok := g.index[id]
	if !ok {
		i = len(g.m.mults)
		g.index[id] = i
		g.m.mults = append(g.m.mults, Multiplier{ID: id, Label: label, Half: half, Distribution: d})
	}
	if !g.counted[src] {
		g.counted[src] = true
		g.m.mults[i].Count++
	}
	return i
}

// literalUncertainty checks the sampling modes and groups the literal
// scores and weights into multipliers.
func (c *compiler) literalUncertainty() {
	scores, weights := c.s.LiteralModes()
	for _, f := range []struct{ name, mode string }{{"scores", scores}, {"weights", weights}} {
		switch f.mode {
		case PerDimension, Independent, Fixed:
		default:
			c.errorf("$.uncertainty."+f.name, "unknown sampling mode %q: expected per_dimension, independent or fixed", f.mode)
		}
	}
	if len(c.errs) > 0 {
		return
	}
	g := &multipliers{m: c.m, index: map[string]int{}, counted: map[string]bool{}}
	c.scoreMultipliers(g, scores)
	c.weightMultipliers(g, weights)
	c.m.multIndex = g.index
}

func (c *compiler) scoreMultipliers(g *multipliers, mode string) {
	s := c.s
	c.m.valueMult = make([][]int, len(s.Outcomes))
	for o, out := range s.Outcomes {
		c.m.valueMult[o] = make([]int, len(s.Attributes))
		for k, a := range s.Attributes {
			c.m.valueMult[o][k] = -1
			v, ok := literal(out.Values[a.ID])
			if mode == Fixed || !a.UncertainLiterals() || !ok || v == 0 {
				continue
			}
			id, label := "scores:"+a.ID, "Outcome scores on "+a.Label
			if mode == Independent {
				id, label = id+":"+out.ID, "Score of "+out.ID+" on "+a.Label
			}
			c.m.valueMult[o][k] = g.group(id, label, a.Uncertainty, a.UncertaintyDistribution, out.ID+":"+a.ID)
		}
	}
}

func (c *compiler) weightMultipliers(g *multipliers, mode string) {
	s := c.s
	c.m.weightMult = make([][][]int, len(s.Actors))
	for ai, a := range s.Actors {
		types := a.Types
		if len(types) == 0 {
			types = []Type{{}}
		}
		c.m.weightMult[ai] = make([][]int, len(types))
		for t, ty := range types {
			c.m.weightMult[ai][t] = make([]int, len(s.Attributes))
			for k, at := range s.Attributes {
				c.m.weightMult[ai][t][k] = -1
				x, own := ty.Weights[at.ID]
				if !own {
					x = a.Weights[at.ID]
				}
				v, ok := literal(x)
				if mode == Fixed || !a.UncertainLiterals() || !ok || v == 0 {
					continue
				}
				src := a.ID + ":" + at.ID // the listed number: the actor's, or its type's
				if own {
					src = a.ID + ":" + ty.ID + ":" + at.ID
				}
				id, label := "weights:"+a.ID+":"+at.ID, fmt.Sprintf("Weights of %s on %s", a.Name, at.Label)
				if mode == Independent && own {
					id, label = "weights:"+src, fmt.Sprintf("Weight of %s (type %s) on %s", a.Name, ty.ID, at.Label)
				}
				c.m.weightMult[ai][t][k] = g.group(id, label, a.Uncertainty, a.UncertaintyDistribution, src)
			}
		}
	}
}

// multiplierValues returns the multiplier of every group, 1 unless v sets
// it by id.
func (m *Model) multiplierValues(v Values) ([]float64, error) {
	out := make([]float64, len(m.mults))
	for i, x := range m.mults {
		out[i] = 1
		if y, ok := v[x.ID]; ok {
			if math.IsNaN(y) || math.IsInf(y, 0) || y < 0 {
				return nil, fmt.Errorf("scenario: multiplier %s = %v must be a finite number ≥ 0", x.ID, y)
			}
			out[i] = y
		}
	}
	return out, nil
}

// scale multiplies the literal scores and weights of nums by their groups'
// multipliers.
func (m *Model) scale(nums *Numbers, mult []float64) {
	for o, row := range m.valueMult {
		for k, i := range row {
			if i >= 0 {
				nums.Attr[o][k] *= mult[i]
			}
		}
	}
	for a, types := range m.weightMult {
		for t, row := range types {
			for k, i := range row {
				if i >= 0 {
					nums.Weight[a][t][k] *= mult[i]
				}
			}
		}
	}
}
