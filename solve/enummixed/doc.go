// Package enummixed enumerates every extreme Nash equilibrium of a
// two-player strategic game, exactly, and the maximal convex sets of
// equilibria they span: what gambit-enummixed (and lrsnash) compute.
//
// Algorithm. An extreme equilibrium is a pair of vertices, one of each
// player's best-response polytope, that together carry every label
// (Mangasarian 1964). As lrsnash does (Avis, Rosenberg, Savani and von
// Stengel 2010, "Enumeration of Nash equilibria for two-player games",
// Economic Theory 42), [EnumMixed] walks the vertices of one polytope only
// — the player's with fewer strategies — and completes each vertex from
// the face of the other polytope where its missing labels are tight (one
// linear solve in a nondegenerate game, a second vertex walk otherwise).
// The maximal convex sets are the maximal bicliques of the graph joining
// the equilibrium strategies (a Bron–Kerbosch search).
//
// The vertex walk is lrs's: a reverse search (Avis and Fukuda 1992) over
// the lexicographically feasible bases of a fraction-free integer tableau.
// Those bases are the vertices of the polytope with its right-hand side
// perturbed by (ε, ε², ...), a simple polytope, so every vertex is reached
// however degenerate the game. Each basis but the first has a parent, the
// pivot of Bland's rule towards the starting basis (which minimises the
// sum of its nonbasic variables); the walk goes down that tree depth
// first, recognising a child from its parent by signs of 2×2 products,
// without pivoting, and keeps one tableau per level of its path, so it
// remembers no visited basis and needs memory for a few tableaux only.
// The ratio tests are confined to the columns that can lead to a child
// (a positive reduced cost). Entries stay in 128-bit integers while they
// fit, big integers past that.
//
// Guarantees. Every number is exact (math/big and exact integers), so the
// result is the complete set of extreme equilibria, listed once each,
// also on degenerate games (ties, duplicated or dominated strategies),
// where Gambit's enummixed reports duplicates or misses some.
//
// Order. The equilibria are listed in a canonical order that does not
// depend on the walk: player 1's probabilities decreasing
// lexicographically, then player 2's. gambit-enummixed and lrsnash list
// theirs in the order their walks meet them, so compare sets.
//
// Budget. The work is bounded by a step budget (solve.DefaultBudget when
// 0): a ratio test is one step, a pivot as many as the tableau has rows,
// a partner system as many as its size. A game whose worst-case vertex
// count is far beyond the budget is refused up front. Exceeding it gives
// an error wrapping solve.ErrBudget that names --budget; cancelling the
// context stops the walk.
package enummixed
