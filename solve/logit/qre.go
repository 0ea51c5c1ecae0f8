package logit

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/tablero-project/tablero/solve/internal/linalg"

	"github.com/tablero-project/tablero/game"
)

// QRE computes agent logit quantal response equilibria of one game tree at
// a fixed precision, again and again, while the payoffs of plays and the
// chance probabilities change between calls: the inner loop of a Monte
// Carlo analysis over a scenario's parameters.
//
// Each call traces the principal branch from λ = 0 (as Logit does) on a
// flat copy of the tree kept between calls, in fewer unknowns (log-odds,
// with the last movers' moves computed rather than traced; see qreSystem),
// with longer steps than gambit-logit's that may not turn sharply; at a
// sharp bend or a bifurcation gambit-logit's short steps go on from there,
// passing bifurcations as it does (qreFast, qreCareful). The points are
// Logit's, at a fiftieth of its cost on the flagship; the tests list where
// they are not (at two symmetric bifurcations of Gambit's samples, and at
// flagship points where Logit's own steps were too long). A result depends
// only on the numbers of its call:
// continuing from the equilibrium of other numbers would be cheaper but
// can land on another branch where the QRE is not unique, which happens in
// the flagship at λ ≥ 1.
//
// A QRE is not safe for concurrent use: give each worker its own.
type QRE struct {
	g    *game.Game
	tree *logitTree
	sys  *qreSystem // the traced system, on tree
	opt  LogitOptions
	// tracer follows the branch of sys with lu, kept between calls
	tracer *pathTracer
	lu     *linalg.BorderedLU
	x      []float64 // work point
}

// QREPoint is an equilibrium found by QRE.Solve.
type QREPoint struct {
	Profile game.Behavior
	// Reach holds the probability that play reaches each node (indexed as
	// Game.Nodes) under the profile and the current chance probabilities.
	Reach []float64
}

// NewQRE prepares a solver for the structure of g, whose payoffs and
// chance probabilities are the starting numbers. g must be validated and of
// perfect recall; budget bounds the work of each call (0: solve.DefaultBudget).
func NewQRE(g *game.Game, budget int) (*QRE, error) {
	s, err := newLogitSolver(g, LogitOptions{Budget: budget})
	if err != nil {
		return nil, fmt.Errorf("qre: %w", err)
	}
	return newQRE(g, s.tree, s.opt), nil
}

// newQRE prepares the reduced system and its tracer on tree.
func newQRE(g *game.Game, tree *logitTree, opt LogitOptions) *QRE {
	sys := newQRESystem(tree)
	m := sys.dim()
	q := &QRE{g: g, tree: tree, sys: sys, opt: opt, x: make([]float64, tree.nVars+1), lu: linalg.NewBorderedLU(m)}
	q.tracer = newPathTracer(sys, opt.Step, opt.MaxAccel, logitMaxSteps, nil)
	q.tracer.kern = q.lu
	return q
}

// SetPlay sets the payoffs of the play that ends at terminal node k (the
// sum of the outcomes along it), one per player.
func (q *QRE) SetPlay(k int, payoffs []float64) {
	t := q.tree
	np := t.nPlayers
	for i, v := range payoffs[:np] {
		t.total[k*np+i] = v / t.unit
	}
}

// SetChance sets the probabilities of the actions at chance node k.
func (q *QRE) SetChance(k int, probs []float64) {
	t := q.tree
	for j, c := range t.kids[t.kidOff[k]:t.kidOff[k+1]] {
		t.edgeP[c], t.logP[c] = probs[j], math.Log(probs[j])
	}
}

// Solve returns the QRE at λ for the current numbers.
func (q *QRE) Solve(ctx context.Context, lambda float64) (*QREPoint, error) {
	if err := q.trace(ctx, lambda); err != nil {
		return nil, err
	}
	return q.point(), nil
}

// SolveReach computes the QRE at λ for the current numbers and writes only
// the probability that play reaches each node (indexed as Game.Nodes) into
// reach: the Monte Carlo loop's form of Solve, which allocates nothing per
// call for the profile.
func (q *QRE) SolveReach(ctx context.Context, lambda float64, reach []float64) error {
	if len(reach) != q.tree.nNodes {
		return fmt.Errorf("qre: reach has %d entries for %d nodes", len(reach), q.tree.nNodes)
	}
	if err := q.trace(ctx, lambda); err != nil {
		return err
	}
	q.reachAt(reach)
	return nil
}

// trace follows the principal branch from the centroid to λ and leaves the
// QRE there in q.x.
func (q *QRE) trace(ctx context.Context, lambda float64) error {
	if !(lambda >= 0) || math.IsInf(lambda, 1) {
		return fmt.Errorf("qre: λ %g must be non-negative and finite", lambda)
	}
	t, sys := q.tree, q.sys
	sys.valid, sys.constant = false, false // the numbers may have changed since the last call
	m := sys.dim()
	if m == 0 || lambda == 0 {
		// Every set is a last mover, or play is uniform: the QRE is
		// explicit.
		x := make([]float64, m+1)
		x[m] = lambda * t.unit
		sys.expand(x)
		copy(q.x, sys.y)
		return nil
	}
	last, err := q.reduced(ctx, lambda, qreFast, nil)
	if errors.Is(err, ErrPathStalled) || errors.Is(err, errFlip) {
		// A sharp bend or a bifurcation: go on with gambit-logit's short
		// steps from the last point the long ones reached, passing
		// bifurcations as it does.
		_, err = q.reduced(ctx, lambda, qreCareful, last)
	}
	if errors.Is(err, ErrPathStalled) {
		// Last resort: Logit itself.
		err = q.logit(ctx, lambda)
	}
	if err != nil {
		return fmt.Errorf("qre: %w", err)
	}
	return nil
}

