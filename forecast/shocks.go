package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Shocks configures a sensitivity analysis in the manner of KTAB's
// sensitivity app and Bueno de Mesquita's "shocks": each draw perturbs the
// table and reruns the model. Draw k uses its own generator, PCG seeded
// with (Seed, k), so results do not depend on the number of workers.
type Shocks struct {
	Draws int    `json:"draws" yaml:"draws" doc:"Number of perturbed tables."`
	Seed  uint64 `json:"seed" yaml:"seed,omitempty" doc:"Seed; draw k uses PCG(seed, k)."`
	// Ranges draws every number uniformly within its stated range first
	// (tables from a Spec).
	Ranges bool `json:"ranges" yaml:"ranges,omitempty" doc:"Draw each number uniformly within its stated range before adding noise."`
	// Salience is the standard deviation of normal noise added to each
	// positive salience on the 0–1 scale, clipped to [0.001, 1] (0.05 in
	// the EUM replications' notebooks).
	Salience float64 `json:"salience" yaml:"salience,omitempty" doc:"Standard deviation of normal noise added to saliences (0–1 scale), clipped to [0, 1]."`
	// Capability is the standard deviation of the log of a multiplicative
	// log-normal factor on each capability.
	Capability float64 `json:"capability" yaml:"capability,omitempty" doc:"Standard deviation of log-normal multiplicative noise on capabilities."`
	// Position is the standard deviation of normal noise added to each
	// position, as a fraction of the dimension's scale, clipped to it.
	Position float64 `json:"position" yaml:"position,omitempty" doc:"Standard deviation of normal noise on positions, as a fraction of the scale."`
	// Drop is the probability that each actor is left out of a draw (at
	// least two always remain).
	Drop float64 `json:"drop" yaml:"drop,omitempty" doc:"Probability that each actor is dropped from a draw."`
	// Workers runs draws in parallel (0: GOMAXPROCS).
	Workers int `json:"-" yaml:"-"`
}

func (sh *Shocks) validate() error {
	if sh.Draws < 1 {
		return fmt.Errorf("shocks: draws %d must be positive", sh.Draws)
	}
	for _, v := range []struct {
		name string
		x    float64
	}{{"salience", sh.Salience}, {"capability", sh.Capability}, {"position", sh.Position}} {
		if !finite(v.x) || v.x < 0 {
			return fmt.Errorf("shocks: %s spread %g must be a non-negative number", v.name, v.x)
		}
	}
	if !(sh.Drop >= 0 && sh.Drop < 1) {
		return fmt.Errorf("shocks: drop probability %g must be in [0, 1)", sh.Drop)
	}
	return nil
}

// Sensitivity is the distribution of a model's forecast under shocks.
type Sensitivity struct {
	Shocks Shocks
	Model  string
	// Base is the forecast on the unperturbed table.
	Base *Result
	// Failed counts draws whose model run returned an error (skipped).
	Failed int
	Dims   []DimSensitivity
	// Dropped[i] counts the draws that left actor i out.
	Dropped []int
}

// DimSensitivity summarises one dimension over the draws.
type DimSensitivity struct {
	Dim  int
	Name string
	// Point, Mean and Median summarise the draws' DimForecast fields of
	// the same names.
	Point, Mean, Median Summary
	// Samples are the draws' headline forecasts, in draw order.
	Samples []float64
	// Check sets the unperturbed point against the draws (nil without
	// draws); Anchors are the shares of draws nearest each anchor of the
	// scale.
	Check   *PointCheck
	Anchors []AnchorShare
}

// Summary describes a sample: mean, standard deviation and percentiles
// (linear interpolation between order statistics).
type Summary struct {
	N                      int
	Mean, SD               float64
	P5, P25, P50, P75, P95 float64
}

// RunSensitivity runs o on sh.Draws perturbations of t and summarises the
// distribution of the forecast; the unperturbed forecast is in Base.
func RunSensitivity(ctx context.Context, t *Table, o Options, sh Shocks) (*Sensitivity, error) {
	if err := sh.validate(); err != nil {
		return nil, err
	}
	if l := o.Limits.orDefault(); sh.Draws > l.MaxDraws {
		return nil, fmt.Errorf("%w: %d draws, limit %d", ErrBudget, sh.Draws, l.MaxDraws)
	}
	if sh.Ranges && t.Ranges == nil {
		return nil, errors.New("forecast: shocks draw within ranges, but the table states none")
	}
	base, err := Run(ctx, t, o)
	if err != nil {
		return nil, err
	}
	results := make([]*Result, sh.Draws)
	dropped := make([][]bool, sh.Draws)
	if err := runDraws(ctx, sh, func(k int) {
		pt, drop := sh.perturb(t, k)
		dropped[k] = drop
		r, err := Run(ctx, pt, o)
		if err == nil {
			results[k] = r
		}
	}); err != nil {
		return nil, err
	}
	return summarise(t, o, sh, base, results, dropped), nil
}

// runDraws calls f(k) for every draw on sh.Workers goroutines.
func runDraws(ctx context.Context, sh Shocks, f func(k int)) error {
	workers := sh.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, sh.Draws) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				f(k)
			}
		}()
	}
	var err error
loop:
	for k := range sh.Draws {
		select {
		case next <- k:
		case <-ctx.Done():
			err = ctx.Err()
			break loop
		}
	}
	close(next)
	wg.Wait()
	return err
}

