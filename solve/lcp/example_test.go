package lcp_test

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/lcp"
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

// The battle of the sexes: Lemke–Howson paths from the artificial
// equilibrium, and on from each equilibrium found, reach all three.
func ExampleLCP() {
	n := bimatrix([2]int64{2, 1}, [2]int64{0, 0}, [2]int64{0, 0}, [2]int64{1, 2})
	eqs, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{})
	if err != nil {
		panic(err)
	}
	for _, e := range eqs {
		fmt.Println(gambit.FormatRats("NE", e.Flat()))
	}
	// Output:
	// NE,1,0,1,0
	// NE,2/3,1/3,1/3,2/3
	// NE,0,1,0,1
}
