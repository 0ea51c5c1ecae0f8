package polysys

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve/internal/float"
)

// TestIsolate checks the subdivision that replaces the homotopy
// where it isolates every root: on every support of random games on
// which three or more players mix and the subdivision completes, the
// equilibria verified from its roots must be exactly those verified from
// the homotopy's real ends; games with ties (span 3) make degenerate
// supports, where neither may find a point.
func TestIsolate(t *testing.T) {
	for _, tc := range []struct {
		sizes []int
		span  int64 // 0: generic payoffs
		seeds int
	}{
		{[]int{2, 2, 2}, 0, 20},
		{[]int{3, 3, 3}, 0, 4},
		{[]int{2, 2, 2, 2, 2}, 0, 2},
		{[]int{3, 2, 2, 3}, 0, 2},
		{[]int{2, 2, 2, 2}, 3, 6},
		{[]int{3, 3, 3}, 3, 2},
	} {
		t.Run(fmt.Sprint(tc.sizes, tc.span), func(t *testing.T) {
			complete, withEq := 0, 0
			for seed := range tc.seeds {
				rng := rand.New(rand.NewPCG(uint64(seed), 17))
				var n *game.Normal
				if tc.span == 0 {
					n = gametest.RandomGeneric(rng, tc.sizes)
				} else {
					n = gametest.RandomNormal(rng, tc.sizes, tc.span)
				}
				c, w := compareIsolate(t, n)
				complete += c
				withEq += w
			}
			t.Logf("%d supports isolated, %d with an equilibrium", complete, withEq)
			if complete == 0 {
				t.Errorf("the subdivision completed on no support")
			}
		})
	}
}

// compareIsolate compares, on each support of n where three or more
// players mix, the equilibria from the subdivision's roots and from the
// homotopy. It returns the supports where the subdivision completed and
// those of them with an equilibrium.
func compareIsolate(t *testing.T, n *game.Normal) (complete, withEq int) {
	t.Helper()
	g, err := float.NewGame(n, 1e12)
	if err != nil {
		t.Fatal(err)
	}
	g.Normalize()
	rng := float.RNG(1, 0xe9)
	free := func(int) error { return nil }
	supp := make([][]int, g.N)
	var rec func(p int)
	rec = func(p int) {
		if p < g.N {
			for mask := 1; mask < 1<<g.Sizes[p]; mask++ {
				supp[p] = supp[p][:0]
				for a := range g.Sizes[p] {
					if mask&(1<<a) != 0 {
						supp[p] = append(supp[p], a)
					}
				}
				rec(p + 1)
			}
			return
		}
		s := NewNormal(g, supp)
		if len(s.groups) < 3 {
			return
		}
		s.Deviations(g, supp)
		roots, ok, err := s.Isolate(excludeMaxCells, free)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return
		}
		ends, err := s.Homotopy(rng, DefaultPathSteps, free)
		if err != nil {
			t.Fatal(err)
		}
		complete++
		a, b := accepted(n, g, s, supp, roots), accepted(n, g, s, supp, ends)
		if len(a.Eqs) > 0 {
			withEq++
		}
		if !sameSets(a, b) {
			t.Errorf("support %v: %d equilibria from the subdivision's %d roots, %d from the homotopy's %d real ends:\n%v\n%v",
				supp, len(a.Eqs), len(roots), len(b.Eqs), len(ends), a.Eqs, b.Eqs)
		}
	}
	for p := range supp {
		supp[p] = make([]int, 0, g.Sizes[p])
	}
	rec(0)
	return complete, withEq
}

// accepted returns the verified equilibria among a support's solutions,
// as enumpoly keeps them.
func accepted(n *game.Normal, g *float.Game, s *System, supp [][]int, xs [][]float64) *float.Set {
	out := &float.Set{Tol: 1e-6}
	for _, x := range xs {
		prof, ok := s.Profile(g, supp, x)
		if !ok {
			continue
		}
		m, _, ok := float.Accept(n, g, prof, float.DefaultTol)
		if !ok && g.Polish(prof) {
			m, _, ok = float.Accept(n, g, prof, float.DefaultTol)
		}
		if ok {
			out.Add(m)
		}
	}
	return out
}

// sameSets reports whether two sets of equilibria are equal.
func sameSets(a, b *float.Set) bool {
	if len(a.Eqs) != len(b.Eqs) {
		return false
	}
	c := &float.Set{Tol: a.Tol, Eqs: append([]game.Mixed(nil), a.Eqs...)}
	for _, m := range b.Eqs {
		if c.Add(m) {
			return false
		}
	}
	return true
}

// BenchmarkIsolate compares, on the full support of a generic
// random 3×3×3×3 game (8 unknowns, 297 paths), the subdivision with the
// homotopy it replaces when it completes.
func BenchmarkIsolate(b *testing.B) {
	n := gametest.RandomGeneric(rand.New(rand.NewPCG(1, 17)), []int{3, 3, 3, 3})
	g, err := float.NewGame(n, 1e12)
	if err != nil {
		b.Fatal(err)
	}
	g.Normalize()
	supp := [][]int{{0, 1, 2}, {0, 1, 2}, {0, 1, 2}, {0, 1, 2}}
	free := func(int) error { return nil }
	b.Run("subdivision", func(b *testing.B) {
		for b.Loop() {
			s := NewNormal(g, supp)
			s.Deviations(g, supp)
			if _, ok, err := s.Isolate(1<<20, free); err != nil || !ok {
				b.Fatalf("incomplete (%v)", err)
			}
		}
	})
	b.Run("homotopy", func(b *testing.B) {
		for b.Loop() {
			s := NewNormal(g, supp)
			if _, err := s.Homotopy(float.RNG(1, 0xe9), DefaultPathSteps, free); err != nil {
				b.Fatal(err)
			}
		}
	})
}
