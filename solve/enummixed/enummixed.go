package enummixed

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/pivot"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/tableau"
)

// EnumMixedResult holds the extreme Nash equilibria of a two-player game
// and the maximal convex sets of equilibria they span.
type EnumMixedResult struct {
	// Equilibria lists every extreme equilibrium once, exactly.
	Equilibria []game.MixedRat
	// Components lists the maximal convex sets of equilibria (maximal
	// Nash subsets), each as the sorted indices into Equilibria of its
	// extreme points. The set of all equilibria is their union.
	Components [][]int
}

// EnumMixed returns every extreme Nash equilibrium of the two-player game
// n and the maximal convex sets of equilibria: what gambit-enummixed -c
// computes, without its duplicates, and correct on degenerate games.
//
// Extreme equilibria are the pairs of vertices, one of each player's
// best-response polytope, that together carry every label (Mangasarian
// 1964). On games where both players have at least 12 strategies and few
// pure best responses tie, EnumMixed finds them by the EEE search
// (enummixed_eee.go): a depth-first search that forces each label on one
// polytope or the other and cuts the subtrees where a forced face is
// empty. Otherwise, like lrsnash (Avis, Rosenberg, Savani and von Stengel
// 2010), it enumerates the vertices of one polytope only (the one of the
// player with fewer strategies) and finds for each vertex the vertices of
// the other polytope that complete it: those of the face where the
// vertex's missing labels are tight. In a nondegenerate game that face
// is at most one point, the solution of a square linear system; otherwise
// a simplex phase finds a point of the face and the vertex walk below
// enumerates the face alone. The walk is a reverse search over the
// lexicographically feasible bases of a fraction-free integer tableau
// (see the package documentation). Either way every number is exact and
// degenerate games (ties, duplicated or dominated strategies) need no
// special treatment. The maximal convex sets are the maximal complete
// bipartite subgraphs ("cliques") of the graph joining the two players'
// equilibrium strategies, found by a Bron–Kerbosch-style search.
//
// budgetSteps (solve.DefaultBudget if <= 0) bounds the work: ratio tests,
// pivots (a step per row), partner systems solved and EEE nodes; exceeding it gives
// an error wrapping solve.ErrBudget. EnumMixed returns ctx.Err() when ctx is cancelled.
func EnumMixed(ctx context.Context, n *game.Normal, budgetSteps int) (*EnumMixedResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := pivot.CheckBimatrix(n, "enummixed"); err != nil {
		return nil, err
	}
	e := newMixedEnumerator(n, pivot.NewBudget(ctx, "vertex enumeration of "+solve.SizeString(n.Strategies), budgetSteps))
	a, b := e.own, e.other
	if e.swap {
		a, b = pivot.Transpose(e.other), pivot.Transpose(e.own)
	}
	if fewTies(a, b) {
		if err := enumMixedCost(n, solve.Budget(budgetSteps)); err != nil {
			return nil, err
		}
	}
	var err error
	if useEEE(a, b) {
		e, err = eeeEquilibria(a, b, e.bud)
	} else {
		err = enumerateVertices(pivot.PolytopeTableau(e.other), e.bud, nil, e.onVertex)
	}
	if err != nil {
		if errors.Is(err, solve.ErrBudget) {
			err = fmt.Errorf("%w%s", err, budgetHint)
		}
		return nil, err
	}
	res, err := e.result()
	if errors.Is(err, solve.ErrBudget) {
		err = fmt.Errorf("%w%s", err, budgetHint)
	}
	return res, err
}

// budgetHint ends the budget errors of EnumMixed: how to allow more.
const budgetHint = " (raise the step budget with --budget)"

// worstCaseSlack is how far the worst-case estimate of enumMixedCost may
// exceed the budget before EnumMixed refuses up front. The upper bound
// theorem is far from tight on most games (a 24×24 game of Gambit's
// collection, e16, bounded by 4·10^10 steps, takes 2.4·10^6), so such
// games are left to the budget charged as the enumeration runs.
const worstCaseSlack = 1000

