package scenario

import (
	"fmt"
	"math"
	"strconv"

	"github.com/tablero-project/tablero/uncertain"
)

// Bounds on the numbers of a game. Payoffs are in utility units of a few
// points; a value far beyond these is a typo or a unit mistake, and it makes
// the logit path follower take steps in proportion to the precision times
// the spread of payoffs, so it would exhaust its budget after seconds
// instead of failing at once.
const (
	// MaxMagnitude bounds every weight, score, term value and payoff.
	MaxMagnitude = 1e6
	// MaxPrecisionSpread bounds the precision λ times the largest spread of
	// an actor's payoffs over the terminal histories.
	MaxPrecisionSpread = 1e4
)

// checkBounds reports the first number of nums beyond the bounds, at the
// expression it comes from.
func (m *Model) checkBounds(nums *Numbers) error {
	s := m.Scenario
	for a, types := range nums.Weight {
		for t, ws := range types {
			for k, w := range ws {
				if math.Abs(w) > MaxMagnitude {
					path, owner := fmt.Sprintf("$.actors[%d].weights.%s", a, s.Attributes[k].ID), s.Actors[a].ID
					if len(s.Actors[a].Types) > 0 {
						if _, ok := s.Actors[a].Types[t].Weights[s.Attributes[k].ID]; ok {
							path = fmt.Sprintf("$.actors[%d].types[%d].weights.%s", a, t, s.Attributes[k].ID)
							owner += " (type " + s.Actors[a].Types[t].ID + ")"
						}
					}
					return evalErr(path, "the weight of %s on %s is %s, beyond ±%s: rescale the attribute or the weights", owner, s.Attributes[k].ID, num(w), num(MaxMagnitude))
				}
			}
		}
	}
	for o, xs := range nums.Attr {
		for k, x := range xs {
			if math.Abs(x) > MaxMagnitude {
				return evalErr(fmt.Sprintf("$.outcomes[%d].values.%s", o, s.Attributes[k].ID), "the score of outcome %s on %s is %s, beyond ±%s: rescale the attribute", s.Outcomes[o].ID, s.Attributes[k].ID, num(x), num(MaxMagnitude))
			}
		}
	}
	for o, actors := range nums.Terms {
		for a, ts := range actors {
			for j, x := range ts {
				if math.Abs(x) > MaxMagnitude {
					return evalErr(fmt.Sprintf("$.actors[%d].terms[%d].value", a, j), "payoff term %q of %s is %s at outcome %s, beyond ±%s", s.Actors[a].Terms[j].Label, s.Actors[a].ID, num(x), s.Outcomes[o].ID, num(MaxMagnitude))
				}
			}
		}
	}
	return m.checkSpread(nums)
}

// checkSpread bounds each payoff and λ times each actor's payoff spread.
func (m *Model) checkSpread(nums *Numbers) error {
	s := m.Scenario
	for a := range s.Actors {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i, u := range nums.Payoffs {
			if math.Abs(u[a]) > MaxMagnitude {
				return evalErr(fmt.Sprintf("$.actors[%d]", a), "the payoff of %s at terminal history %s is %s, beyond ±%s: rescale the weights or the scores", s.Actors[a].ID, history(m.leaves[i].History).String(s), num(u[a]), num(MaxMagnitude))
			}
			lo, hi = math.Min(lo, u[a]), math.Max(hi, u[a])
		}
		if spread := hi - lo; nums.Lambda*spread > MaxPrecisionSpread {
			return evalErr("$.solution.lambda", "the precision λ = %s times the spread of %s's payoffs (%s to %s) is %s, beyond %s: the logit path would take too many steps; rescale the payoffs or lower solution.lambda",
				num(nums.Lambda), s.Actors[a].ID, num(lo), num(hi), num(nums.Lambda*spread), num(MaxPrecisionSpread))
		}
	}
	return nil
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

// swings returns the parameter values the uncertainty analysis evaluates
// one at a time besides the defaults: every uncertain parameter at the ends
// of its range, or at the 5 % and 95 % quantiles of its distribution (what
// the tornado swings to), and what each point is.
func (s *Scenario) swings() ([]Values, []string) {
	var out []Values
	var what []string
	for _, p := range s.Parameters {
		if !p.Uncertain() {
			continue
		}
		lo, hi := p.Default, p.Default
		if len(p.Range) == 2 {
			lo, hi = p.Range[0], p.Range[1]
		} else if d, err := p.Dist(); err == nil {
			lo, hi = swingEnds(d)
		} else {
			continue
		}
		out = append(out, Values{p.ID: lo}, Values{p.ID: hi})
		what = append(what, fmt.Sprintf("with %s = %s (the low end of its uncertainty, others at their defaults)", p.ID, num(lo)),
			fmt.Sprintf("with %s = %s (the high end of its uncertainty, others at their defaults)", p.ID, num(hi)))
	}
	return out, what
}

// swingTail is the tail probability of the ends of a distribution without
// a range, where the one-at-a-time analysis swings a parameter or a
// multiplier: the default of uncertain.TornadoOptions.Tail.
const swingTail = 0.05

// swingEnds returns the ends of d's uncertainty the one-at-a-time analysis
// swings to: its 5 % and 95 % quantiles.
func swingEnds(d uncertain.Dist) (lo, hi float64) {
	return d.Quantile(swingTail), d.Quantile(1 - swingTail)
}
