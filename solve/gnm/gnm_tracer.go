package gnm

import (
	"errors"
	"fmt"
	"math"

	"github.com/tablero-project/tablero/solve/internal/float"
	"github.com/tablero-project/tablero/solve/internal/linalg"
)

// This file holds the tracer of GNM's curves: Euler steps with local
// Newton corrections within a support cell (one exact step when the curve
// is piecewise linear), and pivots between cells.

// gnmTracer follows the curve of one ray.
//
// The Jacobian of the curve's equations in a support cell is
// J = I − (I + DG)·R, R being the Jacobian of the retraction: within each
// player's support block δ_ij − 1/k, zero elsewhere. Its columns outside
// the support S are unit vectors, so J is block triangular and every
// solve needs only the k×k block J_SS (k = |S|, small in practice) and
// the rows below it.
type gnmTracer struct {
	g     *float.Game
	opt   GNMOptions
	meter *float.Meter
	np, m int
	steps int
	freq  int

	ray, z, sigma  []float64
	lambda         float64
	support        []bool
	supp           []int // the support, in increasing order
	ref            []int // each player's reference strategy in the support
	count          []int // support size of each player
	owner          []int // player of each strategy
	dg             []float64
	rowMean        []float64 // rowMean[i*np+p] = mean of DG[i][S_p]
	jss            []float64 // J restricted to the support
	lu             *linalg.RobustLU
	jac            *float.Jacobian
	dz, dv, v      []float64
	dlambda        float64
	buf, tmp, tmp2 []float64
	backup         []float64
	dgValid        bool    // DG does not depend on σ (two players, or fixed) and is set
	linear         bool    // the curve is piecewise linear: one step per cell
	div            float64 // values are DG·σ/div
	firstOnly      bool    // stop at the first equilibrium
}

// newGNMTracer allocates a tracer.
func newGNMTracer(g *float.Game, opt GNMOptions, meter *float.Meter) *gnmTracer {
	m := g.M
	t := &gnmTracer{g: g, opt: opt, meter: meter, np: g.N, m: m, steps: opt.Steps, freq: opt.LNMFreq,
		z: make([]float64, m), sigma: make([]float64, m), support: make([]bool, m), ref: make([]int, g.N),
		count: make([]int, g.N), owner: make([]int, m),
		dg: make([]float64, m*m), rowMean: make([]float64, m*g.N),
		dz: make([]float64, m), dv: make([]float64, m), v: make([]float64, m),
		buf: make([]float64, m), tmp: make([]float64, m), tmp2: make([]float64, m), backup: make([]float64, m)}
	for i := range m {
		t.owner[i] = g.Player(i)
	}
	t.jac = float.NewJacobian(g)
	t.div = float64(max(g.N-1, 1))
	if g.N <= 2 {
		t.setLinear()
	}
	return t
}

// setLinear tells the tracer that its curve is piecewise linear (two
// players, or a polymatrix game), so one step crosses a cell.
func (t *gnmTracer) setLinear() {
	t.linear, t.steps, t.freq = true, 1, 0
}

// usePolymatrix makes the tracer follow the curve of the polymatrix game
// whose strategy values are p·σ (p is m×m, row-major, blocks of the
// same player zero), as IPA needs; it stops at the first equilibrium.
func (t *gnmTracer) usePolymatrix(p []float64) {
	copy(t.dg, p)
	t.addFuzz()
	t.dgValid, t.div, t.firstOnly = true, 1, true
	t.setLinear()
}

// trace follows the ray and returns the equilibria it crosses
// (unverified).
func (t *gnmTracer) trace(ray []float64) ([][]float64, error) {
	if err := t.start(ray); err != nil {
		return nil, err
	}
	var found [][]float64
	index, last := 1, -1 // direction towards λ = 0; last boundary crossed
	stalled := 0
	for cells := 0; ; cells++ {
		if cells >= t.opt.MaxIter {
			return found, fmt.Errorf("no end after crossing %d support cells", cells)
		}
		before := t.lambda
		leaving, player, eqs, done, err := t.cell(&index, &last)
		found = append(found, eqs...)
		if done || err != nil {
			return found, err
		}
		// At a degenerate equilibrium the curve may reach λ ≈ 0 where
		// several boundaries meet, and pivot among them without moving.
		// Such points are (nearly) equilibria: keep them as candidates,
		// and give up on the ray if it stays there.
		if math.Abs(t.lambda) < gnmStallLambda && math.Abs(t.lambda-before) < gnmStallLambda {
			if stalled == 0 {
				found = append(found, append([]float64(nil), t.sigma...))
			}
			if stalled++; stalled > 2*t.m+10 {
				return found, fmt.Errorf("the curve cycles among support cells at λ ≈ %.2g (degenerate game)", t.lambda)
			}
		} else {
			stalled = 0
		}
		t.pivot(leaving, player)
		last = leaving
	}
}

