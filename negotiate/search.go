package negotiate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
)

// SearchOptions tune ParetoSearch.
type SearchOptions struct {
	// NodeBudget caps the search's work (0: 50 million): one unit per
	// search node, and one per issue at every leaf, whose outcome is
	// evaluated and may be stored. It so bounds the time and the memory
	// of the frontier (at most one outcome per leaf).
	NodeBudget int64
}

// SearchStats describe a ParetoSearch run.
type SearchStats struct {
	Nodes   int64 `json:"nodes"`
	Leaves  int64 `json:"leaves"`
	Classes []int `json:"value_classes"` // value classes per issue after merging interchangeable values
}

// ErrBudget is returned (wrapped) when a search exceeds its node budget.
var ErrBudget = errors.New("search budget exhausted")

// ParetoSearch finds the exact bilateral Pareto frontier of a domain
// without enumerating it: a depth-first branch and bound over issues, with
// per-party upper bounds (the additive part's best remaining values, every
// hyper-rectangle not yet violated) pruned against the frontier found so
// far. Values of an issue that no utility term distinguishes are merged
// first. It returns one witness outcome per frontier vector (exact
// comparisons), sorted by welfare, and works for additive and
// hyper-rectangle (GENIUS non-linear) profiles alike.
func ParetoSearch(ctx context.Context, d *Domain, profiles []*Profile, opt SearchOptions) ([]Point, *SearchStats, error) {
	if len(profiles) != 2 {
		return nil, nil, fmt.Errorf("ParetoSearch needs 2 profiles, got %d", len(profiles))
	}
	if err := d.Validate(); err != nil {
		return nil, nil, err
	}
	budget := opt.NodeBudget
	if budget <= 0 {
		budget = 50_000_000
	}
	var us [2]*Ufun
	for p := range us {
		u, err := Compile(d, profiles[p])
		if err != nil {
			return nil, nil, err
		}
		us[p] = u
	}
	b := newBB(d, us)
	b.budget = budget
	b.ctx = ctx
	if err := b.run(); err != nil {
		return nil, b.stats(), err
	}
	pts := make([]Point, 0, len(b.front))
	for _, f := range b.front {
		pts = append(pts, Point{U: []float64{f.u[0], f.u[1]}, Outcomes: []int64{d.Encode(f.o)}})
	}
	sortByWelfare(pts)
	return pts, b.stats(), nil
}

type bbRectRef struct {
	party, rect, bound int
}

type bbFront struct {
	u [2]float64
	o []int
}

type bb struct {
	d       *Domain
	us      [2]*Ufun
	order   []int     // issue order
	classes [][][]int // classes[i] = groups of value indices of issue i
	// additive part
	add       [2]bool
	suffixMax [2][]float64 // suffixMax[p][k] = Σ_{j ≥ k} max table of order[j]
	partial   [2]float64
	// rectangles
	rects   [2][]Rect
	byIssue [][]bbRectRef
	viol    [2][]int
	inside  [2][]int
	rectUB  [2]float64 // Σ of current contributions (unscaled)
	assign  []int
	front   []bbFront // sorted by u0 descending, u1 ascending
	nodes   int64
	leaves  int64
	work    int64 // charged against budget: nodes, and issues per leaf
	budget  int64
	ctx     context.Context
}

