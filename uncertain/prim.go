package uncertain

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// PrimOptions configures [PRIM]. Zero values take EMA Workbench's defaults.
type PrimOptions struct {
	// Threshold is the density (mean of y in the box) a box must reach, in
	// (0, 1]; required.
	Threshold float64
	// PeelAlpha is the fraction of the box peeled per step (0.05).
	PeelAlpha float64
	// PasteAlpha is the fraction pasted back per step (0.05).
	PasteAlpha float64
	// MassMin is the smallest fraction of all points a box may hold (0.05).
	MassMin float64
	// MaxBoxes is the number of boxes to look for (1); each further box is
	// sought among the points outside the earlier ones.
	MaxBoxes int
	// Choose selects the box reported from each trajectory.
	Choose PrimChoice
}

// PrimChoice is how PRIM picks the reported box from a trajectory.
type PrimChoice int

const (
	// PrimMaxCoverage picks the step of highest coverage among those whose
	// density reaches the threshold (the earliest on ties), or the last step
	// when none does: the largest box that meets the threshold.
	PrimMaxCoverage PrimChoice = iota
	// PrimLast picks the last step, EMA Workbench's default: the densest
	// box, often much smaller when outcomes are noisy.
	PrimLast
)

// PrimResult holds the boxes PRIM found.
type PrimResult struct {
	N     int       `json:"n"`     // points
	Total float64   `json:"total"` // sum of y: the cases of interest
	Lo    []float64 `json:"low"`   // the initial box: data range per dimension
	Hi    []float64 `json:"high"`
	Boxes []PrimBox `json:"boxes"`
}

// PrimBox is one box with its peeling and pasting trajectory.
type PrimBox struct {
	Trajectory []PrimStep `json:"trajectory"`
	// Chosen is the step reported as the box (see PrimChoice); callers may
	// pick another, trading density for coverage.
	Chosen int `json:"chosen"`
	// MeetsThreshold reports whether the chosen box's density reaches the
	// threshold. PRIM stops at the first box that does not.
	MeetsThreshold bool `json:"meets_threshold"`
}

// Box returns the chosen step.
func (b *PrimBox) Box() PrimStep { return b.Trajectory[b.Chosen] }

// PrimStep is a box on a trajectory, with the statistics EMA Workbench
// reports: coverage = (y in box)/(y in all data), density = mean of y in
// the box, mass = (points in box)/(all points), and the number of
// restricted dimensions (limits narrower than the initial box). Limits are
// inclusive.
type PrimStep struct {
	Coverage   float64   `json:"coverage"`
	Density    float64   `json:"density"`
	Mass       float64   `json:"mass"`
	N          int       `json:"n"`
	ResDim     int       `json:"res_dim"`
	Lo         []float64 `json:"low"`
	Hi         []float64 `json:"high"`
	Restricted []bool    `json:"restricted"`
}

// PRIM runs the Patient Rule Induction Method for scenario discovery on
// points x[i] (one row per draw, one column per parameter) with outcomes
// y[i] >= 0, usually 0/1 flags of a case of interest (for example
// "P(sustained escalation) exceeds 0.5 in this draw"). It follows EMA
// Workbench's Prim for numeric data: peeling removes the PeelAlpha
// quantile (ties handled as sdtoolkit does) from the bottom or top of one
// dimension, choosing the peel with the best "lenient1" objective (gain in
// mean per point removed; ties to the candidate restricting fewer
// dimensions), while the mass stays at least MassMin; pasting then widens
// restricted limits by PasteAlpha quantiles while the mean improves. The
// reported box is chosen from the trajectory by opt.Choose.
func PRIM(x [][]float64, y []float64, opt PrimOptions) (*PrimResult, error) {
	pr, err := newPrim(x, y, opt)
	if err != nil {
		return nil, err
	}
	res := &PrimResult{N: pr.n, Total: pr.total, Lo: slices.Clone(pr.lo0), Hi: slices.Clone(pr.hi0)}
	for range pr.opt.MaxBoxes {
		box, ok := pr.findBox()
		if !ok {
			break
		}
		res.Boxes = append(res.Boxes, box)
		if !box.MeetsThreshold {
			break
		}
	}
	return res, nil
}

