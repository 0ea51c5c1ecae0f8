package negotiate

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// EvalKind is the kind of a per-issue evaluation function.
type EvalKind int

// Evaluation function kinds (GENIUS's EVALFUNCTYPE plus tables).
const (
	// EvalTable gives e(v) for every value index (discrete issues, or any
	// issue given as a table).
	EvalTable EvalKind = iota
	// EvalLinear is clip01(Slope·(v − lowerbound) + Offset) on an integer
	// issue (GENIUS EvaluatorInteger) and clip01(Slope·x + Offset) on a real
	// issue (GENIUS EvaluatorReal, parameter1 = Slope, parameter0 = Offset).
	EvalLinear
	// EvalConstant is the constant Offset.
	EvalConstant
	// EvalTriangular is 0 below Low, rising linearly to 1 at Top, falling to
	// 0 at High, 0 above.
	EvalTriangular
)

// Evaluator maps the values of one issue to [0, 1] (for tables, any finite
// number).
type Evaluator struct {
	Kind           EvalKind
	Table          []float64
	Slope, Offset  float64
	Low, High, Top float64
}

// Value is e(v) for value index k of issue is.
func (e *Evaluator) Value(is *Issue, k int) float64 {
	switch e.Kind {
	case EvalTable:
		if k >= 0 && k < len(e.Table) {
			return e.Table[k]
		}
		return 0
	case EvalLinear:
		if is.Kind == Integer {
			return clip01(e.Slope*(is.Number(k)-is.Min) + e.Offset)
		}
		return clip01(e.Slope*is.Number(k) + e.Offset)
	case EvalConstant:
		return e.Offset
	case EvalTriangular:
		x := is.Number(k)
		switch {
		case x < e.Low:
			return 0
		case x < e.Top:
			if e.Top == e.Low {
				return 1
			}
			return (x - e.Low) / (e.Top - e.Low)
		case x < e.High:
			if e.High == e.Top {
				return 1
			}
			return 1 - (x-e.Top)/(e.High-e.Top)
		}
		return 0
	}
	return 0
}

func clip01(x float64) float64 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

// NormalizeMax divides a table of raw evaluations by its maximum, as GENIUS
// does for discrete issues (a table whose maximum is below 1e-5 becomes all
// zeros). It returns a new slice.
func NormalizeMax(raw []float64) []float64 {
	m := math.Inf(-1)
	for _, v := range raw {
		if v > m {
			m = v
		}
	}
	out := make([]float64, len(raw))
	if m < 1e-5 {
		return out
	}
	for i, v := range raw {
		out[i] = v / m
	}
	return out
}

// Bound restricts one issue of a hyper-rectangle to value indices Lo..Hi
// (inclusive).
type Bound struct {
	Issue  int
	Lo, Hi int
}

// Rect is a hyper-rectangle utility term (GENIUS non-linear profiles): an
// outcome inside every bound scores Utility (Exclude: an outcome outside
// some bound scores it). A rectangle without bounds always scores.
type Rect struct {
	Utility float64
	Exclude bool
	Bounds  []Bound
}

func (r *Rect) contains(o []int) bool {
	if r.Exclude {
		if len(r.Bounds) == 0 {
			return true
		}
		for _, b := range r.Bounds {
			if v := o[b.Issue]; v < b.Lo || v > b.Hi {
				return true
			}
		}
		return false
	}
	for _, b := range r.Bounds {
		if v := o[b.Issue]; v < b.Lo || v > b.Hi {
			return false
		}
	}
	return true
}

// Profile is one party's preferences over a domain (a GENIUS utility
// space): U(ω) = A(ω) + R(ω) where A(ω) = Σᵢ wᵢ·eᵢ(ωᵢ) is the additive part
// (capped at 1 when Cap is set, as GENIUS does) and R(ω) = Σ_{r ∋ ω}
// utility_r / RectScale is the hyper-rectangle part.
type Profile struct {
	Name string
	// Weights and Evaluators (one per issue, same order as the domain's
	// issues) define the additive part; both nil for a purely non-linear
	// profile.
	Weights    []float64
	Evaluators []Evaluator
	// Rects are non-linear hyper-rectangle terms, divided by RectScale
	// (GENIUS's maxutility; 0 means 1).
	Rects     []Rect
	RectScale float64
	// Cap caps the additive part at 1 (GENIUS AdditiveUtilitySpace).
	Cap bool
	// Reservation is the utility of disagreement (GENIUS default 0).
	Reservation float64
	// Discount is the discount factor d: utilities and the reservation value
	// are multiplied by d^t at normalised time t. Values outside (0, 1] mean
	// no discounting, as in GENIUS.
	Discount float64
}

