package uncertain

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mathext"
)

// Dist is a univariate probability distribution. Sampling goes through the
// quantile function, so Monte Carlo, Latin hypercube and rank-correlated
// designs share one code path.
type Dist interface {
	// Quantile returns the p-quantile (the inverse CDF) for p in [0, 1].
	// Quantile(0) and Quantile(1) are the bounds of the support, possibly
	// infinite. For a discrete distribution it is the smallest value whose
	// cumulative probability exceeds p.
	Quantile(p float64) float64
	// CDF returns P(X <= x).
	CDF(x float64) float64
	// Mean returns the expected value.
	Mean() float64
	// String describes the distribution canonically, with every number in
	// its shortest exact form; designs fingerprint their parameters with it.
	String() string
}

// DistParams holds the numbers of a distribution specification, as scenario
// files give them; nil means absent. Which fields a kind takes is listed at
// [NewDist].
type DistParams struct {
	Value  *float64 // fixed
	Low    *float64 // uniform, triangular, pert; truncation for normal, lognormal and beta
	High   *float64 // as Low
	Mode   *float64 // triangular, pert
	Mean   *float64 // normal; mean of the logarithm for lognormal
	SD     *float64 // normal; standard deviation of the logarithm for lognormal
	Alpha  *float64 // beta
	Beta   *float64 // beta
	Values []float64
	Probs  []float64
}

// NewDist returns the distribution of the given kind:
//
//	fixed                 value
//	uniform               low, high (low <= high)
//	triangular, pert      low, mode, high (low <= mode <= high, low < high)
//	normal                mean, sd; optional truncation low and/or high
//	lognormal             mean, sd of log X; optional truncation low and/or high of X
//	beta                  alpha, beta on [0, 1]; optional truncation low and/or high
//	discrete, categorical values, probs (non-negative, summing to 1 within 1e-6)
//
// A field the kind does not take is an error, so a misread specification is
// reported rather than ignored. PERT is the beta-PERT with shape 4.
func NewDist(kind string, p DistParams) (Dist, error) {
	d, err := newDist(kind, p)
	if err != nil {
		return nil, fmt.Errorf("%s distribution: %w", kind, err)
	}
	return d, nil
}

// ParamDist returns the distribution of a model parameter with default def,
// plausible range rng (empty or [low, high]) and an optional distribution of
// the given kind (empty kind means none): the distribution when there is one,
// else uniform over the range, else fixed at the default.
func ParamDist(def float64, rng []float64, kind string, p DistParams) (Dist, error) {
	switch {
	case kind != "":
		return NewDist(kind, p)
	case len(rng) == 2:
		return NewUniform(rng[0], rng[1])
	case len(rng) == 0:
		return NewFixed(def)
	}
	return nil, fmt.Errorf("range has %d numbers, want 2", len(rng))
}

func newDist(kind string, p DistParams) (Dist, error) {
	fields := map[string]bool{}
	var d Dist
	var err error
	switch kind {
	case "fixed":
		if err = need(fields, "value", p.Value); err == nil {
			d, err = NewFixed(*p.Value)
		}
	case "uniform":
		if err = need(fields, "low", p.Low, "high", p.High); err == nil {
			d, err = NewUniform(*p.Low, *p.High)
		}
	case "triangular", "pert":
		if err = need(fields, "low", p.Low, "mode", p.Mode, "high", p.High); err != nil {
			break
		}
		if kind == "pert" {
			d, err = NewPERT(*p.Low, *p.Mode, *p.High)
		} else {
			d, err = NewTriangular(*p.Low, *p.Mode, *p.High)
		}
	case "normal", "lognormal":
		if err = need(fields, "mean", p.Mean, "sd", p.SD); err != nil {
			break
		}
		if kind == "normal" {
			d, err = NewNormal(*p.Mean, *p.SD)
		} else {
			d, err = NewLogNormal(*p.Mean, *p.SD)
		}
		d, err = truncateOpt(d, err, fields, p)
	case "beta":
		if err = need(fields, "alpha", p.Alpha, "beta", p.Beta); err == nil {
			d, err = NewBeta(*p.Alpha, *p.Beta)
		}
		d, err = truncateOpt(d, err, fields, p)
	case "discrete", "categorical":
		fields["values"], fields["probs"] = true, true
		d, err = NewDiscrete(p.Values, p.Probs)
	case "":
		return nil, errors.New("missing kind")
	default:
		return nil, fmt.Errorf("unknown kind: expected fixed, uniform, triangular, pert, normal, lognormal, beta or discrete")
	}
	if err != nil {
		return nil, err
	}
	if extra := unexpected(fields, p); len(extra) > 0 {
		return nil, fmt.Errorf("unexpected %s", strings.Join(extra, ", "))
	}
	return d, nil
}

