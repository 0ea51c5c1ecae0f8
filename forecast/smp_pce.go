package forecast

import (
	"errors"
	"math"
)

// KTAB's numerical constants (research/forecast.md §5.2).
const (
	minCoalition  = 1e-8  // floor of a coalition's strength in a PCE
	minChallenge  = 1e-10 // floor of a coalition's strength in a challenge
	minBargainW   = 1e-6  // bargain interpolation weight floor
	minSigEDU     = 1e-5  // smallest expected gain worth a challenge
	minSigDelta   = 1e-4  // added to the first turn's movement
	posTol        = 1e-3  // positions closer than this are the same option
	binaryVoteTol = 1e-8  // utility difference of a full binary vote
	markovTolI    = 1e-8  // convergence of the incentive Markov PCE
	markovTolU    = 1e-6  // convergence of the uniform Markov PCE
	markovMaxIter = 100000
)

// errPCE is returned when a Markov PCE does not converge.
var errPCE = errors.New("forecast: Markov PCE did not converge")

// vote is KTAB's Model::vote: the vote of an actor with weight w for an
// option worth ui over one worth uj.
func vote(vr VotingRule, w, ui, uj float64) float64 {
	du := ui - uj
	switch vr {
	case VRBinary:
		return w * binary(du)
	case VRPropBin:
		return w * ((1-0.2)*du + 0.2*binary(du))
	case VRPropCbc:
		return w * ((1-0.5)*du + 0.5*(du*du*du))
	case VRCubic:
		return w * (du * du * du)
	case VRASymProsp:
		switch {
		case du < 0:
			return w * du
		case du > 0:
			return (2.0 * w * du) / 3.0
		}
		return 0
	default: // VRProportional
		return w * du
	}
}

// voteFast is vote, inlined for the default proportional rule.
func voteFast(vr VotingRule, w, ui, uj float64) float64 {
	if vr == VRProportional {
		return w * (ui - uj)
	}
	return vote(vr, w, ui, uj)
}

// binary is the clipped binary response to a utility difference.
func binary(du float64) float64 {
	return math.Max(-1, math.Min(1, du/binaryVoteTol))
}

// vProbPair is KTAB's Model::vProb for two coalition strengths.
func vProbPair(vpm VictoryProbModel, s1, s2 float64) (float64, float64) {
	var x1, x2 float64
	switch vpm {
	case VPMSquare:
		x1, x2 = s1*s1, s2*s2
	case VPMQuartic:
		x1, x2 = (s1*s1)*(s1*s1), (s2*s2)*(s2*s2)
	case VPMOctic:
		q1, q2 := (s1*s1)*(s1*s1), (s2*s2)*(s2*s2)
		x1, x2 = q1*q1, q2*q2
	case VPMBinary:
		const thresh, minX = 1.10, 1e-6
		switch {
		case s1 >= thresh*s2:
			x1, x2 = 1, minX
		case s2 >= thresh*s1:
			x1, x2 = minX, 1
		default:
			r12 := s1 / (s1 + s2)
			p12 := (r12*(thresh+1.0) - 1.0) / (thresh - 1.0)
			x1, x2 = p12, 1-p12
		}
	default:
		x1, x2 = s1, s2
	}
	return x1 / (x1 + x2), x2 / (x1 + x2)
}

// coalitions returns the m×m matrix of coalition strengths C(i:j), the
// summed positive votes of n voters for option i over option j;
// vfn(k, i, j) is voter k's vote.
func coalitions(vfn func(k, i, j int) float64, n, m int) []float64 {
	c := make([]float64, m*m)
	for i := range m {
		for j := range i {
			cij, cji := minCoalition, minCoalition
			for k := range n {
				v := vfn(k, i, j)
				if v > 0 {
					cij += v
				}
				if v < 0 {
					cji -= v
				}
			}
			c[i*m+j], c[j*m+i] = cij, cji
		}
		c[i*m+i] = minCoalition
	}
	return c
}

// victoryMatrix returns V(i,j) for all pairs, V(i,i) = ½.
func victoryMatrix(vpm VictoryProbModel, c []float64, m int) []float64 {
	p := make([]float64, m*m)
	for i := range m {
		for j := range i {
			p[i*m+j], p[j*m+i] = vProbPair(vpm, c[i*m+j], c[j*m+i])
		}
		p[i*m+i] = 0.5
	}
	return p
}

// pce is KTAB's Model::probCE2: the probability of each of m options
// given their coalition strengths.
func pce(model PCEModel, vpm VictoryProbModel, c []float64, m int) ([]float64, error) {
	v := victoryMatrix(vpm, c, m)
	switch model {
	case PCEMarkovIncentive:
		return markovIncentivePCE(c, v, m)
	case PCEMarkovUniform:
		return markovUniformPCE(v, m)
	default:
		return condPCE(v, m), nil
	}
}

