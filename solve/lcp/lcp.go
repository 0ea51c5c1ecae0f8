package lcp

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/pivot"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/tableau"
)

// LCPOptions control LCP.
type LCPOptions struct {
	// Stop ends the search after this many equilibria; 0 finds all that
	// are reachable.
	Stop int
	// Depth bounds the recursion from equilibrium to equilibrium; 0 means
	// no bound.
	Depth int
	// Budget bounds the number of pivots (solve.DefaultBudget if <= 0).
	Budget int
}

// LCP returns Nash equilibria of the two-player game n found by the
// Lemke–Howson algorithm, as gambit-lcp does on a strategic game: from
// the artificial equilibrium (both players' zero vectors) it follows the
// path of every dropped label to an equilibrium, and from every new
// equilibrium the paths of all other labels, recursively. The
// equilibria so reached are extreme equilibria, listed once each in the
// order found; in nondegenerate games they are all that any
// Lemke–Howson path reaches, which may be fewer than all equilibria
// (Shapley 1974), and in degenerate games the lexicographic rule decides
// which are found.
//
// Pivoting is exact: each player's best-response polytope is a
// fraction-free integer tableau, and ties in the ratio test are broken by
// the lexicographic rule, so paths never cycle. Payoffs are normalized
// as Gambit does (both players' payoffs shifted by one common constant),
// which makes the paths Gambit's.
//
// opt.Stop ends the search after that many equilibria, opt.Depth bounds
// the recursion (Gambit's -e and -r); the pivots are bounded by
// opt.Budget, and exceeding it gives an error wrapping solve.ErrBudget. LCP
// returns ctx.Err() when ctx is cancelled.
func LCP(ctx context.Context, n *game.Normal, opt LCPOptions) ([]game.MixedRat, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := pivot.CheckBimatrix(n, "lcp"); err != nil {
		return nil, err
	}
	s := &lhSearch{
		opt:  opt,
		bud:  pivot.NewBudget(ctx, "Lemke–Howson on "+solve.SizeString(n.Strategies), opt.Budget),
		m:    len(n.Strategies[0]),
		k:    len(n.Strategies[1]),
		seen: map[string]bool{},
	}
	s.bases = pivot.NewBasisSet(2 * (s.m + s.k))
	start := s.newPair(n)
	if _, err := s.search(-1, start, 0); err != nil {
		return nil, err
	}
	return s.found, nil
}

// lhPair is the pair of tableaus Lemke–Howson pivots on. With m and k the
// numbers of strategies of players 1 and 2, labels 0..m-1 are player 1's
// strategies and m..m+k-1 player 2's. In q (player 1's payoffs, rows
// player 1's strategies: A·y + r = 1) variable j < k is y_j (label m+j)
// and k+i the slack r_i (label i); in p (player 2's payoffs, rows player
// 2's strategies: Bᵀ·x + s = 1) variable i < m is x_i (label i) and m+j
// the slack s_j (label m+j).
type lhPair struct {
	q, p *tableau.Tableau
}

func (s *lhSearch) newPair(n *game.Normal) lhPair {
	a, b := pivot.PayoffMatrix(n, 0), pivot.PayoffMatrix(n, 1)
	shift := new(big.Rat).Set(pivot.MinPayoff(a, b))
	if shift.Sign() > 0 {
		shift.SetInt64(0)
	}
	shift.Sub(shift, big.NewRat(1, 1))
	q := pivot.PolytopeTableau(pivot.Transpose(pivot.IntMatrix(a, shift)))
	p := pivot.PolytopeTableau(pivot.IntMatrix(b, shift))
	q.SetLex(q.LexVars(), lhLexNeg)
	p.SetLex(p.LexVars(), lhLexNeg)
	return lhPair{q: q, p: p}
}

// lhLexNeg is the sign of the lexicographic perturbation: Gambit's
// tableaus perturb the right-hand side 1 by −(ε, ε², ...), which makes
// degenerate games reach Gambit's equilibria.
const lhLexNeg = true

func (pr lhPair) clone() lhPair { return lhPair{q: pr.q.Clone(), p: pr.p.Clone()} }

// lhVar is a variable of one of the two tableaus.
type lhVar struct {
	t *tableau.Tableau
	v int
}

// labelVars returns the two variables carrying label l: the one in p and
// the one in q.
func (s *lhSearch) labelVars(pr lhPair, l int) (inP, inQ lhVar) {
	if l < s.m {
		return lhVar{pr.p, l}, lhVar{pr.q, s.k + l}
	}
	return lhVar{pr.p, l}, lhVar{pr.q, l - s.m}
}