// need marks the named fields as used and reports the first missing one.
// Its arguments alternate name, value.
func need(used map[string]bool, nameVals ...any) error {
	for i := 0; i < len(nameVals); i += 2 {
		name := nameVals[i].(string)
		used[name] = true
		if nameVals[i+1].(*float64) == nil {
			return fmt.Errorf("needs %s", name)
		}
	}
	return nil
}

// truncateOpt applies the optional truncation bounds of p to d.
func truncateOpt(d Dist, err error, used map[string]bool, p DistParams) (Dist, error) {
	used["low"], used["high"] = true, true
	if err != nil || (p.Low == nil && p.High == nil) {
		return d, err
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	if p.Low != nil {
		lo = *p.Low
	}
	if p.High != nil {
		hi = *p.High
	}
	return Truncate(d, lo, hi)
}

// unexpected lists the fields present in p but not used by its kind.
func unexpected(used map[string]bool, p DistParams) []string {
	present := []struct {
		name string
		set  bool
	}{
		{"value", p.Value != nil}, {"low", p.Low != nil}, {"high", p.High != nil},
		{"mode", p.Mode != nil}, {"mean", p.Mean != nil}, {"sd", p.SD != nil},
		{"alpha", p.Alpha != nil}, {"beta", p.Beta != nil},
		{"values", p.Values != nil}, {"probs", p.Probs != nil},
	}
	var extra []string
	for _, f := range present {
		if f.set && !used[f.name] {
			extra = append(extra, f.name)
		}
	}
	return extra
}

// finite reports an error naming the first non-finite argument. Its
// arguments alternate name, value.
func finite(nameVals ...any) error {
	for i := 0; i < len(nameVals); i += 2 {
		if v := nameVals[i+1].(float64); math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s is %v", nameVals[i], v)
		}
	}
	return nil
}

// ftoa formats x in its shortest exact decimal form.
func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// fixed is a point mass.
type fixed struct{ v float64 }

// NewFixed returns the point mass at v.
func NewFixed(v float64) (Dist, error) {
	if err := finite("value", v); err != nil {
		return nil, err
	}
	return fixed{v}, nil
}

func (d fixed) Quantile(float64) float64 { return d.v }
func (d fixed) Mean() float64            { return d.v }
func (d fixed) String() string           { return "fixed(" + ftoa(d.v) + ")" }
func (d fixed) CDF(x float64) float64 {
	if x < d.v {
		return 0
	}
	return 1
}

// uniform is the continuous uniform distribution on [lo, hi].
type uniform struct{ lo, hi float64 }

// NewUniform returns the uniform distribution on [lo, hi]; lo == hi is a point mass.
func NewUniform(lo, hi float64) (Dist, error) {
	if err := finite("low", lo, "high", hi); err != nil {
		return nil, err
	}
	if lo > hi {
		return nil, fmt.Errorf("low %v exceeds high %v", lo, hi)
	}
	return uniform{lo, hi}, nil
}

func (d uniform) Quantile(p float64) float64 { return clamp(d.lo+p*(d.hi-d.lo), d.lo, d.hi) }
func (d uniform) Mean() float64              { return d.lo/2 + d.hi/2 }
func (d uniform) String() string             { return "uniform(" + ftoa(d.lo) + ", " + ftoa(d.hi) + ")" }
func (d uniform) CDF(x float64) float64 {
	if d.hi == d.lo {
		return fixed{d.lo}.CDF(x)
	}
	return clamp((x-d.lo)/(d.hi-d.lo), 0, 1)
}

// triangular is the triangular distribution on [lo, hi] with the given mode.
type triangular struct{ lo, mode, hi float64 }

// NewTriangular returns the triangular distribution on [lo, hi] peaking at mode.
func NewTriangular(lo, mode, hi float64) (Dist, error) {
	if err := checkLMH(lo, mode, hi); err != nil {
		return nil, err
	}
	return triangular{lo, mode, hi}, nil
}

