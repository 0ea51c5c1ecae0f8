package lcp_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lcp"
)

// seqBenchGames are the trees gambit.md §7 times for gambit-lcp on an
// extensive game (the sequence form).
var seqBenchGames = []soltest.ExactBenchGame{
	{Name: "palf2", Path: "games/contrib/games/palf2.efg"},
	{Name: "bayes2a", Path: "games/contrib/games/bayes2a.efg"},
	{Name: "montyhal", Path: "games/contrib/games/montyhal.efg"},
	{Name: "e16", Path: "games/contrib/games/e16.efg"},
	{Name: "holdout7", Path: "games/contrib/games/holdout7.efg"},
	{Name: "ttt", Path: "games/contrib/games/ttt.efg"},
	{Name: "cent6", Path: "games/contrib/games/cent6.efg"},
	{Name: "poker", Path: "games/doc/poker.efg"},
	{Name: "work3", Path: "games/contrib/games/work3.efg"},
	{Name: "2_player_chance", Path: "games/tests/test_games/2_player_chance.efg"},
}

func BenchmarkSequenceLCP(b *testing.B) {
	for _, g := range seqBenchGames {
		b.Run(g.Name, func(b *testing.B) {
			tree := soltest.ExactBenchFile(b, g).Tree
			for b.Loop() {
				if _, err := lcp.SequenceLCP(context.Background(), tree, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
