package estimate

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// glmBinary fits a binary-response generalised linear model (probit or
// logit) by iteratively reweighted least squares, as R's glm.fit does, with
// an offset. It returns nil when the fit fails (a singular design); after 25
// iterations it returns the current coefficients, as glm.fit does under
// separation.
func glmBinary(link Link, x [][]float64, y, offset []float64) []float64 {
	n := len(y)
	if n == 0 || len(x[0]) == 0 {
		return nil
	}
	k := len(x[0])
	eta := make([]float64, n)
	mu := make([]float64, n)
	for i := range y {
		mu[i] = (y[i] + 0.5) / 2
		eta[i] = link.quantile(mu[i])
	}
	var beta []float64
	dev := math.Inf(1)
	for iter := 0; iter < 25; iter++ {
		a := mat.NewDense(n, k, nil)
		z := mat.NewVecDense(n, nil)
		for i := range y {
			d := link.pdf(eta[i]) // dmu/deta
			v := mu[i] * (1 - mu[i])
			if d < 1e-300 || v <= 0 {
				continue
			}
			w := math.Sqrt(d * d / v)
			z.SetVec(i, w*(eta[i]-offset[i]+(y[i]-mu[i])/d))
			for j := range k {
				a.Set(i, j, w*x[i][j])
			}
		}
		var qr mat.QR
		qr.Factorize(a)
		if qr.Cond() > 1e12 {
			return nil // collinear regressors: no unique fit
		}
		var sol mat.VecDense
		if err := qr.SolveVecTo(&sol, false, z); err != nil {
			return nil
		}
		beta = make([]float64, k)
		for j := range k {
			beta[j] = sol.AtVec(j)
			if math.IsNaN(beta[j]) || math.IsInf(beta[j], 0) {
				return nil
			}
		}
		newDev := 0.0
		for i := range y {
			eta[i] = offset[i]
			for j := range k {
				eta[i] += x[i][j] * beta[j]
			}
			mu[i] = finiteProb(link.cdf(eta[i]))
			if y[i] == 1 {
				newDev -= 2 * math.Log(mu[i])
			} else {
				newDev -= 2 * math.Log(1-mu[i])
			}
		}
		if math.Abs(newDev-dev)/(math.Abs(newDev)+0.1) < 1e-8 {
			break
		}
		dev = newDev
	}
	return beta
}

// quantile is the inverse of cdf.
func (l Link) quantile(p float64) float64 {
	if l == Logit {
		return math.Log(p / (1 - p))
	}
	return stdNormal.Quantile(p)
}

// backwardsInduction writes starting values into b by statistical
// backwards induction (the games package's "sbi"): from the last moves up,
// a binary regression of each move on the mover's utilities at the outcomes
// below it, weighted by the probabilities the deeper regressions predict,
// scaled by √2 for the two shocks of agent error. Utilities a deeper
// regression already estimated enter as an offset.
func (tp *treeProblem) backwardsInduction(b []float64) {
	t := tp.tree
	n := len(tp.y)
	probR := make([][]float64, len(t.Nodes)) // P(R) at node, per obs
	done := make([]bool, tp.nu)
	// reach[o][i]: probability of outcome o given node (recomputed per node).
	var condProb func(node, o, i int) float64
	condProb = func(node, o, i int) float64 {
		nd := t.Nodes[node]
		if nd.Player < 0 {
			if nd.Outcome == o {
				return 1
			}
			return 0
		}
		p := probR[node][i]
		return (1-p)*condProb(nd.Children[0], o, i) + p*condProb(nd.Children[1], o, i)
	}
	var visit func(node int)
	visit = func(node int) {
		nd := t.Nodes[node]
		if nd.Player < 0 {
			return
		}
		visit(nd.Children[0])
		visit(nd.Children[1])
		j := nd.Player
		// the slots of the mover at outcomes below, with their side.
		type term struct{ slot, side, outcome int }
		var terms []term
		for side, c := range nd.Children {
			for _, o := range t.subtreeOutcomes(c) {
				for s, u := range t.Utilities[:tp.nu] {
					if u.Player == j && u.Outcome == o && tp.eqs[s].K() > 0 {
						terms = append(terms, term{s, side, o})
					}
				}
			}
		}
		var rows [][]float64
		var ys, offs []float64
		for i := range n {
			at := -1
			pc := t.paths[tp.y[i]]
			for idx, m := range pc.nodes {
				if m == node {
					at = pc.acts[idx]
				}
			}
			if at < 0 {
				continue
			}
			var row []float64
			off := 0.0
			for _, tm := range terms {
				w := condProb(nd.Children[tm.side], tm.outcome, i)
				if tm.side == 0 {
					w = -w
				}
				d := tp.eqs[tm.slot]
				if done[tm.slot] {
					off += w * d.Dot(i, b[tp.off[tm.slot]:]) / math.Sqrt2
					continue
				}
				for _, x := range d.Row(i) {
					row = append(row, w*x)
				}
			}
			rows = append(rows, row)
			ys = append(ys, float64(at))
			offs = append(offs, off)
		}
		coef := glmBinary(tp.link, rows, ys, offs)
		pos := 0
		for _, tm := range terms {
			if done[tm.slot] {
				continue
			}
			k := tp.eqs[tm.slot].K()
			if coef != nil {
				for j := range k {
					b[tp.off[tm.slot]+j] = math.Sqrt2 * coef[pos+j]
				}
			}
			pos += k
			done[tm.slot] = true
		}
		// predicted P(R) for every observation, from the unscaled fit.
		probR[node] = make([]float64, n)
		for i := range n {
			eta := 0.0
			for _, tm := range terms {
				w := condProb(nd.Children[tm.side], tm.outcome, i)
				if tm.side == 0 {
					w = -w
				}
				eta += w * tp.eqs[tm.slot].Dot(i, b[tp.off[tm.slot]:]) / math.Sqrt2
			}
			probR[node][i] = tp.link.cdf(eta)
		}
	}
	visit(0)
}
