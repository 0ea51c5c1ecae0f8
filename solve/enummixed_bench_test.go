package solve_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// exactBenchGame is a game of the shared reference data used by the
// benchmarks of the exact methods (docs/benchmarks-solve-exact.md puts
// their figures next to Gambit's).
type exactBenchGame struct {
	name string // sub-benchmark name
	path string // below ../shared/peers/gambit
}

// exactBenchNormal reads a benchmark game as a strategic game (the
// reduced strategic form of a tree), skipping when the data is absent.
func exactBenchNormal(b *testing.B, g exactBenchGame) *game.Normal {
	b.Helper()
	f := exactBenchFile(b, g)
	if f.Normal != nil {
		return f.Normal
	}
	r, err := f.Tree.Reduce(exactMaxProfiles)
	if err != nil {
		b.Fatal(err)
	}
	return r.Normal
}

func exactBenchFile(b *testing.B, g exactBenchGame) *gambit.File {
	b.Helper()
	f, err := gambit.ReadFile(filepath.Join(peerDir, g.path))
	if err != nil {
		b.Skipf("../shared/peers/gambit not available: %v", err)
	}
	return f
}

func randomBench(names ...string) []exactBenchGame {
	var out []exactBenchGame
	for _, n := range names {
		out = append(out, exactBenchGame{n, "random/games/" + n + ".nfg"})
	}
	return out
}

var randomBenchGames = randomBench("rand_5x5_s1", "rand_5x5_s2", "rand_10x10_s1", "rand_10x10_s2",
	"rand_15x15_s1", "rand_15x15_s2", "rand_20x20_s1", "rand_20x20_s2")

// enumMixedBenchGames are the random games and the repository games that
// gambit.md §7 times for enummixed or lrsnash.
var enumMixedBenchGames = append(randomBench("rand_5x5_s1", "rand_5x5_s2", "rand_10x10_s1", "rand_10x10_s2",
	"rand_15x15_s1", "rand_15x15_s2", "rand_20x20_s1", "rand_20x20_s2"),
	exactBenchGame{"6x6_75eq", "games/catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg"},
	exactBenchGame{"8x8", "games/contrib/games/8x8.nfg"},
	exactBenchGame{"work3", "games/contrib/games/work3.efg"},
	exactBenchGame{"2_player_chance", "games/tests/test_games/2_player_chance.efg"},
	exactBenchGame{"holdout7", "games/contrib/games/holdout7.efg"},
	exactBenchGame{"centcs10", "games/contrib/games/centcs10.efg"},
	exactBenchGame{"cent6", "games/contrib/games/cent6.efg"},
	exactBenchGame{"poker", "games/doc/poker.efg"},
	exactBenchGame{"e16", "games/contrib/games/e16.efg"},
	exactBenchGame{"tim", "games/contrib/games/tim.efg"},
	exactBenchGame{"bcp2", "games/contrib/games/bcp2.efg"},
	exactBenchGame{"caro2", "games/contrib/games/caro2.efg"},
)

func BenchmarkEnumMixed(b *testing.B) {
	for _, g := range enumMixedBenchGames {
		b.Run(g.name, func(b *testing.B) {
			n := exactBenchNormal(b, g)
			for b.Loop() {
				if _, err := solve.EnumMixed(context.Background(), n, 1<<40); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
