package lcp

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/solve/internal/pivot"
	"github.com/tablero-project/tablero/solve/internal/seqform"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/tableau"
)

// SequenceLCP returns one Nash equilibrium of the two-player tree g, as a
// behaviour profile, computed on the sequence form without building the
// strategic form: Lemke's algorithm with a covering vector on the linear
// complementarity problem of Koller, Megiddo and von Stengel (1996), as
// gambit-lcp does on an extensive game. Its size is linear in the tree,
// so it solves trees whose reduced strategic forms are far too large.
//
// The problem is set up as Gambit sets it up, so that the path and the
// equilibrium are Gambit's: the realization-plan constraints relaxed to
// inequalities with nonnegative multipliers, payoffs shifted to be
// negative, the covering vector of ones with its first entry 1/1000, and
// the artificial variable entering at player 1's root constraint; should
// that path end in a ray, the perturbation moves to the next row. One
// difference: the shift is one constant per play (a play's payoff being
// the sum of the outcomes on its path), where Gambit shifts each outcome,
// which is not a constant shift of the game when plays cross several
// outcomes. Pivoting is exact (a fraction-free
// integer tableau), with the lexicographic ratio test. At information
// sets that the player's own moves reach with probability zero (more than
// one deviation off the equilibrium path) the behaviour is the centroid,
// as Gambit returns it.
//
// SequenceLCP refuses games without two players or without perfect
// recall. budgetSteps (solve.DefaultBudget if <= 0) bounds the pivots;
// exceeding it gives an error wrapping solve.ErrBudget.
func SequenceLCP(ctx context.Context, g *game.Game, budgetSteps int) (game.BehaviorRat, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := seqform.Check(g, "sequence-form lcp"); err != nil {
		return nil, err
	}
	sf := seqform.New(g)
	bud := pivot.NewBudget(ctx, "Lemke's algorithm on the sequence form", budgetSteps)
	lcp := newSeqLCP(sf)
	var last error
	for pert := range lcp.rows {
		if pert == lcp.root1 {
			continue
		}
		x, err := lcp.solve(pert, bud)
		if err == nil {
			return sf.Behavior(x), nil
		}
		if !errors.Is(err, errLemkeRay) {
			return nil, err
		}
		last = err
	}
	return nil, fmt.Errorf("solve: sequence-form lcp: no equilibrium found: %w", last)
}

// errLemkeRay reports that a Lemke path ended in a secondary ray.
var errLemkeRay = errors.New("Lemke's path ended in a ray")

// seqLCP is the linear complementarity problem w = q + M·z + d·z0,
// w, z ≥ 0, w ⊥ z, of a sequence form, laid out as Gambit lays it out.
// The rows and the variables z are, in order: player 1's sequences, player
// 2's sequences, player 1's constraints (the root x_∅ ≥ 1, then one per
// information set: Σ_a x_ha ≥ x_parent) and player 2's. The sparse rows a
// hold −M, so that a tableau row reads Σ_j a_ij z_j − d_i z0 + w_i = q_i.
type seqLCP struct {
	sf           *seqform.Form
	rows         int
	root1, root2 int // rows of the root constraints
	a            []map[int]*big.Rat
	q            []*big.Rat
}

func newSeqLCP(sf *seqform.Form) *seqLCP {
	n1, n2 := sf.NS[0], sf.NS[1]
	i1, i2 := len(sf.G.Infosets[0])+1, len(sf.G.Infosets[1])+1
	l := &seqLCP{sf: sf, rows: n1 + n2 + i1 + i2, root1: n1 + n2, root2: n1 + n2 + i1}
	l.a = make([]map[int]*big.Rat, l.rows)
	for i := range l.a {
		l.a[i] = map[int]*big.Rat{}
	}
	l.q = make([]*big.Rat, l.rows)
	set := func(i, j int, v *big.Rat) { l.a[i][j] = v }
	one, minus := big.NewRat(1, 1), big.NewRat(-1, 1)
	seqOff := [2]int{0, n1}
	conOff := [2]int{l.root1, l.root2}
	for p := range 2 {
		root, empty := conOff[p], seqOff[p]
		set(empty, root, one)
		set(root, empty, minus)
		for h, s := range sf.G.Infosets[p] {
			row := conOff[p] + 1 + h
			par := seqOff[p] + sf.Parent[p][h]
			set(par, row, minus)
			set(row, par, one)
			for a := range s.Actions {
				seq := seqOff[p] + sf.Base[p][h] + a
				set(seq, row, one)
				set(row, seq, minus)
			}
		}
	}
	// Payoffs minus K at every play, K above every play's payoff: each
	// play then costs each player something, which makes Lemke's
	// algorithm end in a solution (Koller, Megiddo and von Stengel).
	outcome, play := seqform.MaxPayoff(sf.G)
	k := new(big.Rat).Add(outcome, one)
	if play != nil && play.Cmp(k) >= 0 {
		k.Add(play, one)
	}
	for _, c := range sf.Cells {
		s1, s2 := c.S[0], n1+c.S[1]
		shift := new(big.Rat).Mul(k, c.Leaf)
		set(s1, s2, new(big.Rat).Sub(c.Pay[0], shift))
		set(s2, s1, new(big.Rat).Sub(c.Pay[1], shift))
	}
	l.q[l.root1], l.q[l.root2] = minus, minus
	return l
}

