package uncertain

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// TornadoOptions configures [Tornado].
type TornadoOptions struct {
	// Ranges gives, per parameter, the low and high values to swing to. A
	// nil Ranges, or an entry with a NaN, uses the Tail and 1-Tail quantiles
	// of the parameter's distribution.
	Ranges [][2]float64
	// Tail is the quantile used when a range is not given; 0.05 when 0.
	Tail float64
	// Workers is the number of goroutines; all cores when < 1.
	Workers int
}

// TornadoResult holds one-at-a-time swings of every parameter.
type TornadoResult struct {
	Params    []string
	Base      []float64   // parameter values of the base point
	Low, High []float64   // value each parameter swings to
	YBase     []float64   // outputs at the base point
	YLow      [][]float64 // YLow[i] = outputs with parameter i at Low[i]
	YHigh     [][]float64
}

// TornadoBar is the swing of one output as one parameter moves.
type TornadoBar struct {
	Param string  `json:"param"`
	Index int     `json:"index"`
	Low   float64 `json:"low"` // parameter values
	High  float64 `json:"high"`
	YLow  float64 `json:"y_low"` // output at Low and at High
	YHigh float64 `json:"y_high"`
	Swing float64 `json:"swing"`  // |YHigh - YLow|
	Base  float64 `json:"base"`   // parameter value at the base point
	YBase float64 `json:"y_base"` // output at the base point
}

// Tornado moves each parameter alone from base to its low and high values
// and evaluates the model there: 1 + 2·len(params) evaluations, with index
// 0 for the base point and 1+2i, 2+2i for parameter i at low and high. An
// evaluation error aborts.
func Tornado(ctx context.Context, params []Param, base []float64, nout int, eval EvalFunc, opt TornadoOptions) (*TornadoResult, error) {
	if eval == nil {
		return nil, errNoEval
	}
	if len(base) != len(params) {
		return nil, fmt.Errorf("tornado: %d base values for %d parameters", len(base), len(params))
	}
	if opt.Ranges != nil && len(opt.Ranges) != len(params) {
		return nil, fmt.Errorf("tornado: %d ranges for %d parameters", len(opt.Ranges), len(params))
	}
	tail := opt.Tail
	if tail == 0 {
		tail = 0.05
	}
	if !(tail > 0 && tail < 0.5) {
		return nil, fmt.Errorf("tornado: tail %v outside (0, 0.5)", tail)
	}
	r := &TornadoResult{Base: slices.Clone(base), YLow: make([][]float64, len(params)), YHigh: make([][]float64, len(params))}
	for i, p := range params {
		r.Params = append(r.Params, p.Name)
		lo, hi := p.Dist.Quantile(tail), p.Dist.Quantile(1-tail)
		if opt.Ranges != nil && !math.IsNaN(opt.Ranges[i][0]) && !math.IsNaN(opt.Ranges[i][1]) {
			lo, hi = opt.Ranges[i][0], opt.Ranges[i][1]
		}
		r.Low, r.High = append(r.Low, lo), append(r.High, hi)
	}
	ys, err := evalPoints(ctx, 1+2*len(params), len(params), nout, opt.Workers, nil, r.point, eval, false)
	if err != nil {
		return nil, fmt.Errorf("tornado: %w", err)
	}
	r.YBase = ys[0]
	for i := range params {
		r.YLow[i], r.YHigh[i] = ys[1+2*i], ys[2+2*i]
	}
	return r, nil
}

// point writes evaluation e of the tornado to x.
func (r *TornadoResult) point(e int, x []float64) {
	copy(x, r.Base)
	if e == 0 {
		return
	}
	i := (e - 1) / 2
	if e%2 == 1 {
		x[i] = r.Low[i]
	} else {
		x[i] = r.High[i]
	}
}

// Bars returns the swings of output o, largest first (ties in parameter order).
func (r *TornadoResult) Bars(o int) []TornadoBar {
	bars := make([]TornadoBar, len(r.Params))
	for i, name := range r.Params {
		yl, yh := r.YLow[i][o], r.YHigh[i][o]
		bars[i] = TornadoBar{Param: name, Index: i, Low: r.Low[i], High: r.High[i], YLow: yl, YHigh: yh,
			Swing: math.Abs(yh - yl), Base: r.Base[i], YBase: r.YBase[o]}
	}
	slices.SortStableFunc(bars, func(a, b TornadoBar) int { return cmp.Compare(b.Swing, a.Swing) })
	return bars
}

// evalPoints evaluates n points, point(e, x) giving the e-th, on the given
// number of workers, and returns the outputs; the first error aborts.
//
// With skip, an evaluation that fails leaves its entry nil rather than
// ending the run (the context's errors still end it).
func evalPoints(ctx context.Context, n, dim, nout, workers int, progress func(done, total int64),
	point func(e int, x []float64), eval EvalFunc, skip bool) ([][]float64, error) {
	workers = workerCount(workers, n)
	xs := make([][]float64, workers)
	for w := range xs {
		xs[w] = make([]float64, dim)
	}
	ys := make([][]float64, n)
	err := parallel(ctx, 0, n, workers, progress, func(w, e int) error {
		x, y := xs[w], make([]float64, nout)
		point(e, x)
		for i := range y {
			y[i] = math.NaN()
		}
		err := safeEval(eval, e, x, y)
		for i := 0; err == nil && i < nout; i++ {
			if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
				err = fmt.Errorf("output %d is %v", i, y[i])
			}
		}
		if err != nil && skip {
			return nil
		}
		if err != nil {
			point(e, x)
			return fmt.Errorf("evaluation %d (x = %v): %w", e, x, err)
		}
		ys[e] = y
		return nil
	})
	return ys, err
}