// DiscountFactor is the effective discount factor (1 when none).
func (p *Profile) DiscountFactor() float64 {
	if p.Discount <= 0 || p.Discount > 1 || math.IsNaN(p.Discount) {
		return 1
	}
	return p.Discount
}

// Discounted is u·d^t, the GENIUS discounted utility at normalised time t.
func (p *Profile) Discounted(u, t float64) float64 {
	d := p.DiscountFactor()
	if d == 1 {
		return u
	}
	return u * math.Pow(d, clip01(t))
}

// Validate checks the profile against domain d.
func (p *Profile) Validate(d *Domain) error {
	if p.Evaluators != nil || p.Weights != nil {
		if len(p.Weights) != len(d.Issues) || len(p.Evaluators) != len(d.Issues) {
			return fmt.Errorf("profile %q: %d weights and %d evaluators for %d issues", p.Name, len(p.Weights), len(p.Evaluators), len(d.Issues))
		}
		for i := range p.Evaluators {
			w := p.Weights[i]
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return fmt.Errorf("profile %q: weight of issue %q is not finite", p.Name, d.Issues[i].Name)
			}
			e := &p.Evaluators[i]
			if e.Kind == EvalTable && len(e.Table) != d.Issues[i].Card() {
				return fmt.Errorf("profile %q: issue %q has %d values but %d evaluations", p.Name, d.Issues[i].Name, d.Issues[i].Card(), len(e.Table))
			}
			for _, v := range e.Table {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("profile %q: issue %q has a non-finite evaluation", p.Name, d.Issues[i].Name)
				}
			}
			for _, v := range []float64{e.Slope, e.Offset, e.Low, e.High, e.Top} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("profile %q: issue %q has a non-finite evaluator parameter", p.Name, d.Issues[i].Name)
				}
			}
		}
	}
	for ri, r := range p.Rects {
		if math.IsNaN(r.Utility) || math.IsInf(r.Utility, 0) {
			return fmt.Errorf("profile %q: rectangle %d has a non-finite utility", p.Name, ri+1)
		}
		for _, b := range r.Bounds {
			if b.Issue < 0 || b.Issue >= len(d.Issues) {
				return fmt.Errorf("profile %q: rectangle %d bounds an unknown issue", p.Name, ri+1)
			}
		}
	}
	if math.IsNaN(p.Reservation) || math.IsInf(p.Reservation, 0) || math.IsNaN(p.RectScale) || math.IsInf(p.RectScale, 0) {
		return fmt.Errorf("profile %q: reservation value and rectangle scale must be finite", p.Name)
	}
	return nil
}

// IsAdditive reports whether the profile has no hyper-rectangle terms.
func (p *Profile) IsAdditive() bool { return len(p.Rects) == 0 }

// Ufun is a profile compiled against a domain for fast evaluation:
// per-issue tables of wᵢ·eᵢ(v).
type Ufun struct {
	Domain  *Domain
	Profile *Profile
	// Tables[i][k] = wᵢ·eᵢ(k); nil when the profile has no additive part.
	Tables [][]float64
	rects  []Rect
	scale  float64
	cap    bool
}

// Compile prepares profile p for evaluation on domain d.
func Compile(d *Domain, p *Profile) (*Ufun, error) {
	if err := p.Validate(d); err != nil {
		return nil, err
	}
	u := &Ufun{Domain: d, Profile: p, rects: p.Rects, scale: p.RectScale, cap: p.Cap}
	if u.scale == 0 {
		u.scale = 1
	}
	if p.Evaluators != nil {
		u.Tables = make([][]float64, len(d.Issues))
		for i := range d.Issues {
			is := &d.Issues[i]
			t := make([]float64, is.Card())
			for k := range t {
				t[k] = p.Weights[i] * p.Evaluators[i].Value(is, k)
			}
			u.Tables[i] = t
		}
	}
	return u, nil
}

