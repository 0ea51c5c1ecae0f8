package enummixed

import (
	"errors"

	"github.com/tablero-project/tablero/internal/tableau"
	"github.com/tablero-project/tablero/solve/internal/pivot"
)

// eeeMinSize is the smaller number of strategies from which EEE is
// preferred to the vertex walk: with fewer the walk's polytope has so
// few vertices that it is as fast or faster (1.6–5× with 5 strategies
// against 30), from 12×12 to 20×12 the two are even or EEE up to 2.7×
// faster, and on random 15×15 to 22×22 games EEE is 3–90× faster, whole
// process (docs/benchmarks.md).
const eeeMinSize = 12

// forceSearch, set by tests, makes useEEE answer it (0 lets useEEE
// decide, 1 picks EEE, -1 the walk).
var forceSearch int

// useEEE reports whether EnumMixed searches the game with shifted payoff
// matrices a and b by EEE rather than by the vertex walk: when both
// players have at least eeeMinSize strategies and the game has few ties
// in its pure best responses (at most one per four strategies). Both are
// exact; the choice is speed only. EEE's lookahead cuts subtrees where a
// face is empty, and a degenerate game (the reduced normal form of a
// tree, with payoff-equivalent strategies) keeps most faces nonempty: on
// Gambit's e16 (24×24, 166 ties) it takes 20 times the walk's steps
// and more.
func useEEE(a, b [][]tableau.Int) bool {
	if forceSearch != 0 {
		return forceSearch > 0
	}
	return min(len(a), len(a[0])) >= eeeMinSize && fewTies(a, b)
}

// fewTies reports whether the game with payoff matrices a and b has at
// most one tie among its pure best responses per four strategies, as
// random games do and the reduced strategic forms of trees do not.
func fewTies(a, b [][]tableau.Int) bool {
	return 4*pureTies(a, b) <= len(a)+len(a[0])
}

// pureTies returns the number of ties among the pure best responses of
// the game with payoff matrices a and b ([player 1's strategy][player
// 2's]): for each pure strategy, its best responses less one.
func pureTies(a, b [][]tableau.Int) int {
	ties := 0
	count := func(n int, at func(k int) tableau.Int) {
		best, cnt := at(0), 0
		for k := range n {
			switch c := at(k).Cmp(best); {
			case c > 0:
				best, cnt = at(k), 1
			case c == 0:
				cnt++
			}
		}
		ties += cnt - 1
	}
	for i := range b {
		count(len(b[i]), func(j int) tableau.Int { return b[i][j] })
	}
	for j := range a[0] {
		count(len(a), func(i int) tableau.Int { return a[i][j] })
	}
	return ties
}

// eeeSide is one player's best-response polytope {z ≥ 0 : M z ≤ 1} in the
// EEE search: its tableau variables 0..d-1 are the player's strategies
// z, variables d.. the slacks of the other player's strategies, and each
// variable carries the label of the strategy it stands for (zero when
// the label is present).
type eeeSide struct {
	id      int8  // the search's mark of labels forced on this side
	d       int   // the player's strategies
	varOf   []int // label → tableau variable
	labelOf []int // tableau variable → label
	// tight and zero count the labels forced on this side that are
	// slacks (faces away from the origin) and strategies.
	tight, zero int
	blocked     func(v int) bool
	scratch     *tableau.Tableau
}

// eeeSearch is the state of the EEE search (see eeeEquilibria).
type eeeSearch struct {
	bud    *pivot.Budget
	m, n   int // the players' strategies; labels 0..m-1, then m..m+n-1
	p, q   *eeeSide
	assign []int8 // per label: 0 free, or the id of the side it is forced on
	levels []*eeeLevel
	e      *mixedEnumerator
	uIndex map[string]int
	pairs  map[[2]int]bool
}

// eeeLevel is the storage of one depth of the search: a tableau for each
// side, the labels known infeasible on each side (inherited by the
// children, whose faces are smaller) and those known feasible at the
// node (not inherited).
type eeeLevel struct {
	tp, tq       *tableau.Tableau
	infP, infQ   pivot.LabelSet
	feasP, feasQ pivot.LabelSet
}

