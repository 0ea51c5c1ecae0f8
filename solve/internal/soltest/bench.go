package soltest

import (
	"path/filepath"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

// ExactBenchGame is a game of the shared reference data used by the
// benchmarks of the exact methods (docs/benchmarks-solve-exact.md puts
// their figures next to Gambit's).
type ExactBenchGame struct {
	Name string // sub-benchmark name
	Path string // below ../shared/peers/gambit
}

// ExactBenchNormal reads a benchmark game as a strategic game (the
// reduced strategic form of a tree), skipping when the data is absent.
func ExactBenchNormal(b *testing.B, g ExactBenchGame) *game.Normal {
	b.Helper()
	f := ExactBenchFile(b, g)
	if f.Normal != nil {
		return f.Normal
	}
	r, err := f.Tree.Reduce(ExactMaxProfiles)
	if err != nil {
		b.Fatal(err)
	}
	return r.Normal
}

func ExactBenchFile(b *testing.B, g ExactBenchGame) *gambit.File {
	b.Helper()
	f, err := gambit.ReadFile(filepath.Join(PeerDir, g.Path))
	if err != nil {
		b.Skipf("../shared/peers/gambit not available: %v", err)
	}
	return f
}

func RandomBench(names ...string) []ExactBenchGame {
	var out []ExactBenchGame
	for _, n := range names {
		out = append(out, ExactBenchGame{n, "random/games/" + n + ".nfg"})
	}
	return out
}

var RandomBenchGames = RandomBench("rand_5x5_s1", "rand_5x5_s2", "rand_10x10_s1", "rand_10x10_s2",
	"rand_15x15_s1", "rand_15x15_s2", "rand_20x20_s1", "rand_20x20_s2")

// PeerGame reads a game of the shared reference data, skipping the
// benchmark when the data is absent.
func PeerGame(b *testing.B, path string) *gambit.File {
	b.Helper()
	f, err := gambit.ReadFile(filepath.Join(PeerDir, path))
	if err != nil {
		b.Skipf("shared reference game not available: %v", err)
	}
	return f
}
