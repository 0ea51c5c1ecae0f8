package enumpoly

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enumpoly/internal/polysys"
	"github.com/tablero-project/tablero/solve/internal/float"

	"github.com/tablero-project/tablero/game"
)

// EnumPolyOptions controls EnumPoly.
type EnumPolyOptions struct {
	// FloatOptions: Tol is the acceptance of equilibria (regret relative
	// to the payoff range, 0: 10^-6); Seed seeds the random start systems
	// of the homotopies; MaxIter caps the steps of one homotopy path (0:
	// 10000); Budget bounds the work. Starts is not used.
	solve.FloatOptions
	// StopAfter, if positive, stops after that many equilibria
	// (gambit-enumpoly -e).
	StopAfter int
}

// EnumPoly computes the Nash equilibria of the strategic game n by
// support enumeration, as gambit-enumpoly -S does: supports are visited
// in the order of Porter, Nudelman and Shoham (2008) — by total size,
// then by imbalance (for two players: imbalance first) — and pruned by
// iterated removal of strategies conditionally dominated given the
// supports chosen so far; on each remaining support the indifference
// equations are solved for the totally mixed solutions.
//
// The equations of player p say that p's support strategies earn equal
// payoffs; they are multilinear in the other players' probabilities.
// When at most two players mix they are linear and are solved directly
// (two-player games, for instance). Otherwise the product of simplices
// is subdivided: the equations, each player's gain from leaving its
// support, and the equations' combinations by the rows of the inverse
// Jacobian at a piece's centre are affine in each player's probabilities,
// so their exact ranges over a product of simplices come from the
// vertices; a piece is discarded if some equation or combination keeps
// one sign, or some gain stays positive, on it, and kept as holding
// exactly one solution if x − Y·F maps it into itself and contracts
// there. If every piece is discarded or kept within a cell budget, the
// kept pieces' solutions are all the solutions; otherwise the equations
// are solved by complex homotopy continuation from a linear-product
// start system with the multihomogeneous Bézout number of paths, which
// finds every isolated solution. Real solutions with non-negative
// probabilities are kept if solve.RegretMixed verifies them (after
// Newton polishing if needed).
//
// Supports on which the equations have a continuum of solutions
// (degenerate games) yield no point, as in gambit-enumpoly, so support
// enumeration gives the isolated equilibria — all of them, up to
// numerical failure of a path. On small two-player games (at most 20000
// square subsystems per player) EnumPoly then adds the extreme points of
// the components of equilibria it missed, by pairing the vertices of the
// players' best-response polytopes (enumpoly_vertex.go): there it
// returns every extreme equilibrium, as gambit-enummixed does.
// Equilibria are deduplicated and returned in the order found. The error wraps
// solve.ErrNotFound if there are none. Work grows quickly with the number of
// mixing players; the default budget covers seven to ten seconds of work,
// larger games need a larger Budget.
func EnumPoly(ctx context.Context, n *game.Normal, opt EnumPolyOptions) ([]game.Mixed, error) {
	if n == nil {
		return nil, errors.New("enumpoly: nil game")
	}
	opt.FloatOptions = opt.FloatOptions.WithDefaults(1, float.DefaultTol, polysys.DefaultPathSteps)
	g, err := float.NewGame(n, opt.Budget)
	if err != nil {
		return nil, fmt.Errorf("enumpoly: %w", err)
	}
	g.Normalize()
	e := &epEnum{n: n, g: g, opt: opt, found: &float.Set{Tol: 1e-6},
		meter: &float.Meter{Ctx: ctx, What: "support enumeration", Limit: opt.Budget}}
	e.rng = float.RNG(opt.Seed, 0xe9)
	err = e.run()
	if err != nil && !errors.Is(err, errEPStop) {
		return e.found.Eqs, fmt.Errorf("enumpoly: %w", err)
	}
	if len(e.found.Eqs) == 0 {
		return nil, float.NotFound("enumpoly", nil)
	}
	return e.found.Eqs, nil
}

// errEPStop ends the enumeration once StopAfter equilibria are found.
var errEPStop = errors.New("enough equilibria")

// epEnum is one support enumeration.
type epEnum struct {
	n     *game.Normal
	g     *float.Game
	opt   EnumPolyOptions
	meter *float.Meter
	found *float.Set
	rng   interface{ NormFloat64() float64 }
}

// run visits the size profiles in PNS order.
func (e *epEnum) run() error {
	for _, x := range e.sizeProfiles() {
		if polysys.Bezout(x) == 0 {
			continue // generically no isolated solution
		}
		supp := make([][]int, e.g.N)
		dom := make([][]bool, e.g.N)
		for p := range dom {
			dom[p] = make([]bool, e.g.Sizes[p])
			for i := range dom[p] {
				dom[p][i] = true
			}
		}
		if err := e.backtrack(x, supp, dom, 0); err != nil {
			return err
		}
	}
	_, err := e.vertexPairs()
	return err
}

