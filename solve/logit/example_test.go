package logit_test

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/logit"
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

// The logit QRE of a 2×2 game with a unique mixed equilibrium, traced
// from the centroid to its end: the approximate Nash equilibrium.
func ExampleLogitNormal() {
	n := bimatrix([2]int64{2, 0}, [2]int64{0, 1}, [2]int64{0, 1}, [2]int64{1, 0})
	res, err := logit.LogitNormal(context.Background(), n, logit.LogitOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.3f\n", res.End.Profile)
	// Output:
	// [[0.500 0.500] [0.333 0.667]]
}