// eeeEquilibria finds the extreme equilibria of the game whose shifted
// payoff matrices (all entries positive, [player 1's strategy][player
// 2's]) are a and b, as a mixedEnumerator ready for its result, by the
// EEE search (Audet, Hansen, Jaumard and Savard 2001, as modified by
// Avis, Rosenberg, Savani and von Stengel 2010): a depth-first search in which every label is forced on player 1's
// polytope P = {x ≥ 0 : Bᵀx ≤ 1} or on player 2's Q = {y ≥ 0 : Ay ≤ 1}, and
// a subtree is cut as soon as a forced face is empty (an exact simplex
// phase from the parent's vertex decides it). Before branching, every
// free label whose face is empty on one side is forced on the other
// (and the node is cut if both are empty): a lookahead that costs a few
// pivots per label and cuts most of the tree. At a leaf every label is
// forced, and every point of the two faces is an equilibrium.
//
// Every face is decided exactly, so every extreme equilibrium lies in
// the faces of a leaf, whatever the degeneracy; a leaf's equilibria are
// the pairs of the faces' vertices, enumerated by the vertex walk where a
// face is more than a point (a degenerate game).
func eeeEquilibria(a, b [][]tableau.Int, bud *pivot.Budget) (*mixedEnumerator, error) {
	m, k := len(a), len(a[0])
	s := &eeeSearch{bud: bud, m: m, n: k, assign: make([]int8, m+k), uIndex: map[string]int{}, pairs: map[[2]int]bool{}}
	s.e = &mixedEnumerator{bud: bud, kE: m, kO: k, wIndex: map[string]int{}}
	// P: x_i is label i, the slack of player 2's strategy j label m+j.
	s.p = s.newSide(1, m, pivot.PolytopeTableau(b), func(v int) int { return v })
	// Q: y_j is label m+j, the slack of player 1's strategy i label i.
	s.q = s.newSide(2, k, pivot.PolytopeTableau(pivot.Transpose(a)), func(v int) int { return (v + m) % (m + k) })
	lv := s.level(0)
	lv.tp.CopyFrom(s.p.scratch)
	lv.tq.CopyFrom(s.q.scratch)
	if err := s.node(0, lv.tp, lv.tq); err != nil {
		return nil, err
	}
	return s.e, nil
}

// newSide returns the side of the polytope of tableau t (at the origin),
// with d strategies; label gives each tableau variable's label.
func (s *eeeSearch) newSide(id int8, d int, t *tableau.Tableau, label func(v int) int) *eeeSide {
	t.SetLexBasis()
	side := &eeeSide{id: id, d: d, varOf: make([]int, t.NumVars()), labelOf: make([]int, t.NumVars()), scratch: t}
	for v := range t.NumVars() {
		l := label(v)
		side.labelOf[v], side.varOf[l] = l, v
	}
	side.blocked = func(v int) bool { return s.assign[side.labelOf[v]] == id }
	return side
}

// level returns the storage of depth d, made on first use.
func (s *eeeSearch) level(d int) *eeeLevel {
	for len(s.levels) <= d {
		nl := s.m + s.n
		s.levels = append(s.levels, &eeeLevel{
			tp: s.p.scratch.Clone(), tq: s.q.scratch.Clone(),
			infP: pivot.NewLabelSet(nl), infQ: pivot.NewLabelSet(nl),
			feasP: pivot.NewLabelSet(nl), feasQ: pivot.NewLabelSet(nl),
		})
	}
	return s.levels[d]
}

