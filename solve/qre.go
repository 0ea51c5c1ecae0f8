package solve

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/tablero-project/tablero/game"
)

// QRE computes agent logit quantal response equilibria of one game tree at
// a fixed precision, again and again, while the payoffs of plays and the
// chance probabilities change between calls: the inner loop of a Monte
// Carlo analysis over a scenario's parameters.
//
// Anchor traces the principal branch (as Logit does) at reference numbers
// and one or more precisions. Solve then starts Newton's method (damped, λ
// fixed) from the anchor nearest in λ, which does not depend on earlier
// calls, so each result depends only on the numbers of that call and not on
// the order of calls. When Newton's method
// does not converge, Solve traces the principal branch from λ = 0 instead.
// Wherever the QRE at λ is unique — for every game at small enough λ —
// both give the principal-branch QRE.
//
// A QRE is not safe for concurrent use: give each worker its own.
type QRE struct {
	g       *game.Game
	tree    *logitTree
	tracer  *pathTracer
	opt     LogitOptions
	anchors [][]float64 // log probabilities and λ of each anchor
	x       []float64   // work point
	// Traced counts the calls of Solve that fell back to tracing.
	Traced int
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
// perfect recall; budget bounds the work of each call (0: DefaultBudget).
func NewQRE(g *game.Game, budget int) (*QRE, error) {
	if err := g.PerfectRecall(); err != nil {
		return nil, fmt.Errorf("qre: games with imperfect recall are not supported: %w", err)
	}
	if err := checkLogitBudget(g, budget); err != nil {
		return nil, err
	}
	tree, err := newLogitTree(g)
	if err != nil {
		return nil, err
	}
	opt, _ := LogitOptions{Budget: budget}.normalize()
	q := &QRE{g: g, tree: tree, opt: opt, x: make([]float64, tree.nVars+1)}
	q.tracer = newPathTracer(tree, opt.Step, opt.MaxAccel, logitMaxSteps, nil)
	return q, nil
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

// Anchor traces the principal branch up to λ at the current numbers and
// keeps the QRE there as a start of later calls of Solve.
func (q *QRE) Anchor(ctx context.Context, lambda float64) (*QREPoint, error) {
	if err := q.trace(ctx, lambda); err != nil {
		return nil, err
	}
	q.anchors = append(q.anchors, append([]float64(nil), q.x...))
	return q.point(), nil
}

// nearest returns the anchor whose λ is closest to l on a log scale, or nil.
func (q *QRE) nearest(l float64) []float64 {
	n := q.tree.nVars
	var best []float64
	dist := math.Inf(1)
	for _, a := range q.anchors {
		if d := math.Abs(math.Log((a[n] + 1e-9) / (l + 1e-9))); d < dist {
			best, dist = a, d
		}
	}
	return best
}

// Solve returns the QRE at λ for the current numbers.
func (q *QRE) Solve(ctx context.Context, lambda float64) (*QREPoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if a := q.nearest(lambda * q.tree.unit); a != nil {
		copy(q.x, a)
		q.tracer.charge = q.charger(ctx)
		err := q.tracer.fixParam(q.x, lambda*q.tree.unit)
		if err == nil && q.converged() {
			return q.point(), nil
		}
		if err != nil && !errors.Is(err, ErrPathStalled) {
			return nil, fmt.Errorf("qre: %w", err)
		}
	}
	q.Traced++
	if err := q.trace(ctx, lambda); err != nil {
		return nil, err
	}
	return q.point(), nil
}

// converged checks the equations at the work point.
func (q *QRE) converged() bool {
	n := q.tree.nVars
	h := make([]float64, n)
	q.tree.value(q.x, h)
	return norm2(h) < 1e-9
}

// trace follows the principal branch from the centroid to λ and leaves the
// QRE there in q.x.
func (q *QRE) trace(ctx context.Context, lambda float64) error {
	opt := q.opt
	opt.Lambdas, opt.MaxLambda = []float64{lambda}, math.Max(lambda, math.SmallestNonzeroFloat64)
	s := &logitSolver{g: q.g, tree: q.tree, opt: opt}
	res, err := s.run(ctx)
	if err != nil {
		return fmt.Errorf("qre: %w", err)
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

// charger returns the budget charge of one call.
func (q *QRE) charger(ctx context.Context) func() error {
	limit := budget(q.opt.Budget)
	cost := logitCost(q.tree.nNodes, q.tree.nVars)
	spent := 0
	return func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if spent += cost; spent > limit {
			return budgetError("qre", spent, limit)
		}
		return nil
	}
}

// point converts the work point, evaluating reach probabilities there.
func (q *QRE) point() *QREPoint {
	t := q.tree
	t.evaluate(q.x)
	reach := make([]float64, t.nNodes)
	for k, l := range t.logReach {
		reach[k] = math.Exp(l)
	}
	s := logitSolver{g: q.g, tree: t}
	return &QREPoint{Profile: s.profile(q.x), Reach: reach}
}

// Clone returns an independent solver for the same game with the same
// anchors. Its numbers are those of the game given to NewQRE: set them
// before solving.
func (q *QRE) Clone() *QRE {
	tree, _ := newLogitTree(q.g) // cannot fail: it succeeded for q
	c := &QRE{g: q.g, tree: tree, opt: q.opt, anchors: q.anchors, x: make([]float64, len(q.x))}
	c.tracer = newPathTracer(tree, c.opt.Step, c.opt.MaxAccel, logitMaxSteps, nil)
	return c
}
