package solve

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/tablero-project/tablero/game"
)

// This file and float_*.go hold what the floating-point methods for
// strategic games (GNM, IPA, SimpDiv, Liap, EnumPoly, LogitNormal) share:
// their options, the verification of every reported profile by
// RegretMixed, deduplication, budgets and random starts here; a float64
// copy of the payoff table with fast strategy values and payoff Jacobians
// (float_game.go), Newton polishing on a support (float_polish.go) and
// small dense linear algebra (float_linalg.go).

// FloatOptions holds the options the floating-point methods share. Each
// method documents which fields it uses and its defaults (taken when a
// field is zero).
type FloatOptions struct {
	// Starts is the number of random starting points or perturbation
	// rays.
	Starts int
	// Seed seeds the PCG generator (math/rand/v2) that draws them, so
	// runs are reproducible.
	Seed uint64
	// Tol is the acceptance criterion: a profile is reported only if its
	// regret (RegretMixed) is at most Tol times the payoff range of the
	// game (the largest minus the smallest payoff of any player in any
	// cell).
	Tol float64
	// MaxIter caps the iterations of one start or ray.
	MaxIter int
	// Budget bounds the work (0: DefaultBudget); errors wrap ErrBudget.
	Budget int
}

// ErrNotFound is wrapped by the errors of the floating-point methods when
// they end without any verified equilibrium: every start stalled, hit its
// iteration cap or ended at a profile whose regret exceeds the tolerance.
var ErrNotFound = errors.New("solve: no equilibrium found")

// withDefaults returns o with zero fields replaced by the given defaults.
func (o FloatOptions) withDefaults(starts int, tol float64, maxIter int) FloatOptions {
	if o.Starts <= 0 {
		o.Starts = starts
	}
	if o.Tol <= 0 {
		o.Tol = tol
	}
	if o.MaxIter <= 0 {
		o.MaxIter = maxIter
	}
	o.Budget = budget(o.Budget)
	return o
}

// flRNG returns the deterministic generator of a method's random starts.
func flRNG(seed uint64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// flAccept verifies a candidate with RegretMixed: it cleans tiny negative
// or denormal probabilities, renormalises, and reports the profile, its
// regret in the units of g (relative to g.span, like the tolerance) and
// whether that regret is at most tol times the payoff range of n.
func flAccept(n *game.Normal, g *flGame, x []float64, tol float64) (game.Mixed, float64, bool) {
	m := g.mixed(x)
	for _, s := range m {
		sum := 0.0
		for i, v := range s {
			if !(v > 1e-300) || math.IsNaN(v) {
				if math.IsNaN(v) || v < -1e-7 {
					return nil, math.Inf(1), false
				}
				s[i] = 0
			}
			sum += s[i]
		}
		if !(sum > 0) || math.Abs(sum-1) > 1e-6 {
			return nil, math.Inf(1), false
		}
		for i := range s {
			s[i] /= sum
		}
	}
	// The regret is computed in the units of g (payoffs times 2^-g.exp)
	// so that it does not overflow with payoffs near ±1e308; tol*g.span
	// is then the tolerance scaled to the payoff range.
	r := regretMixedExp(n, m, g.exp)
	return m, r, r <= tol*g.span
}

// flSame reports whether two profiles agree to within tol in every
// probability.
func flSame(a, b game.Mixed, tol float64) bool {
	for p := range a {
		for i := range a[p] {
			if math.Abs(a[p][i]-b[p][i]) > tol {
				return false
			}
		}
	}
	return true
}

// flSet collects distinct verified equilibria.
type flSet struct {
	tol float64
	eqs []game.Mixed
}

// add appends m unless an equal profile is already present; it reports
// whether m was new.
func (s *flSet) add(m game.Mixed) bool {
	for _, e := range s.eqs {
		if flSame(e, m, s.tol) {
			return false
		}
	}
	s.eqs = append(s.eqs, m)
	return true
}

// flMeter charges work against a budget and checks the context.
type flMeter struct {
	ctx   context.Context
	what  string
	spent int
	limit int
}

// charge adds units of work, failing when the budget is exhausted or the
// context is done.
func (m *flMeter) charge(units int) error {
	if err := m.ctx.Err(); err != nil {
		return err
	}
	m.spent += units
	if m.spent > m.limit || m.spent < 0 {
		return budgetError(m.what, m.spent, m.limit)
	}
	return nil
}

// flNotFound returns the error of a method that verified nothing.
func flNotFound(method string, why error) error {
	if why == nil {
		return fmt.Errorf("%s: %w", method, ErrNotFound)
	}
	return fmt.Errorf("%s: %w: %v", method, ErrNotFound, why)
}
