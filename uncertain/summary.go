package uncertain

import (
	"math"
	"math/big"

	"gonum.org/v1/gonum/mathext"
)

// summaryPercentiles are the percentiles a Summary reports.
var summaryPercentiles = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// Summary describes a partial or complete result.
type Summary struct {
	Design   DesignInfo      `json:"design"`
	Covered  int64           `json:"covered"` // draws covered, failed or not
	Complete bool            `json:"complete"`
	Failed   int64           `json:"failed"`
	Level    float64         `json:"level"` // confidence level of the intervals
	Outputs  []OutputSummary `json:"outputs"`
}

// OutputSummary describes one output over the successful draws. With no
// values the numbers are zero; with one, SD and SE are zero.
type OutputSummary struct {
	Output
	N    int64   `json:"n"`
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	SE   float64 `json:"se"` // standard error of the mean, i.i.d. formula (conservative for LHS)
	// Lo and Hi bound the confidence interval of the mean: Wilson score for
	// indicators, normal (clamped to [0, 1] for probabilities) otherwise.
	Lo       float64 `json:"low"`
	Hi       float64 `json:"high"`
	Interval string  `json:"interval"` // "wilson" or "normal"
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	// Percentiles are the 5th, 25th, 50th, 75th and 95th; Partial.Percentile
	// gives others.
	Percentiles []Percentile `json:"percentiles"`
	// Trace is the mean and standard error after N/1024, ..., N/2, N draws
	// (prefixes of at least 64 draws that the partial covers), to show
	// convergence.
	Trace []TracePoint `json:"trace"`
}

// Percentile is the P-quantile of an output's distribution, estimated from
// its histogram: exact for point masses, otherwise within the bin, whose
// relative width is below 2^-7.
type Percentile struct {
	P     float64 `json:"p"`
	Value float64 `json:"value"`
}

// TracePoint is the estimate after the first Draws draws of the design, of
// which N succeeded.
type TracePoint struct {
	Draws int     `json:"draws"`
	N     int64   `json:"n"`
	Mean  float64 `json:"mean"`
	SE    float64 `json:"se"`
}

// Summary computes means, standard errors, intervals at the given
// confidence level (0.95 when not in (0, 1)), percentiles and convergence
// traces. It is a deterministic function of the partial's content.
func (p *Partial) Summary(level float64) *Summary {
	if !(level > 0 && level < 1) {
		level = 0.95
	}
	z := ZForLevel(level)
	s := &Summary{Design: p.Design(), Covered: p.Covered(), Complete: p.Complete(), Failed: p.st.failed, Level: level}
	for i, o := range p.outputs {
		s.Outputs = append(s.Outputs, p.outputSummary(i, o, z))
	}
	return s
}

func (p *Partial) outputSummary(i int, o Output, z float64) OutputSummary {
	st := &p.st.out[i]
	os := OutputSummary{Output: o, Percentiles: []Percentile{}, Trace: []TracePoint{}}
	n, sum, sq := p.cumulative(i, len(p.ends))
	os.N = n
	if n == 0 {
		return os
	}
	os.Mean, os.SD = meanSD(n, sum, sq)
	os.SE = os.SD / math.Sqrt(float64(n))
	os.Min, os.Max = st.min, st.max
	os.Lo, os.Hi, os.Interval = interval(o.Kind, n, sum, os.Mean, os.SE, z)
	for _, q := range summaryPercentiles {
		os.Percentiles = append(os.Percentiles, Percentile{q, histQuantile(st.hist, n, q)})
	}
	for s, end := range p.ends {
		if !p.coversPrefix(end) {
			break
		}
		n, sum, sq := p.cumulative(i, s+1)
		tp := TracePoint{Draws: end, N: n}
		if n > 0 {
			var sd float64
			tp.Mean, sd = meanSD(n, sum, sq)
			tp.SE = sd / math.Sqrt(float64(n))
		}
		os.Trace = append(os.Trace, tp)
	}
	return os
}

// Percentile estimates the q-quantile of output i from its histogram;
// NaN when the output has no values.
func (p *Partial) Percentile(i int, q float64) float64 {
	n, _, _ := p.cumulative(i, len(p.ends))
	st := &p.st.out[i]
	return histQuantile(st.hist, n, clamp(q, 0, 1))
}

// cumulative returns the count and exact sums of output i over the first
// segs segments.
func (p *Partial) cumulative(i, segs int) (n int64, sum, sq *big.Float) {
	sum, sq = exactZero(), exactZero()
	for s := range segs {
		n += p.st.counts[s]
		sum.Add(sum, p.st.out[i].sum[s])
		sq.Add(sq, p.st.out[i].sq[s])
	}
	return n, sum, sq
}

func (p *Partial) coversPrefix(end int) bool {
	return len(p.ranges) > 0 && p.ranges[0].Lo == 0 && p.ranges[0].Hi >= end
}

// meanSD returns the mean and sample standard deviation from exact sums,
// each rounded once from a high-precision value.
func meanSD(n int64, sum, sq *big.Float) (mean, sd float64) {
	const prec = 3 * exactPrec
	nf := new(big.Float).SetPrec(prec).SetInt64(n)
	m := new(big.Float).SetPrec(prec).Quo(sum, nf)
	mean, _ = m.Float64()
	if n < 2 {
		return mean, 0
	}
	// variance = (n·sq - sum²) / (n·(n-1))
	num := new(big.Float).SetPrec(prec).Mul(nf, sq)
	num.Sub(num, new(big.Float).SetPrec(prec).Mul(sum, sum))
	if num.Sign() <= 0 {
		return mean, 0
	}
	den := new(big.Float).SetPrec(prec).Mul(nf, new(big.Float).SetPrec(prec).SetInt64(n-1))
	v, _ := num.Quo(num, den).Float64()
	return mean, math.Sqrt(v)
}

func interval(kind OutputKind, n int64, sum *big.Float, mean, se, z float64) (lo, hi float64, name string) {
	switch kind {
	case Indicator:
		k, _ := sum.Int64()
		lo, hi = Wilson(k, n, z)
		return lo, hi, "wilson"
	case Probability:
		return clamp(mean-z*se, 0, 1), clamp(mean+z*se, 0, 1), "normal"
	}
	return mean - z*se, mean + z*se, "normal"
}

// Wilson returns the Wilson score interval for k successes in n trials at
// the normal quantile z (1.96 for 95 %); (0, 1) when n is 0.
func Wilson(k, n int64, z float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	den := 1 + z2/nf
	c := (p + z2/(2*nf)) / den
	h := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return clamp(c-h, 0, 1), clamp(c+h, 0, 1)
}

// ZForLevel returns the two-sided normal quantile for a confidence level,
// e.g. 1.959964 for 0.95.
func ZForLevel(level float64) float64 { return mathext.NormalQuantile(0.5 + level/2) }