// node searches below the node at depth d whose faces have the vertices
// of tp and tq (tableaux of the node's own storage or its parent's, left
// unchanged).
func (s *eeeSearch) node(d int, tp, tq *tableau.Tableau) error {
	if err := s.bud.Step(1); err != nil { // so that a node without pivots counts too
		return err
	}
	lv := s.level(d)
	if d > 0 {
		up := s.levels[d-1]
		copy(lv.infP, up.infP)
		copy(lv.infQ, up.infQ)
	}
	var forced []int
	defer func() {
		for _, l := range forced {
			s.unforce(l)
		}
	}()
	ownP, ownQ := tp == lv.tp, tq == lv.tq
	// Lookahead: force the labels whose face is empty on one side.
	if err := s.known(s.p, tp, lv.feasP, lv.infP); err != nil {
		return err
	}
	if err := s.known(s.q, tq, lv.feasQ, lv.infQ); err != nil {
		return err
	}
	for changed := true; changed; {
		changed = false
		for l := range s.m + s.n {
			if s.assign[l] != 0 {
				continue
			}
			if !lv.feasP.Has(l) && !lv.infP.Has(l) {
				if err := s.probe(s.p, tp, l, lv.feasP, lv.infP); err != nil {
					return err
				}
			}
			if !lv.feasQ.Has(l) && !lv.infQ.Has(l) {
				if err := s.probe(s.q, tq, l, lv.feasQ, lv.infQ); err != nil {
					return err
				}
			}
			// force forces l on side, whose vertex t is copied into the
			// node's own storage first, and reads what the new face shows.
			force := func(side *eeeSide, t **tableau.Tableau, store *tableau.Tableau, own *bool, feas, inf pivot.LabelSet) error {
				if !*own {
					store.CopyFrom(*t)
					*t, *own = store, true
				}
				if err := s.restrict(side, *t, l); err != nil {
					return err
				}
				forced = append(forced, l)
				changed = true
				return s.known(side, *t, feas, inf)
			}
			infP, infQ := lv.infP.Has(l), lv.infQ.Has(l)
			switch {
			case infP && infQ:
				return nil
			case infP:
				if err := force(s.q, &tq, lv.tq, &ownQ, lv.feasQ, lv.infQ); err != nil {
					return err
				}
			case infQ:
				if err := force(s.p, &tp, lv.tp, &ownP, lv.feasP, lv.infP); err != nil {
					return err
				}
			}
		}
	}
	// Branch on a free label that neither vertex has, else on any.
	k := -1
	for l := range s.m + s.n {
		if s.assign[l] == 0 {
			if k < 0 {
				k = l
			}
			if !hasLabel(s.p, tp, l) && !hasLabel(s.q, tq, l) {
				k = l
				break
			}
		}
	}
	if k < 0 {
		return s.leaf(tp, tq)
	}
	next := s.level(d + 1)
	next.tp.CopyFrom(tp)
	if err := s.restrict(s.p, next.tp, k); err != nil {
		return err
	}
	if err := s.node(d+1, next.tp, tq); err != nil {
		return err
	}
	s.unforce(k)
	next.tq.CopyFrom(tq)
	if err := s.restrict(s.q, next.tq, k); err != nil {
		return err
	}
	err := s.node(d+1, tp, next.tq)
	s.unforce(k)
	return err
}

// force marks label l as forced on side, and unforce frees it again.
func (s *eeeSearch) force(side *eeeSide, l int) {
	s.assign[l] = side.id
	if side.varOf[l] < side.d {
		side.zero++
	} else {
		side.tight++
	}
}

func (s *eeeSearch) unforce(l int) {
	side := s.p
	if s.assign[l] == s.q.id {
		side = s.q
	}
	if side.varOf[l] < side.d {
		side.zero--
	} else {
		side.tight--
	}
	s.assign[l] = 0
}

// hasLabel reports whether the vertex of t has label l: its variable is
// zero.
func hasLabel(side *eeeSide, t *tableau.Tableau, l int) bool {
	r, basic := t.Row(side.varOf[l])
	return !basic || t.RHS(r).IsZero()
}