// enumMixedCost estimates the work of EnumMixed on n up front and returns
// an error wrapping solve.ErrBudget if it exceeds limit by more than
// worstCaseSlack. EnumMixed asks it only for games with few ties among
// the pure best responses (fewTies), where the estimate is of the order
// of the work: on the reduced strategic forms of trees, with their
// payoff-equivalent strategies, it is not (contrib/games/caro2, 27×64,
// bounded by 10^16 steps, takes about 3·10^6), and the budget charged as
// the enumeration runs stops them instead. The estimate: the vertices of the best-response polytope it
// enumerates (d dimensions, the smaller number of strategies, and d+k
// facets, k the larger), at most what the upper bound theorem allows,
// each charged at least d steps (a pivot costs a step per tableau row).
func enumMixedCost(n *game.Normal, limit int) error {
	d, k := len(n.Strategies[0]), len(n.Strategies[1])
	if k < d {
		d, k = k, d
	}
	verts := maxVertices(d, d+k)
	need := new(big.Int).Mul(verts, big.NewInt(int64(d)))
	allowed := new(big.Int).Mul(big.NewInt(int64(limit)), big.NewInt(worstCaseSlack))
	if need.Cmp(allowed) <= 0 {
		return nil
	}
	return fmt.Errorf("%w: enummixed on %s needs about %s steps (up to %s vertices of a %d-dimensional polytope with %d facets, at least %d steps each), budget is %d%s",
		solve.ErrBudget, solve.SizeString(n.Strategies), approx(need), approx(verts), d, d+k, d, limit, budgetHint)
}

// maxVertices returns McMullen's upper bound on the number of vertices of
// a d-dimensional polytope with m facets: C(m-⌊(d+1)/2⌋, m-d) +
// C(m-⌊(d+2)/2⌋, m-d).
func maxVertices(d, m int) *big.Int {
	if d <= 1 {
		return big.NewInt(2)
	}
	a := new(big.Int).Binomial(int64(m-(d+1)/2), int64(m-d))
	b := new(big.Int).Binomial(int64(m-(d+2)/2), int64(m-d))
	return a.Add(a, b)
}

// approx writes a large count with three significant digits: "4.57e+11",
// or exactly below a million.
func approx(v *big.Int) string {
	if v.IsInt64() && v.Int64() < 1_000_000 {
		return v.String()
	}
	f, _ := new(big.Float).SetInt(v).Float64()
	return fmt.Sprintf("%.3g", f)
}

// mixedEnumerator enumerates the vertices of the polytope of player E
// (the one with fewer strategies) and pairs them with vertices of the
// other player's polytope. With kE and kO the numbers of strategies of E
// and of the other player O, labels 0..kE-1 are E's strategies and
// kE..kE+kO-1 are O's.
type mixedEnumerator struct {
	bud    *pivot.Budget
	swap   bool            // E is player 2
	kE, kO int             // numbers of strategies
	own    [][]tableau.Int // E's payoffs, [E strategy][O strategy], all positive
	other  [][]tableau.Int // O's payoffs, same orientation
	uVerts [][]tableau.Int // E's equilibrium vertices (unnormalized)
	wVerts []partner       // O's equilibrium vertices
	wIndex map[string]int  // label-set key → index in wVerts
	pairs  [][2]int        // equilibria as (uVerts, wVerts) indices
	mat    [][]tableau.Int // scratch for partner systems
	num    []tableau.Int   // scratch for their solutions
	// scratch for onVertex: a vertex's support and best responses
	support, best []int
}

// partner is a vertex of O's polytope: its labels and its coordinates.
type partner struct {
	zero   pivot.LabelSet
	coords []tableau.Int // proportional to O's mixed strategy
}

func newMixedEnumerator(n *game.Normal, bud *pivot.Budget) *mixedEnumerator {
	a, b := pivot.PayoffMatrix(n, 0), pivot.PayoffMatrix(n, 1)
	// Each player's payoffs are shifted so that the smallest is 1: the
	// polytopes are then bounded and the equilibria unchanged.
	one := big.NewRat(1, 1)
	ia := pivot.IntMatrix(a, new(big.Rat).Sub(pivot.MinPayoff(a), one))
	ib := pivot.IntMatrix(b, new(big.Rat).Sub(pivot.MinPayoff(b), one))
	e := &mixedEnumerator{bud: bud, own: ia, other: ib, wIndex: map[string]int{}}
	if len(n.Strategies[1]) < len(n.Strategies[0]) {
		e.swap = true
		e.own, e.other = pivot.Transpose(ib), pivot.Transpose(ia)
	}
	e.kE, e.kO = len(e.own), len(e.own[0])
	return e
}

// onVertex pairs the vertex of E's polytope at t's basis, whose labels
// are zero, with the vertices of O's polytope that carry the other labels.
func (e *mixedEnumerator) onVertex(t *tableau.Tableau, zero pivot.LabelSet) error {
	support, best := e.support[:0], e.best[:0]
	for i := range e.kE {
		if !zero.Has(i) {
			support = append(support, i)
		}
	}
	if len(support) == 0 {
		return nil // the origin pairs only with the origin
	}
	for j := range e.kO {
		if zero.Has(e.kE + j) {
			best = append(best, j)
		}
	}
	e.support, e.best = support, best
	found, err := e.partners(support, best)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return nil
	}
	u := make([]tableau.Int, e.kE)
	for _, i := range support {
		r, _ := t.Row(i)
		u[i] = t.RHS(r)
	}
	e.uVerts = append(e.uVerts, u)
	for _, w := range found {
		k := w.zero.Key()
		idx, ok := e.wIndex[k]
		if !ok {
			idx = len(e.wVerts)
			e.wIndex[k] = idx
			e.wVerts = append(e.wVerts, w)
		}
		e.pairs = append(e.pairs, [2]int{len(e.uVerts) - 1, idx})
	}
	return nil
}

