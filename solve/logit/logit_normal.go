package logit

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/float"

	"github.com/tablero-project/tablero/game"
)

// LogitNormalPoint is a point of the logit QRE correspondence of a
// strategic game: the quantal response equilibrium at precision Lambda.
type LogitNormalPoint struct {
	Lambda  float64
	Profile game.Mixed
}

// LogitNormalResult is what LogitNormal computes along the principal
// branch.
type LogitNormalResult struct {
	// Points holds the QRE at each λ of LogitOptions.Lambdas, in order.
	Points []LogitNormalPoint
	// Path holds every accepted point of the traced branch, starting with
	// the centroid at λ = 0, when LogitOptions.Path is set (the lines of
	// gambit-logit without -e).
	Path []LogitNormalPoint
	// End is the last point: the first point of the branch whose regret
	// is below the tolerance (or the QRE at MaxLambda), an approximate
	// Nash equilibrium. When tracing stalls it is the last point reached,
	// and LogitNormal returns an error with the result.
	End LogitNormalPoint
	// Regret is End's regret as computed by solve.RegretMixed.
	Regret float64
}

// LogitNormal follows the principal branch of the logit quantal response
// equilibrium correspondence of the strategic game n from the centroid at
// λ = 0, as gambit-logit does for .nfg files (McKelvey and Palfrey 1995;
// Turocy 2005): the unknowns are the strategies' log probabilities and λ,
// each player's equations are Σ p − 1 = 0 and
// log p_j − log p_1 − λ (v_j − v_1) = 0, and the path tracer, its step
// control, end criterion (regret below Tol times the payoff range) and
// options (LogitOptions) are those of Logit. It is the strategic
// counterpart of Logit and computes the same branch as Logit on n.Tree,
// directly on the payoff table, so faster.
//
// Every reported end point is verified by solve.RegretMixed. When the branch
// cannot be followed to the tolerance, LogitNormal returns the result so
// far, End being the last point reached (not an equilibrium), with an
// error wrapping ErrPathStalled. The context is checked at every step and
// the work is bounded by the budget (errors wrap solve.ErrBudget).
func LogitNormal(ctx context.Context, n *game.Normal, opt LogitOptions) (*LogitNormalResult, error) {
	if n == nil {
		return nil, errors.New("logit: nil game")
	}
	opt, err := opt.normalize()
	if err != nil {
		return nil, err
	}
	g, err := float.NewGame(n, solve.Budget(opt.Budget))
	if err != nil {
		return nil, fmt.Errorf("logit: %w", err)
	}
	cost := logitNormalCost(g)
	if need := logitMinJacobians * cost; need > solve.Budget(opt.Budget) || need < 0 {
		return nil, solve.BudgetError(fmt.Sprintf("logit path following (%d Jacobians of %d strategies)", logitMinJacobians, g.M), need, solve.Budget(opt.Budget))
	}
	// g holds the payoffs times 2^-g.exp; the range in the game's units
	// must fit in a float64: logit QRE is not invariant to the scale of
	// payoffs (λ multiplies them), so an overflowing range is refused
	// rather than silently rescaled. Below that, the system divides
	// payoffs by their range and λ is kept in the game's units.
	scale := math.Ldexp(g.Scale(), g.Exp)
	if math.IsInf(scale, 0) {
		return nil, fmt.Errorf("logit: payoffs out of range: the largest minus the smallest payoff (%.4g − %.4g) overflows float64",
			math.Ldexp(g.Hi, g.Exp), math.Ldexp(g.Lo, g.Exp))
	}
	sys := newLogitNormalSystem(g)
	s := &logitNormalSolver{n: n, sys: sys, opt: opt}
	res, err := s.run(ctx, cost)
	if res != nil {
		res.Regret = solve.RegretMixed(n, res.End.Profile)
	}
	if err != nil {
		return res, err
	}
	if s.atTolerance && !(res.Regret <= opt.Tol*scale*(1+1e-6)) {
		return res, fmt.Errorf("logit: %w: end point at λ=%g has regret %.3g, above the tolerance", ErrPathStalled, res.End.Lambda, res.Regret)
	}
	return res, nil
}

// logitNormalCost returns the budget units of one Jacobian evaluation.
func logitNormalCost(g *float.Game) int { return g.N*g.N*g.Cells + g.M*g.M }

// logitNormalSystem is the strategic logit system, a homotopy for the
// path tracer.
type logitNormalSystem struct {
	g    *float.Game
	unit float64 // payoffs are stored divided by unit (see logitTree)
	p, v []float64
	dg   []float64
	jac  *float.Jacobian
}