// gnmStallLambda is the |λ| (on payoffs scaled to [0, 1]) below which a
// ray that stops moving is taken to sit at an equilibrium.
const gnmStallLambda = 1e-9

// start sets up the unique equilibrium of the game perturbed far along
// the ray: each player's strategy with the largest bonus.
func (t *gnmTracer) start(ray []float64) error {
	g := t.g
	t.ray = append([]float64(nil), ray...)
	clear(t.support)
	clear(t.sigma)
	best := make([]float64, t.np)
	for p := range t.np {
		b := g.Off[p]
		for i := b + 1; i < g.Off[p+1]; i++ {
			if t.ray[i] > t.ray[b] {
				b = i
			}
		}
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			if i != b && t.ray[i] == t.ray[b] {
				return fmt.Errorf("perturbation has no unique largest entry for player %d", p+1)
			}
		}
		t.ref[p], best[p] = b, t.ray[b]
		t.support[b], t.sigma[b] = true, 1
	}
	t.payoffMatrix()
	t.values(0)
	// Scale the ray until the pure profile is the unique equilibrium at
	// λ = 1.
	scale := 0.0
	for p := range t.np {
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			if t.support[i] {
				continue
			}
			if best[p]-t.ray[i] < gnmThreshold {
				t.ray[i] -= gnmThreshold
			}
			scale = math.Max(scale, (t.v[i]-t.v[t.ref[p]])/(best[p]-t.ray[i]))
		}
	}
	linalg.Scaled(t.ray, t.ray, scale+1)
	t.lambda = 1
	for i := range t.z {
		t.z[i] = t.sigma[i] + t.v[i] + t.ray[i]
	}
	t.supportChanged()
	return nil
}

// payoffMatrix computes DG at sigma, with GameTracer's tiny increasing
// entries in each player's own block to keep it regular.
func (t *gnmTracer) payoffMatrix() {
	if t.dgValid {
		return
	}
	t.dgValid = t.np <= 2 // two players: DG is the payoff matrices
	t.jac.Compute(t.sigma, t.dg)
	t.addFuzz()
}

// addFuzz writes GameTracer's tiny increasing entries into each player's
// own block of DG.
func (t *gnmTracer) addFuzz() {
	g, m := t.g, t.m
	for p := range t.np {
		f := gnmFuzz
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			for j := g.Off[p]; j < g.Off[p+1]; j++ {
				t.dg[i*m+j] = f
				f += gnmFuzz
			}
		}
	}
}

// values sets v = DG·σ/(n−1) + λ·ray (each strategy's payoff with its
// bonus) for λ = lambda.
func (t *gnmTracer) values(lambda float64) {
	m := t.m
	div := t.div
	for i := range m {
		row, d := t.dg[i*m:(i+1)*m], 0.0
		for j, x := range t.sigma {
			if x != 0 {
				d += row[j] * x
			}
		}
		t.v[i] = d/div + lambda*t.ray[i]
	}
}

// supportChanged updates the support list and counts.
func (t *gnmTracer) supportChanged() {
	t.supp = t.supp[:0]
	clear(t.count)
	for i, in := range t.support {
		if in {
			t.supp = append(t.supp, i)
			t.count[t.owner[i]]++
		}
	}
	if t.lu == nil || t.lu.N != len(t.supp) {
		t.lu = linalg.NewRobustLU(len(t.supp))
		t.jss = make([]float64, len(t.supp)*len(t.supp))
	}
}

// dgr returns (DG·R)_ij for a support strategy j: DG_ij minus the mean of
// row i of DG over the support of j's player (needs rowMean).
func (t *gnmTracer) dgr(i, j int) float64 {
	return t.dg[i*t.m+j] - t.rowMean[i*t.np+t.owner[j]]
}

// factor computes the row means of DG over the support blocks and
// factors J_SS.
func (t *gnmTracer) factor() error {
	m, np := t.m, t.np
	clear(t.rowMean)
	for i := range m {
		row := t.dg[i*m : (i+1)*m]
		for _, j := range t.supp {
			t.rowMean[i*np+t.owner[j]] += row[j]
		}
		for p := range np {
			t.rowMean[i*np+p] /= float64(t.count[p])
		}
	}
	k := len(t.supp)
	for a, i := range t.supp {
		for b, j := range t.supp {
			v := -t.dgr(i, j)
			if t.owner[i] == t.owner[j] {
				v += 1 / float64(t.count[t.owner[j]]) // −R_ij
				if i == j {
					v -= 1
				}
			}
			if i == j {
				v++
			}
			t.jss[a*k+b] = v
		}
	}
	if !t.lu.Factor(t.jss) {
		return errors.New("non-finite Jacobian")
	}
	return nil
}

