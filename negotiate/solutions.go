package negotiate

import (
	"context"
	"fmt"
	"math"
)

// Convention names a set of definitions for the frontier and the
// bargaining solutions. NegMAS and GENIUS differ in three places, all
// visible on the ANAC domains; both are offered and every result says which
// one it uses.
type Convention string

const (
	// NegMAS: outcomes below any reservation value are dropped before the
	// frontier is computed; the disagreement point is
	// dᵢ = max(RVᵢ, min utility); Kalai–Smorodinsky equalises relative gains
	// aᵢ = (uᵢ − dᵢ)/(Mᵢ − dᵢ); opposition is min √Σ(1 − uᵢ/Mᵢ)² over
	// rational outcomes.
	NegMAS Convention = "negmas"
	// GENIUS: every outcome competes for the frontier; dᵢ = RVᵢ (0 when
	// absent); Kalai–Smorodinsky minimises Σ_{i<j} |uᵢ − uⱼ| over the
	// rational frontier; opposition is the minimum distance to (1, …, 1).
	GENIUS Convention = "genius"
)

// ParetoOptions returns the frontier options of the convention.
func (c Convention) ParetoOptions(tol float64) ParetoOptions {
	return ParetoOptions{Rational: c == NegMAS, Tol: tol}
}

// Valid reports whether c is a known convention.
func (c Convention) Valid() bool { return c == NegMAS || c == GENIUS }

// Analysis is the outcome-space analysis of a negotiation: the frontier and
// every bargaining solution in one convention. Solution fields are sets:
// every frontier point within Tol of the optimum.
type Analysis struct {
	Convention Convention `json:"convention"`
	Parties    []string   `json:"parties"`
	Outcomes   int        `json:"outcomes"`
	// Tol is the frontier's tie tolerance (0: exact), Eps the tolerance of
	// the solutions' optima.
	Tol float64 `json:"tolerance"`
	Eps float64 `json:"eps"`
	// Ranges are each party's (min, max) utility over all outcomes.
	Ranges       [][2]float64 `json:"utility_ranges"`
	Reservations []float64    `json:"reserved_values"`
	// Disagreement is the point dᵢ the solutions measure gains from.
	Disagreement []float64 `json:"disagreement"`
	Frontier     []Point   `json:"pareto"`
	// FrontierOutcomes counts the outcomes on the frontier (GENIUS's "bids").
	FrontierOutcomes   int     `json:"pareto_outcomes"`
	Nash               []Point `json:"nash"`
	Kalai              []Point `json:"kalai"`
	ModifiedKalai      []Point `json:"modified_kalai"`
	KS                 []Point `json:"ks"`
	ModifiedKS         []Point `json:"modified_ks"`
	MaxWelfare         []Point `json:"max_welfare"`
	MaxRelativeWelfare []Point `json:"max_relative_welfare"`
	// Opposition: see the convention.
	Opposition float64 `json:"opposition"`
	// RationalFraction is the share of outcomes strictly better than the
	// reservation value for every party.
	RationalFraction float64 `json:"rational_fraction"`
}

// AnalysisOptions tune Analyze.
type AnalysisOptions struct {
	// Tol is the frontier tie tolerance (0: exact comparisons).
	Tol float64
	// Eps is the tolerance of the solutions' optima (0: DefaultEps).
	Eps float64
}

func (o AnalysisOptions) eps() float64 {
	if o.Eps > 0 {
		return o.Eps
	}
	return DefaultEps
}

// Analyze computes the frontier, the bargaining solutions, the opposition
// and the rational fraction of space s in convention conv.
func Analyze(ctx context.Context, s *Space, conv Convention, opt AnalysisOptions) (*Analysis, error) {
	if !conv.Valid() {
		return nil, fmt.Errorf("unknown convention %q (negmas or genius)", conv)
	}
	front, err := Pareto(ctx, s, conv.ParetoOptions(opt.Tol))
	if err != nil {
		return nil, err
	}
	a := &Analysis{Convention: conv, Outcomes: s.N, Tol: opt.Tol, Eps: opt.eps(), Frontier: front}
	for _, p := range s.Profiles {
		a.Parties = append(a.Parties, p.Name)
	}
	a.Ranges = s.Ranges()
	a.Reservations = s.Reservations()
	for _, p := range front {
		a.FrontierOutcomes += len(p.Outcomes)
	}
	a.solve(front)
	a.Opposition, a.RationalFraction = opposition(s, a.Ranges, a.Reservations, conv)
	return a, nil
}

// Solutions computes the bargaining solutions of a given frontier (for
// frontiers found without enumeration), with utility ranges and
// reservation values supplied by the caller.
func Solutions(front []Point, ranges [][2]float64, reservations []float64, conv Convention, opt AnalysisOptions) *Analysis {
	a := &Analysis{Convention: conv, Tol: opt.Tol, Eps: opt.eps(), Frontier: front, Ranges: ranges, Reservations: reservations}
	for _, p := range front {
		a.FrontierOutcomes += len(p.Outcomes)
	}
	a.solve(front)
	a.Opposition, a.RationalFraction = math.NaN(), math.NaN()
	return a
}

