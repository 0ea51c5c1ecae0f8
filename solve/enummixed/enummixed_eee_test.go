package enummixed

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/pivot"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

// withEEE runs f with EnumMixed's search forced to EEE (on) or the walk.
func withEEE(t *testing.T, on bool, f func()) {
	t.Helper()
	forceSearch = -1
	if on {
		forceSearch = 1
	}
	defer func() { forceSearch = 0 }()
	f()
}

// TestEEEMatchesWalk compares the EEE search with the vertex walk on
// random games, square and rectangular, generic and degenerate (few
// payoff values, so that faces of leaves are more than points), and with
// payoffs so large that the tableau's entries overflow float64: the same
// extreme equilibria in the same order and the same maximal convex sets.
func TestEEEMatchesWalk(t *testing.T) {
	tests := []struct {
		m, k  int
		span  int64
		seeds uint64
		scale int // payoffs times 10^scale
	}{
		{2, 2, 100, 20, 0},
		{3, 3, 1000, 20, 0},
		{4, 6, 1000, 20, 0},
		{6, 4, 1000, 20, 0},
		{7, 7, 100, 10, 0},
		{2, 9, 1000, 10, 0},
		{10, 3, 1000, 10, 0},
		{9, 9, 1000, 5, 0},
		{4, 4, 3, 20, 0},
		{6, 6, 3, 10, 0},
		{5, 8, 2, 10, 0},
		{8, 8, 5, 5, 0},
		{12, 12, 100, 3, 0},
		{13, 15, 100, 2, 0},
		{12, 12, 10, 3, 0},
		{7, 7, 100, 3, 200},
		{6, 6, 3, 3, 200},
	}
	for _, tc := range tests {
		for seed := range tc.seeds {
			name := fmt.Sprintf("%dx%d/span%d/seed%d", tc.m, tc.k, tc.span, seed)
			n := gametest.RandomNormal(rand.New(rand.NewPCG(seed, uint64(tc.m*100+tc.k))), []int{tc.m, tc.k}, tc.span)
			if tc.scale > 0 {
				name += fmt.Sprintf("/scale%d", tc.scale)
				f := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(tc.scale)), nil))
				for _, o := range n.Cells {
					for _, v := range o.Payoffs {
						v.Mul(v, f)
					}
				}
			}
			e := newMixedEnumerator(n, pivot.NewBudget(context.Background(), "test", 1<<40))
			a, b := e.own, e.other
			if e.swap {
				a, b = pivot.Transpose(e.other), pivot.Transpose(e.own)
			}
			if _, err := eeeEquilibria(a, b, e.bud); err != nil {
				t.Fatalf("%s: EEE: %v", name, err)
			}
			var walk, eee *EnumMixedResult
			var err error
			withEEE(t, false, func() { walk, err = EnumMixed(context.Background(), n, 1<<40) })
			if err != nil {
				t.Fatalf("%s: walk: %v", name, err)
			}
			withEEE(t, true, func() { eee, err = EnumMixed(context.Background(), n, 1<<40) })
			if err != nil {
				t.Fatalf("%s: EEE: %v", name, err)
			}
			if !slices.EqualFunc(walk.Equilibria, eee.Equilibria, func(a, b game.MixedRat) bool {
				return soltest.MixedLine(a) == soltest.MixedLine(b)
			}) {
				t.Errorf("%s: EEE found %v, the walk %v", name, eee.Equilibria, walk.Equilibria)
				continue
			}
			if !slices.EqualFunc(walk.Components, eee.Components, slices.Equal) {
				t.Errorf("%s: EEE's convex sets %v, the walk's %v", name, eee.Components, walk.Components)
			}
		}
	}
}

// BenchmarkEEE times the EEE search against the vertex walk on random
// square games with payoffs 0–99.
func BenchmarkEEE(b *testing.B) {
	for _, size := range []int{10, 14, 16} {
		n := gametest.RandomNormal(rand.New(rand.NewPCG(1, uint64(size))), []int{size, size}, 100)
		for _, search := range []struct {
			name  string
			force int
		}{{"eee", 1}, {"walk", -1}} {
			b.Run(fmt.Sprintf("%dx%d/%s", size, size, search.name), func(b *testing.B) {
				forceSearch = search.force
				defer func() { forceSearch = 0 }()
				for b.Loop() {
					if _, err := EnumMixed(context.Background(), n, 1<<40); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestEEEBudget checks that the EEE search stops at the step budget, with
// the error naming --budget, and when its context ends.
func TestEEEBudget(t *testing.T) {
	n := gametest.RandomNormal(rand.New(rand.NewPCG(1, 18)), []int{18, 18}, 100)
	a, b := pivot.PayoffMatrix(n, 0), pivot.PayoffMatrix(n, 1)
	if !useEEE(pivot.IntMatrix(a, pivot.MinPayoff(a)), pivot.IntMatrix(b, pivot.MinPayoff(b))) {
		t.Fatal("the 18×18 random game is not searched by EEE")
	}
	_, err := EnumMixed(context.Background(), n, 10_000)
	if !errors.Is(err, solve.ErrBudget) || !strings.Contains(err.Error(), "--budget") {
		t.Errorf("budget 10000: %v, want ErrBudget naming --budget", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if _, err := EnumMixed(ctx, n, 1<<40); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("after 1 ms: %v, want context.DeadlineExceeded", err)
	}
}
