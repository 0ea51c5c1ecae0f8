// Package soltest is the test support of the solver packages: the
// conformance harness against Gambit's reference runs in the shared data
// beside the repository (PeerDir, skipping cleanly when it is absent),
// the tallies of outcomes, the exact and floating-point comparisons of
// equilibrium sets, and the games of the benchmarks. It is imported by
// tests only.
package soltest
