// Package solve is the shared core of the equilibrium algorithms for the
// games of package game: their budgets and errors, the options of the
// floating-point methods, and the independent checkers of equilibria
// (the regret of a mixed or behaviour profile, exact or in floating
// point) with which every method's results can be verified.
//
// The algorithms are in one package per method family, each named after
// Gambit's tool it mirrors:
//
//	solve/enummixed  every extreme equilibrium of a bimatrix game (exact)
//	solve/enumpoly   support enumeration with polynomial solving (n players)
//	solve/lcp        Lemke–Howson, and Lemke on the sequence form (exact)
//	solve/lp         constant-sum games by linear programming (exact)
//	solve/logit      logit QRE tracing, on trees and tables; sequential equilibria
//	solve/simpdiv    simplicial subdivision (exact grid arithmetic)
//	solve/gnm        the global Newton method and iterated polymatrix approximation
//	solve/liap       Lyapunov function minimisation, also on the agent form
//	solve/pure       pure equilibria, backward induction, subgame perfection
//
// and solve/methods is the registry the CLI and the server run them
// through, by Gambit's names. Code several families share and that is not
// API lives in solve/internal: float (a float64 payoff table, verification
// and deduplication of candidates, random starts, Newton polishing),
// linalg (small dense linear algebra), pivot (exact tableaux, label and
// basis sets), payoff (payoff scaling and play walks behind the regret
// checks) and seqform (the sequence form of a two-player tree).
//
// Solvers never parse or print: they take a game value, a context for
// cancellation and a size budget, and return profiles. Front ends (the CLI,
// the server) compose them with package gambit for input and output.
package solve
