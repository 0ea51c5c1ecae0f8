package estimate

import (
	"math"
	"math/rand/v2"
)

// Simulate plays the tree once with structural shocks and returns the
// outcome reached. u[p][k] is player p's systematic utility at outcome k
// and sigma[p] the scale of p's shocks.
//
// Agent error: at each move the mover adds an independent shock to each
// action's expected utility (normal for probit; for logit, the difference
// of the two is logistic with scale σ√2) and the later movers' choices
// enter through their choice probabilities. Private values: every player
// draws a shock for every outcome before play, knows only its own, and
// weighs its shocked utilities by the probabilities of reaching each
// outcome. The likelihood never sees these draws, so fitting simulated data
// checks it independently.
func (t *Tree) Simulate(rng *rand.Rand, link Link, noise Noise, u [][]float64, sigma []float64) int {
	ev := t.evalFor(link, noise, u, sigma)
	var shock [][]float64
	if noise == Private {
		shock = make([][]float64, len(t.Players))
		for p := range shock {
			shock[p] = make([]float64, len(t.Outcomes))
			for k := range shock[p] {
				shock[p][k] = sigma[p] * rng.NormFloat64()
			}
		}
	}
	node := 0
	for t.Nodes[node].Player >= 0 {
		n := t.Nodes[node]
		j := n.Player
		var diff float64
		if noise == Private {
			var side [2]float64
			for a, c := range n.Children {
				for _, k := range t.subtreeOutcomes(c) {
					side[a] += ev.reach(c, k) * (u[j][k] + shock[j][k])
				}
			}
			diff = side[1] - side[0]
		} else {
			diff = ev.v[n.Children[1]][j] - ev.v[n.Children[0]][j]
			if link == Logit {
				q := rng.Float64()
				diff += math.Sqrt2 * sigma[j] * math.Log(q/(1-q))
			} else {
				diff += sigma[j] * (rng.NormFloat64() - rng.NormFloat64())
			}
		}
		if diff > 0 {
			node = n.Children[1]
		} else {
			node = n.Children[0]
		}
	}
	return t.Nodes[node].Outcome
}

// evalFor solves the tree for fixed utilities and scales.
func (t *Tree) evalFor(link Link, noise Noise, u [][]float64, sigma []float64) *treeEval {
	np := len(t.Players)
	util := make([][]int, np)
	scale := make([]int, np)
	s := make([]float64, np)
	for p := range np {
		util[p] = make([]int, len(t.Outcomes))
		for k := range util[p] {
			util[p][k] = -1
		}
		scale[p] = p
		s[p] = math.Log(sigma[p])
	}
	ev := newTreeEval(t, link, noise, util, u, scale, np)
	ev.solve(s, false)
	return ev
}

// reach is the probability of reaching outcome k from node i under the
// solved choice probabilities.
func (e *treeEval) reach(i, k int) float64 {
	n := e.t.Nodes[i]
	if n.Player < 0 {
		if n.Outcome == k {
			return 1
		}
		return 0
	}
	p := e.p[i]
	return (1-p)*e.reach(n.Children[0], k) + p*e.reach(n.Children[1], k)
}
