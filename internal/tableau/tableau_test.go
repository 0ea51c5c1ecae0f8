package tableau

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"
)

// ratInverse returns the inverse of the square rational matrix m, or nil.
func ratInverse(m [][]*big.Rat) [][]*big.Rat {
	n := len(m)
	a := make([][]*big.Rat, n)
	for i := range a {
		a[i] = make([]*big.Rat, 2*n)
		for j := range n {
			a[i][j] = new(big.Rat).Set(m[i][j])
			a[i][n+j] = new(big.Rat)
		}
		a[i][n+i].SetInt64(1)
	}
	for c := range n {
		p := -1
		for r := c; r < n; r++ {
			if a[r][c].Sign() != 0 {
				p = r
				break
			}
		}
		if p < 0 {
			return nil
		}
		a[c], a[p] = a[p], a[c]
		inv := new(big.Rat).Inv(a[c][c])
		for j := range a[c] {
			a[c][j].Mul(a[c][j], inv)
		}
		for r := range n {
			if r != c && a[r][c].Sign() != 0 {
				f := new(big.Rat).Set(a[r][c])
				for j := range a[r] {
					a[r][j].Sub(a[r][j], new(big.Rat).Mul(f, a[c][j]))
				}
			}
		}
	}
	out := make([][]*big.Rat, n)
	for i := range out {
		out[i] = a[i][n:]
	}
	return out
}

// TestPivotInvariant pivots a random tableau at random and checks that
// every entry over det equals the entry of B⁻¹[M | q] for the current
// basis B, computed independently in rationals.
func TestPivotInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for iter := range 200 {
		rows, cols := 1+rng.IntN(6), 1+rng.IntN(6)
		// Original system [M | I] z = q: variables 0..cols-1 are M's
		// columns, cols..cols+rows-1 the identity's.
		m := make([][]*big.Rat, rows)
		tab := New(rows, cols)
		for r := range rows {
			m[r] = make([]*big.Rat, cols+rows+1)
			for c := range cols + rows + 1 {
				m[r][c] = new(big.Rat)
			}
			for c := range cols {
				v := rng.Int64N(2_000_000_001) - 1_000_000_000
				if rng.IntN(3) == 0 {
					v = rng.Int64N(5) - 2
				}
				m[r][c].SetInt64(v)
				tab.Set(r, c, NewInt(v))
			}
			m[r][cols+r].SetInt64(1)
			q := rng.Int64N(100)
			m[r][cols+rows].SetInt64(q)
			tab.SetRHS(r, NewInt(q))
		}
		for range 12 {
			r, c := rng.IntN(rows), rng.IntN(cols)
			if tab.At(r, c).IsZero() {
				continue
			}
			tab.Pivot(r, c)
		}
		basis := make([][]*big.Rat, rows)
		for i := range basis {
			basis[i] = make([]*big.Rat, rows)
			for k := range rows {
				basis[i][k] = m[i][tab.Basic(k)]
			}
		}
		inv := ratInverse(basis)
		if inv == nil {
			t.Fatal("singular basis")
		}
		for r := range rows {
			for c := 0; c <= cols; c++ {
				v := cols + rows // the right-hand side column of m
				if c < cols {
					v = tab.Nonbasic(c)
				}
				want := new(big.Rat)
				for k := range rows {
					want.Add(want, new(big.Rat).Mul(inv[r][k], m[k][v]))
				}
				var got *big.Rat
				if c < cols {
					got = tab.At(r, c).Rat(tab.Det())
				} else {
					got = tab.RHS(r).Rat(tab.Det())
				}
				if got.Cmp(want) != 0 {
					t.Fatalf("iteration %d: entry (%d,%d) is %s, want %s", iter, r, c, got.RatString(), want.RatString())
				}
			}
		}
		if tab.Det().Sign() <= 0 {
			t.Fatalf("det %s", tab.Det())
		}
	}
}

func TestSolveSquare(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for range 300 {
		k := 1 + rng.IntN(8)
		m := make([][]Int, k)
		rm := make([][]*big.Rat, k)
		for i := range m {
			m[i] = make([]Int, k+1)
			rm[i] = make([]*big.Rat, k)
			for j := range k + 1 {
				v := rng.Int64N(7) - 3
				if rng.IntN(4) == 0 {
					v = rng.Int64N(1<<62) - 1<<61
				}
				m[i][j] = NewInt(v)
				if j < k {
					rm[i][j] = big.NewRat(v, 1)
				}
			}
		}
		b := make([]*big.Rat, k)
		for i := range b {
			b[i] = m[i][k].Rat(NewInt(1))
		}
		inv := ratInverse(rm)
		num, det, ok := SolveSquare(m)
		if ok != (inv != nil) {
			t.Fatalf("singular: SolveSquare says %v, rationals %v", !ok, inv == nil)
		}
		if !ok {
			continue
		}
		for i := range k {
			want := new(big.Rat)
			for j := range k {
				want.Add(want, new(big.Rat).Mul(inv[i][j], b[j]))
			}
			if got := num[i].Rat(det); got.Cmp(want) != 0 {
				t.Fatalf("x_%d = %s, want %s", i, got.RatString(), want.RatString())
			}
		}
	}
}

