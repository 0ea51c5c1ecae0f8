package uncertain

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
)

// FormatVersion identifies the JSON format of partial results.
const FormatVersion = "tablero.uncertain.partial/1"

// exactPrec is the precision of the exact sums: enough for any sum of up to
// 2^63 float64 values or of their squares (bit positions 2^-2148 to 2^2047,
// plus 63 bits of carries).
const exactPrec = 4352

// maxKeptErrors bounds the draw errors a partial keeps (those of the lowest
// draw indices); Failed always counts them all.
const maxKeptErrors = 100

// Convergence trace: the draws are split into segments ending at N/2^j for
// j = traceLevels, ..., 1, 0 (only ends of at least traceMinDraws draws), so
// the mean and standard error after each prefix can be merged exactly.
const (
	traceLevels   = 10
	traceMinDraws = 64
)

// OutputKind says what an output's values are, which fixes its interval.
type OutputKind string

// Output kinds.
const (
	// Indicator outputs are 0 or 1 in each draw (an event); their mean is a
	// proportion with a Wilson score interval.
	Indicator OutputKind = "indicator"
	// Probability outputs are in [0, 1] (e.g. an equilibrium probability);
	// their mean has a normal interval clamped to [0, 1].
	Probability OutputKind = "probability"
	// Value outputs are any finite numbers (e.g. an expected cost); their
	// mean has a normal interval.
	Value OutputKind = "value"
)

// Output names a model output and its kind.
type Output struct {
	Name string     `json:"name"`
	Kind OutputKind `json:"kind"`
}

// DesignInfo identifies the design a partial result belongs to.
type DesignInfo struct {
	Fingerprint string   `json:"fingerprint"`
	Draws       int      `json:"draws"`
	Seed        uint64   `json:"seed"`
	Method      Method   `json:"method"`
	Params      []string `json:"params"`
}

// Range is the half-open interval of draws [Lo, Hi).
type Range struct{ Lo, Hi int }

// DrawError is a failed draw: its index, parameter values and error.
type DrawError struct {
	K   int       `json:"k"`
	X   []float64 `json:"x"`
	Err string    `json:"error"`
}

// Error describes the failed draw.
func (e DrawError) Error() string { return fmt.Sprintf("draw %d (x = %v): %s", e.K, e.X, e.Err) }

// Row is one successful draw: its index, parameter values and outputs.
type Row struct {
	K int
	X []float64
	Y []float64
}

// Partial is the exactly mergeable result of running the draws of some
// ranges of a design: per output and per trace segment, the count and the
// exact sums of the values and of their squares; the exact minimum and
// maximum; a histogram with fixed bins; failed draws; and optionally every
// row. Merging partials of disjoint ranges, in any order or grouping, gives
// a result bit-identical to running all their draws at once.
type Partial struct {
	design   DesignInfo
	outputs  []Output
	info     map[string]string
	ranges   []Range
	ends     []int
	keepRows bool
	st       stats
}

// stats are the accumulated statistics, per worker during a run.
type stats struct {
	counts []int64 // successful draws per segment
	failed int64
	errs   []DrawError // lowest K first, at most maxKeptErrors
	out    []outStats
	rows   []Row
}

type outStats struct {
	sum, sq  []*big.Float // per segment
	min, max float64      // +Inf, -Inf when empty
	hist     map[uint32]bin
}

func newStats(nout, nseg int) stats {
	s := stats{counts: make([]int64, nseg), out: make([]outStats, nout)}
	for i := range s.out {
		o := &s.out[i]
		o.sum, o.sq = make([]*big.Float, nseg), make([]*big.Float, nseg)
		for j := range nseg {
			o.sum[j], o.sq[j] = exactZero(), exactZero()
		}
		o.min, o.max = math.Inf(1), math.Inf(-1)
		o.hist = map[uint32]bin{}
	}
	return s
}

func exactZero() *big.Float { return new(big.Float).SetPrec(exactPrec) }

// add accumulates the outputs y of a successful draw in segment seg; t is scratch.
func (s *stats) add(seg int, y []float64, t *big.Float) {
	s.counts[seg]++
	for i, v := range y {
		o := &s.out[i]
		t.SetFloat64(v)
		o.sum[seg].Add(o.sum[seg], t)
		t.Mul(t, t)
		o.sq[seg].Add(o.sq[seg], t)
		o.min, o.max = math.Min(o.min, v), math.Max(o.max, v)
		histAdd(o.hist, v)
	}
}

// fail records a failed draw.
func (s *stats) fail(e DrawError) {
	s.failed++
	if len(s.errs) < maxKeptErrors || e.K < s.errs[len(s.errs)-1].K {
		s.errs = mergeErrors(s.errs, []DrawError{e})
	}
}

// merge adds o into s exactly.
func (s *stats) merge(o *stats) {
	for j, c := range o.counts {
		s.counts[j] += c
	}
	s.failed += o.failed
	s.errs = mergeErrors(s.errs, o.errs)
	for i := range s.out {
		a, b := &s.out[i], &o.out[i]
		for j := range a.sum {
			a.sum[j].Add(a.sum[j], b.sum[j])
			a.sq[j].Add(a.sq[j], b.sq[j])
		}
		a.min, a.max = math.Min(a.min, b.min), math.Max(a.max, b.max)
		histMerge(a.hist, b.hist)
	}
	s.rows = mergeSorted(s.rows, o.rows, func(r Row) int { return r.K })
}

