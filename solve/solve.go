// Package solve holds equilibrium algorithms for the games of package game.
//
// Solvers never parse or print: they take a game value, a context for
// cancellation and a size budget, and return profiles. Front ends (the CLI,
// the server) compose them with package gambit for input and output.
package solve

import (
	"errors"
	"fmt"
)

// DefaultBudget is the size budget used when a caller passes 0: the largest
// number of basic steps (pure profiles examined, tree nodes visited per
// sweep, candidate equilibria kept) a solver may take on one game.
const DefaultBudget = 50_000_000

// ErrBudget is wrapped by the errors solvers return when a game is too
// large for the budget they were given.
var ErrBudget = errors.New("solve: size budget exceeded")

// budgetError reports that what needs more than limit steps.
func budgetError(what string, need, limit int) error {
	return fmt.Errorf("%w: %s needs %d steps, budget is %d", ErrBudget, what, need, limit)
}

// budget returns b, or DefaultBudget when b is not positive.
func budget(b int) int {
	if b <= 0 {
		return DefaultBudget
	}
	return b
}
