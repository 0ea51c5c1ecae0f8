package logit

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/tablero-project/tablero/solve"

	"github.com/tablero-project/tablero/game"
)

// LogitOptions controls Logit. The zero value asks for gambit-logit's
// defaults: no fixed-λ points, tracing until the regret tolerance is met,
// initial step 0.03, maximal acceleration 1.1, regret tolerance 10^-8.
type LogitOptions struct {
	// Lambdas lists values of λ (non-negative, in increasing order) at
	// which to report the QRE exactly, as gambit-logit -l does. Empty
	// asks for none.
	Lambdas []float64
	// MaxLambda, if positive, bounds the search for the end point: if the
	// regret tolerance is not met first, the end point is the QRE at
	// exactly MaxLambda. 0 means no bound, as in gambit-logit -e, which
	// stops on the regret tolerance only (its 10^6 bound applies to
	// maximum-likelihood estimation). Near a mixed equilibrium the regret
	// falls like 1/λ, so end points there typically lie at λ ~ 10^6–10^7.
	MaxLambda float64
	// Path keeps every accepted point of the branch in LogitResult.Path.
	Path bool
	// Step is the initial step length along the branch (0: 0.03).
	Step float64
	// MaxAccel is the largest factor by which the step length may grow
	// (or, on a rejected step, shrink) at once; it must exceed 1 (0: 1.1).
	MaxAccel float64
	// Tol is the end-point criterion, gambit-logit's -m: tracing stops at
	// the first point whose agent regret is below Tol times the range of
	// the players' payoffs over plays (0: 10^-8). The agent regret is the
	// largest gain from switching to a best action at any information set
	// that play reaches, with values conditional on reaching it, so the
	// end point is nearly optimal off the equilibrium path too.
	Tol float64
	// Budget bounds the work: each Jacobian evaluation costs the number of
	// tree nodes plus the square of the number of actions, and games whose
	// budget does not cover 100 evaluations are refused (0:
	// solve.DefaultBudget).
	Budget int
}

// LogitPoint is a point of the logit QRE correspondence: the agent quantal
// response equilibrium at precision Lambda.
type LogitPoint struct {
	Lambda  float64
	Profile game.Behavior
}

// LogitResult is what Logit computes along the principal branch.
type LogitResult struct {
	// Points holds the QRE at each λ of LogitOptions.Lambdas, in order.
	Points []LogitPoint
	// Path holds every accepted point of the traced branch, starting with
	// the centroid at λ = 0, when LogitOptions.Path is set.
	Path []LogitPoint
	// End is the last point: the first point of the branch that meets the
	// regret tolerance (or the QRE at MaxLambda), an approximation of a
	// Nash equilibrium. When tracing stalls it is the last point reached.
	End LogitPoint
}

// Defaults of LogitOptions, as in gambit-logit.
const (
	defaultLogitStep     = 0.03
	defaultLogitMaxAccel = 1.1
	defaultLogitTol      = 1e-8
	// logitMaxSteps caps predictor–corrector attempts per trace.
	logitMaxSteps = 200_000
	// logitMinJacobians is the number of Jacobian evaluations the budget
	// must cover for Logit to start.
	logitMinJacobians = 100
	// minNaturalSlope is the smallest λ component of the unit tangent at
	// which a stalled trace continues with λ fixed at each step.
	minNaturalSlope = 0.01
)

