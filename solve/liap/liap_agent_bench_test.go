package liap_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/liap"
)

// BenchmarkLiapAgentTree runs liap -A (10 starts, seed 1, Gambit's
// defaults) on random trees of two and three players.
func BenchmarkLiapAgentTree(b *testing.B) {
	for _, tc := range []struct {
		name    string
		players int
		seed    uint64
		pi      bool
	}{
		{"2p-imperfect-2", 2, 2, false},
		{"3p-pi-72", 3, 72, true},
	} {
		g := gametest.RandomTree(b, rand.New(rand.NewPCG(tc.seed, 16)), gametest.TreeSpec{Players: tc.players, Depth: 4, Info: gametest.InfoOf(tc.pi)})
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := liap.LiapAgent(context.Background(), g, liap.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