func TestIndependentRows(t *testing.T) {
	m := [][]Int{
		{NewInt(1), NewInt(2), NewInt(3)},
		{NewInt(2), NewInt(4), NewInt(6)},
		{NewInt(0), NewInt(1), NewInt(1)},
		{NewInt(1), NewInt(3), NewInt(4)},
	}
	got := IndependentRows(m)
	if len(got) != 2 || got[0] != 0 && got[0] != 1 {
		t.Errorf("independent rows %v", got)
	}
}

func rats(v ...int64) []*big.Rat {
	out := make([]*big.Rat, len(v))
	for i, x := range v {
		out[i] = big.NewRat(x, 1)
	}
	return out
}

func TestSolveLP(t *testing.T) {
	// maximize 3x + 2y: x + y ≤ 4, x + 3y ≤ 7, x ≤ 3 → (3, 1), value 11;
	// duals (2, 0, 1).
	lp := &LP{
		Rows: [][]*big.Rat{rats(1, 1), rats(1, 3), rats(1, 0)},
		RHS:  rats(4, 7, 3),
		Eq:   []bool{false, false, false},
		Obj:  rats(3, 2),
	}
	sol, err := SolveLP(lp, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sol.Value.Cmp(big.NewRat(11, 1)) != 0 || sol.X[0].Cmp(big.NewRat(3, 1)) != 0 || sol.X[1].Cmp(big.NewRat(1, 1)) != 0 {
		t.Errorf("x = %v, value %v", sol.X, sol.Value)
	}
	for i, want := range rats(2, 0, 1) {
		if sol.Dual[i].Cmp(want) != 0 {
			t.Errorf("dual %d = %v, want %v", i, sol.Dual[i], want)
		}
	}
	// With an equation and a negative right-hand side: maximize x − y
	// subject to x + y = 2, −x ≤ −1/2 (x ≥ 1/2), y − x ≤ 0 → x = 2.
	lp = &LP{
		Rows: [][]*big.Rat{rats(1, 1), {big.NewRat(-1, 1), nil}, rats(-1, 1)},
		RHS:  []*big.Rat{big.NewRat(2, 1), big.NewRat(-1, 2), new(big.Rat)},
		Eq:   []bool{true, false, false},
		Obj:  rats(1, -1),
	}
	if sol, err = SolveLP(lp, nil); err != nil || sol.Value.Cmp(big.NewRat(2, 1)) != 0 {
		t.Errorf("equation: %v, %v", sol, err)
	}
	lp.RHS[1] = big.NewRat(-3, 1) // x ≥ 3 with x + y = 2
	if _, err := SolveLP(lp, nil); !errors.Is(err, ErrInfeasible) {
		t.Errorf("infeasible: %v", err)
	}
	lp = &LP{Rows: [][]*big.Rat{rats(1, -1)}, RHS: rats(1), Eq: []bool{false}, Obj: rats(0, 1)}
	if _, err := SolveLP(lp, nil); !errors.Is(err, ErrUnbounded) {
		t.Errorf("unbounded: %v", err)
	}
}

// TestSolveLPDuality checks strong duality and complementary slackness on
// random feasible bounded LPs.
func TestSolveLPDuality(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for iter := range 200 {
		m, n := 1+rng.IntN(5), 1+rng.IntN(5)
		lp := &LP{Obj: make([]*big.Rat, n)}
		for j := range n {
			lp.Obj[j] = big.NewRat(rng.Int64N(7)-2, 1)
		}
		for range m {
			row := make([]*big.Rat, n)
			for j := range row {
				row[j] = big.NewRat(rng.Int64N(5), int64(1+rng.IntN(3)))
			}
			lp.Rows = append(lp.Rows, row)
			lp.RHS = append(lp.RHS, big.NewRat(rng.Int64N(10), 1))
			lp.Eq = append(lp.Eq, false)
		}
		// A bounding row Σx ≤ 10.
		lp.Rows = append(lp.Rows, rats(make([]int64, n)...))
		for j := range n {
			lp.Rows[m][j].SetInt64(1)
		}
		lp.RHS = append(lp.RHS, big.NewRat(10, 1))
		lp.Eq = append(lp.Eq, false)
		sol, err := SolveLP(lp, nil)
		if err != nil {
			t.Fatal(err)
		}
		dualValue := new(big.Rat)
		for i, y := range sol.Dual {
			if y.Sign() < 0 {
				t.Fatalf("LP %d: negative dual %s", iter, y.RatString())
			}
			dualValue.Add(dualValue, new(big.Rat).Mul(y, lp.RHS[i]))
		}
		if dualValue.Cmp(sol.Value) != 0 {
			t.Fatalf("LP %d: primal %s, dual %s", iter, sol.Value.RatString(), dualValue.RatString())
		}
	}
}
