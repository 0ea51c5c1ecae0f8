package estimate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// Bootstrap is a nonparametric bootstrap of a fit: the model refitted on
// resamples of the observations, drawn with replacement.
type Bootstrap struct {
	Reps int    `json:"reps"`
	Seed uint64 `json:"seed"`
	// Failed counts replicates whose fit did not converge; they are left
	// out, as games leaves them out.
	Failed int `json:"failed"`
	// SE is the standard deviation of each parameter over the replicates
	// (NaN for fixed parameters).
	SE []float64 `json:"-"`
	// Estimates[r] are replicate r's estimates (converged replicates
	// only, in replicate order).
	Estimates [][]float64 `json:"-"`
}

// Boot refits f on reps resamples. Replicate r draws its resample from a
// PCG generator seeded with (seed, r), so the result depends only on seed,
// not on workers (0: one per CPU) or scheduling. Each refit starts at f's
// estimates with f's optimiser, as games does.
func (f *Fit) Boot(ctx context.Context, reps int, seed uint64, workers int) (*Bootstrap, error) {
	if reps < 2 {
		return nil, fmt.Errorf("estimate: a bootstrap needs at least 2 replicates (got %d)", reps)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	n := f.N
	results := make([][]float64, reps)
	ok := make([]bool, reps)
	var wg sync.WaitGroup
	jobs := make(chan int)
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				rng := rand.New(rand.NewPCG(seed, uint64(r)))
				idx := make([]int, n)
				for i := range idx {
					idx[i] = rng.IntN(n)
				}
				est, info, err := maximise(ctx, f.b.prob.resample(idx), f.Estimate, f.Fixed, f.opts)
				if err != nil {
					errs <- err
					return
				}
				results[r], ok[r] = est, info.converged
			}
		}()
	}
	for r := 0; r < reps; r++ {
		if ctx.Err() != nil {
			break
		}
		jobs <- r
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("estimate: bootstrap: %w", err)
	}
	b := &Bootstrap{Reps: reps, Seed: seed}
	for r := range reps {
		if ok[r] {
			b.Estimates = append(b.Estimates, results[r])
		} else {
			b.Failed++
		}
	}
	if len(b.Estimates) < 2 {
		return nil, fmt.Errorf("estimate: bootstrap: %d of %d replicates failed to converge", b.Failed, reps)
	}
	b.SE = make([]float64, len(f.Estimate))
	for j := range b.SE {
		if f.Fixed[j] {
			b.SE[j] = math.NaN()
			continue
		}
		b.SE[j] = sd(column(b.Estimates, j))
	}
	return b, nil
}

func column(m [][]float64, j int) []float64 {
	out := make([]float64, len(m))
	for i, r := range m {
		out[i] = r[j]
	}
	return out
}

// sd is the sample standard deviation (denominator n-1).
func sd(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)-1))
}
