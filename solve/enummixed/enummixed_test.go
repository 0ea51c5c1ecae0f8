package enummixed_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enummixed"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lcp"
	"github.com/tablero-project/tablero/solve/pure"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

func TestEnumMixedSmall(t *testing.T) {
	cases := []struct {
		name, game string
		want       []string
		comps      int
	}{
		{"matching pennies", "1,-1 -1,1; -1,1 1,-1", []string{"NE,1/2,1/2,1/2,1/2"}, 1},
		{"battle of the sexes", "2,1 0,0; 0,0 1,2", []string{"NE,0,1,0,1", "NE,1,0,1,0", "NE,2/3,1/3,1/3,2/3"}, 3},
		// All payoffs zero: every profile is an equilibrium, one convex set
		// with the four pure profiles as extreme points.
		{"all zero", "0,0 0,0; 0,0 0,0", []string{"NE,0,1,0,1", "NE,0,1,1,0", "NE,1,0,0,1", "NE,1,0,1,0"}, 1},
		// A duplicated strategy: player 1's rows 1 and 2 are identical.
		{"duplicate", "1,1 0,0; 1,1 0,0; 0,0 1,1", []string{"NE,0,0,1,0,1", "NE,0,1,0,1,0", "NE,0,1/2,1/2,1/2,1/2", "NE,1,0,0,1,0", "NE,1/2,0,1/2,1/2,1/2"}, 3},
		// A strictly dominated strategy never appears.
		{"dominated", "3,3 0,4; 4,0 1,1", []string{"NE,0,1,0,1"}, 1},
		// Player 1 has one strategy; player 2's best replies form a segment.
		{"one strategy", "5,1 2,3 4,3", []string{"NE,1,0,0,1", "NE,1,0,1,0"}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := soltest.Bimatrix(t, c.game)
			res, err := enummixed.EnumMixed(context.Background(), n, 0)
			if err != nil {
				t.Fatal(err)
			}
			soltest.CheckMixedNash(t, c.name, n, res.Equilibria)
			got := soltest.LineSet(res.Equilibria)
			want := slices.Clone(c.want)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("equilibria %q, want %q", got, want)
			}
			if len(res.Components) != c.comps {
				t.Errorf("%d components %v, want %d", len(res.Components), res.Components, c.comps)
			}
		})
	}
}