// partners returns the vertices w of O's polytope that complete the
// vertex of E's polytope with support and best responses best: those with
// (own·w)_i = 1 for i in support and w_j = 0 for j outside best, the
// vertices of a face of O's polytope.
//
// In a nondegenerate game support and best have the same size and the
// face is one point, the solution of a square system. Otherwise the face
// is enumerated on its own (faceVertices), as lrsnash does.
func (e *mixedEnumerator) partners(support, best []int) ([]partner, error) {
	if len(support) == len(best) {
		if err := e.bud.Step(len(best)); err != nil {
			return nil, err
		}
		if w, ok := e.trySystem(support, best, support); ok {
			return w, nil
		}
	}
	return e.faceVertices(support, best)
}

// faceVertices enumerates the vertices w ≠ 0 of O's polytope with
// (own·w)_i = 1 for i in support and w_j = 0 for j outside best.
//
// The face lives in the variables w_j, j in best, and the slacks r_i of
// E's strategies, in a tableau whose rows are own·w + r = 1. A simplex
// phase maximizes Σ_{i∈support} (own·w)_i from w = 0; the face is empty
// unless the maximum is |support|. The support's slacks are then pivoted
// out of the basis where they can be (where they cannot, the equation is
// implied by the others) and blocked from entering, and the vertex walk
// of enumerateVertices runs on what remains: the face.
func (e *mixedEnumerator) faceVertices(support, best []int) ([]partner, error) {
	k := len(best)
	t := tableau.New(e.kE+1, k) // w_c = variable c; r_i = k+i; objective z = k+kE
	one := tableau.NewInt(1)
	for i := range e.kE {
		for c, j := range best {
			t.Set(i, c, e.own[i][j])
		}
		t.SetRHS(i, one)
	}
	obj := e.kE
	for c, j := range best {
		sum := tableau.NewInt(0)
		for _, i := range support {
			sum = sum.Add(e.own[i][j])
		}
		t.Set(obj, c, sum.Neg())
	}
	z := k + e.kE
	t.Freeze(z, true)
	step := func() error { return e.bud.Step(t.Rows()) } // a pivot, as in enumerateVertices
	if err := t.Maximize(obj, nil, step); err != nil {
		return nil, err
	}
	if t.RHS(obj).Cmp(tableau.NewInt(int64(len(support))).Mul(t.Det())) != 0 {
		return nil, nil // the face is empty
	}
	inSupport := make([]bool, e.kE)
	for _, i := range support {
		inSupport[i] = true
	}
	blocked := func(v int) bool { return v >= k && v < z && inSupport[v-k] }
	for _, i := range support {
		r, basic := t.Row(k + i)
		if !basic {
			continue
		}
		for c := range t.Cols() {
			if !blocked(t.Nonbasic(c)) && !t.At(r, c).IsZero() {
				t.Pivot(r, c) // a degenerate pivot: the row's value is 0
				break
			}
		}
	}
	t.SetLexBasis()
	var out []partner
	err := enumerateVertices(t, e.bud, blocked, func(t *tableau.Tableau, zero pivot.LabelSet) error {
		labels := pivot.NewLabelSet(e.kE + e.kO)
		coords := make([]tableau.Int, e.kO)
		for j := range e.kO {
			labels.Add(e.kE + j)
		}
		origin := true
		for c, j := range best {
			if !zero.Has(c) {
				r, _ := t.Row(c)
				coords[j] = t.RHS(r)
				labels.Toggle(e.kE + j)
				origin = false
			}
		}
		for i := range e.kE {
			if zero.Has(k + i) {
				labels.Add(i)
			}
		}
		if !origin {
			out = append(out, partner{zero: labels, coords: coords})
		}
		return nil
	})
	return out, err
}

