package logit

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/tablero-project/tablero/game"
)

// Assessment is a behaviour profile with beliefs at every information set:
// what a sequential equilibrium consists of.
type Assessment struct {
	// Lambda is the precision of the logit QRE the assessment was taken at.
	Lambda  float64
	Profile game.Behavior
	// Beliefs[p][i][m] is the probability player p assigns, at its i-th
	// information set, to the set's m-th member node (Infoset.Members
	// order).
	Beliefs [][][]float64
	// Regret is the largest agent regret of Profile relative to the range
	// of payoffs: how far the assessment is from sequential rationality.
	Regret float64
}

// Sequential selects a sequential equilibrium of g as the limit of the
// principal branch of the agent logit QRE as λ grows (McKelvey and Palfrey
// 1998: limits of AQRE are sequential equilibria). It traces the branch
// until the agent regret falls below opt.Tol times the payoff range, as
// Logit does, and returns the profile there with the beliefs it induces at
// every information set — also at sets the equilibrium does not reach,
// where beliefs are the limit of the QRE's, computed in log space.
func Sequential(ctx context.Context, g *game.Game, opt LogitOptions) (*Assessment, error) {
	if opt.MaxLambda != 0 {
		return nil, errors.New("sequential: MaxLambda must be 0: the assessment is the limit of the branch")
	}
	s, err := newLogitSolver(g, opt)
	if err != nil {
		return nil, fmt.Errorf("sequential: %w", err)
	}
	tree := s.tree
	res, err := s.run(ctx)
	if err != nil {
		return nil, fmt.Errorf("sequential: %w", err)
	}
	tree.evaluate(s.prev)
	a := &Assessment{Lambda: res.End.Lambda, Profile: res.End.Profile}
	for p, sets := range g.Infosets {
		a.Beliefs = append(a.Beliefs, make([][]float64, len(sets)))
		for i, set := range sets {
			for _, n := range set.Members {
				a.Beliefs[p][i] = append(a.Beliefs[p][i], tree.belief[n.Index])
			}
		}
	}
	if tree.scale > 0 {
		a.Regret = tree.maxRegret() / tree.scale
	}
	if math.IsNaN(a.Regret) {
		return nil, errors.New("sequential: regret is not a number")
	}
	return a, nil
}
