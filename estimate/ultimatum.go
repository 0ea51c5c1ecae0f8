package estimate

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// ultProblem is the ultimatum model of the games package (Ramsay and
// Signorino 2009): player 1 offers y in [min, max], keeping max - y; player
// 2 accepts when y exceeds its reservation value R2 + e2, and player 1's
// rejection payoff is R1 + e1, with logistic e1, e2 of scales s1, s2. The
// parameters are R1's coefficients, R2's, log s1 and log s2.
type ultProblem struct {
	y, acc     []float64 // acc nil when only offers are observed
	x, z       *Design
	min, max   float64
	tol        float64
	fixedStart []float64
}

func (u *ultProblem) nobs() int { return len(u.y) }

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// obs returns observation i's log-likelihood and its derivatives with
// respect to R1, R2, log s1 and log s2.
func (u *ultProblem) obs(i int, r1, r2, ls1, ls2 float64, d *[4]float64) float64 {
	s1, s2 := math.Exp(ls1), math.Exp(ls2)
	y := u.y[i]
	// a(v) is the logit of "player 1 offers at most v" with its gradient.
	a := func(v float64) (float64, [4]float64) {
		e := math.Exp((v - r2) / s2)
		av := (u.max - v - r1 - s2*(1+e)) / s1
		return av, [4]float64{-1 / s1, e / s1, -av, -(s2*(1+e) - e*(v-r2)) / s1}
	}
	var ll float64
	var g [4]float64
	switch {
	case math.Abs(y-u.max) < u.tol:
		av, da := a(u.max)
		raw := sigmoid(av) // 1 - CDF(max), without cancellation
		ll = math.Log(math.Max(finiteProb(raw), dblEps))
		if raw > dblEps && raw < 1-dblNegEps {
			for k := range g {
				g[k] = sigmoid(-av) * da[k]
			}
		}
	case math.Abs(y-u.min) < u.tol:
		av, da := a(u.min)
		raw := 1 / (1 + math.Exp(av))
		ll = math.Log(math.Max(finiteProb(raw), dblEps))
		if raw > dblEps && raw < 1-dblNegEps {
			for k := range g {
				g[k] = -sigmoid(av) * da[k]
			}
		}
	default:
		av, da := a(y)
		e := math.Exp((y - r2) / s2)
		num := math.Exp(-av)
		dens := num / (s1 * (1 + num) * (1 + num)) * (1 + e)
		ll = math.Log(math.Max(dens, dblEps))
		if !(dens > dblEps) || math.IsInf(dens, 0) {
			break
		}
		c := -1 + 2*sigmoid(-av)
		for k := range g {
			g[k] = c * da[k]
		}
		g[1] -= e / (1 + e) / s2
		g[2]--
		g[3] -= e / (1 + e) * (y - r2) / s2
	}
	if u.acc != nil {
		w := (y - r2) / s2
		if u.acc[i] == 1 {
			ll += math.Log(finiteProb(sigmoid(w)))
			g[1] -= sigmoid(-w) / s2
			g[3] -= sigmoid(-w) * w
		} else {
			ll += math.Log(finiteProb(1 - sigmoid(w)))
			g[1] += sigmoid(w) / s2
			g[3] += sigmoid(w) * w
		}
	}
	if d != nil {
		*d = g
	}
	return ll
}

func (u *ultProblem) eval(b, grad, ll []float64) float64 {
	kx, kz := u.x.K(), u.z.K()
	ls1, ls2 := b[kx+kz], b[kx+kz+1]
	total := 0.0
	var d [4]float64
	for i := range u.y {
		r1, r2 := u.x.Dot(i, b), u.z.Dot(i, b[kx:])
		var dp *[4]float64
		if grad != nil {
			dp = &d
		}
		l := u.obs(i, r1, r2, ls1, ls2, dp)
		total += l
		if ll != nil {
			ll[i] = l
		}
		if grad == nil {
			continue
		}
		for j, x := range u.x.Row(i) {
			grad[j] += d[0] * x
		}
		for j, z := range u.z.Row(i) {
			grad[kx+j] += d[1] * z
		}
		grad[kx+kz] += d[2]
		grad[kx+kz+1] += d[3]
	}
	return total
}

func (u *ultProblem) resample(idx []int) problem {
	out := *u
	out.y = make([]float64, len(idx))
	if u.acc != nil {
		out.acc = make([]float64, len(idx))
	}
	for i, r := range idx {
		out.y[i] = u.y[r]
		if u.acc != nil {
			out.acc[i] = u.acc[r]
		}
	}
	out.x, out.z = u.x.Subset(idx), u.z.Subset(idx)
	return &out
}

