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

// The helpers below are the conventions every solver package follows, so
// that budgets mean the same and errors read alike across methods.

// BudgetError returns the error (wrapping ErrBudget) of a solver that
// knows up front that what needs need steps, more than its limit.
func BudgetError(what string, need, limit int) error {
	return fmt.Errorf("%w: %s needs %d steps, budget is %d", ErrBudget, what, need, limit)
}

// BudgetSpent returns the error (wrapping ErrBudget) of a solver that
// used up its limit of steps on what before finishing: how much more it
// needed is not known.
func BudgetSpent(what string, limit int) error {
	return fmt.Errorf("%w: %s used up its budget of %d steps before finishing", ErrBudget, what, limit)
}

// Budget returns b, or DefaultBudget when b is not positive: how every
// solver reads the budget it is given.
func Budget(b int) int {
	if b <= 0 {
		return DefaultBudget
	}
	return b
}

// CheckEvery is about how many basic steps a solver takes between two
// looks at its context.
const CheckEvery = 1 << 12

// SizeString describes a strategic game by its size, "a 2×3 game", for
// error messages.
func SizeString(strats [][]string) string {
	s := ""
	for p, x := range strats {
		if p > 0 {
			s += "×"
		}
		s += fmt.Sprint(len(x))
	}
	return "a " + s + " game"
}

// BudgetExceeded returns the error (wrapping ErrBudget) of a search that
// its budget of limit steps stopped before the total work it needs was
// known.
func BudgetExceeded(what string, limit int) error {
	return fmt.Errorf("%w: %s takes more than %d steps", ErrBudget, what, limit)
}
