package solve

import (
	"errors"
)

// The floating-point methods for strategic games (gnm.GNM, gnm.IPA,
// simpdiv.SimpDiv, liap.Liap, enumpoly.EnumPoly, logit.LogitNormal) share
// their options and ErrNotFound here; the rest of what they share (the
// verification of every reported profile by RegretMixed, deduplication,
// budgets, random starts, a float64 copy of the payoff table, Newton
// polishing) is in solve/internal/float.

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
	// Regret (RegretMixed) is at most Tol times the payoff range of the
	// game (the largest minus the smallest payoff of any player in any
	// CellAt).
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

// WithDefaults returns o with zero fields replaced by the given defaults
// (and Budget by DefaultBudget): how each method applies its own.
func (o FloatOptions) WithDefaults(starts int, tol float64, maxIter int) FloatOptions {
	if o.Starts <= 0 {
		o.Starts = starts
	}
	if o.Tol <= 0 {
		o.Tol = tol
	}
	if o.MaxIter <= 0 {
		o.MaxIter = maxIter
	}
	o.Budget = Budget(o.Budget)
	return o
}