func (s *stats) clone() stats {
	c := newStats(len(s.out), len(s.counts))
	c.merge(s)
	return c
}

func mergeErrors(a, b []DrawError) []DrawError {
	m := mergeSorted(a, b, func(e DrawError) int { return e.K })
	if len(m) > maxKeptErrors {
		m = m[:maxKeptErrors]
	}
	return m
}

// mergeSorted merges two slices sorted by key into a new one.
func mergeSorted[T any](a, b []T, key func(T) int) []T {
	if len(a)+len(b) == 0 {
		return nil
	}
	m := make([]T, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if key(b[0]) < key(a[0]) {
			m, b = append(m, b[0]), b[1:]
		} else {
			m, a = append(m, a[0]), a[1:]
		}
	}
	return append(append(m, a...), b...)
}

// segmentEnds returns the ends of the trace segments of n draws.
func segmentEnds(n int) []int {
	var ends []int
	for j := traceLevels; j >= 1; j-- {
		if e := n >> j; e >= traceMinDraws {
			ends = append(ends, e)
		}
	}
	return append(ends, n)
}

// segmentOf returns the segment of draw k.
func segmentOf(ends []int, k int) int {
	s := 0
	for k >= ends[s] {
		s++
	}
	return s
}

// Design returns the identity of the design the partial belongs to.
func (p *Partial) Design() DesignInfo {
	d := p.design
	d.Params = slices.Clone(d.Params)
	return d
}

// Outputs returns the outputs, in order.
func (p *Partial) Outputs() []Output { return slices.Clone(p.outputs) }

// Info returns the run information recorded with the partial.
func (p *Partial) Info() map[string]string { return maps.Clone(p.info) }

// Ranges returns the draw ranges covered, sorted and coalesced.
func (p *Partial) Ranges() []Range { return slices.Clone(p.ranges) }

// Complete reports whether the partial covers all draws of its design.
func (p *Partial) Complete() bool {
	return len(p.ranges) == 1 && p.ranges[0] == Range{0, p.design.Draws}
}

// Covered returns the number of draws covered, failed or not.
func (p *Partial) Covered() int64 {
	var n int64
	for _, r := range p.ranges {
		n += int64(r.Hi - r.Lo)
	}
	return n
}

// Failed returns the number of failed draws.
func (p *Partial) Failed() int64 { return p.st.failed }

// Errors returns the failed draws with the lowest indices (at most 100).
func (p *Partial) Errors() []DrawError { return slices.Clone(p.st.errs) }

// Rows returns the successful draws in index order, when the run kept them
// (RunOptions.KeepRows); the slices are shared, not copied.
func (p *Partial) Rows() []Row { return p.st.rows }

// Merge merges partial results of the same design and outputs over
// disjoint draw ranges. It is exact: the result does not depend on the
// order or grouping of the parts, and merging the shards of a design gives
// a result bit-identical to a single run. The parts are not modified.
func Merge(parts ...*Partial) (*Partial, error) {
	if len(parts) == 0 {
		return nil, errors.New("merge: no partial results")
	}
	m := parts[0].clone()
	for i, q := range parts[1:] {
		if err := m.compatible(q); err != nil {
			return nil, fmt.Errorf("merge: part %d: %w", i+2, err)
		}
		rs, err := unionRanges(m.ranges, q.ranges)
		if err != nil {
			return nil, fmt.Errorf("merge: part %d: %w", i+2, err)
		}
		m.ranges = rs
		m.st.merge(&q.st)
	}
	return m, nil
}

func (p *Partial) clone() *Partial {
	c := *p
	c.design = p.Design()
	c.outputs = p.Outputs()
	c.info = p.Info()
	c.ranges = p.Ranges()
	c.ends = slices.Clone(p.ends)
	c.st = p.st.clone()
	return &c
}

func (p *Partial) compatible(q *Partial) error {
	a, b := p.design, q.design
	switch {
	case a.Fingerprint != b.Fingerprint || a.Draws != b.Draws || a.Seed != b.Seed ||
		a.Method != b.Method || !slices.Equal(a.Params, b.Params):
		return fmt.Errorf("design %s (%d draws, seed %d) differs from %s (%d draws, seed %d)",
			b.Fingerprint, b.Draws, b.Seed, a.Fingerprint, a.Draws, a.Seed)
	case !slices.Equal(p.outputs, q.outputs):
		return errors.New("outputs differ")
	case !maps.Equal(p.info, q.info):
		return fmt.Errorf("run information differs: %v vs %v", q.info, p.info)
	case p.keepRows != q.keepRows:
		return errors.New("one part kept rows and the other did not")
	}
	return nil
}

// unionRanges returns the sorted, coalesced union of two sets of disjoint
// ranges, or an error if they overlap.
func unionRanges(a, b []Range) ([]Range, error) {
	all := append(slices.Clone(a), b...)
	slices.SortFunc(all, func(x, y Range) int { return cmp.Compare(x.Lo, y.Lo) })
	var out []Range
	for _, r := range all {
		if n := len(out); n > 0 && r.Lo < out[n-1].Hi {
			return nil, fmt.Errorf("draws [%d, %d) and [%d, %d) overlap", out[n-1].Lo, out[n-1].Hi, r.Lo, r.Hi)
		} else if n > 0 && r.Lo == out[n-1].Hi {
			out[n-1].Hi = r.Hi
			continue
		}
		out = append(out, r)
	}
	return out, nil
}
