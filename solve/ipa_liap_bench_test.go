package solve_test

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/solve"
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
		r, err := randomTree(b, rand.New(rand.NewPCG(tc.seed, 16)), 3, 4, tc.pi).Reduce(50000)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := solve.IPA(context.Background(), r.Normal, solve.IPAOptions{FloatOptions: solve.FloatOptions{Seed: 1}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

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
		g := randomTree(b, rand.New(rand.NewPCG(tc.seed, 16)), tc.players, 4, tc.pi)
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := solve.LiapAgent(context.Background(), g, solve.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIPALiapAgentSamples runs IPA (on the reduced strategic form)
// and liap -A, as the CLI does with Gambit's reference flags, on two of
// Gambit's sample trees (skipped without the shared reference data).
func BenchmarkIPALiapAgentSamples(b *testing.B) {
	for _, file := range []string{
		"tests/test_games/3_player_perfect_info_1_move_each.efg",
		"catalog/books/myerson1991/fig2_1.efg",
	} {
		f, err := gambit.ReadFile(filepath.Join(peerDir, "games", file))
		if err != nil {
			b.Skipf("shared reference game not available: %v", err)
		}
		r, err := f.Tree.Reduce(1 << 20)
		if err != nil {
			b.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(file), ".efg")
		b.Run("ipa/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := solve.IPA(context.Background(), r.Normal, solve.IPAOptions{FloatOptions: solve.FloatOptions{Seed: 1, Starts: 3}}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("liap-A/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := solve.LiapAgent(context.Background(), f.Tree, solve.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
