package gnm_test

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/gnm"
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

// The global Newton method on matching pennies, from one random ray.
func ExampleGNM() {
	n := bimatrix([2]int64{1, -1}, [2]int64{-1, 1}, [2]int64{-1, 1}, [2]int64{1, -1})
	eqs, err := gnm.GNM(context.Background(), n, gnm.GNMOptions{FloatOptions: solve.FloatOptions{Seed: 1}})
	if err != nil {
		panic(err)
	}
	for _, e := range eqs {
		fmt.Printf("%.4f\n", e)
	}
	// Output:
	// [[0.5000 0.5000] [0.5000 0.5000]]
}