// prim is the state of a PRIM search.
type prim struct {
	x          [][]float64
	y          []float64
	n, d       int
	total      float64
	opt        PrimOptions
	lo0, hi0   []float64
	order      [][]int32 // points sorted by each dimension
	remaining  []bool    // points not in earlier boxes
	in         []bool    // points in the current box
	lo, hi     []float64 // current box
	nIn        int
	sumIn      float64
	scratchVal []float64
}

func newPrim(x [][]float64, y []float64, opt PrimOptions) (*prim, error) {
	if err := checkPrimData(x, y); err != nil {
		return nil, fmt.Errorf("prim: %w", err)
	}
	if !(opt.Threshold > 0 && opt.Threshold <= 1) {
		return nil, fmt.Errorf("prim: threshold %v outside (0, 1]", opt.Threshold)
	}
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&opt.PeelAlpha, 0.05)
	def(&opt.PasteAlpha, 0.05)
	def(&opt.MassMin, 0.05)
	if opt.MaxBoxes < 1 {
		opt.MaxBoxes = 1
	}
	if !(opt.PeelAlpha > 0 && opt.PeelAlpha < 0.5 && opt.PasteAlpha > 0 && opt.PasteAlpha < 0.5 && opt.MassMin > 0 && opt.MassMin < 1) {
		return nil, fmt.Errorf("prim: alphas must be in (0, 0.5) and mass_min in (0, 1), have %v, %v, %v", opt.PeelAlpha, opt.PasteAlpha, opt.MassMin)
	}
	p := &prim{x: x, y: y, n: len(x), d: len(x[0]), opt: opt, remaining: make([]bool, len(x)), in: make([]bool, len(x))}
	for i, v := range y {
		p.total += v
		p.remaining[i] = true
	}
	if p.total <= 0 {
		return nil, errors.New("prim: no cases of interest (y sums to 0)")
	}
	p.lo0, p.hi0 = make([]float64, p.d), make([]float64, p.d)
	for j := range p.d {
		o := make([]int32, p.n)
		for i := range o {
			o[i] = int32(i)
		}
		slices.SortStableFunc(o, func(a, b int32) int { return cmp.Compare(x[a][j], x[b][j]) })
		p.order = append(p.order, o)
		p.lo0[j], p.hi0[j] = x[o[0]][j], x[o[p.n-1]][j]
	}
	return p, nil
}

func checkPrimData(x [][]float64, y []float64) error {
	if len(x) == 0 || len(x) != len(y) || len(x[0]) == 0 {
		return fmt.Errorf("need points and as many outcomes, have %d and %d", len(x), len(y))
	}
	for i, row := range x {
		if len(row) != len(x[0]) {
			return fmt.Errorf("point %d has %d coordinates, want %d", i, len(row), len(x[0]))
		}
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("point %d has coordinate %v", i, v)
			}
		}
		if !(y[i] >= 0) || math.IsInf(y[i], 0) {
			return fmt.Errorf("outcome %d is %v, want finite and >= 0", i, y[i])
		}
	}
	return nil
}

// findBox finds the next box among the remaining points.
func (p *prim) findBox() (PrimBox, bool) {
	p.lo, p.hi = slices.Clone(p.lo0), slices.Clone(p.hi0)
	p.nIn, p.sumIn = 0, 0
	for i := range p.in {
		p.in[i] = p.remaining[i]
		if p.in[i] {
			p.nIn++
			p.sumIn += p.y[i]
		}
	}
	if p.nIn == 0 {
		return PrimBox{}, false
	}
	box := PrimBox{Trajectory: []PrimStep{p.step()}}
	for p.peel() {
		box.Trajectory = append(box.Trajectory, p.step())
	}
	for p.paste() {
		box.Trajectory = append(box.Trajectory, p.step())
	}
	box.Chosen = p.choose(box.Trajectory)
	box.MeetsThreshold = box.Box().Density >= p.opt.Threshold
	p.setBox(box.Box())
	if box.MeetsThreshold {
		for i, in := range p.in {
			if in {
				p.remaining[i] = false
			}
		}
	}
	return box, true
}