// known sets feas to the free labels the face of side (at the vertex of
// t) is known to allow, and adds to inf those it cannot. Away from the
// origin (a slack forced) the vertex's labels are allowed. At the origin
// (only strategies forced, the face is every x ≥ 0 of the polytope that
// is zero on them) a further strategy label is allowed unless it leaves
// no strategy; slack labels take a probe.
func (s *eeeSearch) known(side *eeeSide, t *tableau.Tableau, feas, inf pivot.LabelSet) error {
	clear(feas)
	if side.tight == 0 {
		for v := range side.d {
			l := side.labelOf[v]
			if s.assign[l] != 0 {
				continue
			}
			if side.zero+1 < side.d {
				feas.Add(l)
			} else {
				inf.Add(l)
			}
		}
		return nil
	}
	s.addLabels(side, t, feas)
	return nil
}

// addLabels adds the labels of the vertex of t to feas.
func (s *eeeSearch) addLabels(side *eeeSide, t *tableau.Tableau, feas pivot.LabelSet) {
	for c := range t.Cols() {
		feas.Add(side.labelOf[t.Nonbasic(c)])
	}
	for r := range t.Rows() {
		if t.RHS(r).IsZero() {
			feas.Add(side.labelOf[t.Basic(r)])
		}
	}
}

// probe decides whether the face of side at the vertex of t stays
// nonempty with label l forced too: if so the labels of a vertex of that
// smaller face are added to feas, otherwise l to inf. t is not changed:
// the common cases (the vertex already has l, no pivot can lower l's
// variable, one pivot makes it leave) are read off t, the others
// pivoted on a copy.
func (s *eeeSearch) probe(side *eeeSide, t *tableau.Tableau, l int, feas, inf pivot.LabelSet) error {
	v := side.varOf[l]
	if side.tight == 0 && v < side.d {
		return nil // decided by counting (see known)
	}
	r, basic := t.Row(v)
	if !basic || t.RHS(r).IsZero() {
		feas.Add(l)
		return nil
	}
	c, leave, err := s.entering(side, t, r)
	switch {
	case err != nil:
		return err
	case c < 0:
		inf.Add(l)
		return nil
	case leave == r:
		// The vertex across the pivot: l's variable leaves, c's enters.
		for k := range t.Cols() {
			if k != c {
				feas.Add(side.labelOf[t.Nonbasic(k)])
			}
		}
		feas.Add(l)
		return nil
	}
	w := side.scratch
	w.CopyFrom(t)
	err = s.restrict(side, w, l)
	switch {
	case errors.Is(err, errEmptyFace):
		inf.Add(l)
		return nil
	case err != nil:
		return err
	}
	s.unforce(l)
	s.addLabels(side, w, feas)
	return nil
}

// entering returns the free column whose pivot lowers most the basic
// variable of row r of t (its entry in row r is positive), with the row
// that the lexicographic ratio test makes leave, or -1 if no column
// lowers it: then it is at its minimum over the face. A column that
// makes row r leave (the variable drops to zero) is taken at once. Any
// choice is exact; this one keeps the simplex paths short.
func (s *eeeSearch) entering(side *eeeSide, t *tableau.Tableau, r int) (col, leave int, err error) {
	col, leave = -1, -1
	best := -1.0
	for c := range t.Cols() {
		a := t.At(r, c)
		if a.Sign() <= 0 || side.blocked(t.Nonbasic(c)) {
			continue
		}
		if err := s.bud.Step(1); err != nil {
			return -1, -1, err
		}
		k := t.RatioTest(c)
		if k == r {
			return c, r, nil
		}
		// The drop of the variable: a·RHS(k)/t.At(k, c), in floating
		// point, as it only orders the candidates (the first is taken
		// even if the floats overflow to a NaN).
		if d := a.Float64() * t.RHS(k).Float64() / t.At(k, c).Float64(); col < 0 || d > best {
			best, col, leave = d, c, k
		}
	}
	return col, leave, nil
}

// errEmptyFace is restrict's answer when the face with the label forced
// is empty; the search never lets it out.
var errEmptyFace = errors.New("enummixed: empty face")

