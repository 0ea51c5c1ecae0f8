package lp

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/solve/internal/pivot"
	"github.com/tablero-project/tablero/solve/internal/seqform"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/tableau"
)

// SequenceLP returns a Nash equilibrium of the two-player constant-sum
// tree g, as a behaviour profile, by linear programming on the sequence
// form (Koller, Megiddo and von Stengel 1996; von Stengel 1996), as
// gambit-lp does on an extensive game: player 1's realization plan x is
// an optimal solution of
//
//	maximize q_∅  subject to  Fᵀq ≤ Aᵀx,  Ex = e,  x ≥ 0  (q free)
//
// where A is player 1's sequence-form payoff matrix and E, F the players'
// realization-plan constraints; player 2's realization plan is the dual
// solution of the first group of constraints, read off the same optimal
// tableau. The LP has one row per sequence and information set, so trees
// whose strategic forms are far too large are solved directly. The
// simplex method is exact (fraction-free integer tableau, Dantzig's rule,
// lexicographic ratio test). At information sets that the player's own
// moves reach with probability zero the behaviour is the centroid, as
// Gambit returns it.
//
// SequenceLP refuses games without two players or perfect recall, and
// games in which the payoffs of some play do not sum to the same constant
// as the others (an error wrapping ErrNotConstantSum). budgetSteps
// (solve.DefaultBudget if <= 0) bounds the pivots; exceeding it gives an error
// wrapping solve.ErrBudget.
func SequenceLP(ctx context.Context, g *game.Game, budgetSteps int) (game.BehaviorRat, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := seqform.Check(g, "sequence-form lp"); err != nil {
		return nil, err
	}
	if err := constantSumTree(g); err != nil {
		return nil, err
	}
	sf := seqform.New(g)
	bud := pivot.NewBudget(ctx, "the sequence-form linear program", budgetSteps)
	sol, err := tableau.SolveLP(zeroSumLP(sf), func() error { return bud.Step(1) })
	if err != nil {
		return nil, fmt.Errorf("solve: sequence-form lp: %w", err)
	}
	n1, n2 := sf.NS[0], sf.NS[1]
	return sf.Behavior([2][]*big.Rat{sol.X[:n1], sol.Dual[:n2]}), nil
}

// constantSumTree returns an error wrapping ErrNotConstantSum unless the
// players' payoffs, summed along the path of every play, add up to the
// same number.
func constantSumTree(g *game.Game) error {
	var total *big.Rat
	var bad *game.Node
	type entry struct {
		n   *game.Node
		sum *big.Rat // paid on the way to n
	}
	stack := []entry{{g.Root, new(big.Rat)}}
	for len(stack) > 0 && bad == nil {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n, sum := e.n, e.sum
		if n.Outcome != nil {
			sum = new(big.Rat).Set(sum)
			for _, v := range n.Outcome.Payoffs {
				sum.Add(sum, v)
			}
		}
		if n.Infoset == nil {
			if total == nil {
				total = sum
			} else if sum.Cmp(total) != 0 {
				bad = n
			}
			continue
		}
		for a := len(n.Children) - 1; a >= 0; a-- {
			stack = append(stack, entry{n.Children[a], sum})
		}
	}
	if bad != nil {
		return fmt.Errorf("solve: sequence-form lp: %w (the play ending at %s pays %s in total, others %s)", ErrNotConstantSum, bad, playTotal(bad).RatString(), total.RatString())
	}
	return nil
}

// playTotal returns the sum of all payoffs on the path to n.
func playTotal(n *game.Node) *big.Rat {
	sum := new(big.Rat)
	for ; n != nil; n = n.Parent {
		if n.Outcome != nil {
			for _, v := range n.Outcome.Payoffs {
				sum.Add(sum, v)
			}
		}
	}
	return sum
}

// zeroSumLP returns player 1's sequence-form LP. Variables: x (player 1's
// sequences), then q⁺ and q⁻, the positive and negative parts of the free
// multipliers q of player 2's constraints (the root, then one per
// information set). Rows: one per sequence of player 2,
// (Fᵀq)_s − (Aᵀx)_s ≤ 0, then player 1's constraints Ex = e.
func zeroSumLP(sf *seqform.Form) *tableau.LP {
	n1, n2 := sf.NS[0], sf.NS[1]
	c2 := len(sf.G.Infosets[1]) + 1
	nv := n1 + 2*c2
	lp := &tableau.LP{Obj: make([]*big.Rat, nv)}
	row := func() []*big.Rat { return make([]*big.Rat, nv) }
	one, minus := big.NewRat(1, 1), big.NewRat(-1, 1)
	// Player 2's rows: F[con][s] is +1 for the root on the empty sequence
	// and for a set on its own sequences, −1 for a set on its parent.
	ineq := make([][]*big.Rat, n2)
	for s := range ineq {
		ineq[s] = row()
	}
	addF := func(con, s int, v *big.Rat) {
		ineq[s][n1+con] = v
		ineq[s][n1+c2+con] = new(big.Rat).Neg(v)
	}
	addF(0, 0, one)
	for h, set := range sf.G.Infosets[1] {
		addF(1+h, sf.Parent[1][h], minus)
		for a := range set.Actions {
			addF(1+h, sf.Base[1][h]+a, one)
		}
	}
	for _, c := range sf.Cells {
		r := ineq[c.S[1]]
		v := new(big.Rat).Neg(c.Pay[0])
		if r[c.S[0]] != nil {
			v.Add(v, r[c.S[0]])
		}
		r[c.S[0]] = v
	}
	for s := range ineq {
		lp.Rows = append(lp.Rows, ineq[s])
		lp.RHS = append(lp.RHS, new(big.Rat))
		lp.Eq = append(lp.Eq, false)
	}
	// Player 1's constraints.
	root := row()
	root[0] = one
	lp.Rows, lp.RHS, lp.Eq = append(lp.Rows, root), append(lp.RHS, one), append(lp.Eq, true)
	for h, set := range sf.G.Infosets[0] {
		r := row()
		r[sf.Parent[0][h]] = minus
		for a := range set.Actions {
			r[sf.Base[0][h]+a] = one
		}
		lp.Rows, lp.RHS, lp.Eq = append(lp.Rows, r), append(lp.RHS, new(big.Rat)), append(lp.Eq, true)
	}
	lp.Obj[n1] = one
	lp.Obj[n1+c2] = minus
	return lp
}