func (a *Analysis) solve(front []Point) {
	n := len(a.Ranges)
	rs := a.Reservations
	d := make([]float64, n)
	mins := make([]float64, n)
	maxs := make([]float64, n)
	for i := range d {
		mins[i], maxs[i] = a.Ranges[i][0], a.Ranges[i][1]
		if a.Convention == NegMAS {
			d[i] = mins[i]
			if rs[i] >= mins[i] {
				d[i] = rs[i]
			}
		} else {
			d[i] = rs[i]
		}
	}
	a.Disagreement = d
	eps := a.Eps
	rational := func(u []float64) bool {
		for i, r := range rs {
			if u[i] < r {
				return false
			}
		}
		return true
	}
	// NegMAS returns the whole frontier when some range (from the
	// disagreement point) is degenerate.
	degenerate := false
	for i := range d {
		if maxs[i]-d[i] <= eps {
			degenerate = true
		}
	}
	rangeDegenerate := false
	for i := range d {
		if maxs[i]-mins[i] <= eps {
			rangeDegenerate = true
		}
	}
	best := func(val func(u []float64) (float64, bool), maximise bool) []Point {
		opt := math.Inf(-1)
		if !maximise {
			opt = math.Inf(1)
		}
		vals := make([]float64, len(front))
		okv := make([]bool, len(front))
		for k, p := range front {
			v, ok := val(p.U)
			vals[k], okv[k] = v, ok
			if !ok {
				continue
			}
			if (maximise && v > opt) || (!maximise && v < opt) {
				opt = v
			}
		}
		var out []Point
		for k, p := range front {
			if !okv[k] {
				continue
			}
			if (maximise && vals[k] >= opt-eps) || (!maximise && vals[k] <= opt+eps) {
				out = append(out, p)
			}
		}
		return out
	}
	all := func() []Point { return append([]Point(nil), front...) }
	// Nash
	if degenerate && a.Convention == NegMAS {
		a.Nash = all()
	} else {
		a.Nash = best(func(u []float64) (float64, bool) {
			if a.Convention == GENIUS && !rational(u) {
				return 0, false
			}
			v := 1.0
			for i := range u {
				v *= u[i] - d[i]
			}
			return v, true
		}, true)
	}
	// Kalai (egalitarian) and modified Kalai
	if degenerate && a.Convention == NegMAS {
		a.Kalai, a.ModifiedKalai = all(), all()
	} else {
		a.Kalai = best(func(u []float64) (float64, bool) {
			if !rational(u) {
				return 0, false
			}
			m := math.Inf(1)
			for i := range u {
				m = math.Min(m, u[i]-d[i])
			}
			return m, true
		}, true)
		a.ModifiedKalai = best(func(u []float64) (float64, bool) {
			if !rational(u) {
				return 0, false
			}
			m := math.Inf(1)
			for i := range u {
				m = math.Min(m, u[i])
			}
			return m, true
		}, true)
	}
	// Kalai–Smorodinsky and modified
	if a.Convention == GENIUS {
		a.KS = best(func(u []float64) (float64, bool) {
			if !rational(u) {
				return 0, false
			}
			s := 0.0
			for i := range u {
				for j := i + 1; j < len(u); j++ {
					s += math.Abs(u[i] - u[j])
				}
			}
			return s, true
		}, false)
	} else if degenerate {
		a.KS = all()
	} else {
		a.KS = best(func(u []float64) (float64, bool) {
			if !rational(u) {
				return 0, false
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for i := range u {
				x := u[i] - d[i]
				if r := maxs[i] - d[i]; r != 0 {
					x /= r
				}
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
			return hi - lo, true
		}, false)
	}
	if degenerate && a.Convention == NegMAS {
		a.ModifiedKS = all()
	} else {
		a.ModifiedKS = best(func(u []float64) (float64, bool) {
			if !rational(u) {
				return 0, false
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for i := range u {
				x := u[i]
				if maxs[i] != 0 {
					x /= maxs[i]
				}
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
			return hi - lo, true
		}, false)
	}
	// welfare
	if rangeDegenerate && a.Convention == NegMAS {
		a.MaxWelfare, a.MaxRelativeWelfare = all(), all()
		return
	}
	a.MaxWelfare = best(func(u []float64) (float64, bool) {
		s := 0.0
		for _, v := range u {
			s += v
		}
		return s, true
	}, true)
	a.MaxRelativeWelfare = best(func(u []float64) (float64, bool) {
		if !rational(u) {
			return 0, false
		}
		s := 0.0
		for i, v := range u {
			base := mins[i]
			den := maxs[i] - math.Max(rs[i], mins[i])
			if a.Convention == GENIUS {
				base = d[i]
				den = maxs[i] - d[i]
			}
			if den == 0 {
				den = 1
			}
			s += (v - base) / den
		}
		return s, true
	}, true)
}

// opposition returns the opposition level (per convention) and the
// rational fraction.
func opposition(s *Space, ranges [][2]float64, rs []float64, conv Convention) (float64, float64) {
	np := len(s.U)
	best := math.Inf(1)
	strict := 0
	for id := 0; id < s.N; id++ {
		rational, strictly := true, true
		for p := 0; p < np; p++ {
			u := s.U[p][id]
			if u < rs[p] {
				rational = false
			}
			if u <= rs[p] {
				strictly = false
			}
		}
		if strictly {
			strict++
		}
		if conv == NegMAS && !rational {
			continue
		}
		v := 0.0
		for p := 0; p < np; p++ {
			u := s.U[p][id]
			if conv == NegMAS {
				if m := ranges[p][1]; m != 0 {
					u /= m
				}
			}
			v += (1 - u) * (1 - u)
		}
		if v < best {
			best = v
		}
	}
	frac := 0.0
	if s.N > 0 {
		frac = float64(strict) / float64(s.N)
	}
	return math.Sqrt(best), frac
}