// Logit follows the principal branch of the agent logit quantal response
// equilibrium (AQRE) correspondence of the extensive game g from the
// centroid at λ = 0, by predictor–corrector path following, as
// gambit-logit does for .efg files (McKelvey and Palfrey 1998; Turocy 2005,
// 2010).
//
// At every information set a player chooses action a with probability
// proportional to exp(λ v_a), v_a being the action's expected payoff
// conditional on reaching the set (beliefs from the profile, computed in
// log space so that they stay exact as reach probabilities vanish; uniform
// at sets chance never reaches). The unknowns are the actions' log
// probabilities and λ; the Jacobian is computed analytically on a flat
// float64 copy of the tree. The tracer uses gambit-logit's step control
// and end criterion, so on generic games its points and end point agree
// with gambit-logit's to about 1e-10. Points at the requested λ are
// computed exactly (Newton's method with λ fixed) and do not perturb the
// trace, so End does not depend on Lambdas.
//
// Where gambit-logit gives up, Logit goes on: at a bifurcation of the
// branch (symmetric or degenerate games) it steps across along the same
// branch once short steps keep detecting it; where arclength steps
// collapse at large λ it continues with λ fixed at each step; payoffs with
// a range beyond 10^±8 are rescaled.
//
// g must be validated and have perfect recall. The context is checked at
// every step; the work is bounded by the budget (errors wrap solve.ErrBudget).
// When the branch cannot be followed further, Logit returns the result so
// far, End being the last point reached, with an error wrapping
// ErrPathStalled.
func Logit(ctx context.Context, g *game.Game, opt LogitOptions) (*LogitResult, error) {
	s, err := newLogitSolver(g, opt)
	if err != nil {
		return nil, fmt.Errorf("logit: %w", err)
	}
	return s.run(ctx)
}

// newLogitSolver checks g and the options and prepares the flat tree.
func newLogitSolver(g *game.Game, opt LogitOptions) (*logitSolver, error) {
	if g == nil {
		return nil, errors.New("nil game")
	}
	opt, err := opt.normalize()
	if err != nil {
		return nil, err
	}
	if err := g.PerfectRecall(); err != nil {
		return nil, fmt.Errorf("computing equilibria of games with imperfect recall is not supported: %w", err)
	}
	if err := checkLogitBudget(g, opt.Budget); err != nil {
		return nil, err
	}
	tree, err := newLogitTree(g)
	if err != nil {
		return nil, err
	}
	return &logitSolver{g: g, tree: tree, opt: opt}, nil
}

// logitCost returns the budget units one Jacobian evaluation costs.
func logitCost(nodes, actions int) int { return nodes + actions*actions }

// charger returns the charge function of a trace on t: it fails when the
// context is done or when the Jacobians so far exceed the budget b.
func (t *logitTree) charger(ctx context.Context, b int, what string) func() error {
	limit, cost, spent := solve.Budget(b), logitCost(t.nNodes, t.nVars), 0
	return func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if spent += cost; spent > limit {
			return solve.BudgetSpent(what, limit)
		}
		return nil
	}
}

// checkLogitBudget refuses games whose budget does not cover
// logitMinJacobians Jacobian evaluations, before anything is allocated.
func checkLogitBudget(g *game.Game, b int) error {
	actions := 0
	for p := range g.Players {
		actions += g.NumActions(p)
	}
	need := logitMinJacobians * logitCost(len(g.Nodes), actions)
	if limit := solve.Budget(b); need > limit || need < 0 {
		return solve.BudgetError(fmt.Sprintf("logit path following (%d Jacobians of %d actions)", logitMinJacobians, actions), need, limit)
	}
	return nil
}

// normalize fills defaults and checks the options.
func (o LogitOptions) normalize() (LogitOptions, error) {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Step, defaultLogitStep)
	def(&o.MaxAccel, defaultLogitMaxAccel)
	def(&o.Tol, defaultLogitTol)
	def(&o.MaxLambda, math.Inf(1))
	switch {
	case !(o.Step > 0) || math.IsInf(o.Step, 1):
		return o, fmt.Errorf("logit: step %g must be positive and finite", o.Step)
	case !(o.MaxAccel > 1) || math.IsInf(o.MaxAccel, 1):
		return o, fmt.Errorf("logit: maximal acceleration %g must exceed 1", o.MaxAccel)
	case !(o.Tol > 0):
		return o, fmt.Errorf("logit: tolerance %g must be positive", o.Tol)
	case !(o.MaxLambda > 0):
		return o, fmt.Errorf("logit: maximal λ %g must be positive", o.MaxLambda)
	}
	for i, l := range o.Lambdas {
		if !(l >= 0) || math.IsInf(l, 1) {
			return o, fmt.Errorf("logit: λ %g must be non-negative and finite", l)
		}
		if i > 0 && l < o.Lambdas[i-1] {
			return o, fmt.Errorf("logit: λ values must increase (%g after %g)", l, o.Lambdas[i-1])
		}
	}
	return o, nil
}