func checkLMH(lo, mode, hi float64) error {
	if err := finite("low", lo, "mode", mode, "high", hi); err != nil {
		return err
	}
	if !(lo <= mode && mode <= hi && lo < hi) {
		return fmt.Errorf("need low <= mode <= high and low < high, have %v, %v, %v", lo, mode, hi)
	}
	return nil
}

func (d triangular) Quantile(p float64) float64 {
	w := d.hi - d.lo
	if p < (d.mode-d.lo)/w {
		return clamp(d.lo+math.Sqrt(p*w*(d.mode-d.lo)), d.lo, d.hi)
	}
	return clamp(d.hi-math.Sqrt((1-p)*w*(d.hi-d.mode)), d.lo, d.hi)
}

func (d triangular) CDF(x float64) float64 {
	w := d.hi - d.lo
	switch {
	case x <= d.lo:
		return 0
	case x >= d.hi:
		return 1
	case x <= d.mode:
		return (x - d.lo) * (x - d.lo) / (w * (d.mode - d.lo))
	}
	return 1 - (d.hi-x)*(d.hi-x)/(w*(d.hi-d.mode))
}

func (d triangular) Mean() float64 { return (d.lo + d.mode + d.hi) / 3 }
func (d triangular) String() string {
	return "triangular(" + ftoa(d.lo) + ", " + ftoa(d.mode) + ", " + ftoa(d.hi) + ")"
}

// pert is the beta-PERT distribution (shape 4) on [lo, hi] with the given mode.
type pert struct {
	lo, mode, hi float64
	b            beta
}

// NewPERT returns the beta-PERT distribution on [lo, hi] with the given mode:
// lo + (hi-lo)·Beta(1+4(mode-lo)/(hi-lo), 1+4(hi-mode)/(hi-lo)), whose mean
// is (lo + 4·mode + hi)/6.
func NewPERT(lo, mode, hi float64) (Dist, error) {
	if err := checkLMH(lo, mode, hi); err != nil {
		return nil, err
	}
	w := hi - lo
	return pert{lo, mode, hi, beta{a: 1 + 4*(mode-lo)/w, b: 1 + 4*(hi-mode)/w}}, nil
}

func (d pert) Quantile(p float64) float64 {
	return clamp(d.lo+(d.hi-d.lo)*d.b.Quantile(p), d.lo, d.hi)
}
func (d pert) CDF(x float64) float64 { return d.b.CDF((x - d.lo) / (d.hi - d.lo)) }
func (d pert) Mean() float64         { return (d.lo + 4*d.mode + d.hi) / 6 }
func (d pert) String() string {
	return "pert(" + ftoa(d.lo) + ", " + ftoa(d.mode) + ", " + ftoa(d.hi) + ")"
}

// beta is the beta distribution on [0, 1].
type beta struct{ a, b float64 }

// NewBeta returns the beta distribution with shapes alpha and beta on [0, 1].
func NewBeta(alpha, b float64) (Dist, error) {
	if err := finite("alpha", alpha, "beta", b); err != nil {
		return nil, err
	}
	if alpha <= 0 || b <= 0 {
		return nil, fmt.Errorf("alpha %v and beta %v must be positive", alpha, b)
	}
	return beta{alpha, b}, nil
}

func (d beta) Quantile(p float64) float64 { return mathext.InvRegIncBeta(d.a, d.b, clamp(p, 0, 1)) }
func (d beta) CDF(x float64) float64      { return mathext.RegIncBeta(d.a, d.b, clamp(x, 0, 1)) }
func (d beta) Mean() float64              { return d.a / (d.a + d.b) }
func (d beta) String() string             { return "beta(" + ftoa(d.a) + ", " + ftoa(d.b) + ")" }

// truncMean returns E[X | lo <= X <= hi].
func (d beta) truncMean(lo, hi float64) float64 {
	up := beta{d.a + 1, d.b}
	return d.Mean() * (up.CDF(hi) - up.CDF(lo)) / (d.CDF(hi) - d.CDF(lo))
}

// normal is the normal distribution, possibly truncated to [lo, hi]; log
// makes it the lognormal distribution of exp(N(mu, sigma²)), truncated in X.
type normal struct {
	mu, sigma float64
	lo, hi    float64 // truncation of X, ±Inf when absent
	log       bool
	a, b      float64 // standardised truncation bounds of the normal variable
}