// solveJ overwrites b with J⁻¹ b, J_SS being factored.
func (t *gnmTracer) solveJ(b []float64) {
	for a, i := range t.supp {
		t.buf[a] = b[i]
	}
	xs := t.buf[:len(t.supp)]
	t.lu.Solve(xs)
	// Rows outside the support: x_i = b_i − Σ_j J_ij x_j with
	// J_ij = −(DG·R)_ij.
	for i := range t.m {
		if t.support[i] {
			continue
		}
		s := b[i]
		for a, j := range t.supp {
			s += t.dgr(i, j) * xs[a]
		}
		b[i] = s
	}
	for a, i := range t.supp {
		b[i] = xs[a]
	}
}

// direction factors J and sets the unit direction of the curve
// (dz, dλ) ∝ −(adj(J)·ray, det J), and dv, the rate of change of the
// values.
func (t *gnmTracer) direction() error {
	m, k := t.m, len(t.supp)
	if err := t.meter.Charge(k*k*k/3 + 4*m*k + m); err != nil {
		return err
	}
	if err := t.factor(); err != nil {
		return err
	}
	copy(t.dz, t.ray)
	t.solveJ(t.dz)
	norm := linalg.Norm2(t.dz)
	if !(norm > 0) || math.IsInf(norm, 0) {
		return errors.New("singular direction")
	}
	s := -t.lu.Sign / norm
	linalg.Scaled(t.dz, t.dz, s)
	t.dlambda = s
	// dv = DG·R·dz + ray·dλ, R·dz being dz centred on each support block.
	t.project(t.dz, t.tmp)
	for i := range m {
		row, d := t.dg[i*m:(i+1)*m], 0.0
		for _, j := range t.supp {
			d += row[j] * t.tmp[j]
		}
		t.dv[i] = d + t.ray[i]*t.dlambda
	}
	return nil
}

// project writes R·x into out: x on each player's support minus its mean
// there, zero off the support.
func (t *gnmTracer) project(x, out []float64) {
	clear(out)
	mean := t.tmp2[:t.np]
	clear(mean)
	for _, j := range t.supp {
		mean[t.owner[j]] += x[j]
	}
	for p := range t.np {
		mean[p] /= float64(t.count[p])
	}
	for _, j := range t.supp {
		out[j] = x[j] - mean[t.owner[j]]
	}
}

// nextBoundary returns the time until, extrapolating linearly, some
// strategy (other than last) enters or leaves the support, that
// strategy and its player; the time is +Inf if none does.
func (t *gnmTracer) nextBoundary(last int) (time float64, strat, player int) {
	g := t.g
	time, strat, player = math.Inf(1), -1, -1
	for p := range t.np {
		s := t.ref[p]
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			if i == last || t.dz[i] == t.dv[s] {
				continue
			}
			if b := (t.z[i] - t.v[s]) / (t.dv[s] - t.dz[i]); b > 0 && b < time {
				time, strat, player = b, i, p
			}
		}
	}
	return time, strat, player
}

// gnmMaxEquilibriaPerCell caps the λ = 0 crossings within one cell.
const gnmMaxEquilibriaPerCell = 16

