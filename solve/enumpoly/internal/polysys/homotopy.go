package polysys

import (
	"math"
	"math/cmplx"

	"github.com/tablero-project/tablero/solve/internal/linalg"
)

// This file solves the indifference equations of a support on which
// three or more players mix, by homotopy continuation in complex space
// (Morgan 1987; Sommese and Wampler 2005): from the start system G whose
// equation for F_pj is a product of random linear forms, one in each
// other group's unknowns — it has the multihomogeneous Bézout number of
// solutions, all known — along H(x,t) = (1−t)·γ·G(x) + t·F(x) to t = 1.
// With a random complex γ the paths are smooth for t < 1 with
// probability one, and their ends include every isolated solution of F.

// DefaultPathSteps is the default cap on the predictor steps of one
// homotopy path.
const DefaultPathSteps = 10000

// Constants of the path tracker.
const (
	firstStep     = 0.05
	maxStep       = 0.25
	minStep       = 1e-13
	correctorIter = 12
	correctorTol  = 1e-6 // relative Newton step accepted as converged
	endGame       = 0.95 // beyond this t, …
	endTol        = 1e-9 // … the corrector is stricter
	diverged      = 1e5  // paths beyond this size go to infinity
	realTol       = 1e-7 // relative imaginary part of a real solution
)

// homotopy tracks the paths of one support's system.
type homotopy struct {
	s     *System
	tens  [][]complex128
	gamma complex128
	owner []int // group of each equation
	// lin[e][q] holds the linear form of equation e in group q's
	// unknowns: coefficients of x_q, then the constant.
	lin [][][]complex128

	x, sig, f, fg, jac, jg, v []complex128
	lu                        *complexLU
	k, tmpX                   []complex128 // Runge–Kutta stages
	forms                     []complex128
	maxSteps                  int
	// charge is charged stepCost per predictor step and iterCost per
	// corrector iteration: a step evaluates and factors the Jacobian at
	// four stages, an iteration evaluates H once and solves with the last
	// factors, about a quarter of one stage's work.
	charge             func(int) error
	stepCost, iterCost int
}

// newHomotopy draws the start system.
func newHomotopy(s *System, rng interface{ NormFloat64() float64 }, maxSteps int, charge func(int) error) *homotopy {
	d, g, cells := s.dim, len(s.groups), len(s.work[0])
	h := &homotopy{s: s, tens: s.complexTensors(), maxSteps: maxSteps, charge: charge,
		stepCost: d*d*d + g*g*cells, iterCost: (d*d + g*cells + 3) / 4,
		x: make([]complex128, d), sig: make([]complex128, s.sigLen()), f: make([]complex128, d),
		fg: make([]complex128, d), jac: make([]complex128, d*d), jg: make([]complex128, d*d),
		v: make([]complex128, d), lu: newComplexLU(d)}
	rc := func() complex128 { return complex(rng.NormFloat64(), rng.NormFloat64()) }
	h.gamma = rc()
	h.gamma /= complex(cmplx.Abs(h.gamma), 0)
	for p := range s.groups {
		for range s.size[p] - 1 {
			e := len(h.owner)
			h.owner = append(h.owner, p)
			h.lin = append(h.lin, make([][]complex128, len(s.groups)))
			for q := range s.groups {
				if q == p {
					continue
				}
				c := make([]complex128, s.size[q])
				for k := range c {
					c[k] = rc()
				}
				h.lin[e][q] = c
			}
		}
	}
	return h
}

// form evaluates the linear form of equation e in group q at x.
func (h *homotopy) form(e, q int, x []complex128) complex128 {
	c := h.lin[e][q]
	k := len(c) - 1
	v := c[k]
	for i := range k {
		v += c[i] * x[h.s.off[q]+i]
	}
	return v
}

// eachStart calls f with each solution of G (in a buffer f must not
// keep): for each assignment of a group to every equation (each group q
// receiving size[q]−1 equations), the solution of the linear forms so
// assigned. The solutions are made one at a time, so that their number
// (the Bézout number) costs no memory. It stops at f's first error.
func (h *homotopy) eachStart(f func(x []complex128) error) error {
	s := h.s
	d := s.dim
	assign := make([]int, d)
	left := make([]int, len(s.groups))
	for q := range left {
		left[q] = s.size[q] - 1
	}
	x := make([]complex128, d)
	var rec func(e int) error
	rec = func(e int) error {
		if e == d {
			if h.startFor(assign, x) {
				return f(x)
			}
			return nil
		}
		for q := range s.groups {
			if q != h.owner[e] && left[q] > 0 {
				left[q]--
				assign[e] = q
				err := rec(e + 1)
				left[q]++
				if err != nil {
					return err
				}
			}
		}
		return nil
	}
	return rec(0)
}