// logitSolver holds the state of one Logit call.
type logitSolver struct {
	g    *game.Game
	tree *logitTree
	opt  LogitOptions
	branch[game.Behavior]
}

// run traces the branch and converts what it collected.
func (s *logitSolver) run(ctx context.Context) (*LogitResult, error) {
	t := s.tree
	n := t.nVars
	charge := t.charger(ctx, s.opt.Budget, "logit path following")
	x0 := s.centroid()
	if n == 0 {
		return s.trivial(x0), nil
	}
	tol := s.opt.Tol
	if t.scale != 0 {
		tol *= t.scale
	}
	s.branch = branch[game.Behavior]{opt: s.opt, n: n, unit: t.unit, tol: tol, profile: s.profile,
		regret: func(x []float64) float64 { t.evaluate(x); return t.maxRegret() }}
	err := s.follow(ctx, t, x0, charge)
	res := s.result()
	if err == nil && s.atTolerance {
		err = s.verifyEnd(res.End.Profile)
	}
	if err == nil {
		return res, nil
	}
	if errors.Is(err, ErrPathStalled) {
		return res, fmt.Errorf("logit: %w", err)
	}
	return nil, fmt.Errorf("logit: %w", err)
}

// verifyEnd checks the end point, met by the agent regret criterion, as
// an approximate Nash equilibrium with the independent checker
// solve.RegretBehavior. Along a play, a player's gain from deviating is the sum
// over its information sets of the gains there weighted by the
// probability of reaching them, so the Nash regret is at most the number
// of the player's information sets times the agent regret: the end point
// is accepted if its Nash regret is at most Tol times the range of plays
// times that number (and a relative slack of 10^-6 for rounding). A
// failure wraps ErrPathStalled, with the result.
func (s *logitSolver) verifyEnd(b game.Behavior) error {
	r, err := solve.RegretBehavior(s.g, b)
	if err != nil {
		return err
	}
	sets := 1
	for _, ps := range s.g.Infosets {
		sets = max(sets, len(ps))
	}
	bound := s.opt.Tol * s.tree.scale * s.tree.unit * float64(sets) * (1 + 1e-6)
	if !(r <= bound) {
		return fmt.Errorf("%w: end point at λ=%g has Nash regret %.3g, above %.3g (the tolerance times the range of plays and %d information sets)",
			ErrPathStalled, s.end.Lambda, r, bound, sets)
	}
	return nil
}

// result converts the collected points.
func (s *logitSolver) result() *LogitResult {
	res := &LogitResult{End: LogitPoint(s.end)}
	for _, p := range s.points {
		res.Points = append(res.Points, LogitPoint(p))
	}
	for _, p := range s.path {
		res.Path = append(res.Path, LogitPoint(p))
	}
	return res
}

// centroid returns the start point: uniform behaviour at λ = 0.
func (s *logitSolver) centroid() []float64 {
	t := s.tree
	x := make([]float64, t.nVars+1)
	for st, base := range t.setVar {
		l := -math.Log(float64(t.setLen[st]))
		for j := 0; j < int(t.setLen[st]); j++ {
			x[int(base)+j] = l
		}
	}
	return x
}

// trivial answers a game without players' moves: every λ gives the empty
// profile.
func (s *logitSolver) trivial(x0 []float64) *LogitResult {
	res := &LogitResult{End: LogitPoint{Profile: s.profile(x0)}}
	for _, l := range s.opt.Lambdas {
		res.Points = append(res.Points, LogitPoint{Lambda: l, Profile: s.profile(x0)})
	}
	if s.opt.Path {
		res.Path = []LogitPoint{res.End}
	}
	return res
}

// profile converts log probabilities to a behaviour profile.
func (s *logitSolver) profile(x []float64) game.Behavior {
	b := make(game.Behavior, len(s.g.Players))
	k := 0
	for p, sets := range s.g.Infosets {
		b[p] = make([][]float64, len(sets))
		for i, set := range sets {
			b[p][i] = make([]float64, len(set.Actions))
			for a := range set.Actions {
				b[p][i][a] = math.Exp(x[k])
				k++
			}
		}
	}
	return b
}
