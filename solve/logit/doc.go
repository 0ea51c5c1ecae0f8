// Package logit traces the logit quantal response equilibrium (QRE)
// correspondence, on trees (agent QRE) and on strategic games, as
// gambit-logit does, and selects equilibria as its limits: a Nash
// equilibrium at the end of the principal branch, and a sequential
// equilibrium with beliefs.
//
// Algorithm. The principal branch starts at the centroid at λ = 0 and is
// followed in the unknowns (log probabilities, λ) by a predictor–corrector
// path follower (path.go) with Gambit's step control, until the regret is
// below the tolerance (McKelvey and Palfrey 1995, "Quantal response
// equilibria for normal form games", Games and Economic Behavior 10, and
// 1998 for the agent form; Turocy 2005, "A dynamic homotopy
// interpretation of the logistic quantal response equilibrium
// correspondence", Games and Economic Behavior 51). [Logit] traces a tree,
// [LogitNormal] a payoff table (the same branch, faster), [QRE] solves
// the QRE at a fixed λ again and again while a tree's payoffs change
// between calls (the inner loop of a Monte Carlo analysis), and [Sequential] returns the limit assessment: McKelvey
// and Palfrey's limits of agent QRE are sequential equilibria.
//
// Guarantees. Every end point is checked by solve.RegretBehavior or
// solve.RegretMixed; the points at requested λ are solved to the
// tolerance. When the branch cannot be followed (a bifurcation, a
// near-singular point) the result so far is returned with an error
// wrapping [ErrPathStalled]; nothing unverified is called an equilibrium.
//
// Budget. The work per step grows with the tree (or the table) and the
// number of steps is bounded; the total is bounded by a step budget
// (solve.DefaultBudget when 0), errors wrapping solve.ErrBudget. The
// context is checked at every step.
package logit