// startFor solves, group by group, the linear forms assigned to it, into
// x; it reports false if they are singular.
func (h *homotopy) startFor(assign []int, x []complex128) bool {
	s := h.s
	for q := range s.groups {
		k := s.size[q] - 1
		a := make([]complex128, k*k)
		b := make([]complex128, k)
		r := 0
		for e, gq := range assign {
			if gq != q {
				continue
			}
			c := h.lin[e][q]
			copy(a[r*k:(r+1)*k], c[:k])
			b[r] = -c[k]
			r++
		}
		lu := newComplexLU(k)
		if !lu.factor(a) {
			return false
		}
		lu.solve(b)
		copy(x[s.off[q]:], b)
	}
	return true
}

// evalStart writes G(x) into fg and its Jacobian into jg.
func (h *homotopy) evalStart(x []complex128) {
	s := h.s
	d, k := s.dim, len(s.groups)
	clear(h.jg)
	if h.forms == nil {
		h.forms = make([]complex128, k)
	}
	for e, p := range h.owner {
		prod := complex(1, 0)
		for q := range k {
			if q != p {
				h.forms[q] = h.form(e, q, x)
				prod *= h.forms[q]
			}
		}
		h.fg[e] = prod
		for q := range k {
			if q == p {
				continue
			}
			other := complex(1, 0)
			for r := range k {
				if r != p && r != q {
					other *= h.forms[r]
				}
			}
			c := h.lin[e][q]
			row := h.jg[e*d+s.off[q]:]
			for i := range s.size[q] - 1 {
				row[i] = c[i] * other
			}
		}
	}
}

// eval sets, at (x, t), f = H, jac = H_x, and v = H_t = F − γG.
func (h *homotopy) eval(x []complex128, t float64) {
	s := h.s
	valueJacobian(s, h.tens, &s.cwork, x, h.sig, h.f, h.jac)
	h.evalStart(x)
	a, b := complex(t, 0), h.gamma*complex(1-t, 0)
	for i := range h.f {
		h.v[i] = h.f[i] - h.gamma*h.fg[i]
		h.f[i] = a*h.f[i] + b*h.fg[i]
	}
	for i := range h.jac {
		h.jac[i] = a*h.jac[i] + b*h.jg[i]
	}
}

// track follows the path from the start solution x0 and returns its end
// at t = 1, or false if the path diverges or the tracker fails.
func (h *homotopy) track(x0 []complex128) ([]complex128, bool, error) {
	d := h.s.dim
	x := append([]complex128(nil), x0...)
	trial := make([]complex128, d)
	t, dt, good := 0.0, firstStep, 0
	// retry: the last step from (x, t) was rejected, so the predictor's
	// first stage, which depends on them only, is still in h.k.
	retry := false
	for step := 0; t < 1; step++ {
		if step >= h.maxSteps {
			return nil, false, nil
		}
		cost := h.stepCost
		if retry {
			cost -= h.stepCost / 4
		}
		if err := h.charge(cost); err != nil {
			return nil, false, err
		}
		dt = math.Min(dt, 1-t)
		if !h.predict(x, t, dt, trial, retry) {
			return nil, false, nil
		}
		t1 := t + dt
		if t1 > 1-1e-15 {
			t1 = 1
		}
		ok, iters := h.correct(trial, t1)
		if err := h.charge(iters * h.iterCost); err != nil {
			return nil, false, err
		}
		retry = !ok
		if ok {
			copy(x, trial)
			t = t1
			if good++; good >= 4 {
				dt, good = math.Min(2*dt, maxStep), 0
			}
		} else {
			dt, good = dt/2, 0
			if dt < minStep {
				return nil, false, nil
			}
		}
		if infNorm(x) > diverged {
			return nil, false, nil
		}
	}
	return x, true, nil
}

