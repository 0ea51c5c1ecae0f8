// Package forecast predicts where a multi-stakeholder negotiation settles,
// from a stakeholder table: for each actor and each issue dimension, a
// position on the issue scale, a salience (how much the actor cares) and a
// capability (its clout).
//
// Three tiers of models share one input, a Table, and one output, a Result:
//
//   - Baselines (Baselines; models "compromise", "median", "condorcet"): the
//     capability·salience-weighted mean (the "compromise model", a Nash
//     bargaining approximation), the weighted median and the Condorcet
//     winner among the actors' positions, with ties and a missing winner
//     reported.
//   - The expected-utility model of Bueno de Mesquita as reconstructed by
//     Scholz, Calbert and Smith (2011) (RunEUM), with explicit switches for
//     every place where the public replication departs from the printed
//     equations. Preset "scholz-code" reproduces the replication
//     (jmckib/bdm-scholz-expected-utility-model) bit for bit; "paper" uses
//     the printed probability formula with the capitulation rule fixed (the
//     research's "paper variant"); "paper-strict" follows every printed
//     equation. Cycles are detected — a repeated position vector, or, when
//     none repeats exactly, last rounds that repeat within 0.1 % of the
//     position range (a slowly converging oscillation) — and reported
//     (Result.Cycles) with their period, the actors that move and their
//     values, and the range of the forecast over the cycle.
//   - KAPSARC's KTAB Spatial Model of Politics (RunSMP): probabilistic
//     Condorcet elections, risk attitudes inferred from them, challenges with
//     third-party support and interpolated bargains, with all of KTAB's model
//     parameters and constants. Runs follow a documented, deterministic
//     queue order (the evaluation of challenges is spread over cores without
//     changing any result), and the stochastic mode draws from one seeded
//     generator, so a seed reproduces a run.
//
// Sensitivity ("shocks", as in KTAB's sensitivity app and in expected-utility
// practice) perturbs salience, capability and positions and drops actors,
// draw by draw with a generator seeded from (seed, draw), and reports the
// distribution of the forecast with percentile intervals, the share of
// draws nearest each anchor of the scale, and a check of the unperturbed
// point against that distribution (PointCheck: its percentile, its
// distance in standard deviations, and the measured reasons when it lies
// far out: the model's rounds moving the exact table further than the
// draws, a cycle, ranges not centred on the stated values).
//
// Numerics follow the peers exactly where that is observable: float64
// throughout, KTAB's constants (1e-8 coalition floor, 1e-10 challenge floor,
// 1e-6 bargain weight, rounding of bargains to 1e-4, 1e-5 smallest gain,
// 0.02 stopping ratio, 100 turns), the peers' order of summation, and a
// correctly rounded power function for the EUM (the replication runs in
// CPython on glibc, whose pow is correctly rounded in practice where Go's
// math.Pow is not).
//
// Readers accept KTAB's CSV and XML formats, the one-issue EUM CSV layout,
// the tab-separated input of Stokman's Decide exchange model, and the
// `stakeholders:` block of a scenario file (Spec). Models never do I/O;
// readers (read_*.go, spec.go) and report writers (report.go) are separate.
//
// The equations, switches and constants are those of
// ../shared/research/forecast.md; the conformance tests reproduce every row of
// its validation table against the peers' outputs.
package forecast
