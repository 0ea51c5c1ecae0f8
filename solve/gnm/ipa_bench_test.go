package gnm_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/gnm"
)

// BenchmarkIPATree runs IPA (one ray, seed 1) on the reduced strategic
// forms of random three-player trees: seed 72's perfect-information tree,
// whose polymatrix games are degenerate, and seed 225's
// imperfect-information tree.
func BenchmarkIPATree(b *testing.B) {
	for _, tc := range []struct {
		name string
		seed uint64
		pi   bool
	}{
		{"pi-72", 72, true},
		{"imperfect-225", 225, false},
	} {
		r, err := gametest.RandomTree(b, rand.New(rand.NewPCG(tc.seed, 16)), gametest.TreeSpec{Players: 3, Depth: 4, Info: gametest.InfoOf(tc.pi)}).Reduce(50000)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := gnm.IPA(context.Background(), r.Normal, gnm.IPAOptions{FloatOptions: solve.FloatOptions{Seed: 1}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