// start follows the games package: least squares of max - y on player 1's
// regressors, a logit of acceptance on player 2's with offset -y, and both
// log scales at log sd(y); zeros but the constants if that start is not
// finite.
func (u *ultProblem) start() []float64 {
	kx, kz := u.x.K(), u.z.K()
	b := make([]float64, kx+kz+2)
	n := len(u.y)
	xs := make([][]float64, n)
	zs := make([][]float64, n)
	target := make([]float64, n)
	acc := make([]float64, n)
	off := make([]float64, n)
	mean := 0.0
	for _, y := range u.y {
		mean += y
	}
	mean /= float64(n)
	for i, y := range u.y {
		xs[i], zs[i] = u.x.Row(i), u.z.Row(i)
		target[i] = u.max - y
		off[i] = -y
		if u.acc != nil {
			acc[i] = u.acc[i]
		} else if y >= mean {
			acc[i] = 1
		}
	}
	if c := leastSquares(xs, target); c != nil {
		copy(b, c)
	}
	if c := glmBinary(Logit, zs, acc, off); c != nil {
		copy(b[kx:], c)
	}
	sd := 0.0
	for _, y := range u.y {
		sd += (y - mean) * (y - mean)
	}
	ls := math.Log(math.Sqrt(sd / float64(n-1)))
	b[kx+kz], b[kx+kz+1] = ls, ls
	for j, v := range u.fixedStart {
		if !math.IsNaN(v) {
			b[j] = v
		}
	}
	if v := u.eval(b, nil, nil); math.IsNaN(v) || math.IsInf(v, 0) {
		clear(b[:kx+kz])
		b[0], b[kx] = u.max-mean, u.max-mean
	}
	return b
}

// leastSquares solves min |X c - y| by QR; nil if X is rank deficient.
func leastSquares(x [][]float64, y []float64) []float64 {
	n, k := len(x), len(x[0])
	a := mat.NewDense(n, k, nil)
	for i := range x {
		a.SetRow(i, x[i])
	}
	var qr mat.QR
	qr.Factorize(a)
	var c mat.VecDense
	if err := qr.SolveVecTo(&c, false, mat.NewVecDense(n, slices.Clone(y))); err != nil {
		return nil
	}
	return c.RawVector().Data
}

// buildUltimatum checks an ultimatum spec against the data.
func (s *Spec) buildUltimatum(d *Data) (*built, error) {
	f, err := ParseFormula(s.Formula)
	if err != nil {
		return nil, err
	}
	if len(f.Equations) != 2 {
		return nil, fmt.Errorf("estimate: ultimatum formula %q has %d equations; want 2 (player 1's and player 2's reservation values)", s.Formula, len(f.Equations))
	}
	if len(f.Responses) > 2 {
		return nil, fmt.Errorf("estimate: ultimatum formula %q: responses are the offer and, optionally, the acceptance indicator", s.Formula)
	}
	if s.MaxOffer <= s.MinOffer {
		return nil, fmt.Errorf("estimate: ultimatum needs max_offer > min_offer (got %v and %v)", s.MaxOffer, s.MinOffer)
	}
	s.Link, s.Noise = Logit, Private
	vars := varsOf(f.Responses, f.Equations)
	fr, warn, err := s.loadFrame(d, vars)
	if err != nil {
		return nil, err
	}
	u := &ultProblem{min: s.MinOffer, max: s.MaxOffer, tol: math.Sqrt(dblEps)}
	if u.y, err = fr.numeric(f.Responses[0]); err != nil {
		return nil, err
	}
	for i, y := range u.y {
		if y > s.MaxOffer || y < s.MinOffer {
			return nil, fmt.Errorf("%s: offer %v lies outside [%v, %v]", d.row(fr.rows[i]), y, s.MinOffer, s.MaxOffer)
		}
	}
	if len(f.Responses) == 2 {
		a, err := fr.binary(f.Responses[1])
		if err != nil {
			return nil, err
		}
		u.acc = make([]float64, len(a))
		for i, v := range a {
			u.acc[i] = float64(v)
		}
	}
	if u.x, err = fr.design(f.Equations[0]); err != nil {
		return nil, err
	}
	if u.z, err = fr.design(f.Equations[1]); err != nil {
		return nil, err
	}
	b := &built{prob: u, frame: fr, dropped: fr.dropped, vars: vars, eqs: f.Equations, labels: f.Responses, warn: warn}
	for _, n := range u.x.Names {
		b.names = append(b.names, "R1:"+n)
	}
	for _, n := range u.z.Names {
		b.names = append(b.names, "R2:"+n)
	}
	b.names = append(b.names, "log(s1)", "log(s2)")
	b.fixed = make([]bool, len(b.names))
	u.fixedStart = make([]float64, len(b.names))
	for j := range u.fixedStart {
		u.fixedStart[j] = math.NaN()
	}
	for i, sv := range []*float64{s.S1, s.S2} {
		if sv == nil {
			continue
		}
		if *sv <= 0 {
			return nil, fmt.Errorf("estimate: ultimatum scale s%d must be positive (got %v)", i+1, *sv)
		}
		j := len(b.names) - 2 + i
		b.fixed[j] = true
		u.fixedStart[j] = math.Log(*sv)
	}
	return b, nil
}