// restrict forces label l on side and moves t to a vertex of the face
// where l is present too, or returns errEmptyFace (l left free). The
// label's variable, if basic and positive, is minimized over the face by
// the simplex method (the greatest drop first, the lexicographic ratio
// test, so no cycling); at zero it is pivoted out of the basis where a
// free column allows it (where none does, its row is implied by the
// forced ones and it stays basic at zero), and it never enters again.
func (s *eeeSearch) restrict(side *eeeSide, t *tableau.Tableau, l int) error {
	v := side.varOf[l]
	if side.tight == 0 && v < side.d {
		if side.zero+1 >= side.d {
			return errEmptyFace
		}
		s.force(side, l)
		return nil // the origin's tableau: v is nonbasic
	}
	for {
		r, basic := t.Row(v)
		if !basic {
			break
		}
		if t.RHS(r).IsZero() {
			for c := range t.Cols() {
				if !side.blocked(t.Nonbasic(c)) && !t.At(r, c).IsZero() {
					if err := s.bud.Step(t.Rows()); err != nil {
						return err
					}
					t.Pivot(r, c)
					t.SetLexBasis()
					break
				}
			}
			break
		}
		c, leave, err := s.entering(side, t, r)
		if err != nil {
			return err
		}
		if c < 0 {
			return errEmptyFace
		}
		if err := s.bud.Step(t.Rows()); err != nil {
			return err
		}
		t.Pivot(leave, c)
	}
	s.force(side, l)
	return nil
}

// leaf records the equilibria of a leaf, where every label is forced:
// the pairs of vertices of the two faces, at the vertices of tp and tq.
func (s *eeeSearch) leaf(tp, tq *tableau.Tableau) error {
	xs, err := s.faceVertices(s.p, tp)
	if err != nil {
		return err
	}
	ys, err := s.faceVertices(s.q, tq)
	if err != nil {
		return err
	}
	for _, x := range xs {
		key := x.zero.Key()
		u, ok := s.uIndex[key]
		if !ok {
			u = len(s.e.uVerts)
			s.uIndex[key] = u
			s.e.uVerts = append(s.e.uVerts, x.coords)
		}
		for _, y := range ys {
			key := y.zero.Key()
			w, ok := s.e.wIndex[key]
			if !ok {
				w = len(s.e.wVerts)
				s.e.wIndex[key] = w
				s.e.wVerts = append(s.e.wVerts, y)
			}
			if p := [2]int{u, w}; !s.pairs[p] {
				s.pairs[p] = true
				s.e.pairs = append(s.e.pairs, p)
			}
		}
	}
	return nil
}

// faceVertices returns the vertices of the face of side whose vertex t
// is: t's alone if it is simple (no basic variable is zero, so the face
// is that point), else those the vertex walk finds with the forced labels
// blocked.
func (s *eeeSearch) faceVertices(side *eeeSide, t *tableau.Tableau) ([]partner, error) {
	simple := true
	for r := range t.Rows() {
		simple = simple && !t.RHS(r).IsZero()
	}
	if simple {
		return []partner{s.vertex(side, t)}, nil
	}
	w := side.scratch
	w.CopyFrom(t)
	w.SetLexBasis()
	var out []partner
	err := enumerateVertices(w, s.bud, side.blocked, func(t *tableau.Tableau, _ pivot.LabelSet) error {
		out = append(out, s.vertex(side, t))
		return nil
	})
	return out, err
}

// vertex returns the vertex of t: its coordinates (times the
// determinant) and its labels.
func (s *eeeSearch) vertex(side *eeeSide, t *tableau.Tableau) partner {
	z := make([]tableau.Int, side.d)
	labels := pivot.NewLabelSet(s.m + s.n)
	for v := range t.NumVars() {
		r, basic := t.Row(v)
		switch {
		case !basic || t.RHS(r).IsZero():
			labels.Add(side.labelOf[v])
		case v < side.d:
			z[v] = t.RHS(r)
		}
	}
	return partner{zero: labels, coords: z}
}