// choose returns the index of the reported step of a trajectory.
func (p *prim) choose(tr []PrimStep) int {
	best := len(tr) - 1
	if p.opt.Choose == PrimLast {
		return best
	}
	found := false
	for i, s := range tr {
		if s.Density >= p.opt.Threshold && (!found || s.Coverage > tr[best].Coverage) {
			best, found = i, true
		}
	}
	return best
}

// setBox makes s the current box.
func (p *prim) setBox(s PrimStep) {
	copy(p.lo, s.Lo)
	copy(p.hi, s.Hi)
	p.recount()
}

// step describes the current box.
func (p *prim) step() PrimStep {
	s := PrimStep{Coverage: p.sumIn / p.total, Mass: float64(p.nIn) / float64(p.n), N: p.nIn,
		Lo: slices.Clone(p.lo), Hi: slices.Clone(p.hi), Restricted: make([]bool, p.d)}
	if p.nIn > 0 {
		s.Density = p.sumIn / float64(p.nIn)
	}
	for j := range p.d {
		s.Restricted[j] = p.lo[j] != p.lo0[j] || p.hi[j] != p.hi0[j]
		if s.Restricted[j] {
			s.ResDim++
		}
	}
	return s
}

// candidate is a possible peel or paste: a new limit on one dimension.
type candidate struct {
	dim    int
	upper  bool
	limit  float64
	n      int
	sum    float64
	obj    float64
	nonRes int
}

// better reports whether c beats b: higher objective, then fewer
// restricted dimensions; earlier candidates win ties.
func (c *candidate) better(b *candidate) bool {
	return b == nil || c.obj > b.obj || (c.obj == b.obj && c.nonRes > b.nonRes)
}

// lenient1 is EMA Workbench's default objective: the change in mean per
// point removed or added.
func (p *prim) lenient1(n int, sum float64) float64 {
	meanOld := p.sumIn / float64(p.nIn)
	meanNew := 0.0
	if n > 0 {
		meanNew = sum / float64(n)
	}
	if meanNew == meanOld || n == p.nIn {
		return 0
	}
	return (meanNew - meanOld) / math.Abs(float64(p.nIn-n))
}

// nonRes counts the unrestricted dimensions if dimension dim took limit.
func (p *prim) nonRes(dim int, upper bool, limit float64) int {
	c := 0
	for j := range p.d {
		lo, hi := p.lo[j], p.hi[j]
		if j == dim && upper {
			hi = limit
		} else if j == dim {
			lo = limit
		}
		if lo == p.lo0[j] && hi == p.hi0[j] {
			c++
		}
	}
	return c
}

// peel applies the best peel if it is acceptable and reports whether it did.
func (p *prim) peel() bool {
	var best *candidate
	for j := range p.d {
		vals := p.boxValues(j)
		if len(vals) == 0 {
			continue
		}
		for _, upper := range []bool{true, false} {
			c := p.peelCandidate(j, upper, vals)
			if c.better(best) {
				best = &c
			}
		}
	}
	if best == nil || float64(best.n)/float64(p.n) < p.opt.MassMin || best.n >= p.nIn || !(best.obj > 0) {
		return false
	}
	p.apply(best)
	return true
}

// boxValues returns the values of dimension j of the points in the box, sorted.
func (p *prim) boxValues(j int) []float64 {
	vals := p.scratchVal[:0]
	for _, i := range p.order[j] {
		if p.in[i] {
			vals = append(vals, p.x[i][j])
		}
	}
	p.scratchVal = vals
	return vals
}

