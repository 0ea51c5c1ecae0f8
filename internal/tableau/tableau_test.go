package tableau

import (
	"errors"
	"math"
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

// TestPivotForms pivots random tableaux held in the int64 form and, in
// step, copies of them held as Ints from the start (the general path),
// and checks that every entry, the determinant and the basis agree after
// every pivot. Small entries must keep the int64 form throughout; large
// ones must make it switch to Ints in the middle of the pivots; medium
// ones take the checked 128-bit path into int64 entries, and may switch.
// All exactly (TestPivotInvariant checks the values against
// rationals).
func TestPivotForms(t *testing.T) {
	tests := []struct {
		name    string
		maxAbs  int64
		keeps   bool // the int64 form must be kept
		switchs bool // the int64 form must be left during the pivots
	}{
		{"small payoffs", 9, true, false},
		{"medium payoffs", 1 << 14, false, false},
		{"large payoffs", 1 << 40, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(tt.maxAbs)))
			switched := 0
			for iter := range 100 {
				rows, cols := 2+rng.IntN(5), 2+rng.IntN(5)
				tab := New(rows, cols)
				for r := range rows {
					for c := range cols {
						tab.Set(r, c, NewInt(rng.Int64N(2*tt.maxAbs+1)-tt.maxAbs))
					}
					tab.SetRHS(r, NewInt(rng.Int64N(tt.maxAbs+1)))
				}
				if !tab.small {
					t.Fatal("a new tableau of int64 entries is not in the int64 form")
				}
				ref := tab.Clone()
				ref.widen()
				for range 10 {
					r, c := rng.IntN(rows), rng.IntN(cols)
					if tab.At(r, c).IsZero() {
						continue
					}
					before := tab.small
					tab.Pivot(r, c)
					ref.Pivot(r, c)
					if before && !tab.small {
						switched++
					}
					if msg := sameTableau(tab, ref); msg != "" {
						t.Fatalf("iteration %d, after pivoting on (%d,%d): %s", iter, r, c, msg)
					}
				}
				if tt.keeps && !tab.small {
					t.Fatalf("iteration %d: small entries left the int64 form", iter)
				}
			}
			if tt.switchs && switched == 0 {
				t.Fatal("the int64 form was never left")
			}
		})
	}
}

// sameTableau describes the first difference between the entries,
// determinants and bases of a and b, or returns "".
func sameTableau(a, b *Tableau) string {
	if a.Det().Cmp(b.Det()) != 0 {
		return "det " + a.Det().String() + ", want " + b.Det().String()
	}
	for r := range a.Rows() {
		if a.Basic(r) != b.Basic(r) {
			return "bases differ"
		}
		for c := 0; c <= a.Cols(); c++ {
			if x, y := a.At(r, c), b.At(r, c); x.Cmp(y) != 0 {
				return "entry " + x.String() + ", want " + y.String()
			}
		}
	}
	return ""
}

// TestSetWidens checks that Set keeps the int64 form for int64 values
// but math.MinInt64 (whose negation does not fit), and that the values
// survive the switch, Clone and CopyFrom in either direction.
func TestSetWidens(t *testing.T) {
	tab := New(2, 2)
	tab.Set(0, 0, NewInt(math.MaxInt64))
	tab.Set(1, 1, NewInt(-math.MaxInt64))
	if !tab.small {
		t.Fatal("±MaxInt64 left the int64 form")
	}
	small := tab.Clone()
	tab.Set(0, 1, NewInt(math.MinInt64))
	if tab.small {
		t.Fatal("MinInt64 kept the int64 form")
	}
	want := [][]int64{{math.MaxInt64, math.MinInt64, 0}, {0, -math.MaxInt64, 0}}
	check := func(name string, tab *Tableau, want [][]int64) {
		t.Helper()
		for r, row := range want {
			for c, v := range row {
				if got := tab.At(r, c); got.Cmp(NewInt(v)) != 0 {
					t.Errorf("%s: entry (%d,%d) is %s, want %d", name, r, c, got, v)
				}
			}
		}
	}
	check("widened", tab, want)
	wide := New(2, 2)
	wide.CopyFrom(tab)
	check("copy of the Int form", wide, want)
	wide.CopyFrom(small)
	want[0][1] = 0
	check("copy of the int64 form over the Int form", wide, want)
	if !wide.small {
		t.Fatal("a copy of the int64 form is not in it")
	}
}
