package lcp_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lcp"
)

// lcpBenchGames are the games gambit.md §7 times for gambit-lcp (strategic
// games) and gambit-lcp -S (reduced strategic forms of trees).
var lcpBenchGames = append(append(soltest.RandomBench(), soltest.RandomBenchGames...),
	soltest.RandomBench("rand_30x30_s1")[0], soltest.RandomBench("rand_30x30_s2")[0],
	soltest.ExactBenchGame{Name: "6x6_75eq", Path: "games/catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg"},
	soltest.ExactBenchGame{Name: "8x8", Path: "games/contrib/games/8x8.nfg"},
	soltest.ExactBenchGame{Name: "work3", Path: "games/contrib/games/work3.efg"},
	soltest.ExactBenchGame{Name: "2_player_chance", Path: "games/tests/test_games/2_player_chance.efg"},
	soltest.ExactBenchGame{Name: "palf2", Path: "games/contrib/games/palf2.efg"},
	soltest.ExactBenchGame{Name: "bayes2a", Path: "games/contrib/games/bayes2a.efg"},
	soltest.ExactBenchGame{Name: "e16", Path: "games/contrib/games/e16.efg"},
	soltest.ExactBenchGame{Name: "poker", Path: "games/doc/poker.efg"},
)

func BenchmarkLCP(b *testing.B) {
	for _, g := range lcpBenchGames {
		b.Run(g.Name, func(b *testing.B) {
			n := soltest.ExactBenchNormal(b, g)
			for b.Loop() {
				if _, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{Budget: 1 << 40}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLCPStop1 is gambit-lcp -e 1: the first equilibrium only.
func BenchmarkLCPStop1(b *testing.B) {
	for _, g := range append(soltest.RandomBench(), append(soltest.RandomBenchGames, soltest.RandomBench("rand_30x30_s1", "rand_30x30_s2")...)...) {
		b.Run(g.Name, func(b *testing.B) {
			n := soltest.ExactBenchNormal(b, g)
			for b.Loop() {
				if _, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{Stop: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
