// Package gnm computes Nash equilibria of strategic games with any number
// of players by the two homotopy methods of Govindan and Wilson, as
// GameTracer, gambit-gnm and gambit-ipa do.
//
// Algorithms. [GNM], the global Newton method (Govindan and Wilson 2003,
// "A global Newton method to compute Nash equilibria", Journal of
// Economic Theory 110), follows the curve of equilibria of the game with
// bonuses λ·g from large λ, where the equilibrium is unique, down through
// λ = 0 and beyond: every crossing of λ = 0 is an equilibrium. [IPA], the
// iterated polymatrix approximation (Govindan and Wilson 2004,
// "Computing Nash equilibria by iterated polymatrix approximation",
// Journal of Economic Dynamics and Control 28), replaces the game by the
// polymatrix game of its payoff Jacobian at the current approximation,
// solves that with GNM's piecewise-linear tracer, and moves towards it.
//
// Guarantees. Every equilibrium returned is polished by Newton's method on
// its support and verified by solve.RegretMixed (10^-6 of the payoff
// range by default), then deduplicated; nothing unverified is returned.
// Which equilibria are found depends on the perturbation rays (random,
// seeded, or given).
//
// Budget. MaxIter caps the support cells of one ray (GNM) or the
// iterations of one restart (IPA); all work is bounded by FloatOptions'
// budget (solve.DefaultBudget when 0). Errors wrap solve.ErrBudget, or
// solve.ErrNotFound when no ray yields a verified equilibrium.
package gnm