// Eval is U(o) for value indices o.
func (u *Ufun) Eval(o []int) float64 {
	var s float64
	if u.Tables != nil {
		for i, t := range u.Tables {
			s += t[o[i]]
		}
		if u.cap && s > 1 {
			s = 1
		}
	}
	if len(u.rects) > 0 {
		var r float64
		for i := range u.rects {
			if u.rects[i].contains(o) {
				r += u.rects[i].Utility
			}
		}
		s += r / u.scale
	}
	return s
}

// EvalID is U of outcome id.
func (u *Ufun) EvalID(id int64) float64 {
	var buf [32]int
	return u.Eval(u.Domain.Decode(id, buf[:0]))
}

// Extremes returns the worst and best outcomes of an additive profile (per
// issue argmin / argmax, as NegMAS's LinearAdditiveUtilityFunction does,
// ties: first minimum, last maximum) with their utilities. For profiles
// with rectangles it enumerates, within budget.
func (u *Ufun) Extremes(ctx context.Context, budget int64) (worst, best []int, min, max float64, err error) {
	d := u.Domain
	if len(u.rects) == 0 && u.Tables != nil {
		worst = make([]int, len(d.Issues))
		best = make([]int, len(d.Issues))
		for i, t := range u.Tables {
			// tables already include the weight: argmax of wᵢeᵢ.
			mn, mx := math.Inf(1), math.Inf(-1)
			for k, v := range t {
				if v >= mx {
					mx, best[i] = v, k
				}
				if v < mn {
					mn, worst[i] = v, k
				}
			}
		}
		return worst, best, u.Eval(worst), u.Eval(best), nil
	}
	n, ok := d.Count(budget)
	if !ok {
		return nil, nil, 0, 0, fmt.Errorf("extremes of %q: %w (%.3g outcomes, budget %d)", u.Profile.Name, ErrTooLarge, d.Size(), budget)
	}
	o := make([]int, len(d.Issues))
	min, max = math.Inf(1), math.Inf(-1)
	var wi, bi int64
	for id := int64(0); id < n; id++ {
		if id&0xffff == 0 && ctx.Err() != nil {
			return nil, nil, 0, 0, ctx.Err()
		}
		v := u.Eval(o)
		if v < min {
			min, wi = v, id
		}
		if v >= max {
			max, bi = v, id
		}
		next(o, d)
	}
	return d.Decode(wi, nil), d.Decode(bi, nil), min, max, nil
}

// next advances value indices o to the next outcome in enumeration order.
func next(o []int, d *Domain) {
	for i := len(o) - 1; i >= 0; i-- {
		o[i]++
		if o[i] < d.Issues[i].Card() {
			return
		}
		o[i] = 0
	}
}

// DefaultBudget is the default largest number of outcomes an operation
// enumerates.
const DefaultBudget = 1 << 23

// Space is an enumerated outcome space with the utility of every outcome
// for every party: U[p][id]. It is the input of the analysis and the agents,
// and it is read-only once built (safe to share between goroutines).
type Space struct {
	Domain   *Domain
	Profiles []*Profile
	Ufuns    []*Ufun
	N        int
	U        [][]float64
	// IDs maps the space's outcome indices to domain outcome ids when the
	// space is a restriction of the domain (nil: index = id).
	IDs []int64
}

// ID is the domain outcome id of outcome index i.
func (s *Space) ID(i int) int64 {
	if s.IDs == nil {
		return int64(i)
	}
	return s.IDs[i]
}

// Labels are the value labels of outcome index i.
func (s *Space) Labels(i int64) []string { return s.Domain.Labels(s.ID(int(i))) }

// Restrict returns the sub-space of the outcomes for which keep holds
// (keep receives the domain id and value indices). Utilities are copied.
func (s *Space) Restrict(ctx context.Context, keep func(id int64, o []int) bool) (*Space, error) {
	t := &Space{Domain: s.Domain, Profiles: s.Profiles, Ufuns: s.Ufuns, U: make([][]float64, len(s.U))}
	o := make([]int, len(s.Domain.Issues))
	for i := 0; i < s.N; i++ {
		if i&0xffff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		id := s.ID(i)
		s.Domain.Decode(id, o)
		if !keep(id, o) {
			continue
		}
		t.IDs = append(t.IDs, id)
		for p := range s.U {
			t.U[p] = append(t.U[p], s.U[p][i])
		}
	}
	t.N = len(t.IDs)
	if t.IDs == nil {
		t.IDs = []int64{}
	}
	return t, nil
}