// peelCandidate evaluates removing the bottom (or top) PeelAlpha of the box
// along dimension j, whose sorted box values are vals.
func (p *prim) peelCandidate(j int, upper bool, vals []float64) candidate {
	c := candidate{dim: j, upper: upper}
	if upper {
		c.limit = primQuantile(vals, 1-p.opt.PeelAlpha)
	} else {
		c.limit = primQuantile(vals, p.opt.PeelAlpha)
	}
	for i, in := range p.in {
		if !in {
			continue
		}
		if v := p.x[i][j]; (upper && v <= c.limit) || (!upper && v >= c.limit) {
			c.n++
			c.sum += p.y[i]
		}
	}
	c.obj = p.lenient1(c.n, c.sum)
	c.nonRes = p.nonRes(j, upper, c.limit)
	return c
}

// primQuantile is EMA Workbench's (sdtoolkit's) quantile of sorted data:
// the midpoint of the order statistics around q·(n-1), moved off ties
// towards the inside.
func primQuantile(s []float64, q float64) float64 {
	h := float64(len(s)-1) * q
	lo, hi := int(math.Floor(h)), int(math.Ceil(h))
	if q > 0.5 {
		for s[lo] == s[hi] && lo > 0 {
			lo--
		}
	} else {
		for s[lo] == s[hi] && hi < len(s)-1 {
			hi++
		}
	}
	return (s[lo] + s[hi]) / 2
}

// paste applies the best paste if it is acceptable and reports whether it did.
func (p *prim) paste() bool {
	var best *candidate
	for j := range p.d {
		if p.lo[j] == p.lo0[j] && p.hi[j] == p.hi0[j] {
			continue
		}
		for _, upper := range []bool{false, true} {
			c := p.pasteCandidate(j, upper)
			if c.better(best) {
				best = &c
			}
		}
	}
	if best == nil {
		return false
	}
	massNew := float64(best.n) / float64(p.n)
	meanNew := best.sum / float64(best.n)
	if massNew < p.opt.MassMin || best.n <= p.nIn || !(best.obj > 0) || !(meanNew > p.sumIn/float64(p.nIn)) {
		return false
	}
	p.apply(best)
	return true
}

// pasteCandidate evaluates extending the lower (or upper) limit of
// dimension j over the PasteAlpha nearest remaining points outside it.
func (p *prim) pasteCandidate(j int, upper bool) candidate {
	c := candidate{dim: j, upper: upper}
	var data []float64
	for _, i := range p.order[j] {
		v := p.x[i][j]
		if p.remaining[i] && p.inOther(int(i), j) && ((upper && v >= p.hi[j]) || (!upper && v <= p.lo[j])) {
			data = append(data, v)
		}
	}
	switch {
	case len(data) == 0 && upper:
		c.limit = p.hi0[j]
	case len(data) == 0:
		c.limit = p.lo0[j]
	case upper:
		c.limit = primQuantile(data, p.opt.PasteAlpha)
	default:
		c.limit = primQuantile(data, 1-p.opt.PasteAlpha)
	}
	for i := range p.in {
		v := p.x[i][j]
		if p.remaining[i] && p.inOther(i, j) && ((upper && p.lo[j] <= v && v <= c.limit) || (!upper && c.limit <= v && v <= p.hi[j])) {
			c.n++
			c.sum += p.y[i]
		}
	}
	c.obj = p.lenient1(c.n, c.sum)
	c.nonRes = p.nonRes(j, upper, c.limit)
	return c
}

// inOther reports whether point i is within the box on every dimension but skip.
func (p *prim) inOther(i, skip int) bool {
	for j, v := range p.x[i] {
		if j != skip && (v < p.lo[j] || v > p.hi[j]) {
			return false
		}
	}
	return true
}

// apply moves the box to candidate c.
func (p *prim) apply(c *candidate) {
	if c.upper {
		p.hi[c.dim] = c.limit
	} else {
		p.lo[c.dim] = c.limit
	}
	p.recount()
}

// recount finds the remaining points in the current box.
func (p *prim) recount() {
	p.nIn, p.sumIn = 0, 0
	for i := range p.in {
		p.in[i] = p.remaining[i] && p.inOther(i, -1)
		if p.in[i] {
			p.nIn++
			p.sumIn += p.y[i]
		}
	}
}
