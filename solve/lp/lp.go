package lp

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/pivot"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/tableau"
)

// ErrNotConstantSum is wrapped by the errors of LP and SequenceLP for
// games whose payoffs do not sum to one constant.
var ErrNotConstantSum = errors.New("method only valid for constant-sum games")

// LP returns a Nash equilibrium of the two-player constant-sum game n by
// linear programming, as gambit-lp does: player 1's maximin strategy is
// an optimal solution of
//
//	maximize v  subject to  Σ_i x_i·A_ij ≥ v for every j,  Σ_i x_i = 1,  x ≥ 0
//
// and player 2's minimax strategy is the dual solution, read off the same
// optimal tableau. The simplex method is exact (a fraction-free integer
// tableau, Dantzig's rule, the lexicographic ratio test), and both
// strategies are basic solutions, so the profile is an extreme point of
// the (convex) equilibrium set.
//
// LP refuses games that are not constant-sum with an error wrapping
// ErrNotConstantSum. budgetSteps (solve.DefaultBudget if <= 0) bounds the
// pivots; exceeding it gives an error wrapping solve.ErrBudget.
func LP(ctx context.Context, n *game.Normal, budgetSteps int) (game.MixedRat, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := pivot.CheckBimatrix(n, "lp"); err != nil {
		return nil, err
	}
	if err := constantSum(n); err != nil {
		return nil, err
	}
	a := pivot.PayoffMatrix(n, 0)
	shift := new(big.Rat).Sub(pivot.MinPayoff(a), big.NewRat(1, 1))
	ia := pivot.IntMatrix(a, shift) // positive, so the value is positive
	bud := pivot.NewBudget(ctx, "the linear program of "+solve.SizeString(n.Strategies), budgetSteps)
	x, y, err := solveMatrixGame(ia, bud)
	if err != nil {
		return nil, err
	}
	return game.MixedRat{x, y}, nil
}

// constantSum returns an error wrapping ErrNotConstantSum unless the
// payoffs of every cell sum to the same number.
func constantSum(n *game.Normal) error {
	var sum *big.Rat
	for idx := range n.Cells {
		s := new(big.Rat)
		for p := range n.Players {
			s.Add(s, n.Payoff(idx, p))
		}
		if sum == nil {
			sum = s
		} else if s.Cmp(sum) != 0 {
			return fmt.Errorf("solve: lp: %w (cells 1 and %d sum to %s and %s)", ErrNotConstantSum, idx+1, sum.RatString(), s.RatString())
		}
	}
	return nil
}

// solveMatrixGame solves the zero-sum game with positive integer payoff
// matrix a (player 1 maximizes) and returns both players' optimal
// strategies.
//
// The tableau has one row per column j of a, v − Σ_i a_ij·x_i + s_j = 0,
// a row Σ_i x_i + e = 1 whose artificial e is pivoted out at once (x_0
// enters: every s_j is then a_0j > 0), and the objective row z − v = 0.
// Player 2's strategy is the reduced cost of the slacks s_j at the
// optimum: the dual solution.
func solveMatrixGame(a [][]tableau.Int, bud *pivot.Budget) (x, y []*big.Rat, err error) {
	m, k := len(a), len(a[0])
	// Variables: x_i = i, v = m, s_j = m+1+j, e = m+1+k, z = m+2+k.
	t := tableau.New(k+2, m+1)
	one := tableau.NewInt(1)
	for j := range k {
		for i := range m {
			t.Set(j, i, a[i][j].Neg())
		}
		t.Set(j, m, one)
	}
	eq, obj := k, k+1
	for i := range m {
		t.Set(eq, i, one)
	}
	t.SetRHS(eq, one)
	t.Set(obj, m, one.Neg())
	e, z := m+1+k, m+2+k
	t.Freeze(z, true)
	t.Pivot(eq, 0)
	t.SetLexBasis()
	blocked := func(v int) bool { return v == e }
	if err := t.Maximize(obj, blocked, func() error { return bud.Step(1) }); err != nil {
		return nil, nil, fmt.Errorf("solve: lp: %w", err)
	}
	x = make([]*big.Rat, m)
	for i := range x {
		x[i] = t.Value(i)
	}
	y = make([]*big.Rat, k)
	for j := range y {
		y[j] = new(big.Rat)
		if c, ok := t.Col(m + 1 + j); ok {
			y[j] = t.At(obj, c).Rat(t.Det())
		}
	}
	return x, y, nil
}
