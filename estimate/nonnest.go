package estimate

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// NonNested is the result of a test between two non-nested models fitted
// to the same observations.
type NonNested struct {
	Test string `json:"test"`
	// Stat is Vuong's z statistic, or Clarke's count of observations that
	// fit model 1 better (after the correction).
	Stat float64 `json:"stat"`
	N    int     `json:"n"`
	// P is the two-sided p-value.
	P float64 `json:"p"`
	// Preferred is 1 or 2: the model the statistic favours.
	Preferred int     `json:"preferred"`
	LogLik1   float64 `json:"loglik1"`
	LogLik2   float64 `json:"loglik2"`
}

// comparable checks that two fits share their observations and outcomes.
func comparable(a, b *Fit) error {
	if a.N != b.N {
		return fmt.Errorf("estimate: the models have %d and %d observations; non-nested tests need the same ones", a.N, b.N)
	}
	ya, yb := a.observed(), b.observed()
	for i := range ya {
		if ya[i] != yb[i] {
			return fmt.Errorf("estimate: the models do not have the same dependent variable (observation %d differs)", i+1)
		}
	}
	return nil
}

func (f *Fit) observed() []float64 {
	switch p := f.b.prob.(type) {
	case *treeProblem:
		out := make([]float64, len(p.y))
		for i, y := range p.y {
			out[i] = float64(y)
		}
		return out
	case *ultProblem:
		return p.y
	}
	return nil
}

// Vuong is Vuong's (1989) test with the BIC correction for the numbers of
// parameters, as games computes it: z = (ℓ1 - ℓ2 - (k1-k2) log(n)/2) /
// (sqrt(n) sd(ℓ1i - ℓ2i)), the sd with denominator n.
func Vuong(m1, m2 *Fit) (*NonNested, error) {
	if err := comparable(m1, m2); err != nil {
		return nil, err
	}
	n := float64(m1.N)
	d := make([]float64, m1.N)
	for i := range d {
		d[i] = m1.ObsLogLik[i] - m2.ObsLogLik[i]
	}
	corr := float64(m1.FreeParams()-m2.FreeParams()) * math.Log(n) / 2
	z := (m1.LogLik - m2.LogLik - corr) / (math.Sqrt(n) * sd(d) * math.Sqrt((n-1)/n))
	r := &NonNested{Test: "vuong", Stat: z, N: m1.N, P: 2 * distuv.UnitNormal.CDF(-math.Abs(z)), LogLik1: m1.LogLik, LogLik2: m2.LogLik, Preferred: 2}
	if z > 0 {
		r.Preferred = 1
	}
	return r, nil
}

// Clarke is Clarke's (2007) distribution-free test with the BIC correction,
// as games computes it: the number of observations whose log-likelihood
// under model 1 exceeds model 2's by more than (k1-k2) log(n)/(2n), against
// a Binomial(n, 1/2).
func Clarke(m1, m2 *Fit) (*NonNested, error) {
	if err := comparable(m1, m2); err != nil {
		return nil, err
	}
	n := m1.N
	corr := float64(m1.FreeParams()-m2.FreeParams()) * math.Log(float64(n)) / (2 * float64(n))
	b := 0
	for i := range n {
		if m1.ObsLogLik[i]-m2.ObsLogLik[i] > corr {
			b++
		}
	}
	low := min(b, n-b)
	bin := distuv.Binomial{N: float64(n), P: 0.5}
	r := &NonNested{Test: "clarke", Stat: float64(b), N: n, P: math.Min(1, 2*bin.CDF(float64(low))), LogLik1: m1.LogLik, LogLik2: m2.LogLik, Preferred: 2}
	if b > n-b {
		r.Preferred = 1
	}
	return r, nil
}