// label returns the label of variable v of tableau t.
func (s *lhSearch) label(pr lhPair, x lhVar) int {
	if x.t == pr.p {
		return x.v
	}
	if x.v < s.k {
		return s.m + x.v
	}
	return x.v - s.k
}

// path follows the Lemke–Howson path that drops label l from the
// completely labelled pair at pr, to the next completely labelled pair.
// As in Gambit, the player's own variable of label l (x_l or y_l) enters
// if it is nonbasic, its slack otherwise.
func (s *lhSearch) path(pr lhPair, l int) error {
	inP, inQ := s.labelVars(pr, l)
	enter := inP
	if l >= s.m {
		enter = inQ // y is player 2's own variable
	}
	if _, basic := enter.t.Row(enter.v); basic {
		if enter == inP {
			enter = inQ
		} else {
			enter = inP
		}
	}
	for {
		c, _ := enter.t.Col(enter.v)
		r := enter.t.RatioTest(c)
		if r < 0 {
			return fmt.Errorf("solve: lcp: unbounded ray from label %d (a bug: best-response polytopes are bounded)", l+1)
		}
		if err := s.bud.Step(1); err != nil {
			return err
		}
		leaving := lhVar{enter.t, enter.t.Basic(r)}
		enter.t.Pivot(r, c)
		out := s.label(pr, leaving)
		if out == l {
			return nil
		}
		inP, inQ = s.labelVars(pr, out)
		if leaving.t == pr.p {
			enter = inQ
		} else {
			enter = inP
		}
	}
}

// lhSearch is the recursive all-labels search.
type lhSearch struct {
	opt   LCPOptions
	bud   *pivot.Budget
	m, k  int
	bases *pivot.BasisSet // completely labelled bases met so far
	seen  map[string]bool // equilibria found, as profile keys
	found []game.MixedRat
}

// search records the equilibrium at pr (unless at depth 0, the artificial
// one) and follows every label but the one that led here, as Gambit's
// AllLemke does. It reports whether the search must stop.
func (s *lhSearch) search(from int, pr lhPair, depth int) (bool, error) {
	if s.opt.Depth > 0 && depth > s.opt.Depth {
		return false, nil
	}
	if depth > 0 {
		if !s.bases.Add(s.key(pr)) {
			return false, nil
		}
		// This level keeps its pair of tableaus while the search goes
		// deeper: charge their entries, so that the path's memory is
		// bounded by the budget.
		if err := s.bud.Step((s.m + s.k) * (s.m + s.k + 1)); err != nil {
			return false, err
		}
		eq, ok := s.profile(pr)
		if !ok {
			return false, nil // back at the artificial equilibrium
		}
		if k := mixedKey(eq); !s.seen[k] {
			s.seen[k] = true
			s.found = append(s.found, eq)
			if s.opt.Stop > 0 && len(s.found) >= s.opt.Stop {
				return true, nil
			}
		}
	}
	for l := range s.m + s.k {
		if l == from {
			continue
		}
		next := pr.clone()
		if err := s.path(next, l); err != nil {
			return false, err
		}
		if stop, err := s.search(l, next, depth+1); stop || err != nil {
			return stop, err
		}
	}
	return false, nil
}

// key returns the basic variables of both tableaus as one bit set.
func (s *lhSearch) key(pr lhPair) pivot.LabelSet {
	off := s.m + s.k
	b := pivot.NewLabelSet(2 * off)
	for r := range pr.q.Rows() {
		b.Add(pr.q.Basic(r))
	}
	for r := range pr.p.Rows() {
		b.Add(off + pr.p.Basic(r))
	}
	return b
}

// profile returns the mixed profile at pr, and false at the artificial
// equilibrium.
func (s *lhSearch) profile(pr lhPair) (game.MixedRat, bool) {
	x := make([]tableau.Int, s.m)
	y := make([]tableau.Int, s.k)
	nonzero := false
	for i := range x {
		if r, ok := pr.p.Row(i); ok {
			x[i] = pr.p.RHS(r)
			nonzero = nonzero || x[i].Sign() != 0
		}
	}
	for j := range y {
		if r, ok := pr.q.Row(j); ok {
			y[j] = pr.q.RHS(r)
		}
	}
	if !nonzero {
		return nil, false
	}
	return game.MixedRat{pivot.NormalizeInts(x), pivot.NormalizeInts(y)}, true
}

// mixedKey returns a string identifying an exact profile.
func mixedKey(m game.MixedRat) string {
	var b []byte
	for _, s := range m {
		for _, v := range s {
			b = v.Num().Append(b, 36)
			b = append(b, '/')
			b = v.Denom().Append(b, 36)
			b = append(b, ',')
		}
		b = append(b, ';')
	}
	return string(b)
}
