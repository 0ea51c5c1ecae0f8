package logit

import (
	"context"
	"errors"
	"fmt"
)

// branch follows the principal branch of a logit system with the path
// tracer and collects what the caller asked for: the QRE at each requested
// λ, every accepted point (opt.Path), and the end point — the first point
// whose regret is below the tolerance, or the QRE at opt.MaxLambda. The
// agent (tree) and strategic logit solvers share it; P is their profile
// type and x[n] holds λ in internal units (λ·unit).
type branch[P any] struct {
	opt     LogitOptions
	n       int
	unit    float64
	tol     float64                   // end criterion on regret(x)
	regret  func(x []float64) float64 // at an accepted point
	profile func(x []float64) P
	tracer  *pathTracer // made by follow unless set
	// strict makes a stalled trace fail rather than go on by
	// natural-parameter continuation (for a fast trace that a careful one
	// replaces).
	strict bool

	points, path []branchPoint[P]
	end          branchPoint[P]
	prev, dir    []float64 // last accepted point and direction there
	next         int       // next target in opt.Lambdas
	endFound     bool
	atTolerance  bool // the end point met the regret tolerance
}

// branchPoint is a QRE on the branch: LogitPoint and LogitNormalPoint
// convert from it.
type branchPoint[P any] struct {
	Lambda  float64
	Profile P
}

// follow traces the branch from x0 with sys, falling back to
// natural-parameter continuation when the arclength steps collapse while λ
// still increases. charge is called before every Jacobian. A stalled
// trace keeps the last point reached as the end point and returns an error
// wrapping ErrPathStalled.
func (b *branch[P]) follow(ctx context.Context, sys homotopy, x0 []float64, charge func() error) error {
	if b.tracer == nil {
		b.tracer = newPathTracer(sys, b.opt.Step, b.opt.MaxAccel, logitMaxSteps, charge)
	}
	b.prev = append([]float64(nil), x0...)
	b.dir = make([]float64, b.n+1)
	err := b.tracer.trace(ctx, x0, b.visit)
	if errors.Is(err, ErrPathStalled) && !b.strict && b.dir[b.n] > minNaturalSlope {
		// The branch still rises in λ: go on with λ fixed at each step.
		err = b.tracer.continueNatural(ctx, b.prev, b.dir, b.visit)
	}
	if err != nil && !b.endFound {
		b.end = b.point(b.prev)
	}
	return err
}

// visit handles an accepted point x of the branch: reports the requested
// λ passed since the previous point, records the path, and checks the end
// criterion. It stops the trace once the end point is found and every
// requested λ reported.
func (b *branch[P]) visit(x, dir []float64) (bool, error) {
	for ; b.next < len(b.opt.Lambdas); b.next++ {
		l := b.opt.Lambdas[b.next]
		if x[b.n] < l*b.unit {
			break
		}
		p, err := b.pointAt(l, x)
		if err != nil {
			return false, err
		}
		b.points = append(b.points, p)
	}
	if b.opt.Path {
		b.path = append(b.path, b.point(x))
	}
	if !b.endFound {
		if err := b.checkEnd(x); err != nil {
			return false, err
		}
	}
	copy(b.prev, x)
	copy(b.dir, dir)
	return b.endFound && b.next == len(b.opt.Lambdas), nil
}

// checkEnd records x as the end point if it meets the regret tolerance,
// or the QRE at MaxLambda if x is beyond it.
func (b *branch[P]) checkEnd(x []float64) error {
	if x[b.n] >= b.opt.MaxLambda*b.unit {
		p, err := b.pointAt(b.opt.MaxLambda, x)
		if err != nil {
			return err
		}
		b.end, b.endFound = p, true
		return nil
	}
	if b.regret(x) < b.tol {
		b.end, b.endFound, b.atTolerance = b.point(x), true, true
	}
	return nil
}

// pointAt returns the QRE at λ = lambda, which lies between the previous
// accepted point and x: it interpolates linearly in the log probabilities
// and applies Newton's method with λ fixed.
func (b *branch[P]) pointAt(lambda float64, x []float64) (branchPoint[P], error) {
	z := append([]float64(nil), x...)
	if l := lambda * b.unit; x[b.n] != l {
		lo, hi := b.prev[b.n], x[b.n]
		f := 0.0
		if hi > lo {
			f = (l - lo) / (hi - lo)
		}
		for k := range z {
			z[k] = b.prev[k] + f*(x[k]-b.prev[k])
		}
		if err := b.tracer.fixParam(z, l); err != nil {
			return branchPoint[P]{}, fmt.Errorf("QRE at λ = %g: %w", lambda, err)
		}
	}
	return branchPoint[P]{Lambda: lambda, Profile: b.profile(z)}, nil
}

// point converts a point of the branch.
func (b *branch[P]) point(x []float64) branchPoint[P] {
	return branchPoint[P]{Lambda: x[b.n] / b.unit, Profile: b.profile(x)}
}