// cell follows the curve through the current support cell, by Euler
// steps towards the next boundary with local Newton corrections, and
// returns the strategy entering or leaving the support there and its
// player, with the equilibria crossed on the way. done reports that the
// ray has ended.
func (t *gnmTracer) cell(index, last *int) (strat, player int, eqs [][]float64, done bool, err error) {
	k, crossings := 0, 0
	for stepsLeft := t.steps; stepsLeft > 0; stepsLeft-- {
		if err := t.direction(); err != nil {
			return 0, 0, eqs, true, err
		}
		t.values(t.lambda)
		bound, s, p := t.nextBoundary(*last)
		if s >= 0 {
			strat, player = s, p
		}
		idx := float64(*index)
		if math.IsInf(bound, 1) && !(idx*t.dlambda < 0) {
			return 0, 0, eqs, true, nil // no boundary and no equilibrium ahead
		}
		delta := bound / float64(stepsLeft)
		if math.IsInf(bound, 1) || idx*(t.lambda+t.dlambda*delta) <= 0 {
			tEq := -t.lambda / t.dlambda
			if math.IsInf(bound, 1) && !t.linear && stepsLeft > 1 {
				delta = tEq / float64(stepsLeft) // approach the equilibrium gradually
			} else {
				if crossings++; crossings > gnmMaxEquilibriaPerCell {
					return 0, 0, eqs, true, errors.New("the curve keeps crossing λ = 0 within one support cell")
				}
				x, err := t.equilibrium(tEq)
				if err != nil {
					return 0, 0, eqs, true, err
				}
				eqs = append(eqs, x)
				if t.firstOnly {
					return 0, 0, eqs, true, nil
				}
				*index, *last = -*index, -1
				stepsLeft++
				continue
			}
		}
		t.advance(delta)
		if t.lambda < t.opt.LambdaEnd && *index == -1 {
			return 0, 0, eqs, true, nil // too far out in the reverse direction
		}
		if t.linear {
			break // the linear step reached the boundary
		}
		e := t.residual(t.lambda)
		if e < gnmFuzz && stepsLeft > 2 {
			stepsLeft, k = 2, t.freq-1 // nearly linear: go to the boundary
		}
		if e > gnmThreshold {
			return 0, 0, eqs, true, fmt.Errorf("path following error %.3g at λ = %.4g", e, t.lambda)
		}
		if stepsLeft > 1 {
			if k++; k == t.freq {
				t.newton(t.lambda)
				k = 0
			}
		}
	}
	if strat < 0 {
		return 0, 0, eqs, true, errors.New("no support boundary")
	}
	return strat, player, eqs, false, nil
}

// advance moves along the direction for time delta.
func (t *gnmTracer) advance(delta float64) {
	for i := range t.z {
		t.z[i] += t.dz[i] * delta
	}
	t.lambda += t.dlambda * delta
	t.retract()
}

// retract sets σ from z and recomputes DG.
func (t *gnmTracer) retract() {
	t.g.Project(t.z, t.sigma, t.buf)
	t.payoffMatrix()
}

// residual returns the largest error of z − σ − v(σ) − λ·ray, which is
// zero on the curve.
func (t *gnmTracer) residual(lambda float64) float64 {
	t.values(lambda)
	e := 0.0
	for i := range t.z {
		e = math.Max(e, math.Abs(t.z[i]-t.sigma[i]-t.v[i]))
	}
	return e
}

// equilibrium steps to λ = 0, at time tEq, refines the point for more
// than two players, and returns the profile there.
func (t *gnmTracer) equilibrium(tEq float64) ([]float64, error) {
	for i := range t.z {
		t.z[i] += t.dz[i] * tEq
	}
	t.lambda = 0
	t.retract()
	if !t.linear {
		if err := t.direction(); err != nil {
			return nil, err
		}
		t.newton(0)
	}
	for _, x := range t.sigma {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, errors.New("profile is not finite")
		}
	}
	return append([]float64(nil), t.sigma...), nil
}

// newton is GameTracer's local Newton method: chord Newton steps (with
// the Jacobian last factored) that bring z back onto the curve at λ,
// shrinking the steps once if they make things worse. It returns the
// final error.
func (t *gnmTracer) newton(lambda float64) float64 {
	best, scale, faulted := math.Inf(1), 1.0, false
	e := 0.0
	for range t.opt.LNMMax {
		e = t.residual(lambda)
		if e < gnmFuzz {
			break
		}
		if e > best {
			copy(t.z, t.backup)
			t.retract()
			if faulted {
				return best
			}
			scale /= float64(t.opt.LNMMax)
			best, faulted = math.Inf(1), true
			continue
		}
		best = e
		step := t.tmp
		for i := range t.z {
			step[i] = t.z[i] - t.sigma[i] - t.v[i]
		}
		t.solveJ(step)
		copy(t.backup, t.z)
		for i := range t.z {
			t.z[i] -= scale * step[i]
		}
		t.retract()
	}
	return e
}

// pivot moves to the next support cell: strategy strat of player enters
// or leaves the support.
func (t *gnmTracer) pivot(strat, player int) {
	g := t.g
	if t.ref[player] == strat {
		for i := g.Off[player]; i < g.Off[player+1]; i++ {
			if t.support[i] && i != strat {
				t.ref[player] = i
				break
			}
		}
	}
	t.support[strat] = !t.support[strat]
	t.supportChanged()
	g.Project(t.z, t.tmp, t.buf)
	copy(t.sigma, t.tmp)
	for i := range t.sigma {
		if !t.support[i] || math.Abs(t.sigma[i]) < gnmFuzz {
			t.sigma[i] = 0
		}
	}
	for p := range t.np {
		sum := 0.0
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			sum += t.sigma[i]
		}
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			t.sigma[i] /= sum
		}
	}
	for i := range t.z {
		t.z[i] += t.sigma[i] - t.tmp[i]
	}
	t.payoffMatrix()
}