func newBB(d *Domain, us [2]*Ufun) *bb {
	n := len(d.Issues)
	b := &bb{d: d, us: us, assign: make([]int, n)}
	b.byIssue = make([][]bbRectRef, n)
	weight := make([]float64, n)
	for p := 0; p < 2; p++ {
		u := us[p]
		b.add[p] = u.Tables != nil
		b.rects[p] = u.rects
		b.viol[p] = make([]int, len(u.rects))
		b.inside[p] = make([]int, len(u.rects))
		for r, rc := range u.rects {
			for k, bd := range rc.Bounds {
				b.byIssue[bd.Issue] = append(b.byIssue[bd.Issue], bbRectRef{p, r, k})
				weight[bd.Issue] += math.Abs(rc.Utility) / u.scale
			}
			b.rectUB[p] += b.contrib(p, r)
		}
		if b.add[p] {
			for i, t := range u.Tables {
				mn, mx := math.Inf(1), math.Inf(-1)
				for _, v := range t {
					mn, mx = math.Min(mn, v), math.Max(mx, v)
				}
				weight[i] += mx - mn
			}
		}
	}
	// most influential issues first
	b.order = make([]int, n)
	for i := range b.order {
		b.order[i] = i
	}
	sort.SliceStable(b.order, func(x, y int) bool { return weight[b.order[x]] > weight[b.order[y]] })
	// value classes: values with identical signatures under every term
	b.classes = make([][][]int, n)
	for i := 0; i < n; i++ {
		card := d.Issues[i].Card()
		sig := make([][]float64, card)
		for v := 0; v < card; v++ {
			for p := 0; p < 2; p++ {
				if b.add[p] {
					sig[v] = append(sig[v], us[p].Tables[i][v])
				}
			}
			for _, ref := range b.byIssue[i] {
				bd := b.rects[ref.party][ref.rect].Bounds[ref.bound]
				in := 0.0
				if v >= bd.Lo && v <= bd.Hi {
					in = 1
				}
				sig[v] = append(sig[v], in)
			}
		}
		var groups [][]int
	outer:
		for v := 0; v < card; v++ {
			for g := range groups {
				if slices.Equal(sig[groups[g][0]], sig[v]) {
					groups[g] = append(groups[g], v)
					continue outer
				}
			}
			groups = append(groups, []int{v})
		}
		b.classes[i] = groups
	}
	for p := 0; p < 2; p++ {
		b.suffixMax[p] = make([]float64, n+1)
		if !b.add[p] {
			continue
		}
		for k := n - 1; k >= 0; k-- {
			mx := math.Inf(-1)
			for _, v := range us[p].Tables[b.order[k]] {
				mx = math.Max(mx, v)
			}
			b.suffixMax[p][k] = b.suffixMax[p][k+1] + mx
		}
	}
	return b
}

func (b *bb) stats() *SearchStats {
	s := &SearchStats{Nodes: b.nodes, Leaves: b.leaves}
	for _, c := range b.classes {
		s.Classes = append(s.Classes, len(c))
	}
	return s
}

// contrib is rectangle r's contribution to party p's upper bound.
func (b *bb) contrib(p, r int) float64 {
	rc := &b.rects[p][r]
	n := len(rc.Bounds)
	viol, in := b.viol[p][r], b.inside[p][r]
	var possible, certain bool
	if rc.Exclude {
		certain = viol > 0 || n == 0
		possible = !(viol == 0 && in == n && n > 0)
	} else {
		certain = viol == 0 && in == n
		possible = viol == 0
	}
	if rc.Utility > 0 {
		if possible {
			return rc.Utility
		}
		return 0
	}
	if certain {
		return rc.Utility
	}
	return 0
}

func (b *bb) set(i, v int, undo bool) {
	for _, ref := range b.byIssue[i] {
		p, r := ref.party, ref.rect
		before := b.contrib(p, r)
		bd := b.rects[p][r].Bounds[ref.bound]
		delta := 1
		if undo {
			delta = -1
		}
		if v >= bd.Lo && v <= bd.Hi {
			b.inside[p][r] += delta
		} else {
			b.viol[p][r] += delta
		}
		b.rectUB[p] += b.contrib(p, r) - before
	}
}

// ub is party p's upper bound with issues order[:k] assigned. It is
// inflated by a few ulps' worth (boundSlack) because the partial sums are
// accumulated in search order, not in issue order like the exact leaf
// values: an outcome better by 1e-16 in one coordinate is a frontier point
// of its own under exact comparisons and must not be pruned.
func (b *bb) ub(p, k int) float64 {
	s := 0.0
	if b.add[p] {
		s = b.partial[p] + b.suffixMax[p][k]
		if b.us[p].cap && s > 1 {
			s = 1
		}
	}
	s += b.rectUB[p] / b.us[p].scale
	return s + boundSlack*(1+math.Abs(s))
}

const boundSlack = 1e-13

// dominated reports whether (x, y) is weakly dominated by a frontier point.
func (b *bb) dominated(x, y float64) bool {
	// front sorted by u0 descending: the points with u0 >= x are a prefix;
	// the last of them has the largest u1 among them.
	j := sort.Search(len(b.front), func(i int) bool { return b.front[i].u[0] < x })
	return j > 0 && b.front[j-1].u[1] >= y
}

