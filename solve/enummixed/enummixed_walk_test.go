package enummixed

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/internal/tableau"
	"github.com/tablero-project/tablero/solve/internal/pivot"
)

// dfsVertices is the walk enumerateVertices replaced, kept as an
// independent check: a depth-first search over the lexicographically
// feasible bases with a hash set of those visited, each pivot undone on
// the way back. It returns the label sets of the vertices and the number
// of bases.
func dfsVertices(t *tableau.Tableau) (map[string]bool, int) {
	seen := pivot.NewBasisSet(t.NumVars())
	verts := map[string]bool{}
	zero := pivot.NewLabelSet(t.NumVars())
	cur := pivot.BasisOf(t)
	seen.Add(cur)
	bases := 1
	zeroVars(t, zero)
	verts[zero.Key()] = true
	type frame struct{ r, c, next int }
	stack := []frame{{r: -1, c: -1}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == t.Cols() {
			if top.r >= 0 {
				cur.Toggle(t.Basic(top.r))
				cur.Toggle(t.Nonbasic(top.c))
				t.Pivot(top.r, top.c)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		c := top.next
		top.next++
		r := t.RatioTest(c)
		if c == top.c || r < 0 {
			continue
		}
		cur.Toggle(t.Nonbasic(c))
		cur.Toggle(t.Basic(r))
		if !seen.Add(cur) {
			cur.Toggle(t.Nonbasic(c))
			cur.Toggle(t.Basic(r))
			continue
		}
		t.Pivot(r, c)
		bases++
		zeroVars(t, zero)
		verts[zero.Key()] = true
		stack = append(stack, frame{r: r, c: c})
	}
	return verts, bases
}

// TestReverseSearchMatchesDFS compares the reverse search with the
// depth-first search over visited bases on the best-response polytopes
// of random games, nondegenerate (payoffs from a wide range) and
// degenerate (payoffs in {0, 1, 2}): the same vertices, each reported
// once, the starting tableau left as it was, and every base's pivot
// charged to the budget at its number of rows.
func TestReverseSearchMatchesDFS(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for iter := range 120 {
		m, k := 1+rng.IntN(8), 1+rng.IntN(8)
		values := []int64{3, 1_000_000}[iter%2]
		n := gametest.RandomNormal(rng, []int{m, k}, values)
		e := newMixedEnumerator(n, nil)
		want, bases := dfsVertices(pivot.PolytopeTableau(e.other))
		tab := pivot.PolytopeTableau(e.other)
		before := tab.Clone()
		bud := pivot.NewBudget(context.Background(), "test", 1<<40)
		got := map[string]bool{}
		err := enumerateVertices(tab, bud, nil, func(_ *tableau.Tableau, zero pivot.LabelSet) error {
			if got[zero.Key()] {
				t.Fatalf("game %d (%d×%d): vertex %v reported twice", iter, m, k, zero.Elems())
			}
			got[zero.Key()] = true
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("game %d (%d×%d, values %d): reverse search %d vertices, DFS %d", iter, m, k, values, len(got), len(want))
		}
		for key := range want {
			if !got[key] {
				t.Fatalf("game %d (%d×%d): a DFS vertex is missing", iter, m, k)
			}
		}
		for r := range tab.Rows() {
			if tab.Basic(r) != before.Basic(r) || tab.RHS(r).Cmp(before.RHS(r)) != 0 {
				t.Fatalf("game %d: the starting tableau was changed", iter)
			}
		}
		if least := (bases - 1) * tab.Rows(); bud.Steps() < least {
			t.Errorf("game %d: %d steps charged for %d bases of %d rows, want at least %d", iter, bud.Steps(), bases, tab.Rows(), least)
		}
	}
}

// TestBicliquesCharged checks that the search for maximal convex sets
// charges every set it reports and stops at the budget's first error.
func TestBicliquesCharged(t *testing.T) {
	edges := [][2]int{{0, 0}, {1, 1}, {2, 2}, {0, 1}}
	var spent int
	all, err := maximalBicliques(3, 3, edges, func(n int) error { spent += n; return nil })
	if err != nil || len(all) == 0 {
		t.Fatalf("unbounded search: %v, %v", all, err)
	}
	want := 0
	for _, b := range all {
		want += len(b.left) + len(b.right)
	}
	if spent != want {
		t.Errorf("charged %d, want %d for %v", spent, want, all)
	}
	stop := errors.New("budget")
	got, err := maximalBicliques(3, 3, edges, func(int) error { return stop })
	if !errors.Is(err, stop) || len(got) != 0 {
		t.Errorf("with no budget: %v, %v", got, err)
	}
}

// TestScratchReused checks that the partner systems' scratch matrix is
// allocated once: a small system used to shorten its rows, so that the
// next larger one reallocated it (870 MB on a 20×20 game).
func TestScratchReused(t *testing.T) {
	e := &mixedEnumerator{kO: 6}
	e.scratch(6)
	first := &e.mat[0][0]
	for _, k := range []int{2, 5, 1, 6, 3} {
		m := e.scratch(k)
		if len(m) != k || len(m[0]) != k+1 {
			t.Fatalf("scratch(%d) is %d×%d", k, len(m), len(m[0]))
		}
		if &e.mat[0][0] != first {
			t.Fatalf("scratch(%d) reallocated the matrix", k)
		}
	}
}