// perturb returns draw k's table and the actors it dropped (indexed as in t).
func (sh *Shocks) perturb(t *Table, k int) (*Table, []bool) {
	r := rand.New(rand.NewPCG(sh.Seed, uint64(k)))
	c := t.Clone()
	for i := range c.Actors {
		sh.perturbActor(c, i, r)
	}
	drop := make([]bool, len(t.Actors))
	if sh.Drop > 0 {
		kept := 0
		for i := range drop {
			drop[i] = r.Float64() < sh.Drop
			if !drop[i] {
				kept++
			}
		}
		if kept < 2 {
			clear(drop) // too few left to negotiate: keep everyone
		}
		c = c.without(drop)
	}
	return c, drop
}

func (sh *Shocks) perturbActor(c *Table, i int, r *rand.Rand) {
	a := &c.Actors[i]
	if sh.Ranges && c.Ranges != nil {
		ar := c.Ranges.Actors[i]
		a.Capability = uniformIn(r, ar.Capability)
		for d := range a.Position {
			if a.Present(d) {
				a.Position[d] = uniformIn(r, ar.Position[d])
				a.Salience[d] = uniformIn(r, ar.Salience[d])
			}
		}
	}
	if sh.Capability > 0 {
		a.Capability *= math.Exp(sh.Capability * r.NormFloat64())
	}
	for d := range a.Position {
		if !a.Present(d) {
			continue
		}
		dim := c.Dims[d]
		if sh.Position > 0 {
			a.Position[d] = clamp(a.Position[d]+sh.Position*(dim.Max-dim.Min)*r.NormFloat64(), dim.Min, dim.Max)
		}
		if sh.Salience > 0 && a.Salience[d] > 0 {
			// an actor that cares keeps caring a little: SMP needs positive weights
			a.Salience[d] = clamp(a.Salience[d]+sh.Salience*r.NormFloat64(), minShockSalience, 1)
		}
	}
	if total := sum(a.Salience); total > 1 { // KTAB: saliences sum to at most 1
		for d := range a.Salience {
			a.Salience[d] /= total
		}
	}
}

// minShockSalience is the floor of a perturbed positive salience (0.1 on
// the 0–100 scale).
const minShockSalience = 1e-3

func uniformIn(r *rand.Rand, iv [2]float64) float64 {
	return iv[0] + (iv[1]-iv[0])*r.Float64()
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// without returns t without the actors marked in drop.
func (t *Table) without(drop []bool) *Table {
	if !slices.Contains(drop, true) {
		return t
	}
	c := *t
	c.Actors = nil
	var keep []int
	for i, a := range t.Actors {
		if !drop[i] {
			c.Actors = append(c.Actors, a)
			keep = append(keep, i)
		}
	}
	if t.Ranges != nil {
		c.Ranges = &Ranges{}
		for _, i := range keep {
			c.Ranges.Actors = append(c.Ranges.Actors, t.Ranges.Actors[i])
		}
	}
	if t.Accommodation != nil {
		c.Accommodation = make([][]float64, len(keep))
		for a, i := range keep {
			for _, j := range keep {
				c.Accommodation[a] = append(c.Accommodation[a], t.Accommodation[i][j])
			}
		}
	}
	return &c
}

// summarise collects the draws into per-dimension summaries.
func summarise(t *Table, o Options, sh Shocks, base *Result, results []*Result, dropped [][]bool) *Sensitivity {
	s := &Sensitivity{Shocks: sh, Model: o.Model, Base: base, Dropped: make([]int, len(t.Actors))}
	for k, r := range results {
		if r == nil {
			s.Failed++
			continue
		}
		for i, d := range dropped[k] {
			if d {
				s.Dropped[i]++
			}
		}
	}
	for d, dim := range t.Dims {
		var point, mean, med []float64
		for _, r := range results {
			if r == nil {
				continue
			}
			f := r.Forecasts[d]
			point, mean, med = appendFinite(point, f.Point), appendFinite(mean, f.Mean), appendFinite(med, f.Median)
		}
		ps := summary(point)
		s.Dims = append(s.Dims, DimSensitivity{Dim: d, Name: dim.Name, Point: ps, Mean: summary(mean),
			Median: summary(med), Samples: point, Check: checkPoint(t, d, base, results, point, ps), Anchors: AnchorShares(dim, point)})
	}
	return s
}

func appendFinite(x []float64, v float64) []float64 {
	if finite(v) {
		return append(x, v)
	}
	return x
}

// summary computes a Summary of x.
func summary(x []float64) Summary {
	s := Summary{N: len(x)}
	if len(x) == 0 {
		nan := math.NaN()
		s.Mean, s.SD, s.P5, s.P25, s.P50, s.P75, s.P95 = nan, nan, nan, nan, nan, nan, nan
		return s
	}
	s.Mean = sum(x) / float64(len(x))
	for _, v := range x {
		s.SD += (v - s.Mean) * (v - s.Mean)
	}
	if len(x) > 1 {
		s.SD = math.Sqrt(s.SD / float64(len(x)-1))
	} else {
		s.SD = 0
	}
	y := slices.Clone(x)
	slices.Sort(y)
	s.P5, s.P25, s.P50, s.P75, s.P95 = quantile(y, 0.05), quantile(y, 0.25), quantile(y, 0.5), quantile(y, 0.75), quantile(y, 0.95)
	return s
}

// quantile of sorted y at q, interpolating linearly (Hyndman–Fan type 7).
func quantile(y []float64, q float64) float64 {
	h := q * float64(len(y)-1)
	lo := int(math.Floor(h))
	if lo >= len(y)-1 {
		return y[len(y)-1]
	}
	return y[lo] + (h-float64(lo))*(y[lo+1]-y[lo])
}
