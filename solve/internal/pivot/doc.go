// Package pivot holds what the exact pivoting methods (enummixed, lcp,
// lp, and the sequence-form methods) share: budgets counted in pivots,
// the integer payoff matrices of a bimatrix game, the polytope tableau of
// a best-response polytope, and bit sets of labels and of visited bases.
package pivot
