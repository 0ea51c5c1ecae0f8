// Package uncertain is tablero's uncertainty engine: the statistical core of
// Monte Carlo analysis, sensitivity analysis and sharded sweeps. It knows
// nothing of scenarios or solvers; a model is an [EvalFunc] from parameter
// values to outputs.
//
// # Distributions and designs
//
// Parameters have distributions ([NewDist], [ParamDist]): fixed, uniform,
// triangular, PERT, normal and lognormal (optionally truncated), beta
// (optionally truncated) and discrete. A [Design] draws N points by plain
// Monte Carlo or Latin hypercube sampling, optionally with a target rank
// correlation imposed by the Iman–Conover method. Draw k reads its random
// numbers from its own stream, PCG seeded with (seed, k), so Point(k) is a
// pure function of the design and k.
//
// # Runs, partial results and merging
//
// [Run] evaluates the draws of one shard on all cores and returns a
// [Partial]: counts, exact sums of values and of squares (big.Float,
// serialised exactly), exact extremes, fixed-bin histograms and failed
// draws. [Merge] combines partials exactly, so
//
//	result of all draws = Merge(shard 0, ..., shard n-1)   (any order)
//
// bit for bit, and independently of the number of workers. A [Summary]
// gives means, standard errors, Wilson or normal intervals, percentiles and
// the standard error against the number of draws.
//
// The CLI maps onto it as follows (a sketch for the lead):
//
//	tablero analyze S --draws N --seed S --workers W
//	    d := NewDesign(DesignConfig{Params, N, S, method, corr})
//	    p := Run(ctx, d, outputs, eval, RunOptions{Workers: W, Progress: NewProgress(os.Stderr, "draws").Update})
//	    p.Summary(0.95)
//	tablero sweep S --draws N --seed S --shard-index i --shard-count n --out PART
//	    shard := ResolveShard(i, n, os.Getenv)   // flags, else JOB_COMPLETION_INDEX / SLURM_ARRAY_TASK_ID
//	    p := Run(..., RunOptions{Shard: shard, Info: {"tablero": version, "scenario": digest}})
//	    p.WriteTo(file)
//	tablero merge PART... --out RESULT
//	    parts := ReadPartial(file)...; m := Merge(parts...); m.WriteTo(out); m.Summary(0.95)
//	--sensitivity tornado | sobol | prim
//	    Tornado(ctx, params, defaults, nout, eval, opt).Bars(o)
//	    Sobol(ctx, params, nout, eval, SobolOptions{N, Seed})
//	    PRIM(rows' X, 0/1 flags from rows' Y, PrimOptions{Threshold})  (Run with KeepRows)
//
// # Sensitivity
//
// [Tornado] swings one parameter at a time; [Sobol] estimates first-order
// and total indices (Saltelli design, Saltelli's 2010 first-order and
// Jansen's total estimators, bootstrap intervals); [PRIM] finds boxes of parameter space where an outcome of
// interest is concentrated, reporting coverage, density and mass as EMA
// Workbench does.
//
// # Reproducibility
//
// Results are bit-identical across workers and shards for one binary on
// one architecture. Random numbers come only from PCG's Uint64, which Go
// specifies; quantile functions use math and gonum's mathext, whose last
// bits may differ across Go or gonum versions and architectures, so record
// them in RunOptions.Info and run all shards of a sweep with the same
// binary.
package uncertain
