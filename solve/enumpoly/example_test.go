package enumpoly_test

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/enumpoly"
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

// Support enumeration finds the three equilibria of the battle of the
// sexes: two pure, one mixed.
func ExampleEnumPoly() {
	n := bimatrix([2]int64{2, 1}, [2]int64{0, 0}, [2]int64{0, 0}, [2]int64{1, 2})
	eqs, err := enumpoly.EnumPoly(context.Background(), n, enumpoly.EnumPolyOptions{})
	if err != nil {
		panic(err)
	}
	for _, e := range eqs {
		fmt.Printf("%.4f\n", e)
	}
	// Output:
	// [[1.0000 0.0000] [1.0000 0.0000]]
	// [[0.0000 1.0000] [0.0000 1.0000]]
	// [[0.6667 0.3333] [0.3333 0.6667]]
}
