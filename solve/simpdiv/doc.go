// Package simpdiv computes Nash equilibria of strategic games with any
// number of players by simplicial subdivision, as gambit-simpdiv does.
//
// Algorithm. From a rational starting profile, [SimpDiv] follows a
// piecewise path through a triangulation of the product of simplices to a
// completely labelled simplex, then restarts from its best vertex on a
// grid refined by a factor (van der Laan, Talman and van der Heyden 1987,
// "Simplicial variable dimension algorithms for solving the nonlinear
// complementarity problem on a product of unit simplices using a general
// labelling", Mathematics of Operations Research 12), until the regret is
// at most the tolerance.
//
// Guarantees. The arithmetic is exact (grid points and values are
// integers, 128-bit or math/big), so from the same start SimpDiv follows
// gambit-simpdiv's very path and returns the same grid point, as an exact
// fraction, verified by solve.RegretMixedRat. The result is an
// approximate equilibrium: its regret is at most Tol times the payoff
// range. A start fails when the grid becomes finer than 2^-62 first (the
// restarts do not converge, as happens to Gambit too).
//
// Budget. Each multiply-add of the exact strategy values costs one step of
// the budget (solve.DefaultBudget when 0); MaxIter caps one grid's path.
// Errors wrap solve.ErrBudget or, when no start succeeds,
// solve.ErrNotFound.
package simpdiv
