package logit

import (
	"math"

	"github.com/tablero-project/tablero/game"
)

// Builders for hand-made test trees.

// aqreResidual returns the largest violation of the logit equations by b
// at precision lambda, computed independently of the solver: realisation
// probabilities from the game package, node values by recursion, beliefs
// uniform where chance never reaches a set.
func aqreResidual(g *game.Game, b game.Behavior, lambda float64) float64 {
	reach := g.Realization(b)
	np := len(g.Players)
	var value func(n *game.Node) []float64
	value = func(n *game.Node) []float64 {
		v := make([]float64, np)
		if n.Outcome != nil {
			for i, r := range n.Outcome.Payoffs {
				v[i], _ = r.Float64()
			}
		}
		for a, c := range n.Children {
			w := g.ActionProb(b, n, a)
			for i, cv := range value(c) {
				v[i] += w * cv
			}
		}
		return v
	}
	worst := 0.0
	for p, sets := range g.Infosets {
		for i, s := range sets {
			total := 0.0
			for _, h := range s.Members {
				total += reach[h.Index]
			}
			vals := make([]float64, len(s.Actions))
			for _, h := range s.Members {
				beta := 1 / float64(len(s.Members))
				if total > 0 {
					beta = reach[h.Index] / total
				}
				for a, c := range h.Children {
					vals[a] += beta * value(c)[p]
				}
			}
			hi := math.Inf(-1)
			for _, v := range vals {
				hi = math.Max(hi, lambda*v)
			}
			sum := 0.0
			for _, v := range vals {
				sum += math.Exp(lambda*v - hi)
			}
			for a, v := range vals {
				want := math.Exp(lambda*v-hi) / sum
				worst = math.Max(worst, math.Abs(b[p][i][a]-want))
			}
		}
	}
	return worst
}

// qreNashRegret returns the largest gain a player makes by deviating from b
// to any pure behaviour strategy, by brute force over the player's pure
// strategies (small games only).
func qreNashRegret(g *game.Game, b game.Behavior) float64 {
	base := g.Payoffs(b)
	worst := 0.0
	for p, sets := range g.Infosets {
		choice := make([]int, len(sets))
		for {
			dev := make(game.Behavior, len(b))
			copy(dev, b)
			dev[p] = make([][]float64, len(sets))
			for i, s := range sets {
				dev[p][i] = make([]float64, len(s.Actions))
				dev[p][i][choice[i]] = 1
			}
			worst = math.Max(worst, g.Payoffs(dev)[p]-base[p])
			k := 0
			for ; k < len(sets); k++ {
				if choice[k]++; choice[k] < len(sets[k].Actions) {
					break
				}
				choice[k] = 0
			}
			if k == len(sets) {
				break
			}
		}
	}
	return worst
}
