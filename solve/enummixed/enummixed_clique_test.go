package enummixed

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMaximalBicliques checks the search against brute force on random
// bipartite graphs: the maximal bicliques are the pairs (L, R), both
// nonempty, where L is the common neighbourhood of R and R that of L.
func TestMaximalBicliques(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1))
	for iter := range 300 {
		nl, nr := 1+rng.IntN(7), 1+rng.IntN(7)
		density := rng.Float64()
		var edges [][2]int
		for u := range nl {
			for v := range nr {
				if rng.Float64() < density {
					edges = append(edges, [2]int{u, v})
				}
			}
		}
		got, err := maximalBicliques(nl, nr, edges, func(int) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		want := bruteBicliques(nl, nr, edges)
		gs := bicliqueKeys(got)
		if !slices.Equal(gs, want) {
			t.Fatalf("graph %d (%d×%d, edges %v): bicliques %v, want %v", iter, nl, nr, edges, gs, want)
		}
	}
}

// TestBicliquesWorkCharged checks that the search's work is charged
// even where it reports little: a perfect matching of 3000 edges has 3000
// single-edge bicliques, but each node of the search looks at every
// candidate, and a budget error stops it.
func TestBicliquesWorkCharged(t *testing.T) {
	const n = 3000
	edges := make([][2]int, n)
	for i := range edges {
		edges[i] = [2]int{i, n - 1 - i}
	}
	steps := 0
	got, err := maximalBicliques(n, n, edges, func(k int) error { steps += k; return nil })
	if err != nil || len(got) != n {
		t.Fatalf("%d bicliques, error %v; want %d", len(got), err, n)
	}
	if reported := 2 * n; steps < reported+n*n/2/bicliqueScan {
		t.Errorf("charged %d steps: want the %d of the bicliques plus the looks", steps, reported)
	}
	stop := errors.New("budget")
	spent := 0
	got, err = maximalBicliques(n, n, edges, func(k int) error {
		if spent += k; spent > 1000 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || len(got) >= n {
		t.Errorf("with a budget of 1000 steps: %d bicliques, error %v; want the budget's error", len(got), err)
	}
}

func bruteBicliques(nl, nr int, edges [][2]int) []string {
	joined := map[[2]int]bool{}
	for _, e := range edges {
		joined[e] = true
	}
	var out []string
	for mask := 1; mask < 1<<nr; mask++ {
		var l, r []int
		for u := range nl {
			all := true
			for v := range nr {
				if mask&(1<<v) != 0 && !joined[[2]int{u, v}] {
					all = false
				}
			}
			if all {
				l = append(l, u)
			}
		}
		if len(l) == 0 {
			continue
		}
		for v := range nr {
			all := true
			for _, u := range l {
				all = all && joined[[2]int{u, v}]
			}
			if all {
				r = append(r, v)
			}
		}
		key := fmt.Sprint(l, r)
		if len(r) == popcount(mask) && !slices.Contains(out, key) {
			out = append(out, key)
		}
	}
	slices.Sort(out)
	return out
}

func popcount(m int) int {
	n := 0
	for ; m > 0; m &= m - 1 {
		n++
	}
	return n
}

func bicliqueKeys(bs []biclique) []string {
	var out []string
	for _, b := range bs {
		out = append(out, fmt.Sprint(b.left, b.right))
	}
	slices.Sort(out)
	return out
}

// BenchmarkMaximalBicliques times the search on a perfect matching, the
// graph of an n×n coordination game's 2^n − 1 equilibria for n = 12.
func BenchmarkMaximalBicliques(b *testing.B) {
	const n = 4095
	edges := make([][2]int, n)
	for i := range edges {
		edges[i] = [2]int{i, i}
	}
	for b.Loop() {
		if _, err := maximalBicliques(n, n, edges, func(int) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
