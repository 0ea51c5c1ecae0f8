package gnm

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/float"
	"github.com/tablero-project/tablero/solve/internal/linalg"

	"github.com/tablero-project/tablero/game"
)

// GNMOptions controls GNM. The zero value asks for gambit-gnm's
// defaults: one random perturbation ray, 100 steps per support cell, a
// local Newton correction every 3 steps of at most 10 iterations, and
// tracing ended at λ = −10.
type GNMOptions struct {
	// FloatOptions: Starts is the number of random rays (0: 1), drawn
	// with Seed; Tol the acceptance of equilibria (regret relative to the
	// payoff range, 0: 10^-6); MaxIter caps the support cells one ray
	// crosses (0: 10000); Budget bounds the work.
	solve.FloatOptions
	// Perturbations, if set, are the rays (gambit-gnm -s): one mixed
	// profile per ray, which must have a unique largest entry for each
	// player. They replace the random rays.
	Perturbations []game.Mixed
	// Steps is the number of steps in each support cell (gambit-gnm -c;
	// 0: 100). Two-player games need one.
	Steps int
	// LNMFreq is the number of steps between local Newton corrections
	// (gambit-gnm -f; 0: 3), LNMMax their iterations (-i; 0: 10).
	LNMFreq, LNMMax int
	// LambdaEnd (negative) ends a ray once it goes that far back in the
	// reverse direction (gambit-gnm -m; 0: −10).
	LambdaEnd float64
}

// Defaults of GNMOptions (GameTracer's and gambit-gnm's).
const (
	defaultGNMSteps     = 100
	defaultGNMLNMFreq   = 3
	defaultGNMLNMMax    = 10
	defaultGNMLambdaEnd = -10
	defaultGNMCells     = 10000
	gnmFuzz             = 1e-12
	gnmThreshold        = 1e-2
)

// GNM computes Nash equilibria of the strategic game n by the global
// Newton method of Govindan and Wilson (2003), as GameTracer and
// gambit-gnm do.
//
// A game with bonuses λ·g added to the strategies' payoffs has, for large
// λ, a unique equilibrium: each player's strategy with the largest g. By
// the structure theorem the equilibria of these games form a curve, which
// GNM follows (in the space of z = σ + values + λg, where the retraction
// to the product of simplices gives σ) from large λ down to λ = 0, where
// it meets an equilibrium of n, and beyond: the curve may turn back and
// cross λ = 0 again, each crossing an equilibrium. Within a support the
// curve is followed by Euler steps with local Newton corrections (exact
// single steps for two players, whose curve is piecewise linear); across
// supports the path pivots as in Lemke's algorithm.
//
// Every equilibrium found is polished by Newton's method on its support,
// verified by solve.RegretMixed and deduplicated; nothing unverified is
// returned. A ray ends when its curve crosses no further support boundary
// before λ = 0, goes beyond LambdaEnd, accumulates too much error or
// crosses MaxIter cells. The error wraps solve.ErrNotFound when no ray yields a
// verified equilibrium.
func GNM(ctx context.Context, n *game.Normal, opt GNMOptions) ([]game.Mixed, error) {
	if n == nil {
		return nil, errors.New("gnm: nil game")
	}
	opt = opt.normalize()
	g, err := float.NewGame(n, opt.Budget)
	if err != nil {
		return nil, fmt.Errorf("gnm: %w", err)
	}
	g.Normalize()
	rays, err := gnmRays(g, opt)
	if err != nil {
		return nil, err
	}
	meter := &float.Meter{Ctx: ctx, What: "global Newton method", Limit: opt.Budget}
	found := &float.Set{Tol: 1e-6}
	var why error
	for k, ray := range rays {
		t := newGNMTracer(g, opt, meter)
		cands, err := t.trace(ray)
		for _, x := range cands {
			g.Polish(x)
			if m, _, ok := float.Accept(n, g, x, opt.Tol); ok {
				found.Add(m)
			}
		}
		if err != nil {
			if errors.Is(err, solve.ErrBudget) || ctx.Err() != nil {
				return found.Eqs, fmt.Errorf("gnm: %w", err)
			}
			if why == nil {
				why = fmt.Errorf("ray %d: %w", k+1, err)
			}
		}
	}
	if len(found.Eqs) == 0 {
		return nil, float.NotFound("gnm", why)
	}
	return found.Eqs, nil
}

// normalize fills defaults.
func (o GNMOptions) normalize() GNMOptions {
	o.FloatOptions = o.FloatOptions.WithDefaults(1, float.DefaultTol, defaultGNMCells)
	if o.Steps <= 0 {
		o.Steps = defaultGNMSteps
	}
	if o.LNMFreq <= 0 {
		o.LNMFreq = defaultGNMLNMFreq
	}
	if o.LNMMax <= 0 {
		o.LNMMax = defaultGNMLNMMax
	}
	if o.LambdaEnd >= 0 {
		o.LambdaEnd = defaultGNMLambdaEnd
	}
	return o
}

// gnmRays returns the perturbation rays, normalised to unit length.
func gnmRays(g *float.Game, opt GNMOptions) ([][]float64, error) {
	var rays [][]float64
	for k, m := range opt.Perturbations {
		x, err := g.Flat(m)
		if err != nil {
			return nil, fmt.Errorf("gnm: perturbation %d: %w", k+1, err)
		}
		rays = append(rays, x)
	}
	if len(rays) == 0 {
		rng := float.RNG(opt.Seed, 0x9e3)
		for range opt.Starts {
			x := make([]float64, g.M)
			g.RandomProfile(rng, x)
			rays = append(rays, x)
		}
	}
	for k, x := range rays {
		if norm := linalg.Norm2(x); norm > 0 && !math.IsInf(norm, 0) {
			linalg.Scaled(x, x, 1/norm)
		} else {
			return nil, fmt.Errorf("gnm: perturbation %d must have a nonzero finite entry", k+1)
		}
	}
	return rays, nil
}
