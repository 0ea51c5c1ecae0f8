// Package pure finds equilibria in pure strategies, exactly: the pure Nash
// equilibria of strategic games and of trees (reduced form and agent
// form, gambit-enumpure and -A), the subgame-perfect equilibria of
// perfect-information trees by backward induction, and subgame-perfect
// equilibria of any tree by solving its subgames bottom-up with another
// method.
//
// Algorithms. [PureNash] checks every profile of a payoff table;
// [PureNashTree] the profiles of a tree's reduced strategic form, reported
// as behaviour profiles; [AgentPureNash] searches the agent form set by
// set, abandoning partial profiles as soon as a set's condition fails;
// [SPE] is backward induction (Kuhn 1953; Selten 1965, 1975) keeping every
// optimal action where a player is indifferent; [SubgamePerfect] replaces
// subgames (Selten 1965) by the values of their solutions under a
// [TreeMethod].
//
// Guarantees. Payoffs are compared exactly, so the lists are complete and
// exact: every pure equilibrium (every pure subgame-perfect equilibrium
// for SPE), in Gambit's order. SubgamePerfect returns one equilibrium,
// as exact as its method.
//
// Budget. The work (profiles, partial profiles, tree nodes evaluated) is
// bounded by a step budget (solve.DefaultBudget when 0); exceeding it
// gives an error wrapping solve.ErrBudget, and the context is checked
// every solve.CheckEvery steps or so.
package pure
