package negotiate

import (
	"context"
	"math"
)

// Metrics are NegMAS's per-negotiation outcome metrics, with its names.
// x is the realised utility vector (the agreement's, or the reservation
// values on failure).
type Metrics struct {
	Agreed    bool      `json:"agreement_reached"`
	Utilities []float64 `json:"utilities"`
	// Advantages are (xᵢ − rᵢ)/(Mᵢ − rᵢ) (0 when Mᵢ = rᵢ).
	Advantages []float64 `json:"advantages"`
	// Welfare is the mean utility, WelfareSum the sum.
	Welfare    float64 `json:"welfare"`
	WelfareSum float64 `json:"welfare_sum"`
	// Distances in utility space to the nearest frontier / solution point.
	ParetoDist float64 `json:"pareto_dist"`
	NashDist   float64 `json:"nash_dist"`
	KalaiDist  float64 `json:"kalai_dist"`
	KSDist     float64 `json:"ks_dist"`
	// Optimalities are max(0, 1 − dist/D), D = √Σ(Mᵢ − mᵢ)²;
	// MaxWelfareOptimality is Σx / the frontier's largest welfare.
	ParetoOptimality     float64 `json:"pareto_optimality"`
	NashOptimality       float64 `json:"nash_optimality"`
	KalaiOptimality      float64 `json:"kalai_optimality"`
	KSOptimality         float64 `json:"ks_optimality"`
	MaxWelfareOptimality float64 `json:"max_welfare_optimality"`
	// Fairness is max(nash, kalai, ks optimality).
	Fairness float64 `json:"fairness"`
}

// Evaluation holds what outcome metrics need about a space: its NegMAS
// analysis and the normalising distance D. Build it once per scenario.
type Evaluation struct {
	Analysis *Analysis
	MaxDist  float64
	maxW     float64
}

// NewEvaluation analyses s (NegMAS convention) for outcome metrics.
func NewEvaluation(ctx context.Context, s *Space) (*Evaluation, error) {
	a, err := Analyze(ctx, s, NegMAS, AnalysisOptions{})
	if err != nil {
		return nil, err
	}
	e := &Evaluation{Analysis: a, maxW: math.Inf(-1)}
	d := 0.0
	for _, r := range a.Ranges {
		d += (r[1] - r[0]) * (r[1] - r[0])
	}
	e.MaxDist = math.Sqrt(d)
	for _, p := range a.Frontier {
		w := 0.0
		for _, v := range p.U {
			w += v
		}
		e.maxW = math.Max(e.maxW, w)
	}
	return e, nil
}

func nearest(x []float64, pts []Point) float64 {
	best := math.NaN()
	for _, p := range pts {
		d := 0.0
		for i := range x {
			d += (x[i] - p.U[i]) * (x[i] - p.U[i])
		}
		d = math.Sqrt(d)
		if math.IsNaN(best) || d < best {
			best = d
		}
	}
	return best
}

// Measure computes the metrics of realised utilities x.
func (e *Evaluation) Measure(agreed bool, x []float64) Metrics {
	a := e.Analysis
	m := Metrics{Agreed: agreed, Utilities: append([]float64(nil), x...)}
	for i, v := range x {
		r, mx := a.Reservations[i], a.Ranges[i][1]
		adv := 0.0
		if mx != r {
			adv = (v - r) / (mx - r)
		}
		m.Advantages = append(m.Advantages, adv)
		m.WelfareSum += v
	}
	m.Welfare = m.WelfareSum / float64(len(x))
	m.ParetoDist = nearest(x, a.Frontier)
	m.NashDist = nearest(x, a.Nash)
	m.KalaiDist = nearest(x, a.Kalai)
	m.KSDist = nearest(x, a.KS)
	opt := func(d float64) float64 {
		if math.IsNaN(d) || math.Abs(e.MaxDist) < 1e-12 {
			return math.NaN()
		}
		return math.Max(0, 1-d/e.MaxDist)
	}
	m.ParetoOptimality = opt(m.ParetoDist)
	m.NashOptimality = opt(m.NashDist)
	m.KalaiOptimality = opt(m.KalaiDist)
	m.KSOptimality = opt(m.KSDist)
	if len(a.Frontier) > 0 && math.Abs(e.maxW) >= 1e-12 {
		m.MaxWelfareOptimality = math.Max(0, m.WelfareSum/e.maxW)
	} else {
		m.MaxWelfareOptimality = math.NaN()
	}
	m.Fairness = math.NaN()
	for _, v := range []float64{m.NashOptimality, m.KalaiOptimality, m.KSOptimality} {
		if !math.IsNaN(v) && (math.IsNaN(m.Fairness) || v > m.Fairness) {
			m.Fairness = v
		}
	}
	return m
}