// Evaluate enumerates domain d and evaluates every profile on every
// outcome. It fails with ErrTooLarge if the domain has more than budget
// outcomes (budget ≤ 0: DefaultBudget).
func Evaluate(ctx context.Context, d *Domain, profiles []*Profile, budget int64) (*Space, error) {
	if budget <= 0 {
		budget = DefaultBudget
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(profiles) == 0 {
		return nil, errors.New("no profiles")
	}
	n, ok := d.Count(budget)
	if !ok {
		return nil, fmt.Errorf("domain %q: %w: %.4g outcomes, budget %d (use ParetoSearch for frontiers of large domains)", d.Name, ErrTooLarge, d.Size(), budget)
	}
	s := &Space{Domain: d, Profiles: profiles, N: int(n), U: make([][]float64, len(profiles)), Ufuns: make([]*Ufun, len(profiles))}
	for p, prof := range profiles {
		u, err := Compile(d, prof)
		if err != nil {
			return nil, err
		}
		s.Ufuns[p] = u
		s.U[p] = make([]float64, n)
		if err := u.evalAll(ctx, s.U[p]); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// evalAll fills dst with the utility of every outcome, in id order. The
// additive part is summed issue by issue from 0 (the same floating-point
// sums as evaluating each outcome on its own), reusing prefix sums.
func (u *Ufun) evalAll(ctx context.Context, dst []float64) error {
	d := u.Domain
	ni := len(d.Issues)
	cards := d.Cards()
	if u.Tables != nil && len(u.rects) == 0 && ni > 0 {
		// Innermost issue varies fastest: dst[base+k] = prefix + T[last][k].
		last := ni - 1
		tl := u.Tables[last]
		cl := cards[last]
		o := make([]int, ni)
		prefix := make([]float64, ni+1)
		for i := 0; i < last; i++ {
			prefix[i+1] = prefix[i] + u.Tables[i][0]
		}
		for base := 0; base < len(dst); base += cl {
			if base&0xfffff == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			p := prefix[last]
			row := dst[base : base+cl]
			for k := range row {
				row[k] = p + tl[k]
			}
			if u.cap {
				for k, v := range row {
					if v > 1 {
						row[k] = 1
					}
				}
			}
			// advance the odometer over issues 0..last-1
			i := last - 1
			for ; i >= 0; i-- {
				o[i]++
				if o[i] < cards[i] {
					break
				}
				o[i] = 0
			}
			if i < 0 {
				break
			}
			for j := i; j < last; j++ {
				prefix[j+1] = prefix[j] + u.Tables[j][o[j]]
			}
		}
		return nil
	}
	o := make([]int, ni)
	for id := range dst {
		if id&0xffff == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		dst[id] = u.Eval(o)
		next(o, d)
	}
	return nil
}

// Reservations returns every party's reservation value.
func (s *Space) Reservations() []float64 {
	r := make([]float64, len(s.Profiles))
	for i, p := range s.Profiles {
		r[i] = p.Reservation
	}
	return r
}

// Ranges returns (min, max) utility of every party over all outcomes.
func (s *Space) Ranges() [][2]float64 {
	r := make([][2]float64, len(s.U))
	for p, us := range s.U {
		mn, mx := math.Inf(1), math.Inf(-1)
		for _, v := range us {
			if v < mn {
				mn = v
			}
			if v > mx {
				mx = v
			}
		}
		r[p] = [2]float64{mn, mx}
	}
	return r
}

// Utilities returns the utility vector of outcome id.
func (s *Space) Utilities(id int) []float64 {
	v := make([]float64, len(s.U))
	for p := range s.U {
		v[p] = s.U[p][id]
	}
	return v
}

// Sub returns a view of the space restricted to the given parties (by
// index), sharing the utility arrays.
func (s *Space) Sub(parties ...int) *Space {
	t := &Space{Domain: s.Domain, N: s.N, IDs: s.IDs}
	for _, p := range parties {
		t.Profiles = append(t.Profiles, s.Profiles[p])
		t.Ufuns = append(t.Ufuns, s.Ufuns[p])
		t.U = append(t.U, s.U[p])
	}
	return t
}