// trySystem solves own[rows][cols]·w = 1 with w zero outside cols. It
// returns false if the system is singular or not square, and otherwise
// true with the solution if it lies in O's polytope with equality on the
// rows of tight (else with no point).
func (e *mixedEnumerator) trySystem(rows, cols, tight []int) ([]partner, bool) {
	k := len(rows)
	if k != len(cols) || k == 0 {
		return nil, false
	}
	m := e.scratch(k)
	one := tableau.NewInt(1)
	for r, i := range rows {
		for c, j := range cols {
			m[r][c] = e.own[i][j]
		}
		m[r][k] = one
	}
	num, det, ok := tableau.SolveSquareInto(m, e.num)
	e.num = num
	if !ok {
		return nil, false
	}
	for _, v := range num { // most systems fail here: check before allocating
		if v.Sign()*det.Sign() < 0 {
			return nil, true
		}
	}
	if det.Sign() < 0 {
		det = det.Neg()
		for c := range num {
			num[c] = num[c].Neg()
		}
	}
	coords := make([]tableau.Int, e.kO)
	zero := pivot.NewLabelSet(e.kE + e.kO)
	for j := range e.kO {
		zero.Add(e.kE + j)
	}
	for c, j := range cols {
		switch num[c].Sign() {
		case -1:
			return nil, true
		case 1:
			coords[j] = num[c]
			zero.Toggle(e.kE + j)
		}
	}
	for _, i := range rows {
		zero.Add(i)
	}
	for i := range e.kE {
		if zero.Has(i) {
			continue
		}
		switch rowAtMost(e.own[i], coords, det) {
		case 1:
			return nil, true
		case 0:
			zero.Add(i)
		case -1:
			if slices.Contains(tight, i) {
				return nil, true
			}
		}
	}
	return []partner{{zero: zero, coords: coords}}, true
}

// scratch returns a k×(k+1) matrix of Ints, reused between calls (its
// rows keep their capacity when a call shortens them).
func (e *mixedEnumerator) scratch(k int) [][]tableau.Int {
	if len(e.mat) < k || cap(e.mat[0]) < k+1 {
		e.mat = make([][]tableau.Int, max(k, len(e.mat)))
		w := max(k+1, e.kO+1)
		for i := range e.mat {
			e.mat[i] = make([]tableau.Int, w)
		}
	}
	m := e.mat[:k]
	for i := range m {
		m[i] = m[i][:k+1]
	}
	return m
}

// result assembles the equilibria and their maximal convex sets.
func (e *mixedEnumerator) result() (*EnumMixedResult, error) {
	res := &EnumMixedResult{Equilibria: make([]game.MixedRat, len(e.pairs))}
	xs := make([][]*big.Rat, len(e.uVerts))
	for i, u := range e.uVerts {
		xs[i] = pivot.NormalizeInts(u)
	}
	ys := make([][]*big.Rat, len(e.wVerts))
	for j, w := range e.wVerts {
		ys[j] = pivot.NormalizeInts(w.coords)
	}
	eqs := make([]game.MixedRat, len(e.pairs))
	order := make([]int, len(e.pairs))
	for k, p := range e.pairs {
		eqs[k], order[k] = game.MixedRat{xs[p[0]], ys[p[1]]}, k
		if e.swap {
			eqs[k] = game.MixedRat{ys[p[1]], xs[p[0]]}
		}
	}
	// A canonical order, whatever the walk's: player 1's probabilities
	// decreasing lexicographically, then player 2's.
	slices.SortFunc(order, func(a, b int) int {
		if c := slices.CompareFunc(eqs[b][0], eqs[a][0], (*big.Rat).Cmp); c != 0 {
			return c
		}
		return slices.CompareFunc(eqs[b][1], eqs[a][1], (*big.Rat).Cmp)
	})
	index := make(map[[2]int]int, len(order))
	for k, i := range order {
		res.Equilibria[k] = eqs[i]
		index[e.pairs[i]] = k
	}
	bcs, err := maximalBicliques(len(e.uVerts), len(e.wVerts), e.pairs, e.bud.Step)
	if err != nil {
		return nil, fmt.Errorf("maximal convex sets of the %d equilibria: %w", len(e.pairs), err)
	}
	for _, bc := range bcs {
		var comp []int
		for _, u := range bc.left {
			for _, w := range bc.right {
				comp = append(comp, index[[2]int{u, w}])
			}
		}
		slices.Sort(comp)
		res.Components = append(res.Components, comp)
	}
	slices.SortFunc(res.Components, slices.Compare)
	return res, nil
}

// String summarises the result for debugging.
func (r *EnumMixedResult) String() string {
	return fmt.Sprintf("%d extreme equilibria in %d maximal convex sets", len(r.Equilibria), len(r.Components))
}

// rowAtMost returns the sign of Σ_j row_j·w_j − det for nonnegative
// integers row and w.
func rowAtMost(row, w []tableau.Int, det tableau.Int) int {
	// All terms are nonnegative, so a float sum is accurate to a
	// relative 1e-15 or so; only near-ties need the exact sum.
	f := 0.0
	for j, v := range w {
		if !v.IsZero() {
			f += row[j].Float64() * v.Float64()
		}
	}
	d := det.Float64()
	switch {
	case f > d*(1+1e-12):
		return 1
	case f < d*(1-1e-12):
		return -1
	}
	sum := tableau.NewInt(0)
	for j, v := range w {
		if !v.IsZero() {
			sum = sum.Add(row[j].Mul(v))
		}
	}
	return sum.Cmp(det)
}
