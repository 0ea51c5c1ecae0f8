// Package polysys solves the indifference equations of one support of
// a game, the polynomial systems of package enumpoly's support
// enumeration (strategic games and, in the sequence form, trees).
//
// System. The players that mix are the system's groups; group q has
// size[q] − 1 unknowns, the probabilities of its support strategies
// after the first (or, for trees, realization probabilities), whose
// first coordinate is one minus their sum. Group q's equations say that
// each support strategy earns what the first does; they are multilinear
// in the other groups' unknowns, with the groups' payoff tensors as
// coefficients (NewNormal builds them from a strategic game, New and
// SetTensors from any tensors). When exactly two groups mix they are
// linear and SolveLinear solves them directly.
//
// Subdivision. On three or more groups, Isolate subdivides the domain, a
// product of simplices (SetDomain). Each equation, each player's gain
// from leaving its support (Deviations), and each combination of the
// equations by a row of the inverse Jacobian at a cell's centre is
// affine in each group's coordinates, so its range over a cell is
// spanned by its values at the combinations of the cell's vertices:
// exact up to rounding, against which the tests keep a margin. A cell is
// excluded if one of them keeps one sign over it (a gain: stays
// positive), and proved to hold exactly one root if the preconditioned
// map x − Y·F sends the cell, inflated, into itself and contracts there;
// that root is then computed by iteration. If every cell is excluded or
// holds one root within the cells allowed, those roots are all the
// solutions in the domain.
//
// Homotopy. Otherwise Homotopy solves the system by complex homotopy
// continuation (Morgan 1987, "Solving polynomial systems using
// continuation for engineering and scientific problems"; Sommese and
// Wampler 2005, "The numerical solution of systems of polynomials"): from
// a start system whose equation for F_pj is a product of random linear
// forms, one in each other group's unknowns, with the multihomogeneous
// Bézout number of solutions (Bezout), all known, along
// H(x,t) = (1−t)·γ·G(x) + t·F(x) to t = 1. With a random complex γ the
// paths are smooth for t < 1 with probability one, and their ends include
// every isolated solution of F, up to numerical failure of a path. Real
// ends are refined by Newton's method.
//
// Solve combines the two: the subdivision is given 128 cells per path of
// the homotopy it would save (32 beyond 9 unknowns, where it seldom
// completes), at least 512 and at most 16384. Where an equation vanishes
// identically, the solutions, if any, form a continuum that no cell
// isolates, and Isolate reports the domain incomplete.
//
// Budget. Both charge their work to the budget in units of arithmetic,
// one step per 16 units: the homotopy per predictor step and per
// corrector iteration (about a quarter of a Jacobian evaluation each),
// the subdivision per cell (its real multiply-adds, 12 to a unit, and
// 128 units of overhead). A unit costs a few nanoseconds, a step of the
// other methods a few hundred. Memory does not grow with the units: the
// subdivision's stack is bounded by its depth, a path keeps a fixed
// number of vectors, and the start solutions are made one at a time.
package polysys
