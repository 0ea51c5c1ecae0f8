// Package float holds what the floating-point methods for strategic games
// (gnm.GNM, gnm.IPA, simpdiv.SimpDiv, liap.Liap, enumpoly.EnumPoly,
// logit.LogitNormal) share: a float64 copy of the payoff table with fast
// strategy values and payoff Jacobians (Game), the verification of every
// candidate profile by the regret (Accept) and deduplication (Set), work
// meters over a budget (Meter), seeded random starts (RNG), Newton
// polishing on a support (Game.Polish) and the method-independent error
// of a method that verified nothing (NotFound).
package float