// logit traces the branch as Logit does (gambit-logit's steps in the full
// coordinates) and leaves the QRE at λ in q.x.
func (q *QRE) logit(ctx context.Context, lambda float64) error {
	opt, err := LogitOptions{Lambdas: []float64{lambda}, MaxLambda: lambda, Budget: q.opt.Budget}.normalize()
	if err != nil {
		return err
	}
	q.sys.valid, q.sys.constant = false, false // the trace overwrites the tree's workspace
	res, err := (&logitSolver{g: q.g, tree: q.tree, opt: opt}).run(ctx)
	if err != nil {
		return err
	}
	k := 0
	for _, sets := range res.Points[0].Profile {
		for _, probs := range sets {
			for _, p := range probs {
				q.x[k] = math.Log(p)
				k++
			}
		}
	}
	q.x[k] = lambda * q.tree.unit
	return nil
}

// qreSteps is a step control of the trace.
type qreSteps struct {
	step, maxAccel, maxDist, minCos float64
	maxSteps                        int
	strict                          bool // stop at a bifurcation, and stall rather than continue by natural steps
}

var (
	// qreFast takes long steps, which the tests show give the same points
	// as gambit-logit's on scenario games at a fraction of the cost, and
	// refuses to turn by more than 20° in a step: sharp bends are where
	// long steps may cross to a nearby branch. Its steps stall there, and
	// qreCareful goes on from the last point they reached.
	qreFast = qreSteps{step: 0.5, maxAccel: 2, maxDist: 0.8, minCos: 0.94, maxSteps: 1000, strict: true}
	// qreCareful is gambit-logit's step control.
	qreCareful = qreSteps{step: defaultLogitStep, maxAccel: defaultLogitMaxAccel, maxDist: pathMaxDist, maxSteps: logitMaxSteps}
)

// qreStart is a point of the branch to trace from, with the direction of
// travel there.
type qreStart struct{ x, dir []float64 }

// reduced traces the reduced system with step control c, from the centroid
// or from a point a trace reached, and leaves the QRE at λ in q.x. When it
// fails it returns the last point it accepted.
func (q *QRE) reduced(ctx context.Context, lambda float64, c qreSteps, from *qreStart) (*qreStart, error) {
	t, sys := q.tree, q.sys
	m := sys.dim()
	opt := q.opt
	opt.Lambdas, opt.MaxLambda, opt.Step, opt.MaxAccel = nil, lambda, c.step, c.maxAccel
	charge := t.charger(ctx, opt.Budget, "qre path following")
	tr := q.tracer
	tr.charge, tr.attempt, tr.step, tr.maxAccel = charge, 0, c.step, c.maxAccel
	tr.maxDist, tr.minCos, tr.maxSteps, tr.noFlips = c.maxDist, c.minCos, c.maxSteps, c.strict
	x0 := make([]float64, m+1)
	tr.startDir = nil
	q.lu.Reset()
	if from != nil && linalg.Norm2(from.dir) > 0 {
		x0, tr.startDir = from.x, from.dir
		q.lu.SetBorder(from.dir)
	}
	// The branch ends at λ: the regret criterion never applies.
	b := branch[[]float64]{opt: opt, n: m, unit: t.unit, tracer: tr, strict: c.strict,
		regret:  func([]float64) float64 { return math.Inf(1) },
		profile: func(x []float64) []float64 { return append([]float64(nil), x...) }}
	if err := b.follow(ctx, sys, x0, charge); err != nil {
		return &qreStart{x: b.prev, dir: b.dir}, err
	}
	sys.expand(b.end.Profile)
	copy(q.x, sys.y)
	return nil, nil
}

// point converts the work point, evaluating reach probabilities there.
func (q *QRE) point() *QREPoint {
	reach := make([]float64, q.tree.nNodes)
	q.reachAt(reach)
	s := logitSolver{g: q.g, tree: q.tree}
	return &QREPoint{Profile: s.profile(q.x), Reach: reach}
}

// reachAt writes the reach probabilities at the work point.
func (q *QRE) reachAt(reach []float64) {
	q.tree.evaluate(q.x)
	for k, l := range q.tree.logReach {
		reach[k] = math.Exp(l)
	}
}

// Clone returns an independent solver for the same game. Its numbers are
// those of the game given to NewQRE: set them before solving.
func (q *QRE) Clone() *QRE {
	tree, _ := newLogitTree(q.g) // cannot fail: it succeeded for q
	return newQRE(q.g, tree, q.opt)
}
