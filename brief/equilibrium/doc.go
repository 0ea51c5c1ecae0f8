// Package equilibrium describes a solved crisis game in the scenario's
// terms: the behaviour of every actor-type at every information set with
// its beliefs (Behaviour), the sequential equilibrium selected as the limit
// of the logit QRE and how its signals separate (Refine), the paths of play
// behind each result's probability (Paths), how firmly each choice is held
// and where a parameter flips it (Margins), what would follow off the path
// (Refined.OffPath), and the expected costs per actor-type under the play
// (CostsOf).
//
// It is the part of a brief that reads one equilibrium, apart from the
// Monte Carlo over parameters (package draws) and from the composition and
// rendering of the brief itself (package brief), which imports it; it
// imports neither.
package equilibrium
