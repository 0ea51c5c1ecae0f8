package game

import "math/big"

// MixedRat is a mixed-strategy profile with exact probabilities:
// MixedRat[p][s] is the probability that player p plays strategy s.
type MixedRat [][]*big.Rat

// BehaviorRat is a behaviour profile with exact probabilities, indexed like
// Behavior.
type BehaviorRat [][][]*big.Rat

// Flat returns the probabilities player by player, in Gambit's order.
func (m MixedRat) Flat() []*big.Rat {
	var out []*big.Rat
	for _, s := range m {
		out = append(out, s...)
	}
	return out
}

// Float converts the profile to floating point.
func (m MixedRat) Float() Mixed {
	out := make(Mixed, len(m))
	for p, s := range m {
		out[p] = make([]float64, len(s))
		for k, r := range s {
			out[p][k], _ = r.Float64()
		}
	}
	return out
}

// Flat returns the probabilities player by player, information set by
// information set, in Gambit's order.
func (b BehaviorRat) Flat() []*big.Rat {
	var out []*big.Rat
	for _, sets := range b {
		for _, probs := range sets {
			out = append(out, probs...)
		}
	}
	return out
}

// Float converts the profile to floating point.
func (b BehaviorRat) Float() Behavior {
	out := make(Behavior, len(b))
	for p, sets := range b {
		out[p] = make([][]float64, len(sets))
		for i, probs := range sets {
			out[p][i] = make([]float64, len(probs))
			for a, r := range probs {
				out[p][i][a], _ = r.Float64()
			}
		}
	}
	return out
}

// StrategyValuesRat returns, for each pure strategy of player p, p's exact
// expected payoff when the others play m.
func (n *Normal) StrategyValuesRat(m MixedRat, p int) []*big.Rat {
	vals := make([]*big.Rat, len(n.Strategies[p]))
	for k := range vals {
		vals[k] = new(big.Rat)
	}
	s := make([]int, len(n.Players))
	w, t := new(big.Rat), new(big.Rat)
	for idx := range n.Cells {
		n.Profile(idx, s)
		w.SetInt64(1)
		for q, k := range s {
			if q != p {
				w.Mul(w, m[q][k])
			}
		}
		if w.Sign() != 0 {
			vals[s[p]].Add(vals[s[p]], t.Mul(w, n.Payoff(idx, p)))
		}
	}
	return vals
}

// StrategyValues returns, for each pure strategy of player p, p's expected
// payoff when the others play m.
func (n *Normal) StrategyValues(m Mixed, p int) []float64 {
	vals := make([]float64, len(n.Strategies[p]))
	s := make([]int, len(n.Players))
	for idx, o := range n.Cells {
		if o == nil {
			continue
		}
		n.Profile(idx, s)
		w := 1.0
		for q, k := range s {
			if q != p {
				w *= m[q][k]
			}
		}
		f, _ := o.Payoffs[p].Float64()
		vals[s[p]] += w * f
	}
	return vals
}