// predict writes into trial the point at t+dt predicted from x by a
// fourth-order Runge–Kutta step of dx/dt = −H_x⁻¹ H_t. If retry, the
// first stage is taken from the previous call, made from the same x and t.
func (h *homotopy) predict(x []complex128, t, dt float64, trial []complex128, retry bool) bool {
	d := len(x)
	if h.k == nil {
		h.k = make([]complex128, 4*d)
		h.tmpX = make([]complex128, d)
	}
	k := h.k
	stage := func(y []complex128, tt float64, out []complex128) bool {
		h.eval(y, tt)
		if !h.lu.factor(h.jac) {
			return false
		}
		h.lu.solve(h.v)
		for i := range out {
			out[i] = -h.v[i]
		}
		return true
	}
	if !retry && !stage(x, t, k[:d]) {
		return false
	}
	c := complex(dt/2, 0)
	for i := range x {
		h.tmpX[i] = x[i] + c*k[i]
	}
	if !stage(h.tmpX, t+dt/2, k[d:2*d]) {
		return false
	}
	for i := range x {
		h.tmpX[i] = x[i] + c*k[d+i]
	}
	if !stage(h.tmpX, t+dt/2, k[2*d:3*d]) {
		return false
	}
	for i := range x {
		h.tmpX[i] = x[i] + complex(dt, 0)*k[2*d+i]
	}
	if !stage(h.tmpX, t+dt, k[3*d:]) {
		return false
	}
	c6 := complex(dt/6, 0)
	for i := range x {
		trial[i] = x[i] + c6*(k[i]+2*k[d+i]+2*k[2*d+i]+k[3*d+i])
	}
	return true
}

// correct applies chord Newton steps with t fixed, with the Jacobian
// last factored (at the predictor's last stage, near x), and reports
// convergence and the iterations done.
func (h *homotopy) correct(x []complex128, t float64) (bool, int) {
	prev := math.Inf(1)
	for it := range correctorIter {
		h.value(x, t)
		h.lu.solve(h.f)
		step := infNorm(h.f)
		if step > prev/2 {
			return false, it + 1 // no contraction: off the path
		}
		for i := range x {
			x[i] -= h.f[i]
		}
		tol := correctorTol
		if t > endGame {
			tol = endTol // near the end, where solutions may cluster
		}
		if step <= tol*(1+infNorm(x)) {
			return true, it + 1
		}
		prev = step
	}
	return false, correctorIter
}

// value sets f = H(x, t).
func (h *homotopy) value(x []complex128, t float64) {
	s := h.s
	value(s, h.tens, &s.cwork, x, h.sig, h.f)
	for e, p := range h.owner {
		prod := complex(1, 0)
		for q := range s.groups {
			if q != p {
				prod *= h.form(e, q, x)
			}
		}
		h.fg[e] = prod
	}
	a, b := complex(t, 0), h.gamma*complex(1-t, 0)
	for i := range h.f {
		h.f[i] = a*h.f[i] + b*h.fg[i]
	}
}

// realEnd returns the real part of an end point whose imaginary part is
// negligible.
func realEnd(x []complex128) ([]float64, bool) {
	scale := 1 + infNorm(x)
	out := make([]float64, len(x))
	for i, v := range x {
		if math.Abs(imag(v)) > realTol*scale {
			return nil, false
		}
		out[i] = real(v)
	}
	return out, true
}

// abs1 returns |re| + |im|, a cheap norm for pivoting.
func abs1(z complex128) float64 { return math.Abs(real(z)) + math.Abs(imag(z)) }

func infNorm(x []complex128) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, cmplx.Abs(v))
	}
	return m
}

// complexLU is an LU factorisation with partial pivoting of a complex matrix.
type complexLU struct {
	n   int
	a   []complex128
	piv []int
}

func newComplexLU(n int) *complexLU {
	return &complexLU{n: n, a: make([]complex128, n*n), piv: make([]int, n)}
}

// factor factors src and reports whether it is nonsingular.
func (f *complexLU) factor(src []complex128) bool {
	n, a := f.n, f.a
	copy(a, src[:n*n])
	for k := range n {
		p := k
		for i := k + 1; i < n; i++ {
			if abs1(a[i*n+k]) > abs1(a[p*n+k]) {
				p = i
			}
		}
		f.piv[k] = p
		piv := a[p*n+k]
		if piv == 0 || cmplx.IsNaN(piv) || cmplx.IsInf(piv) {
			return false
		}
		if p != k {
			for j := range n {
				a[k*n+j], a[p*n+j] = a[p*n+j], a[k*n+j]
			}
		}
		linalg.LUEliminate(a, n, k)
	}
	return true
}

// solve overwrites b with A⁻¹ b.
func (f *complexLU) solve(b []complex128) { linalg.LUSolve(f.a, f.piv, f.n, b) }
