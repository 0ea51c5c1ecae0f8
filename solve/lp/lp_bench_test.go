package lp_test

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lp"

	"github.com/tablero-project/tablero/game"
)

// lpBenchGames are constant-sum games of the reference data, strategic or
// (through the reduced strategic form) trees, as gambit-lp and
// gambit-lp -S solve them.
var lpBenchGames = []soltest.ExactBenchGame{
	{Name: "poker", Path: "games/doc/poker.efg"},
	{Name: "2_player_chance", Path: "games/tests/test_games/2_player_chance.efg"},
	{Name: "4cards", Path: "games/contrib/games/4cards.efg"},
	{Name: "centcs10", Path: "games/contrib/games/centcs10.efg"},
	{Name: "2smp", Path: "games/contrib/games/2smp.efg"},
	{Name: "const_sum_game", Path: "games/tests/test_games/const_sum_game.nfg"},
	{Name: "csg4", Path: "games/contrib/games/csg4.nfg"},
}

// BenchmarkLP runs LP on the constant-sum games of the reference data and
// on constant-sum versions of Gambit's random games (player 2's payoff
// replaced by 99 minus player 1's; Gambit has no timing for these).
func BenchmarkLP(b *testing.B) {
	games := append(lpBenchGames, soltest.RandomBench("rand_10x10_s1", "rand_20x20_s1", "rand_30x30_s1")...)
	for _, g := range games {
		b.Run(g.Name, func(b *testing.B) {
			n := soltest.ExactBenchNormal(b, g)
			if strings.HasPrefix(g.Name, "rand_") {
				n = constantSumVersion(n)
			}
			for b.Loop() {
				if _, err := lp.LP(context.Background(), n, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// constantSumVersion returns a copy of the two-player game n in which
// player 2's payoff is 99 minus player 1's.
func constantSumVersion(n *game.Normal) *game.Normal {
	c := *n
	c.Cells = make([]*game.Outcome, len(n.Cells))
	for i := range n.Cells {
		u := n.Payoff(i, 0)
		c.Cells[i] = &game.Outcome{Payoffs: []*big.Rat{u, new(big.Rat).Sub(big.NewRat(99, 1), u)}}
	}
	return &c
}
