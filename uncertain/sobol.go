package uncertain

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
)

// SobolOptions configures [Sobol].
type SobolOptions struct {
	// N is the base sample size: the rows of the matrices A and B. The model
	// is evaluated N·(d+2) times for d parameters.
	N int
	// Seed selects the sample: row j of A and B comes from PCG(Seed, j).
	Seed uint64
	// Bootstrap is the number of bootstrap replicates for the intervals;
	// 200 when 0, none when negative (intervals then collapse onto the
	// estimates).
	Bootstrap int
	// Level is the confidence level of the intervals; 0.95 when 0.
	Level float64
	// Workers is the number of goroutines; all cores when < 1.
	Workers int
	// Progress is called as in RunOptions.
	Progress func(done, total int64)
}

// SobolResult holds variance-based sensitivity indices of every output.
type SobolResult struct {
	Params []string `json:"params"`
	N      int      `json:"n"`
	Evals  int      `json:"evals"`
	// Dropped counts the rows of the design left out because one of their
	// evaluations failed; the indices come from the other N − Dropped.
	Dropped int            `json:"dropped,omitempty"`
	Outputs []SobolIndices `json:"outputs"`
}

// SobolIndices are the first-order (S1) and total (ST) Sobol indices of one
// output, per parameter, with bootstrap percentile intervals.
type SobolIndices struct {
	Mean     float64   `json:"mean"`
	Variance float64   `json:"variance"`
	S1       []float64 `json:"s1"`
	S1Lo     []float64 `json:"s1_low"`
	S1Hi     []float64 `json:"s1_high"`
	ST       []float64 `json:"st"`
	STLo     []float64 `json:"st_low"`
	STHi     []float64 `json:"st_high"`
}

// Sobol estimates first-order and total Sobol indices of nout model outputs
// with Saltelli's design and the estimators Saltelli et al. (2010) recommend
// (their table 2: (b) for first order, Jansen's (f) for total), as SALib
// and the EMA Workbench compute them: with A, B two independent N×d
// samples and A_B^i equal to A but for column i taken from B,
//
//	V    = variance of f over the 2N points of A and B
//	S1_i = Σ_j f(B)_j (f(A_B^i)_j − f(A)_j) / N / V
//	ST_i = Σ_j (f(A)_j − f(A_B^i)_j)² / 2N / V
//
// (Jansen's first-order estimator, (V − Σ_j (f(B)_j − f(A_B^i)_j)²/2N)/V,
// shares one noisy term among all parameters that do not matter: on the
// flagship it gave each of them S1 ≈ 0.1 with total indices of 0.)
//
// Evaluation e = j·(d+2) + m is row j of A (m = 0), B (m = 1) or A_B^i
// (m = 2+i). Parameters are taken as independent (any rank correlation is
// ignored). An output with zero variance has indices 0. A row of the design
// with a failed evaluation is left out (SobolResult.Dropped).
func Sobol(ctx context.Context, params []Param, nout int, eval EvalFunc, opt SobolOptions) (*SobolResult, error) {
	if eval == nil {
		return nil, errNoEval
	}
	d := len(params)
	if opt.N < 2 || d < 1 || nout < 1 {
		return nil, fmt.Errorf("sobol: need N >= 2, parameters and outputs, have N = %d, %d, %d", opt.N, d, nout)
	}
	if opt.Bootstrap == 0 {
		opt.Bootstrap = 200
	}
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	pt := func(e int, x []float64) { saltelliPoint(params, opt.Seed, e, x) }
	ys, err := evalPoints(ctx, opt.N*(d+2), d, nout, opt.Workers, opt.Progress, pt, eval, true)
	if err != nil {
		return nil, fmt.Errorf("sobol: %w", err)
	}
	r := &SobolResult{N: opt.N, Evals: len(ys)}
	ys, r.Dropped = completeRows(ys, d+2)
	if r.N-r.Dropped < 2 {
		return nil, fmt.Errorf("sobol: evaluations failed in %d of %d rows of the design", r.Dropped, r.N)
	}
	for _, p := range params {
		r.Params = append(r.Params, p.Name)
	}
	for o := range nout {
		s, err := sobolOutput(ctx, ys, o, d, opt)
		if err != nil {
			return nil, err
		}
		r.Outputs = append(r.Outputs, s)
	}
	return r, nil
}

