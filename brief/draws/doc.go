// Package draws runs the analyses of a scenario over many parameter
// values: the Drawer, which solves the game at each draw on a structure
// prepared once; the Monte Carlo, tornado, Sobol and PRIM analyses over
// the uncertain parameters and literal multipliers (Analyse, Uncertainty);
// the drivers, shape and regime of every scenario's and result's
// probability (Target); the sweeps a run may split into shards
// (NewSweep); and the Monte Carlo of a posterior on observations
// (Uncertainty.Posterior).
//
// It is the part of a brief that varies the inputs, apart from the reading
// of one equilibrium (package equilibrium, which it imports) and from the
// composition and rendering of the brief (package brief, which imports
// it).
package draws