// newLogitNormalSystem prepares the system, rescaling extreme payoffs as
// Logit does.
func newLogitNormalSystem(g *float.Game) *logitNormalSystem {
	s := &logitNormalSystem{g: g, unit: 1,
		p: make([]float64, g.M), v: make([]float64, g.M), dg: make([]float64, g.M*g.M), jac: float.NewJacobian(g)}
	if r := g.Hi - g.Lo; r > 0 && (g.Exp != 0 || r > maxUnit || r < 1/maxUnit) {
		s.unit = math.Ldexp(r, g.Exp)
		for _, pay := range g.Pay {
			for c := range pay {
				pay[c] /= r
			}
		}
		g.Lo, g.Hi = g.Lo/r, g.Hi/r
	}
	return s
}

// dim returns the number of equations: one per strategy.
func (s *logitNormalSystem) dim() int { return s.g.M }

// evaluate computes probabilities and strategy values at x.
func (s *logitNormalSystem) evaluate(x []float64) {
	for i := range s.p {
		s.p[i] = math.Exp(x[i])
	}
	s.g.AllValues(s.p, s.v)
}

// value writes the equations' residuals at x into h.
func (s *logitNormalSystem) value(x, h []float64) {
	s.evaluate(x)
	g, lambda := s.g, x[s.g.M]
	for pl := range g.N {
		lo, hi := g.Off[pl], g.Off[pl+1]
		sum := -1.0
		for i := lo; i < hi; i++ {
			sum += s.p[i]
		}
		h[lo] = sum
		for i := lo + 1; i < hi; i++ {
			h[i] = x[i] - x[lo] - lambda*(s.v[i]-s.v[lo])
		}
	}
}

// jacobian writes the m×(m+1) Jacobian at x into jac.
func (s *logitNormalSystem) jacobian(x, jac []float64) {
	s.evaluate(x)
	g, lambda := s.g, x[s.g.M]
	m, w := g.M, g.M+1
	s.jac.Compute(s.p, s.dg)
	clear(jac[:m*w])
	for pl := range g.N {
		lo, hi := g.Off[pl], g.Off[pl+1]
		for k := lo; k < hi; k++ {
			jac[lo*w+k] = s.p[k]
		}
		for i := lo + 1; i < hi; i++ {
			row := jac[i*w : (i+1)*w]
			row[i], row[lo] = 1, -1
			di, d0 := s.dg[i*m:(i+1)*m], s.dg[lo*m:(lo+1)*m]
			for k := range m {
				if k < lo || k >= hi {
					row[k] = -lambda * s.p[k] * (di[k] - d0[k])
				}
			}
			row[m] = -(s.v[i] - s.v[lo])
		}
	}
}

// regret returns the regret at x (in stored payoff units).
func (s *logitNormalSystem) regret(x []float64) float64 {
	s.evaluate(x)
	return s.g.Regret(s.p, s.v)
}

// logitNormalSolver holds the state of one LogitNormal call (as
// logitSolver does for Logit).
type logitNormalSolver struct {
	n   *game.Normal
	sys *logitNormalSystem
	opt LogitOptions
	branch[game.Mixed]
}

// run traces the branch and converts what it collected.
func (s *logitNormalSolver) run(ctx context.Context, cost int) (*LogitNormalResult, error) {
	g := s.sys.g
	m := g.M
	meter := &float.Meter{Ctx: ctx, What: "logit path following", Limit: solve.Budget(s.opt.Budget)}
	x0 := make([]float64, m+1)
	for pl := range g.N {
		for i := g.Off[pl]; i < g.Off[pl+1]; i++ {
			x0[i] = -math.Log(float64(g.Sizes[pl]))
		}
	}
	tol := s.opt.Tol
	if r := g.Hi - g.Lo; r > 0 {
		tol *= r
	}
	s.branch = branch[game.Mixed]{opt: s.opt, n: m, unit: s.sys.unit, tol: tol, profile: s.profile, regret: s.sys.regret}
	err := s.follow(ctx, s.sys, x0, func() error { return meter.Charge(cost) })
	res := &LogitNormalResult{End: LogitNormalPoint(s.end)}
	for _, p := range s.points {
		res.Points = append(res.Points, LogitNormalPoint(p))
	}
	for _, p := range s.path {
		res.Path = append(res.Path, LogitNormalPoint(p))
	}
	if err == nil {
		return res, nil
	}
	if errors.Is(err, ErrPathStalled) {
		return res, fmt.Errorf("logit: %w", err)
	}
	return nil, fmt.Errorf("logit: %w", err)
}

// profile converts log probabilities to a mixed profile.
func (s *logitNormalSolver) profile(x []float64) game.Mixed {
	g := s.sys.g
	p := make([]float64, g.M)
	for i := range p {
		p[i] = math.Exp(x[i])
	}
	return g.Mixed(p)
}