func (b *bb) insert(x, y float64) {
	if b.dominated(x, y) {
		return
	}
	o := append([]int(nil), b.assign...)
	f := bbFront{u: [2]float64{x, y}, o: o}
	// remove points weakly dominated by (x, y): u0 <= x and u1 <= y
	keep := b.front[:0]
	for _, g := range b.front {
		if g.u[0] <= x && g.u[1] <= y {
			continue
		}
		keep = append(keep, g)
	}
	b.front = keep
	j := sort.Search(len(b.front), func(i int) bool { return b.front[i].u[0] < x })
	b.front = slices.Insert(b.front, j, f)
}

// bbChild is a value class to try at an issue, with the upper bounds of
// the two parties once it is assigned.
type bbChild struct {
	v      int
	ux, uy float64
}

// bbFrame is an issue being branched on: its children best first, the
// next one to try, and the one assigned now (-1 for none) with the
// additive utilities it added.
type bbFrame struct {
	issue int
	kids  []bbChild
	next  int
	cur   int
	add   [2]float64
}

// bbCtxEvery is how many search nodes pass between two looks at the
// context (leaves, which evaluate every issue, look at it too).
const bbCtxEvery = 256

// run is the depth-first branch and bound, with an explicit stack of
// frames (one per assigned issue) so that the number of issues does not
// bound it by the goroutine's stack.
func (b *bb) run() error {
	var frames []bbFrame
	if err := b.visit(0, &frames); err != nil {
		return err
	}
	for len(frames) > 0 {
		k := len(frames) - 1
		f := &frames[k]
		if f.cur >= 0 {
			b.unassign(f)
		}
		if f.next == len(f.kids) {
			frames = frames[:k]
			continue
		}
		c := f.kids[f.next]
		f.next++
		if b.dominated(c.ux, c.uy) {
			continue
		}
		b.assignChild(f, c.v)
		// the bound may have tightened since the siblings were scored
		if b.dominated(b.ub(0, k+1), b.ub(1, k+1)) {
			continue // undone on the next turn
		}
		if err := b.visit(k+1, &frames); err != nil {
			return err
		}
	}
	return nil
}

// visit counts a search node with issues order[:k] assigned against the
// budget, looks at the context every bbCtxEvery nodes and at every leaf,
// records the outcome at a leaf and elsewhere pushes the frame of issue
// order[k].
func (b *bb) visit(k int, frames *[]bbFrame) error {
	b.nodes++
	b.work++
	leaf := k == len(b.order)
	if leaf {
		b.work += int64(len(b.order))
	}
	if b.work > b.budget {
		return fmt.Errorf("%w: %d units of work (search nodes, and issues evaluated at leaves)", ErrBudget, b.budget)
	}
	if leaf || b.nodes%bbCtxEvery == 0 {
		if err := b.ctx.Err(); err != nil {
			return err
		}
	}
	if leaf {
		b.leaves++
		x, y := b.us[0].Eval(b.assign), b.us[1].Eval(b.assign)
		b.insert(x, y)
		return nil
	}
	*frames = append(*frames, bbFrame{issue: b.order[k], kids: b.children(k), cur: -1})
	return nil
}

// children scores every value class of issue order[k] by the parties'
// upper bounds once it is assigned, best total first.
func (b *bb) children(k int) []bbChild {
	i := b.order[k]
	groups := b.classes[i]
	kids := make([]bbChild, 0, len(groups))
	f := bbFrame{issue: i, cur: -1}
	for _, g := range groups {
		b.assignChild(&f, g[0])
		kids = append(kids, bbChild{g[0], b.ub(0, k+1), b.ub(1, k+1)})
		b.unassign(&f)
	}
	slices.SortStableFunc(kids, func(a, c bbChild) int { return cmp.Compare(c.ux+c.uy, a.ux+a.uy) })
	return kids
}

// assignChild gives f's issue the value v.
func (b *bb) assignChild(f *bbFrame, v int) {
	i := f.issue
	b.assign[i] = v
	b.set(i, v, false)
	f.cur, f.add = v, [2]float64{}
	for p := 0; p < 2; p++ {
		if b.add[p] {
			f.add[p] = b.us[p].Tables[i][v]
			b.partial[p] += f.add[p]
		}
	}
}

// unassign undoes assignChild.
func (b *bb) unassign(f *bbFrame) {
	for p := 0; p < 2; p++ {
		b.partial[p] -= f.add[p]
	}
	b.set(f.issue, f.cur, true)
	f.cur = -1
}
