package solve_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/solve"
)

// seqBenchGames are the trees gambit.md §7 times for gambit-lcp on an
// extensive game (the sequence form).
var seqBenchGames = []exactBenchGame{
	{"palf2", "games/contrib/games/palf2.efg"},
	{"bayes2a", "games/contrib/games/bayes2a.efg"},
	{"montyhal", "games/contrib/games/montyhal.efg"},
	{"e16", "games/contrib/games/e16.efg"},
	{"holdout7", "games/contrib/games/holdout7.efg"},
	{"ttt", "games/contrib/games/ttt.efg"},
	{"cent6", "games/contrib/games/cent6.efg"},
	{"poker", "games/doc/poker.efg"},
	{"work3", "games/contrib/games/work3.efg"},
	{"2_player_chance", "games/tests/test_games/2_player_chance.efg"},
}

func BenchmarkSequenceLCP(b *testing.B) {
	for _, g := range seqBenchGames {
		b.Run(g.name, func(b *testing.B) {
			tree := exactBenchFile(b, g).Tree
			for b.Loop() {
				if _, err := solve.SequenceLCP(context.Background(), tree, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// seqLPBenchGames are constant-sum trees: gambit-lp on an extensive game.
var seqLPBenchGames = []exactBenchGame{
	{"ttt", "games/contrib/games/ttt.efg"},
	{"poker", "games/doc/poker.efg"},
	{"4cards", "games/contrib/games/4cards.efg"},
	{"2_player_chance", "games/tests/test_games/2_player_chance.efg"},
	{"centcs10", "games/contrib/games/centcs10.efg"},
}

func BenchmarkSequenceLP(b *testing.B) {
	for _, g := range seqLPBenchGames {
		b.Run(g.name, func(b *testing.B) {
			tree := exactBenchFile(b, g).Tree
			for b.Loop() {
				if _, err := solve.SequenceLP(context.Background(), tree, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
