package solve_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/solve"
)

// lcpBenchGames are the games gambit.md §7 times for gambit-lcp (strategic
// games) and gambit-lcp -S (reduced strategic forms of trees).
var lcpBenchGames = append(append(randomBench(), randomBenchGames...),
	randomBench("rand_30x30_s1")[0], randomBench("rand_30x30_s2")[0],
	exactBenchGame{"6x6_75eq", "games/catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg"},
	exactBenchGame{"8x8", "games/contrib/games/8x8.nfg"},
	exactBenchGame{"work3", "games/contrib/games/work3.efg"},
	exactBenchGame{"2_player_chance", "games/tests/test_games/2_player_chance.efg"},
	exactBenchGame{"palf2", "games/contrib/games/palf2.efg"},
	exactBenchGame{"bayes2a", "games/contrib/games/bayes2a.efg"},
	exactBenchGame{"e16", "games/contrib/games/e16.efg"},
	exactBenchGame{"poker", "games/doc/poker.efg"},
)

func BenchmarkLCP(b *testing.B) {
	for _, g := range lcpBenchGames {
		b.Run(g.name, func(b *testing.B) {
			n := exactBenchNormal(b, g)
			for b.Loop() {
				if _, err := solve.LCP(context.Background(), n, solve.LCPOptions{Budget: 1 << 40}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLCPStop1 is gambit-lcp -e 1: the first equilibrium only.
func BenchmarkLCPStop1(b *testing.B) {
	for _, g := range append(randomBench(), append(randomBenchGames, randomBench("rand_30x30_s1", "rand_30x30_s2")...)...) {
		b.Run(g.name, func(b *testing.B) {
			n := exactBenchNormal(b, g)
			for b.Loop() {
				if _, err := solve.LCP(context.Background(), n, solve.LCPOptions{Stop: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
