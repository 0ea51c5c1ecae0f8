// Package enummixed enumerates every extreme Nash equilibrium of a
// two-player strategic game, exactly, and the maximal convex sets of
// equilibria they span: what gambit-enummixed (and lrsnash) compute.
//
// Algorithm. An extreme equilibrium is a pair of vertices, one of each
// player's best-response polytope, that together carry every label
// (Mangasarian 1964). [EnumMixed] finds them by one of two exact methods,
// chosen for speed: the EEE search when both players have at least 12
// strategies and few pure best responses tie (at most one tie per four
// strategies), the vertex walk otherwise. The maximal convex sets are the
// maximal bicliques of the graph joining the equilibrium strategies (a
// Bron–Kerbosch search).
//
// The EEE search ("Enumeration of Extreme Equilibria", Audet, Hansen,
// Jaumard and Savard 2001, in the form of Avis, Rosenberg, Savani and von
// Stengel 2010, "Enumeration of Nash equilibria for two-player games",
// Economic Theory 42, §5) is a depth-first search in which each label
// (pure strategy) is forced on one polytope or the other: unplayed or a
// best response. A node keeps a vertex of each forced face in a
// fraction-free tableau; forcing one more label minimizes its variable
// over the face by the simplex method from that vertex (the greatest drop
// enters, the lexicographic ratio test leaves), and a subtree is cut when
// a face is empty. Before branching, every free label is probed on both
// sides and forced on the other side where its face is empty (the node
// cut if both are): most probes are read off the tableau (the vertex has
// the label, no column lowers it, or one pivot makes it leave), and an
// empty face stays empty below. At a leaf every label is forced, and
// every pair of vertices of the two faces is an extreme equilibrium; the
// faces are single points unless the game is degenerate, where the vertex
// walk below enumerates them. On random 20×20 games the search visits
// 1,500–9,000 nodes where the walk meets 600,000–2,200,000 bases. On
// degenerate games (the reduced normal forms of trees, with
// payoff-equivalent strategies) few faces are empty and the search is
// many times slower than the walk, hence the choice.
//
// The vertex walk, as lrsnash does it (Avis et al. 2010), walks the
// vertices of one polytope only — the player's with fewer strategies —
// and completes each vertex from the face of the other polytope where its
// missing labels are tight (one linear solve in a nondegenerate game, a
// second vertex walk otherwise).
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
// where Gambit's enummixed reports duplicates or misses some. Both
// methods give the same set and the same maximal convex sets: EEE cuts
// only empty faces, decided exactly, so every extreme equilibrium lies in
// the faces of a leaf, and every vertex pair of a leaf's faces is one.
//
// Order. The equilibria are listed in a canonical order that does not
// depend on the walk: player 1's probabilities decreasing
// lexicographically, then player 2's. gambit-enummixed and lrsnash list
// theirs in the order their walks meet them, so compare sets.
//
// Budget. The work is bounded by a step budget (solve.DefaultBudget when
// 0): a ratio test is one step, a pivot as many as the tableau has rows,
// a partner system as many as its size, an EEE node one step. A game
// with few pure best-response ties whose worst-case vertex count is far
// beyond the budget is refused up front; with many ties (the reduced
// forms of trees) the worst case says little and only the budget stops
// it. Exceeding it gives an error wrapping solve.ErrBudget that names
// --budget; cancelling the context stops either method.
package enummixed
