// Package liap looks for Nash equilibria by minimising a Lyapunov
// function that is zero exactly at the equilibria, on strategic games and
// on the agent form of trees, as gambit-liap does.
//
// Algorithm. [Liap] minimises McKelvey's function (McKelvey 1991, "A
// Liapunov function for Nash equilibria", Caltech working paper 953),
// the sum of squared gains from pure deviations normalised by the payoff
// range, from random or given starts, by a spectral projected gradient
// method (Barzilai–Borwein steps with a non-monotone line search; Birgin,
// Martínez and Raydan 2000) on the product of simplices, followed by
// Newton's method on the support reached. [LiapAgent] minimises the agent
// form's function, information set by information set, by gradient
// descent on log-probabilities.
//
// Guarantees. Local minima that are not equilibria are discarded: only
// profiles whose regret is at most Tol times the payoff range (checked by
// solve.RegretMixed, or the agent regret for LiapAgent) are returned. The
// method is local: it may find none, and then says so (an error wrapping
// solve.ErrNotFound) rather than report a non-equilibrium.
//
// Budget. Starts (10 by default; Liap draws up to ten times more while it
// has found nothing) times MaxIter iterations, all bounded by the work
// budget (solve.DefaultBudget when 0); errors wrap solve.ErrBudget.
package liap
