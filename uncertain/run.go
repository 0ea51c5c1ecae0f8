package uncertain

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/big"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// EvalFunc evaluates a model at point x (the parameter values, in design
// order) and writes its outputs to out, for draw or evaluation index k. It is
// called concurrently from several goroutines, with distinct k, x and out;
// keep per-worker scratch in a sync.Pool. It must not retain x or out. out
// is filled with NaN beforehand, so an output left unwritten is reported as
// an error of the draw.
type EvalFunc func(k int, x, out []float64) error

// RunOptions configures [Run].
type RunOptions struct {
	// Workers is the number of goroutines; all cores (GOMAXPROCS) when < 1.
	// Results do not depend on it.
	Workers int
	// Shard selects the draws to run; the zero value runs them all.
	Shard Shard
	// Progress, when set, is called about ten times a second and once at the
	// end with the draws done and the total, always from one goroutine.
	Progress func(done, total int64)
	// KeepRows keeps every successful draw's parameters and outputs in the
	// partial result (for --draws-out CSV, PRIM or bootstraps).
	KeepRows bool
	// MaxErrors stops the run with an error once more than MaxErrors draws
	// have failed; 0 never stops. Failed draws are always counted and the
	// first 100 kept with their parameter values.
	MaxErrors int
	// Info is recorded in the partial result; partials merge only when their
	// Info agree, so put there what must not differ between shards (program
	// and Go versions, scenario digest), never host names or times.
	Info map[string]string
}

// Run evaluates the draws of a design (those of opt.Shard) with eval over
// opt.Workers goroutines and returns their exactly mergeable statistics.
// The result, and its JSON encoding, are bit-identical whatever the number
// of workers, and merging the results of all shards gives the result of a
// single run. Failed draws (an error, a panic, a non-finite output, an
// indicator not 0 or 1, a probability outside [0, 1]) are recorded in the
// result, not returned; Run returns an error for bad arguments,
// cancellation, or more than opt.MaxErrors failures.
func Run(ctx context.Context, d *Design, outputs []Output, eval EvalFunc, opt RunOptions) (*Partial, error) {
	if eval == nil {
		return nil, errNoEval
	}
	seen := map[string]bool{}
	for _, o := range outputs {
		if err := checkOutput(o, seen); err != nil {
			return nil, err
		}
	}
	if opt.Shard == (Shard{}) {
		opt.Shard = Shard{0, 1}
	}
	lo, hi, err := ShardRange(d.n, opt.Shard.Index, opt.Shard.Count)
	if err != nil {
		return nil, err
	}
	p := newPartial(d, outputs, opt, lo, hi)
	r := &runner{d: d, outputs: p.outputs, ends: p.ends, eval: eval, keep: opt.KeepRows, maxErr: int64(opt.MaxErrors)}
	workers := workerCount(opt.Workers, hi-lo)
	r.ws = make([]*worker, workers)
	for i := range r.ws {
		r.ws[i] = &worker{st: newStats(len(outputs), len(p.ends)), y: make([]float64, len(outputs)), t: exactZero()}
	}
	if err := parallel(ctx, lo, hi, workers, opt.Progress, r.draw); err != nil {
		return nil, err
	}
	for _, w := range r.ws {
		p.st.merge(&w.st)
	}
	return p, nil
}

func newPartial(d *Design, outputs []Output, opt RunOptions, lo, hi int) *Partial {
	p := &Partial{
		design:   DesignInfo{Fingerprint: d.fp, Draws: d.n, Seed: d.seed, Method: d.method, Params: d.Names()},
		outputs:  append([]Output(nil), outputs...),
		info:     maps.Clone(opt.Info),
		ends:     segmentEnds(d.n),
		keepRows: opt.KeepRows,
	}
	if p.info == nil {
		p.info = map[string]string{}
	}
	if lo < hi {
		p.ranges = []Range{{lo, hi}}
	}
	p.st = newStats(len(outputs), len(p.ends))
	return p
}

