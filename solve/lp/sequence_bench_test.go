package lp_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lp"
)

// seqLPBenchGames are constant-sum trees: gambit-lp on an extensive game.
var seqLPBenchGames = []soltest.ExactBenchGame{
	{Name: "ttt", Path: "games/contrib/games/ttt.efg"},
	{Name: "poker", Path: "games/doc/poker.efg"},
	{Name: "4cards", Path: "games/contrib/games/4cards.efg"},
	{Name: "2_player_chance", Path: "games/tests/test_games/2_player_chance.efg"},
	{Name: "centcs10", Path: "games/contrib/games/centcs10.efg"},
}

func BenchmarkSequenceLP(b *testing.B) {
	for _, g := range seqLPBenchGames {
		b.Run(g.Name, func(b *testing.B) {
			tree := soltest.ExactBenchFile(b, g).Tree
			for b.Loop() {
				if _, err := lp.SequenceLP(context.Background(), tree, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
