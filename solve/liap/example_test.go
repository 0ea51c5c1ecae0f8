package liap_test

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/liap"
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

// Lyapunov minimisation on matching pennies, from seeded random starts:
// every start that converges ends at the unique equilibrium.
func ExampleLiap() {
	n := bimatrix([2]int64{1, -1}, [2]int64{-1, 1}, [2]int64{-1, 1}, [2]int64{1, -1})
	eqs, err := liap.Liap(context.Background(), n, liap.LiapOptions{FloatOptions: solve.FloatOptions{Seed: 1}})
	if err != nil {
		panic(err)
	}
	for _, e := range eqs {
		fmt.Printf("%.4f\n", e)
	}
	// Output:
	// [[0.5000 0.5000] [0.5000 0.5000]]
}