// TestEnumMixedComponents checks the maximal convex sets of a degenerate
// game (contrib/games/deg1.nfg) against gambit-enummixed -c.
func TestEnumMixedComponents(t *testing.T) {
	n := soltest.Bimatrix(t, "1,1 3,2 2,3; 2,3 2,2 2,1; 3,2 1,2 2,2")
	res, err := enummixed.EnumMixed(context.Background(), n, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.Components {
		var lines []string
		for _, i := range c {
			lines = append(lines, soltest.MixedLine(res.Equilibria[i]))
		}
		sort.Strings(lines)
		got = append(got, strings.Join(lines, " "))
	}
	sort.Strings(got)
	want := []string{
		"NE,0,0,1,0,0,1 NE,0,0,1,1,0,0 NE,0,0,1,1/2,1/2,0",
		"NE,0,0,1,0,0,1 NE,0,0,1,1/2,1/2,0 NE,1/2,1/2,0,0,0,1 NE,1/2,1/2,0,1/2,1/2,0",
		"NE,0,0,1,0,0,1 NE,1,0,0,0,0,1 NE,1/2,1/2,0,0,0,1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("components\n%q\nwant\n%q", got, want)
	}
}

// supportEquilibria enumerates, by brute force over pairs of supports of
// equal size, the equilibria of a nondegenerate game: for each pair the
// indifference equations have one solution, kept if it is a Nash
// equilibrium. It is independent of the tableau code.
func supportEquilibria(n *game.Normal) []string {
	m, k := len(n.Strategies[0]), len(n.Strategies[1])
	a, b := bimatrixPayoffs(n, 0), bimatrixPayoffs(n, 1)
	var out []string
	for s := 1; s < 1<<m; s++ {
		for r := 1; r < 1<<k; r++ {
			S, T := supportBits(s), supportBits(r)
			if len(S) != len(T) {
				continue
			}
			// y on T makes player 1 indifferent over S; x on S player 2 over T.
			y := indifferent(a, S, T, false)
			x := indifferent(b, T, S, true)
			if x == nil || y == nil {
				continue
			}
			prof := game.MixedRat{spreadRats(x, S, m), spreadRats(y, T, k)}
			if solve.RegretMixedRat(n, prof).Sign() == 0 {
				out = append(out, soltest.MixedLine(prof))
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func bimatrixPayoffs(n *game.Normal, p int) [][]*big.Rat {
	m, k := len(n.Strategies[0]), len(n.Strategies[1])
	out := make([][]*big.Rat, m)
	for i := range out {
		out[i] = make([]*big.Rat, k)
		for j := range out[i] {
			out[i][j] = n.Payoff(n.Index([]int{i, j}), p)
		}
	}
	return out
}

func supportBits(s int) []int {
	var out []int
	for i := 0; s != 0; i++ {
		if s&1 != 0 {
			out = append(out, i)
		}
		s >>= 1
	}
	return out
}

// indifferent solves for probabilities z over cols (summing to 1) that
// make the payoffs u[row][col] (u[col][row] if transposed) equal over
// rows; nil if singular or some probability is not positive.
func indifferent(u [][]*big.Rat, rows, cols []int, transposed bool) []*big.Rat {
	k := len(cols)
	// Unknowns z_1..z_k and v: Σ_c u(r,c) z_c − v = 0 for each row, Σ z = 1.
	mat := make([][]*big.Rat, k+1)
	for i := range mat {
		mat[i] = make([]*big.Rat, k+2)
		for j := range mat[i] {
			mat[i][j] = new(big.Rat)
		}
	}
	for i, r := range rows {
		for j, c := range cols {
			if transposed {
				mat[i][j].Set(u[c][r])
			} else {
				mat[i][j].Set(u[r][c])
			}
		}
		mat[i][k].SetInt64(-1)
	}
	for j := range k {
		mat[k][j].SetInt64(1)
	}
	mat[k][k+1].SetInt64(1)
	sol := gaussRat(mat)
	if sol == nil {
		return nil
	}
	for _, v := range sol[:k] {
		if v.Sign() <= 0 {
			return nil
		}
	}
	return sol[:k]
}

// gaussRat solves the square system in the augmented matrix; nil if singular.
func gaussRat(mat [][]*big.Rat) []*big.Rat {
	n := len(mat)
	for c := range n {
		p := -1
		for r := c; r < n; r++ {
			if mat[r][c].Sign() != 0 {
				p = r
				break
			}
		}
		if p < 0 {
			return nil
		}
		mat[c], mat[p] = mat[p], mat[c]
		for r := range n {
			if r == c || mat[r][c].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Quo(mat[r][c], mat[c][c])
			for j := c; j <= n; j++ {
				mat[r][j].Sub(mat[r][j], new(big.Rat).Mul(f, mat[c][j]))
			}
		}
	}
	out := make([]*big.Rat, n)
	for i := range out {
		out[i] = new(big.Rat).Quo(mat[i][n], mat[i][i])
	}
	return out
}

func spreadRats(v []*big.Rat, at []int, n int) []*big.Rat {
	out := make([]*big.Rat, n)
	for i := range out {
		out[i] = new(big.Rat)
	}
	for i, j := range at {
		out[j] = v[i]
	}
	return out
}

// TestEnumMixedSupportEnumeration compares EnumMixed with brute-force
// support enumeration on random nondegenerate games (payoffs from a wide
// range make ties unlikely; games with ties are skipped).
func TestEnumMixedSupportEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for iter := range 60 {
		m, k := 1+rng.IntN(5), 1+rng.IntN(5)
		n := gametest.RandomNormal(rng, []int{m, k}, 1_000_000)
		res, err := enummixed.EnumMixed(context.Background(), n, 0)
		if err != nil {
			t.Fatal(err)
		}
		soltest.CheckMixedNash(t, "random", n, res.Equilibria)
		got, want := soltest.LineSet(res.Equilibria), supportEquilibria(n)
		if !slices.Equal(got, want) {
			t.Fatalf("game %d (%d×%d): EnumMixed %q, support enumeration %q", iter, m, k, got, want)
		}
		if len(res.Components) != len(res.Equilibria) {
			t.Errorf("game %d: nondegenerate, yet %d components for %d equilibria", iter, len(res.Components), len(res.Equilibria))
		}
	}
}

// TestEnumMixedDegenerateRandom runs EnumMixed on random games with few
// payoff values (many ties and degenerate vertices): every equilibrium is
// exact, listed once, and Lemke–Howson's (extreme) equilibria are among
// them, as are the pure equilibria; components cover the equilibria.
func TestEnumMixedDegenerateRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for iter := range 150 {
		m, k := 1+rng.IntN(6), 1+rng.IntN(6)
		n := gametest.RandomNormal(rng, []int{m, k}, 3)
		res, err := enummixed.EnumMixed(context.Background(), n, 0)
		if err != nil {
			t.Fatal(err)
		}
		soltest.CheckMixedNash(t, "degenerate", n, res.Equilibria)
		all := map[string]bool{}
		for _, e := range res.Equilibria {
			if all[soltest.MixedLine(e)] {
				t.Fatalf("game %d: %s listed twice", iter, soltest.MixedLine(e))
			}
			all[soltest.MixedLine(e)] = true
		}
		lh, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range lh {
			if !all[soltest.MixedLine(e)] {
				t.Fatalf("game %d: LCP's %s not among EnumMixed's extreme equilibria", iter, soltest.MixedLine(e))
			}
		}
		pure, err := pure.PureNash(context.Background(), n, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pure {
			if !all[soltest.StrategyLine(n, p)] {
				t.Fatalf("game %d: pure equilibrium %s missing", iter, soltest.StrategyLine(n, p))
			}
		}
		covered := map[int]bool{}
		for _, c := range res.Components {
			for _, i := range c {
				covered[i] = true
			}
		}
		if len(covered) != len(res.Equilibria) {
			t.Fatalf("game %d: components cover %d of %d equilibria", iter, len(covered), len(res.Equilibria))
		}
	}
}

// TestEnumMixedLargePayoffs checks payoffs far beyond 64 bits (the
// tableau switches to big integers).
func TestEnumMixedLargePayoffs(t *testing.T) {
	big := "100000000000000000000000000000"
	n := soltest.Bimatrix(t, "3"+big+",1 0,2; 0,2 1,"+big+"1")
	res, err := enummixed.EnumMixed(context.Background(), n, 0)
	if err != nil {
		t.Fatal(err)
	}
	soltest.CheckMixedNash(t, "large payoffs", n, res.Equilibria)
	if len(res.Equilibria) != 1 {
		t.Errorf("%d equilibria: %q", len(res.Equilibria), soltest.LineSet(res.Equilibria))
	}
}

func TestEnumMixedErrors(t *testing.T) {
	three := &game.Normal{Players: []string{"1", "2", "3"}, Strategies: [][]string{{"a"}, {"b"}, {"c"}}, Cells: make([]*game.Outcome, 1)}
	if _, err := enummixed.EnumMixed(context.Background(), three, 0); err == nil || !strings.Contains(err.Error(), "two-player") {
		t.Errorf("three players: %v", err)
	}
	n := gametest.RandomNormal(rand.New(rand.NewPCG(1, 1)), []int{8, 8}, 100)
	if _, err := enummixed.EnumMixed(context.Background(), n, 50); !errors.Is(err, solve.ErrBudget) {
		t.Errorf("tiny budget: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := enummixed.EnumMixed(ctx, n, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// ExampleEnumMixed lists the extreme equilibria of the battle of the
// sexes and its maximal convex sets.
func ExampleEnumMixed() {
	n := &game.Normal{Players: []string{"He", "She"}, Strategies: [][]string{{"Opera", "Fight"}, {"Opera", "Fight"}}}
	pay := func(a, b int64) *game.Outcome {
		return &game.Outcome{Payoffs: []*big.Rat{big.NewRat(a, 1), big.NewRat(b, 1)}}
	}
	n.Cells = []*game.Outcome{pay(2, 1), pay(0, 0), pay(0, 0), pay(1, 2)} // player 1 fastest
	res, err := enummixed.EnumMixed(context.Background(), n, 0)
	if err != nil {
		panic(err)
	}
	for _, e := range res.Equilibria {
		fmt.Println(gambit.FormatRats("NE", e.Flat()))
	}
	fmt.Println(len(res.Components), "maximal convex sets")
	// Unordered output:
	// NE,0,1,0,1
	// NE,1,0,1,0
	// NE,2/3,1/3,1/3,2/3
	// 3 maximal convex sets
}
