// Package lcp finds Nash equilibria of two-player games by
// complementary pivoting, exactly: the Lemke–Howson algorithm on a
// strategic game and Lemke's algorithm on the sequence form of a tree, as
// gambit-lcp does on .nfg and .efg files.
//
// Algorithms. [LCP] follows Lemke–Howson paths (Lemke and Howson 1964,
// "Equilibrium points of bimatrix games", SIAM J. Appl. Math. 12) from the
// artificial equilibrium for every dropped label, and from each new
// equilibrium the paths of all other labels, recursively. [SequenceLCP]
// solves the linear complementarity problem of the sequence form (Koller,
// Megiddo and von Stengel 1996, "Efficient computation of equilibria for
// extensive two-person games", Games and Economic Behavior 14) with
// Lemke's covering-vector method, set up as Gambit sets it up, so the
// paths and equilibria are Gambit's; its size is linear in the tree.
//
// Guarantees. Pivoting is exact (fraction-free integer tableaux) with the
// lexicographic ratio test, so paths never cycle and every result is an
// exact equilibrium. LCP finds the extreme equilibria its paths reach —
// possibly fewer than all (Shapley 1974); package enummixed finds all.
// SequenceLCP returns one equilibrium in behaviour strategies.
//
// Budget. Pivots are bounded by a step budget (solve.DefaultBudget when
// 0); exceeding it gives an error wrapping solve.ErrBudget, and cancelling
// the context stops the search.
package lcp
