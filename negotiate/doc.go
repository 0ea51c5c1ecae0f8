// Package negotiate is tablero's multi-issue negotiation engine: the
// linkage of tariffs, the USMCA review, migration and security into one
// package ("everything for everything"), and the bargaining chips that
// answer it, analysed with the tools of the negotiation research community
// and connected to the crisis game.
//
// # What it provides
//
//   - Domains of discrete, integer and real issues (domain.go); profiles
//     with linear-additive utilities, non-linear hyper-rectangle terms,
//     reservation values and discount factors (utility.go), with GENIUS's
//     semantics: per-issue max normalisation of discrete evaluations, the
//     integer lower-bound shift, clipping to [0, 1], the cap of the
//     additive sum at 1, discount d^t on normalised time.
//   - The GENIUS XML formats, read (leniently: late XML declarations, bare
//     '&', issue indices from 2 or with gaps, missing evaluations) and
//     written (genius.go, xmltree.go); GeniusWeb JSON import
//     (geniusweb.go); the negotiation block of a scenario file (spec.go,
//     specio.go).
//   - Exact Pareto frontiers: O(N log N) for two parties, a staircase sweep
//     for three, a dominance filter for more (pareto.go), and a branch and
//     bound that finds bilateral frontiers without enumerating the outcome
//     space (search.go). Nash, Kalai (egalitarian), Kalai–Smorodinsky,
//     their modified variants, maximum (relative) welfare, opposition and
//     the rational fraction, in the NegMAS and the GENIUS conventions
//     (solutions.go). Ties are returned as sets.
//   - The stacked alternating offers protocol with NegMAS's rules (sao.go);
//     NegMAS's and GENIUS's time-based agents (GENIUS's classic agent and
//     its multilateral parties, genius_party.go), Aspiration, NaiveTitForTat,
//     MiCRO, hardliner and random agents (agents.go, titfortat.go,
//     view.go, npsort.go); pluggable acceptance strategies
//     (acceptance.go); NegMAS's outcome metrics (metrics.go); parallel,
//     deterministic tournaments (tournament.go).
//   - Linkage and two-level games (linkage.go, report.go): issue-by-issue
//     against package negotiation, domestic win-sets driven by polls and
//     polarisation, reservation values from the crisis game.
//
// # Conventions
//
// Outcomes are numbered in mixed radix with the first issue most
// significant (NegMAS's enumeration order). Analysis and agents never do
// I/O. Computations over outcome spaces take a context and a size budget;
// a domain too large to enumerate is reported with ErrTooLarge.
package negotiate
