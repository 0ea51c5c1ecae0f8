package methods_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/internal/testmem"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/methods"
)

// TestMemoryWithinBudget solves a random game of meaningful size with each
// method other than the pure ones (solve/pure has its own test) at two
// budgets, and checks that the peak heap stays under
// perStep·budget + perCell·size, size being the payoffs of a strategic game
// (players × profiles) or the nodes of a tree. A budget error is an
// acceptable outcome: the point is memory.
//
// The constants come from docs/robustness.md ("Memory of the other
// methods"): every structure that grows with the run (equilibria,
// vertices, visited bases, points of a path) is charged at least one step
// per few machine words, so 256 bytes a step is generous; what does not
// grow with the steps is a fixed number of tableaux or copies of the game,
// each a few words per payoff or node, and big.Rat entries of a tableau
// can take some hundreds of bytes, hence 16 KB per payoff or node.
func TestMemoryWithinBudget(t *testing.T) {
	const perStep, perCell = 256, 16 << 10 // bytes
	rng := rand.New(rand.NewPCG(19, 1))
	bimatrix := &gambit.File{Normal: gametest.RandomNormal(rng, []int{10, 10}, 5)}
	three := &gambit.File{Normal: gametest.RandomGeneric(rng, []int{4, 4, 4})}
	recall := &gambit.File{Tree: gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 2, Depth: 6, Info: gametest.Recall, Span: 5})}
	zeroSum := &gambit.File{Tree: gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 2, Depth: 6, Info: gametest.Recall, Span: 5, ZeroSum: true})}
	coordination := &gambit.File{Normal: coordinationGame(t, 14)}
	tree3 := &gambit.File{Tree: gametest.RandomTree(t, rng, gametest.TreeSpec{Players: 3, Depth: 4, Info: gametest.Imperfect})}
	cases := []struct {
		name  string
		file  *gambit.File
		o     methods.Options
		heavy bool
	}{
		{"enummixed", bimatrix, methods.Options{Method: "enummixed"}, false},
		{"enummixed -c", bimatrix, methods.Options{Method: "enummixed", Components: true}, true},
		{"enumpoly", three, methods.Options{Method: "enumpoly"}, true},
		{"enumpoly tree", tree3, methods.Options{Method: "enumpoly"}, true},
		{"lcp", bimatrix, methods.Options{Method: "lcp"}, false},
		{"lcp coordination", coordination, methods.Options{Method: "lcp"}, true},
		{"enummixed coordination", coordination, methods.Options{Method: "enummixed"}, false},
		{"lcp tree", recall, methods.Options{Method: "lcp"}, false},
		{"lp", zeroSum, methods.Options{Method: "lp", Strategic: true}, false},
		{"lp tree", zeroSum, methods.Options{Method: "lp"}, false},
		{"logit", three, methods.Options{Method: "logit"}, false},
		{"logit tree", tree3, methods.Options{Method: "logit"}, false},
		{"simpdiv", three, methods.Options{Method: "simpdiv"}, true},
		{"gnm", three, methods.Options{Method: "gnm"}, true},
		{"ipa", three, methods.Options{Method: "ipa"}, false},
		{"liap", three, methods.Options{Method: "liap"}, false},
		{"liap -A", tree3, methods.Options{Method: "liap", Agent: true}, false},
	}
	for _, c := range cases {
		if c.heavy && testing.Short() {
			continue
		}
		size := fileSize(c.file)
		for _, budget := range []int{100_000, 10_000_000} {
			c.o.Budget = budget
			var err error
			peak := testmem.PeakHeap(func() { _, err = methods.Solve(context.Background(), c.file, c.o) })
			if err != nil && !errors.Is(err, solve.ErrBudget) {
				t.Errorf("%s, budget %d: %v", c.name, budget, err)
			}
			if limit := uint64(perStep*budget + perCell*size); peak > limit {
				t.Errorf("%s (size %d), budget %d: peak heap %d KB, want < %d KB", c.name, size, budget, peak>>10, limit>>10)
			}
			t.Logf("%s (size %d), budget %d: peak heap %d KB; %v", c.name, size, budget, peak>>10, err)
		}
	}
}

// fileSize returns the payoffs of file's strategic game, or its tree's
// nodes.
func fileSize(file *gambit.File) int {
	if file.Tree != nil {
		return len(file.Tree.Nodes)
	}
	return len(file.Normal.Players) * file.Normal.NumProfiles()
}

// coordinationGame returns the n×n game paying 1 each on the diagonal and
// 0 elsewhere, which has an equilibrium for every nonempty set of
// strategies (2^n − 1 in all), each mixing it uniformly.
func coordinationGame(t *testing.T, n int) *game.Normal {
	cells := make([]string, 0, n*n)
	for j := range n {
		for i := range n {
			cells = append(cells, map[bool]string{true: "1,1", false: "0,0"}[i == j])
		}
	}
	return gametest.Normal(t, []int{n, n}, cells...)
}