// sizeProfiles lists the support sizes in Porter–Nudelman–Shoham order.
func (e *epEnum) sizeProfiles() [][]int {
	var out [][]int
	x := make([]int, e.g.N)
	var rec func(p int)
	rec = func(p int) {
		if p == e.g.N {
			out = append(out, append([]int(nil), x...))
			return
		}
		for k := 1; k <= e.g.Sizes[p]; k++ {
			x[p] = k
			rec(p + 1)
		}
	}
	rec(0)
	key := func(x []int) (sum, spread int) {
		lo, hi := x[0], x[0]
		for _, k := range x {
			sum += k
			lo, hi = min(lo, k), max(hi, k)
		}
		return sum, hi - lo
	}
	sort.SliceStable(out, func(i, j int) bool {
		si, di := key(out[i])
		sj, dj := key(out[j])
		if e.g.N == 2 && di != dj {
			return di < dj
		}
		if si != sj {
			return si < sj
		}
		return di < dj
	})
	return out
}

// backtrack chooses the support of player p (of size x[p]) within its
// domain, prunes the others' domains by conditional dominance, and goes
// on; with every support chosen it solves the support.
func (e *epEnum) backtrack(x []int, supp [][]int, dom [][]bool, p int) error {
	if p == e.g.N {
		return e.solveSupport(supp)
	}
	var cand []int
	for i, in := range dom[p] {
		if in {
			cand = append(cand, i)
		}
	}
	return epSubsets(cand, x[p], func(s []int) error {
		supp[p] = s
		d := make([][]bool, e.g.N)
		for q := range d {
			d[q] = append([]bool(nil), dom[q]...)
		}
		clear(d[p])
		for _, i := range s {
			d[p][i] = true
		}
		if err := e.meter.Charge(e.g.Cells); err != nil {
			return err
		}
		if !e.prune(d, supp, x, p) {
			return nil
		}
		return e.backtrack(x, supp, d, p+1)
	})
}

// epSubsets calls f with each k-subset of c in lexicographic order.
func epSubsets(c []int, k int, f func([]int) error) error {
	if k > len(c) {
		return nil
	}
	idx := make([]int, k)
	for i := range idx {
		idx[i] = i
	}
	for {
		s := make([]int, k)
		for i, j := range idx {
			s[i] = c[j]
		}
		if err := f(s); err != nil {
			return err
		}
		i := k - 1
		for i >= 0 && idx[i] == len(c)-k+i {
			i--
		}
		if i < 0 {
			return nil
		}
		idx[i]++
		for j := i + 1; j < k; j++ {
			idx[j] = idx[j-1] + 1
		}
	}
}

// prune removes, until none is left, strategies conditionally dominated
// given the others' domains (the chosen supports for players ≤ p) by
// some strategy of the same player. It reports false if a chosen
// support strategy is removed or a later domain becomes too small.
func (e *epEnum) prune(dom [][]bool, supp [][]int, x []int, p int) bool {
	for changed := true; changed; {
		changed = false
		for q := range e.g.N {
			for a, in := range dom[q] {
				if in && e.dominated(q, a, dom) {
					dom[q][a] = false
					changed = true
				}
			}
		}
	}
	for q := range e.g.N {
		count := 0
		for _, in := range dom[q] {
			if in {
				count++
			}
		}
		if count < x[q] {
			return false
		}
		if q <= p {
			for _, a := range supp[q] {
				if !dom[q][a] {
					return false
				}
			}
		}
	}
	return true
}

// dominated reports whether strategy a of player q is strictly
// dominated by another of q's strategies against every profile of the
// others' domains.
func (e *epEnum) dominated(q, a int, dom [][]bool) bool {
	g := e.g
	for b := range g.Sizes[q] {
		if b != a && e.beats(q, b, a, dom) {
			return true
		}
	}
	return false
}

// beats reports whether b gives q strictly more than a against every
// profile of the others' domains.
func (e *epEnum) beats(q, b, a int, dom [][]bool) bool {
	g := e.g
	prof := make([]int, g.N)
	var rec func(r int) bool
	rec = func(r int) bool {
		if r == g.N {
			prof[q] = b
			cb := g.Cell(prof)
			prof[q] = a
			return g.Pay[q][cb] > g.Pay[q][g.Cell(prof)]
		}
		if r == q {
			return rec(r + 1)
		}
		for s, in := range dom[r] {
			if in {
				prof[r] = s
				if !rec(r + 1) {
					return false
				}
			}
		}
		return true
	}
	return rec(0)
}

// solveSupport solves the indifference equations of one support and
// keeps the verified equilibria among their solutions.
func (e *epEnum) solveSupport(supp [][]int) error {
	s := polysys.NewNormal(e.g, supp)
	var cands [][]float64
	switch s.Groups() {
	case 0:
		cands = [][]float64{nil}
	case 1:
		return nil // the mixing player's equations are constant
	case 2:
		if x, ok := s.SolveLinear(); ok {
			cands = append(cands, x)
		}
	default:
		s.Deviations(e.g, supp)
		var err error
		if cands, err = s.Solve(e.rng, e.opt.MaxIter, e.meter); err != nil {
			return err
		}
	}
	for _, x := range cands {
		prof, ok := s.Profile(e.g, supp, x)
		if !ok {
			continue
		}
		m, _, ok := float.Accept(e.n, e.g, prof, e.opt.Tol)
		if !ok && e.g.Polish(prof) {
			m, _, ok = float.Accept(e.n, e.g, prof, e.opt.Tol)
		}
		if ok && e.found.Add(m) && e.opt.StopAfter > 0 && len(e.found.Eqs) >= e.opt.StopAfter {
			return errEPStop
		}
	}
	return nil
}
