package estimate

import (
	"context"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// dataOf builds a Data from numeric columns.
func dataOf(name string, cols map[string][]float64, order []string) *Data {
	d := &Data{Name: name}
	n := len(cols[order[0]])
	for _, c := range order {
		col := &Column{Name: c}
		for _, v := range cols[c] {
			col.Str = append(col.Str, strconv.FormatFloat(v, 'g', -1, 64))
			col.Missing = append(col.Missing, false)
		}
		col.classify()
		d.Columns = append(d.Columns, col)
	}
	for i := range n {
		d.Lines = append(d.Lines, i+2)
	}
	return d
}

// recoveryCase is a model with known coefficients, in formula order.
type recoveryCase struct {
	name  string
	tree  func() *Tree
	model string
	link  Link
	noise Noise
	// formula over covariates x1..x4 and the response y.
	formula string
	// utils gives the systematic utilities of one observation.
	utils func(x []float64) [][]float64
	truth []float64
}

var recoveryCases = []recoveryCase{
	{"egame12 probit agent", Egame12, "egame12", Probit, Agent, "y ~ x1 | 0 | x2 | x3",
		func(x []float64) [][]float64 {
			return [][]float64{{0.5 + 1*x[0], 0, -0.5 + 0.8*x[1]}, {0, 0, 0.3 - 1*x[2]}}
		}, []float64{0.5, 1, -0.5, 0.8, 0.3, -1}},
	{"egame12 probit private", Egame12, "egame12", Probit, Private, "y ~ x1 | 0 | x2 | x3",
		func(x []float64) [][]float64 {
			return [][]float64{{0.5 + 1*x[0], 0, -0.5 + 0.8*x[1]}, {0, 0, 0.3 - 1*x[2]}}
		}, []float64{0.5, 1, -0.5, 0.8, 0.3, -1}},
	{"egame12 logit agent", Egame12, "egame12", Logit, Agent, "y ~ x1 | 0 | x2 | x3",
		func(x []float64) [][]float64 {
			return [][]float64{{0.5 + 1*x[0], 0, -0.5 + 0.8*x[1]}, {0, 0, 0.3 - 1*x[2]}}
		}, []float64{0.5, 1, -0.5, 0.8, 0.3, -1}},
	{"egame122 probit agent", Egame122, "egame122", Probit, Agent, "y ~ x1 | 0 | x2 | 1 | x3 | x4",
		func(x []float64) [][]float64 {
			return [][]float64{{0.4 + 0.7*x[0], 0, 0.2 + 0.9*x[1], -0.3}, {0, 0.2 + 0.8*x[2], 0, -0.4 + 1*x[3]}}
		}, []float64{0.4, 0.7, 0.2, 0.9, -0.3, 0.2, 0.8, -0.4, 1}},
}

// TestParameterRecovery fits data simulated with structural shocks from
// known utilities, over several seeds, and counts the estimates within 2
// SE of the truth: at least 90 % must be.
func TestParameterRecovery(t *testing.T) {
	const n, seeds = 800, 5
	for _, rc := range recoveryCases {
		t.Run(rc.name, func(t *testing.T) {
			tree := rc.tree()
			within, total := 0, 0
			for seed := range uint64(seeds) {
				rng := rand.New(rand.NewPCG(seed, 99))
				cols := map[string][]float64{}
				names := []string{"y", "x1", "x2", "x3", "x4"}
				sigma := make([]float64, len(tree.Players))
				for p := range sigma {
					sigma[p] = 1
				}
				for range n {
					x := []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
					y := tree.Simulate(rng, rc.link, rc.noise, rc.utils(x), sigma)
					cols["y"] = append(cols["y"], float64(y+1))
					for j := range x {
						cols[names[j+1]] = append(cols[names[j+1]], x[j])
					}
				}
				fit, err := Estimate(context.Background(), Spec{Model: rc.model, Formula: rc.formula, Link: rc.link, Noise: rc.noise}, dataOf("sim", cols, names), Options{})
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				for j, want := range rc.truth {
					total++
					if math.Abs(fit.Estimate[j]-want) <= 2*fit.SE[j] {
						within++
					}
				}
			}
			if frac := float64(within) / float64(total); frac < 0.9 {
				t.Errorf("%d of %d estimates within 2 SE of the truth (%.0f %%); want at least 90 %%", within, total, 100*frac)
			} else {
				t.Logf("%d of %d estimates within 2 SE", within, total)
			}
		})
	}
}
