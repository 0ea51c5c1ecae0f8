package solve_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/gnm"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/liap"

	"github.com/tablero-project/tablero/gambit"
)

// BenchmarkIPALiapAgentSamples runs IPA (on the reduced strategic form)
// and liap -A, as the CLI does with Gambit's reference flags, on two of
// Gambit's sample trees (skipped without the shared reference data).
func BenchmarkIPALiapAgentSamples(b *testing.B) {
	for _, file := range []string{
		"tests/test_games/3_player_perfect_info_1_move_each.efg",
		"catalog/books/myerson1991/fig2_1.efg",
	} {
		f, err := gambit.ReadFile(filepath.Join(soltest.PeerDir, "games", file))
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
				if _, err := gnm.IPA(context.Background(), r.Normal, gnm.IPAOptions{FloatOptions: solve.FloatOptions{Seed: 1, Starts: 3}}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("liap-A/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := liap.LiapAgent(context.Background(), f.Tree, liap.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