// NewNormal returns the normal distribution with mean mu and standard deviation sigma.
func NewNormal(mu, sigma float64) (Dist, error) { return newNormal(mu, sigma, false) }

// NewLogNormal returns the distribution of exp(Y), Y normal with mean mu and
// standard deviation sigma.
func NewLogNormal(mu, sigma float64) (Dist, error) { return newNormal(mu, sigma, true) }

func newNormal(mu, sigma float64, log bool) (Dist, error) {
	if err := finite("mean", mu, "sd", sigma); err != nil {
		return nil, err
	}
	if sigma <= 0 {
		return nil, fmt.Errorf("sd %v must be positive", sigma)
	}
	lo := math.Inf(-1)
	if log {
		lo = 0
	}
	return normal{mu: mu, sigma: sigma, lo: lo, hi: math.Inf(1), log: log, a: math.Inf(-1), b: math.Inf(1)}, nil
}

func (d normal) name() string {
	if d.log {
		return "lognormal"
	}
	return "normal"
}

func (d normal) String() string {
	s := d.name() + "(" + ftoa(d.mu) + ", " + ftoa(d.sigma)
	if !math.IsInf(d.a, -1) || !math.IsInf(d.b, 1) {
		s += "; " + ftoa(d.lo) + ", " + ftoa(d.hi)
	}
	return s + ")"
}

// z standardises x (on the log scale for a lognormal).
func (d normal) z(x float64) float64 {
	if d.log {
		if x <= 0 {
			return math.Inf(-1)
		}
		x = math.Log(x)
	}
	return (x - d.mu) / d.sigma
}

// x maps a standardised value back to X.
func (d normal) x(z float64) float64 {
	y := d.mu + d.sigma*z
	if d.log {
		y = math.Exp(y)
	}
	return clamp(y, d.lo, d.hi)
}

func (d normal) Quantile(p float64) float64 { return d.x(truncStdQuantile(d.a, d.b, p)) }

func (d normal) CDF(x float64) float64 {
	z := d.z(x)
	if z <= d.a {
		return 0
	}
	if z >= d.b {
		return 1
	}
	return clamp(stdMass(d.a, z)/stdMass(d.a, d.b), 0, 1)
}

func (d normal) Mean() float64 {
	if !d.log {
		return d.mu + d.sigma*truncStdMean(d.a, d.b)
	}
	s := d.sigma
	return math.Exp(d.mu+s*s/2) * stdMass(d.a-s, d.b-s) / stdMass(d.a, d.b)
}

// truncate restricts d to [lo, hi].
func (d normal) truncate(lo, hi float64) (Dist, error) {
	if d.log && lo < 0 {
		lo = 0
	}
	d.lo, d.hi = math.Max(lo, d.lo), math.Min(hi, d.hi)
	d.a, d.b = d.z(d.lo), d.z(d.hi)
	if !(stdMass(d.a, d.b) > 0) {
		return nil, fmt.Errorf("truncation [%v, %v] has no probability", lo, hi)
	}
	return d, nil
}

// stdCDF is the standard normal CDF.
func stdCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// stdMass returns P(a <= Z <= b) for a standard normal Z, accurately in both tails.
func stdMass(a, b float64) float64 {
	if a > 0 {
		return stdCDF(-a) - stdCDF(-b)
	}
	return stdCDF(b) - stdCDF(a)
}

// truncStdQuantile is the p-quantile of the standard normal truncated to [a, b].
func truncStdQuantile(a, b, p float64) float64 {
	if a > 0 {
		return -truncStdQuantile(-b, -a, 1-p)
	}
	fa := stdCDF(a)
	q := clamp(fa+p*stdMass(a, b), 0, 1)
	return clamp(mathext.NormalQuantile(q), a, b)
}

// truncStdMean is the mean of the standard normal truncated to [a, b].
func truncStdMean(a, b float64) float64 {
	if a > 0 {
		return -truncStdMean(-b, -a)
	}
	phi := func(z float64) float64 {
		if math.IsInf(z, 0) {
			return 0
		}
		return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
	}
	return (phi(a) - phi(b)) / stdMass(a, b)
}

