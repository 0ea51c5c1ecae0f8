package estimate

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Link is the distribution of the difference of two actions' shocks.
type Link string

// Noise is the stochastic structure of the utilities.
type Noise string

const (
	// Probit: normal shocks.
	Probit Link = "probit"
	// Logit: the difference of the shocks is logistic, as in games.
	Logit Link = "logit"

	// Agent error (quantal response): each action at each move carries an
	// independent shock with standard deviation sigma of the mover.
	Agent Noise = "agent"
	// Private values: each player's utility at each outcome carries a shock
	// the player alone knows; a mover weighs its shocks by the probability
	// of reaching each outcome.
	Private Noise = "private"
)

var stdNormal = distuv.UnitNormal

// machine epsilons as R's finiteProbs uses them.
const (
	dblEps    = 2.220446049250313e-16
	dblNegEps = 1.1102230246251565e-16
)

// finiteProb keeps p numerically inside (0, 1), as the games package does.
func finiteProb(p float64) float64 {
	switch {
	case p < dblEps:
		return dblEps
	case p > 1-dblNegEps:
		return 1 - dblNegEps
	}
	return p
}

// cdf and pdf of the link at z (already divided by the scale).
func (l Link) cdf(z float64) float64 {
	if l == Logit {
		return 1 / (1 + math.Exp(-z))
	}
	return stdNormal.CDF(z)
}

func (l Link) pdf(z float64) float64 {
	if l == Logit {
		e := math.Exp(-math.Abs(z))
		return e / ((1 + e) * (1 + e))
	}
	return stdNormal.Prob(z)
}

// treeEval evaluates a Tree for one observation: the probability of every
// action, and their derivatives with respect to the observation's "slots"
// (the utilities being estimated and the players' log scales).
type treeEval struct {
	t     *Tree
	link  Link
	noise Noise
	// util[p][k] is the slot of player p's utility at outcome k, -1 if fixed.
	util [][]int
	// fixed[p][k] is the value of a utility that is not estimated.
	fixed [][]float64
	// scale[p] is the slot of player p's log scale, -1 if sigma is 1.
	scale []int
	m     int // number of slots

	// work space, per node and player: expected utility V and, for private
	// values, the variance weight Q, with their tangents.
	v, q   [][]float64
	dv, dq [][][]float64
	p      []float64   // probability of action 1 (R) at each decision node
	dp     [][]float64 // its tangent
}

func newTreeEval(t *Tree, link Link, noise Noise, util [][]int, fixed [][]float64, scale []int, m int) *treeEval {
	e := &treeEval{t: t, link: link, noise: noise, util: util, fixed: fixed, scale: scale, m: m}
	nn, np := len(t.Nodes), len(t.Players)
	e.v, e.q = mat2(nn, np), mat2(nn, np)
	e.dv, e.dq = make([][][]float64, nn), make([][][]float64, nn)
	for i := range nn {
		e.dv[i], e.dq[i] = mat2(np, m), mat2(np, m)
	}
	e.p, e.dp = make([]float64, nn), mat2(nn, m)
	return e
}

func mat2(r, c int) [][]float64 {
	out := make([][]float64, r)
	buf := make([]float64, r*c)
	for i := range out {
		out[i] = buf[i*c : (i+1)*c : (i+1)*c]
	}
	return out
}

// solve fills the action probabilities for slot values s; with tangents it
// fills their derivatives too.
func (e *treeEval) solve(s []float64, tangents bool) {
	e.node(0, s, tangents)
}

func (e *treeEval) sigma(p int, s []float64) float64 {
	if e.scale[p] < 0 {
		return 1
	}
	return math.Exp(s[e.scale[p]])
}

func (e *treeEval) node(i int, s []float64, tan bool) {
	n := &e.t.Nodes[i]
	np := len(e.t.Players)
	if n.Player < 0 {
		for p := range np {
			v := e.fixed[p][n.Outcome]
			if sl := e.util[p][n.Outcome]; sl >= 0 {
				v = s[sl]
			}
			e.v[i][p] = v
			sg := e.sigma(p, s)
			e.q[i][p] = sg * sg
			if tan {
				clear(e.dv[i][p])
				clear(e.dq[i][p])
				if sl := e.util[p][n.Outcome]; sl >= 0 {
					e.dv[i][p][sl] = 1
				}
				if sl := e.scale[p]; sl >= 0 {
					e.dq[i][p][sl] = 2 * sg * sg
				}
			}
		}
		return
	}
	l, r := n.Children[0], n.Children[1]
	e.node(l, s, tan)
	e.node(r, s, tan)
	j := n.Player
	diff := e.v[r][j] - e.v[l][j]
	var sd float64
	if e.noise == Private {
		sd = math.Sqrt(e.q[l][j] + e.q[r][j])
	} else {
		sd = math.Sqrt2 * e.sigma(j, s)
	}
	z := diff / sd
	p := finiteProb(e.link.cdf(z))
	e.p[i] = p
	if tan {
		f := e.link.pdf(z)
		dp := e.dp[i]
		for k := range e.m {
			dz := (e.dv[r][j][k] - e.dv[l][j][k]) / sd
			if e.noise == Private {
				dz -= z * (e.dq[l][j][k] + e.dq[r][j][k]) / (2 * sd * sd)
			}
			dp[k] = f * dz
		}
		if e.noise == Agent && e.scale[j] >= 0 {
			dp[e.scale[j]] -= f * z
		}
	}
	for pl := range np {
		vl, vr := e.v[l][pl], e.v[r][pl]
		e.v[i][pl] = vl + p*(vr-vl)
		ql, qr := e.q[l][pl], e.q[r][pl]
		e.q[i][pl] = (1-p)*(1-p)*ql + p*p*qr
		if !tan {
			continue
		}
		dv, dq := e.dv[i][pl], e.dq[i][pl]
		dvl, dvr, dql, dqr := e.dv[l][pl], e.dv[r][pl], e.dq[l][pl], e.dq[r][pl]
		for k := range e.m {
			dpk := e.dp[i][k]
			dv[k] = dvl[k] + dpk*(vr-vl) + p*(dvr[k]-dvl[k])
			dq[k] = -2*(1-p)*dpk*ql + (1-p)*(1-p)*dql[k] + 2*p*dpk*qr + p*p*dqr[k]
		}
	}
}

// logLik returns the log probability of outcome k after solve, adding its
// derivatives with respect to the slots to grad when grad is not nil.
func (e *treeEval) logLik(k int, grad []float64) float64 {
	nodes, acts := e.t.paths[k].nodes, e.t.paths[k].acts
	ll := 0.0
	for idx, i := range nodes {
		p := e.p[i]
		if acts[idx] == 0 {
			p = 1 - p
			ll += math.Log(p)
			if grad != nil {
				for s, d := range e.dp[i] {
					grad[s] -= d / p
				}
			}
			continue
		}
		ll += math.Log(p)
		if grad != nil {
			for s, d := range e.dp[i] {
				grad[s] += d / p
			}
		}
	}
	return ll
}

// outcomeProbs writes the probability of every outcome after solve.
func (e *treeEval) outcomeProbs(out []float64) {
	for k := range e.t.Outcomes {
		pr := 1.0
		pc := e.t.paths[k]
		for idx, i := range pc.nodes {
			if pc.acts[idx] == 0 {
				pr *= 1 - e.p[i]
			} else {
				pr *= e.p[i]
			}
		}
		out[k] = pr
	}
}