// completeRows keeps the rows of the design (runs of size evaluations)
// whose evaluations all succeeded, and counts the others.
func completeRows(ys [][]float64, size int) (kept [][]float64, dropped int) {
	for j := 0; j < len(ys); j += size {
		row := ys[j : j+size]
		if slices.ContainsFunc(row, func(y []float64) bool { return y == nil }) {
			dropped++
			continue
		}
		kept = append(kept, row...)
	}
	return kept, dropped
}

// saltelliPoint writes evaluation e of the Saltelli design to x.
func saltelliPoint(params []Param, seed uint64, e int, x []float64) {
	d := len(params)
	j, m := e/(d+2), e%(d+2)
	src := rand.NewPCG(seed, uint64(j))
	for i := range 2 * d {
		u := open01(unit(src.Uint64()))
		inA := i < d
		col := i % d
		if (m == 0 && inA) || (m == 1 && !inA) || (m >= 2 && (inA != (col == m-2))) {
			x[col] = params[col].Dist.Quantile(u)
		}
	}
}

// sobolSample holds one output's values on A, B and the A_B^i.
type sobolSample struct {
	fa, fb []float64
	fab    [][]float64
}

func sobolOutput(ctx context.Context, ys [][]float64, o, d int, opt SobolOptions) (SobolIndices, error) {
	n := len(ys) / (d + 2)
	s := sobolSample{fa: make([]float64, n), fb: make([]float64, n), fab: make([][]float64, d)}
	for i := range s.fab {
		s.fab[i] = make([]float64, n)
	}
	for j := range n {
		row := ys[j*(d+2):]
		s.fa[j], s.fb[j] = row[0][o], row[1][o]
		for i := range d {
			s.fab[i][j] = row[2+i][o]
		}
	}
	var res SobolIndices
	res.Mean, res.Variance, res.S1, res.ST = s.indices(nil)
	res.S1Lo, res.S1Hi = append([]float64(nil), res.S1...), append([]float64(nil), res.S1...)
	res.STLo, res.STHi = append([]float64(nil), res.ST...), append([]float64(nil), res.ST...)
	if opt.Bootstrap < 0 {
		return res, nil
	}
	b1, bt := make([][]float64, d), make([][]float64, d)
	for i := range d {
		b1[i], bt[i] = make([]float64, opt.Bootstrap), make([]float64, opt.Bootstrap)
	}
	bootSeed := mix(opt.Seed, 0x426f6f74, uint64(o))
	idxs := make([][]int, workerCount(opt.Workers, opt.Bootstrap))
	err := parallel(ctx, 0, opt.Bootstrap, len(idxs), nil, func(w, r int) error {
		if idxs[w] == nil {
			idxs[w] = make([]int, n)
		}
		resample(idxs[w], bootSeed, r)
		_, _, s1, st := s.indices(idxs[w])
		for i := range d {
			b1[i][r], bt[i][r] = s1[i], st[i]
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("sobol: %w", err)
	}
	for i := range d {
		res.S1Lo[i], res.S1Hi[i], _ = PercentileInterval(b1[i], opt.Level)
		res.STLo[i], res.STHi[i], _ = PercentileInterval(bt[i], opt.Level)
	}
	return res, nil
}

// indices computes the mean, variance and indices on the rows idx
// (all rows when nil).
func (s *sobolSample) indices(idx []int) (mean, v float64, s1, st []float64) {
	n := len(s.fa)
	if idx != nil {
		n = len(idx)
	}
	row := func(j int) int {
		if idx == nil {
			return j
		}
		return idx[j]
	}
	for j := range n {
		mean += s.fa[row(j)] + s.fb[row(j)]
	}
	mean /= float64(2 * n)
	for j := range n {
		a, b := s.fa[row(j)]-mean, s.fb[row(j)]-mean
		v += a*a + b*b
	}
	v /= float64(2*n - 1)
	d := len(s.fab)
	s1, st = make([]float64, d), make([]float64, d)
	if v == 0 {
		return mean, 0, s1, st
	}
	for i, fab := range s.fab {
		var sb, sa float64
		for j := range n {
			r := row(j)
			da := s.fa[r] - fab[r]
			sb -= s.fb[r] * da
			sa += da * da
		}
		s1[i] = sb / float64(n) / v
		st[i] = sa / float64(2*n) / v
	}
	return mean, v, s1, st
}