// solve runs Lemke's algorithm with the covering vector of ones but 1/1000
// at row pert, and returns the realization plans of the solution.
func (l *seqLCP) solve(pert int, bud *pivot.Budget) ([2][]*big.Rat, error) {
	t := l.tableau(pert)
	z0 := l.rows
	t.Pivot(l.root1, z0) // z0 enters where the root constraint is violated
	enter := l.root1     // the complement of the variable that left
	seen := pivot.NewBasisSet(t.NumVars())
	for {
		c, _ := t.Col(enter)
		r := t.RatioTest(c)
		if r < 0 {
			return [2][]*big.Rat{}, errLemkeRay
		}
		if err := bud.Step(1); err != nil {
			return [2][]*big.Rat{}, err
		}
		leaving := t.Basic(r)
		t.Pivot(r, c)
		if leaving == z0 {
			break
		}
		if !seen.Add(pivot.BasisOf(t)) {
			return [2][]*big.Rat{}, fmt.Errorf("solve: sequence-form lcp: Lemke's path cycles (a bug)")
		}
		enter = l.complement(leaving)
	}
	var x [2][]*big.Rat
	off := 0
	for p := range 2 {
		x[p] = make([]*big.Rat, l.sf.NS[p])
		for s := range x[p] {
			x[p][s] = t.Value(off + s)
		}
		off += l.sf.NS[p]
	}
	return x, nil
}

// complement returns the variable complementary to v: z_j ↔ w_j.
func (l *seqLCP) complement(v int) int {
	if v < l.rows {
		return l.rows + 1 + v
	}
	return v - l.rows - 1
}

// tableau returns the starting tableau: variables z_j = j, z0 = rows, and
// w_i = rows+1+i basic. Each row is scaled to integers by its own factor,
// and the z0 column by 1000 (so that d is (1000, ..., 1, ..., 1000)):
// neither changes a ratio comparison or a pivot, and small factors keep
// the integers of the fraction-free tableau small.
func (l *seqLCP) tableau(pert int) *tableau.Tableau {
	t := tableau.New(l.rows, l.rows+1)
	thousand, one := big.NewRat(1000, 1), big.NewRat(1, 1)
	for i := range l.rows {
		d := thousand
		if i == pert {
			d = one
		}
		vals := []*big.Rat{d}
		for _, v := range l.a[i] {
			vals = append(vals, v)
		}
		if l.q[i] != nil {
			vals = append(vals, l.q[i])
		}
		den := ratLCM(vals)
		scale := func(v *big.Rat) tableau.Int {
			x := new(big.Int).Quo(den, v.Denom())
			return tableau.FromBig(x.Mul(x, v.Num()))
		}
		for j, v := range l.a[i] {
			if v.Sign() != 0 {
				t.Set(i, j, scale(v))
			}
		}
		t.Set(i, l.rows, scale(new(big.Rat).Neg(d)))
		if l.q[i] != nil {
			t.SetRHS(i, scale(l.q[i]))
		}
	}
	return t
}

// ratLCM returns the least common multiple of the denominators of v.
func ratLCM(v []*big.Rat) *big.Int {
	d := big.NewInt(1)
	var g, q big.Int
	for _, x := range v {
		if x.IsInt() || q.Rem(d, x.Denom()).Sign() == 0 {
			continue
		}
		g.GCD(nil, nil, d, x.Denom())
		d.Mul(d, q.Quo(x.Denom(), &g))
	}
	return d
}
