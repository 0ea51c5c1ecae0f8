// Package lp solves two-player constant-sum games by linear programming,
// exactly: the maximin LP of a strategic game and the sequence-form LP of
// a tree, as gambit-lp does on .nfg and .efg files.
//
// Algorithms. [LP] solves player 1's maximin program and reads player 2's
// minimax strategy off the dual of the same optimal tableau (von Neumann's
// minimax theorem; Dantzig 1951). [SequenceLP] solves the LP of the
// sequence form (Koller, Megiddo and von Stengel 1996, "Efficient
// computation of equilibria for extensive two-person games", Games and
// Economic Behavior 14; von Stengel 1996), whose size is linear in the
// tree, so trees with huge strategic forms are solved directly.
//
// Guarantees. The simplex method is exact (fraction-free integer tableau,
// Dantzig's rule, lexicographic ratio test): the result is an exact
// equilibrium and an extreme point of the convex equilibrium set. Games
// that are not constant-sum are refused with an error wrapping
// [ErrNotConstantSum].
//
// Budget. Pivots are bounded by a step budget (solve.DefaultBudget when
// 0); exceeding it gives an error wrapping solve.ErrBudget.
package lp
