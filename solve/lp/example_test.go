package lp_test

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/lp"
)

// bimatrix builds a 2×2 game from the payoffs of its four cells, player
// 1's strategy varying fastest.
func bimatrix(cells ...[2]int64) *game.Normal {
	n := &game.Normal{Players: []string{"1", "2"}, Strategies: [][]string{{"a", "b"}, {"a", "b"}}}
	for _, c := range cells {
		n.Cells = append(n.Cells, &game.Outcome{Payoffs: []*big.Rat{big.NewRat(c[0], 1), big.NewRat(c[1], 1)}})
	}
	return n
}

// Matching pennies is zero-sum: its value is 0 and both players mix
// evenly.
func ExampleLP() {
	n := bimatrix([2]int64{1, -1}, [2]int64{-1, 1}, [2]int64{-1, 1}, [2]int64{1, -1})
	e, err := lp.LP(context.Background(), n, 0)
	if err != nil {
		panic(err)
	}
	fmt.Println(gambit.FormatRats("NE", e.Flat()))
	// Output:
	// NE,1/2,1/2,1/2,1/2
}
