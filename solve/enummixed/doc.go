// Package enummixed enumerates every extreme Nash equilibrium of a
// two-player strategic game, exactly, and the maximal convex sets of
// equilibria they span: what gambit-enummixed (and lrsnash) compute.
//
// Algorithm. An extreme equilibrium is a pair of vertices, one of each
// player's best-response polytope, that together carry every label
// (Mangasarian 1964). As lrsnash does (Avis, Rosenberg, Savani and von
// Stengel 2010, "Enumeration of Nash equilibria for two-player games",
// Economic Theory 42), [EnumMixed] walks the vertices of one polytope only
// — the player's with fewer strategies — by a depth-first search over the
// lexicographically feasible bases of a fraction-free integer tableau, and
// completes each vertex from the face of the other polytope where its
// missing labels are tight (one linear solve in a nondegenerate game, a
// second vertex walk otherwise). The maximal convex sets are the maximal
// bicliques of the graph joining the equilibrium strategies (a
// Bron–Kerbosch search).
//
// Guarantees. Every number is exact (math/big and exact integers), so the
// result is the complete set of extreme equilibria, listed once each,
// also on degenerate games (ties, duplicated or dominated strategies),
// where Gambit's enummixed reports duplicates or misses some.
//
// Budget. The work (ratio tests, pivots, partner systems) is bounded by a
// step budget (solve.DefaultBudget when 0); a game whose worst-case vertex
// count is far beyond it is refused up front. Exceeding it gives an error
// wrapping solve.ErrBudget; cancelling the context stops the walk.
package enummixed