// condPCE: P_i = Π_j V(i,j) / Σ_m Π_j V(m,j).
func condPCE(v []float64, m int) []float64 {
	p := make([]float64, m)
	sum := 0.0
	for i := range m {
		pi := 1.0
		for j := range m {
			pi *= v[i*m+j]
		}
		p[i] = pi
	}
	for _, pi := range p {
		sum += pi
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// markovIncentivePCE is the limiting distribution of a Markov chain in
// which, with j the current favourite, i challenges with probability
// proportional to the incentive C(i:j)·V(i,j) and wins with V(i,j)
// (B. Wise, "Markov voting with incentives in KTAB").
func markovIncentivePCE(c, v []float64, m int) ([]float64, error) {
	inc := make([]float64, m*m)
	for i := range m {
		for j := range m {
			inc[i*m+j] = c[i*m+j] * v[i*m+j]
			if i == j {
				inc[i*m+j] += 1e-10
			}
		}
	}
	chlg := make([]float64, m*m) // chlg[i*m+j] = P[i challenges | j favourite]
	for i := range m {
		for j := range m {
			sum := 0.0
			for k := range m {
				sum += inc[k*m+j]
			}
			chlg[i*m+j] = inc[i*m+j] / sum
		}
	}
	p, q, ct := uniform(m), make([]float64, m), make([]float64, m*m)
	for iter, change := 0, 1.0; markovTolI < change; iter++ {
		if iter >= markovMaxIter {
			return nil, errPCE
		}
		for i := range m {
			for j := range m {
				ct[i*m+j] = p[i] * chlg[j*m+i]
			}
		}
		change = 0
		for i := range m {
			qi := 0.0
			for j := range m {
				qi += v[i*m+j] * (ct[i*m+j] + ct[j*m+i])
			}
			q[i] = qi
			change = math.Max(change, math.Abs(q[i]-p[i]))
		}
		for i := range p {
			p[i] = (p[i] + q[i]) / 2.0
		}
	}
	return p, nil
}

// markovUniformPCE: p_i ← Σ_j V(i,j)(p_i + p_j)/m, damped by averaging
// with the previous p, until the change is below 1e-6.
func markovUniformPCE(v []float64, m int) ([]float64, error) {
	p, q := uniform(m), make([]float64, m)
	for iter, change := 0, 1.0; markovTolU < change; iter++ {
		if iter >= markovMaxIter {
			return nil, errPCE
		}
		change = 0
		for i := range m {
			pi := 0.0
			for j := range m {
				pi += v[i*m+j] * (p[i] + p[j])
			}
			q[i] = pi / float64(m)
			change = math.Max(change, math.Abs(q[i]-p[i]))
		}
		for i := range p {
			p[i] = (p[i] + q[i]) / 2.0
		}
	}
	return p, nil
}

func uniform(m int) []float64 {
	p := make([]float64, m)
	for i := range p {
		p[i] = 1.0 / float64(m)
	}
	return p
}

// scalarPCE is KTAB's Model::scalarPCE: the PCE over m options of n actors
// with weights w, where u[k*m+i] is actor k's utility of option i.
func scalarPCE(n, m int, w, u []float64, vr VotingRule, vpm VictoryProbModel, model PCEModel) ([]float64, []float64, error) {
	c := coalitions(func(k, i, j int) float64 {
		return voteFast(vr, w[k], u[k*m+i], u[k*m+j])
	}, n, m)
	p, err := pce(model, vpm, c, m)
	return p, c, err
}

// bigR maps option probabilities to risk attitudes (KTAB's bigRfromProb).
func bigR(p []float64, rr BigRRange) []float64 {
	pMin, pMax := 1.0, 0.0
	for _, pi := range p {
		pMin, pMax = math.Min(pMin, pi), math.Max(pMax, pi)
	}
	r := make([]float64, len(p))
	if pMax == pMin { // every option equally likely: risk neutral
		return r
	}
	for i, pi := range p {
		switch rr {
		case RRMin:
			r[i] = (pi - pMin) / (pMax - pMin)
		case RRMax:
			r[i] = (2*pi - (pMax + pMin)) / (pMax - pMin)
		default:
			r[i] = (3*pi - (pMax + 2*pMin)) / (2 * (pMax - pMin))
		}
	}
	return r
}

// estNRA is h's estimate of i's risk attitude.
func estNRA(rh, ri float64, ra BigRAdjust) float64 {
	switch ra {
	case RAFull:
		return ri
	case RATwoThirds:
		return (rh + (2.0 * ri)) / 3.0
	case RAHalf:
		return (rh + ri) / 2
	case RANone:
		return rh
	default:
		return ((2.0 * rh) + ri) / 3.0
	}
}

// bsUtil is KTAB's utility of a normalised distance d with risk attitude R.
func bsUtil(d, r float64) float64 {
	if d <= 1 {
		return (1 - d) * (1 + d*r)
	}
	return (1 - d) * (1 + r)
}

// bvDiff is the salience-weighted normalised distance of a difference vector.
func bvDiff(a, b, s []float64) float64 {
	ds2, ss2 := 0.0, 0.0
	for k := range a {
		ds := (a[k] - b[k]) * s[k]
		ds2 += ds * ds
		ss2 += s[k] * s[k]
	}
	return math.Sqrt(ds2 / ss2)
}