// runner holds what the workers of a run share.
type runner struct {
	d       *Design
	outputs []Output
	ends    []int
	eval    EvalFunc
	keep    bool
	maxErr  int64
	failed  atomic.Int64
	ws      []*worker
}

// worker is the state of one goroutine of a run.
type worker struct {
	st   stats
	x, y []float64
	t    *big.Float
}

// draw evaluates draw k on worker w.
func (r *runner) draw(wi, k int) error {
	w := r.ws[wi]
	w.x = r.d.Point(k, w.x)
	var xs []float64
	if r.keep {
		xs = append([]float64(nil), w.x...)
	}
	for i := range w.y {
		w.y[i] = math.NaN()
	}
	err := safeEval(r.eval, k, w.x, w.y)
	if err == nil {
		err = checkValues(r.outputs, w.y)
	}
	if err != nil {
		w.st.fail(DrawError{K: k, X: r.d.Point(k, nil), Err: err.Error()})
		if n := r.failed.Add(1); r.maxErr > 0 && n > r.maxErr {
			return fmt.Errorf("more than %d draws failed; draw %d: %w", r.maxErr, k, err)
		}
		return nil
	}
	w.st.add(segmentOf(r.ends, k), w.y, w.t)
	if r.keep {
		w.st.rows = append(w.st.rows, Row{K: k, X: xs, Y: append([]float64(nil), w.y...)})
	}
	return nil
}

// safeEval calls eval, turning a panic into an error.
func safeEval(eval EvalFunc, k int, x, y []float64) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	return eval(k, x, y)
}

var errNoEval = errors.New("no evaluation function")

// probSlack is how far outside [0, 1] a probability output may stray
// through rounding.
const probSlack = 1e-9

func checkValues(outputs []Output, y []float64) error {
	for i, v := range y {
		o := outputs[i]
		switch {
		case math.IsNaN(v):
			return fmt.Errorf("output %q is NaN (not written?)", o.Name)
		case math.IsInf(v, 0):
			return fmt.Errorf("output %q is %v", o.Name, v)
		case o.Kind == Indicator && v != 0 && v != 1:
			return fmt.Errorf("indicator output %q is %v, not 0 or 1", o.Name, v)
		case o.Kind == Probability && (v < -probSlack || v > 1+probSlack):
			return fmt.Errorf("probability output %q is %v, outside [0, 1]", o.Name, v)
		}
	}
	return nil
}

func workerCount(w, n int) int {
	if w < 1 {
		w = runtime.GOMAXPROCS(0)
	}
	return max(1, min(w, n))
}

// parallel calls fn(worker, k) for every k in [lo, hi) on the given number
// of goroutines, handing out consecutive chunks in increasing order (so each
// worker sees increasing k). It stops at the first error or cancellation.
func parallel(ctx context.Context, lo, hi, workers int, progress func(done, total int64), fn func(w, k int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunk := int64(max(1, min(256, (hi-lo)/(workers*16))))
	var next, done atomic.Int64
	next.Store(int64(lo))
	var once sync.Once
	var firstErr error
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				start := next.Add(chunk) - chunk
				if start >= int64(hi) {
					return
				}
				end := min(start+chunk, int64(hi))
				for k := start; k < end; k++ {
					if err := fn(w, int(k)); err != nil {
						once.Do(func() { firstErr = err; cancel() })
						return
					}
				}
				done.Add(end - start)
			}
		})
	}
	stop := reportProgress(progress, &done, int64(hi-lo))
	wg.Wait()
	stop()
	if firstErr != nil {
		return firstErr
	}
	return context.Cause(ctx)
}

// reportProgress calls progress periodically until the returned stop
// function is called, which makes a last call.
func reportProgress(progress func(done, total int64), done *atomic.Int64, total int64) (stop func()) {
	if progress == nil {
		return func() {}
	}
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				progress(done.Load(), total)
			case <-quit:
				progress(done.Load(), total)
				return
			}
		}
	}()
	return func() { close(quit); <-finished }
}