// truncated is a distribution restricted to [lo, hi] through its CDF.
type truncated struct {
	d        Dist
	lo, hi   float64
	flo, fhi float64
	mean     float64
}

// Truncate restricts d to [lo, hi]; either bound may be infinite. Normal and
// lognormal distributions (bounds on X) and beta distributions can be
// truncated; the interval must have positive probability.
func Truncate(d Dist, lo, hi float64) (Dist, error) {
	if math.IsNaN(lo) || math.IsNaN(hi) || lo >= hi {
		return nil, fmt.Errorf("truncation needs low < high, have %v, %v", lo, hi)
	}
	switch d := d.(type) {
	case normal:
		return d.truncate(lo, hi)
	case beta:
		lo, hi = math.Max(lo, 0), math.Min(hi, 1)
		t := truncated{d: d, lo: lo, hi: hi, flo: d.CDF(lo), fhi: d.CDF(hi)}
		if !(t.fhi > t.flo) {
			return nil, fmt.Errorf("truncation [%v, %v] has no probability", lo, hi)
		}
		t.mean = d.truncMean(lo, hi)
		return t, nil
	}
	return nil, fmt.Errorf("cannot truncate %v", d)
}

func (t truncated) Quantile(p float64) float64 {
	return clamp(t.d.Quantile(t.flo+p*(t.fhi-t.flo)), t.lo, t.hi)
}
func (t truncated) CDF(x float64) float64 {
	return clamp((t.d.CDF(x)-t.flo)/(t.fhi-t.flo), 0, 1)
}
func (t truncated) Mean() float64 { return t.mean }
func (t truncated) String() string {
	s := t.d.String()
	return s[:len(s)-1] + "; " + ftoa(t.lo) + ", " + ftoa(t.hi) + ")"
}

// discrete is a distribution on finitely many values.
type discrete struct {
	values, probs []float64 // sorted by value
	cum           []float64 // cum[i] = P(X <= values[i])
	orig          string
}

// NewDiscrete returns the distribution taking values[i] with probability
// probs[i]. The probabilities must be non-negative and sum to 1 within 1e-6;
// they are normalised. Values are sorted internally so that the quantile
// function is monotone, as Latin hypercube and rank-correlated designs need.
func NewDiscrete(values, probs []float64) (Dist, error) {
	if len(values) == 0 || len(values) != len(probs) {
		return nil, fmt.Errorf("need values and as many probs, have %d and %d", len(values), len(probs))
	}
	idx := make([]int, len(values))
	sum := 0.0
	for i := range values {
		if err := finite("value", values[i], "prob", probs[i]); err != nil {
			return nil, err
		}
		if probs[i] < 0 {
			return nil, fmt.Errorf("negative probability %v", probs[i])
		}
		idx[i] = i
		sum += probs[i]
	}
	if math.Abs(sum-1) > 1e-6 {
		return nil, fmt.Errorf("probabilities sum to %v, not 1", sum)
	}
	slices.SortStableFunc(idx, func(i, j int) int { return cmpFloat(values[i], values[j]) })
	d := discrete{orig: discreteString(values, probs)}
	c := 0.0
	for _, i := range idx {
		c += probs[i] / sum
		d.values = append(d.values, values[i])
		d.probs = append(d.probs, probs[i]/sum)
		d.cum = append(d.cum, c)
	}
	d.cum[len(d.cum)-1] = 1
	return d, nil
}

func discreteString(values, probs []float64) string {
	var sb strings.Builder
	sb.WriteString("discrete(")
	for i := range values {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(ftoa(values[i]) + ":" + ftoa(probs[i]))
	}
	return sb.String() + ")"
}

func (d discrete) Quantile(p float64) float64 {
	i, _ := slices.BinarySearchFunc(d.cum, p, func(c, p float64) int {
		if c <= p {
			return -1
		}
		return 1
	})
	if i == len(d.cum) {
		i--
	}
	for i > 0 && d.probs[i] == 0 { // never return a value of probability zero
		i--
	}
	return d.values[i]
}

func (d discrete) CDF(x float64) float64 {
	c := 0.0
	for i, v := range d.values {
		if v <= x {
			c = d.cum[i]
		}
	}
	return c
}

func (d discrete) Mean() float64 {
	m := 0.0
	for i, v := range d.values {
		m += v * d.probs[i]
	}
	return m
}

func (d discrete) String() string { return d.orig }

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
