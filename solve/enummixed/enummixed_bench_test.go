package enummixed_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/solve/enummixed"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

// enumMixedBenchGames are the random games and the repository games that
// gambit.md §7 times for enummixed or lrsnash.
var enumMixedBenchGames = append(soltest.RandomBench("rand_5x5_s1", "rand_5x5_s2", "rand_10x10_s1", "rand_10x10_s2",
	"rand_15x15_s1", "rand_15x15_s2", "rand_20x20_s1", "rand_20x20_s2"),
	soltest.ExactBenchGame{Name: "6x6_75eq", Path: "games/catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg"},
	soltest.ExactBenchGame{Name: "8x8", Path: "games/contrib/games/8x8.nfg"},
	soltest.ExactBenchGame{Name: "work3", Path: "games/contrib/games/work3.efg"},
	soltest.ExactBenchGame{Name: "2_player_chance", Path: "games/tests/test_games/2_player_chance.efg"},
	soltest.ExactBenchGame{Name: "holdout7", Path: "games/contrib/games/holdout7.efg"},
	soltest.ExactBenchGame{Name: "centcs10", Path: "games/contrib/games/centcs10.efg"},
	soltest.ExactBenchGame{Name: "cent6", Path: "games/contrib/games/cent6.efg"},
	soltest.ExactBenchGame{Name: "poker", Path: "games/doc/poker.efg"},
	soltest.ExactBenchGame{Name: "e16", Path: "games/contrib/games/e16.efg"},
	soltest.ExactBenchGame{Name: "tim", Path: "games/contrib/games/tim.efg"},
	soltest.ExactBenchGame{Name: "bcp2", Path: "games/contrib/games/bcp2.efg"},
	soltest.ExactBenchGame{Name: "caro2", Path: "games/contrib/games/caro2.efg"},
)

func BenchmarkEnumMixed(b *testing.B) {
	for _, g := range enumMixedBenchGames {
		b.Run(g.Name, func(b *testing.B) {
			n := soltest.ExactBenchNormal(b, g)
			for b.Loop() {
				if _, err := enummixed.EnumMixed(context.Background(), n, 1<<40); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
