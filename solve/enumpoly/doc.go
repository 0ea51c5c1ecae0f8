// Package enumpoly computes the Nash equilibria of strategic games with
// any number of players by support enumeration and polynomial system
// solving, as gambit-enumpoly does.
//
// Algorithm. [EnumPoly] visits supports in the order of Porter, Nudelman
// and Shoham (2008, "Simple search methods for finding a Nash
// equilibrium", Games and Economic Behavior 63), pruned by iterated
// conditional dominance. On each support the indifference equations are
// multilinear in the other players' probabilities: linear when at most two
// players mix (solved directly); otherwise the product of simplices is
// subdivided, with exact ranges of the equations, of the deviation gains
// and of their combinations preconditioned by the inverse Jacobian at
// each cell's centre, until every cell is excluded or proved to hold
// exactly one root (the preconditioned map x − Y·F sends the cell into
// itself and contracts), whose root is then computed by iteration. Only
// if that does not finish within a number of cells (128 per path of the
// homotopy it would save, 32 beyond 9 unknowns, at least 512 and at most
// 16384) is the support
// solved by complex homotopy continuation from a linear-product start
// system with the multihomogeneous Bézout number of paths. On small
// two-player games the vertices of the best-response polytopes are paired
// as well, to add the extreme points of components that support
// enumeration misses. This package enumerates the supports and verifies
// the solutions; the polynomial systems (the subdivision and the
// homotopy) are solved by its internal package polysys.
//
// Guarantees. Every isolated equilibrium is found, up to numerical failure
// of a homotopy path (the subdivision's ranges are exact up to rounding,
// against which its tests keep a margin), and every profile returned is verified by
// solve.RegretMixed at the tolerance of its options (10^-6 of the payoff
// range by default); on normal forms it finds isolated equilibria that
// Gambit's enumpoly misses. Supports with a continuum of solutions give no
// point (as in Gambit) except through the vertex pairing above.
//
// Budget. The homotopy is charged per predictor step and per corrector
// iteration (about a quarter of a Jacobian evaluation each), the
// subdivision per cell (its real multiply-adds, 12 to a unit, and 128
// units of overhead), in units of arithmetic of which one budget step
// counts 16 (a unit costs a few nanoseconds, a step of the other methods
// a few hundred). rand_4x4x4_s1 needs about 2.0 million
// steps and rand_3x3x3x3_s1 about 1.2 million (TestEnumPolyWork; 3.6 and
// 9.6 million before the preconditioned tests, when 59 supports of
// rand_3x3x3x3_s1 needed a homotopy where none does now), well within the
// default. A Krawczyk test on the cells, tried before the preconditioned
// ranges of the cells' own coordinates, cost more than it saved.
// Trees: equilibria whose unreached information sets need a mixed
// completion are still missed (not addressed).
//
// Work grows quickly with the number of mixing players: the
// default budget (solve.DefaultBudget steps) is seven to ten seconds of
// work (rand_5x5x5_s1, 33–41 s, is refused after 7 s); larger games need
// FloatOptions.Budget. Errors wrap
// solve.ErrBudget when it is spent and solve.ErrNotFound when nothing is
// verified; the context is checked throughout.
package enumpoly
