package simpdiv_test

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/simpdiv"
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

// From the default start (every player's first strategy) simplicial
// subdivision stops at once: it is an equilibrium of the battle of the
// sexes.
func ExampleSimpDiv() {
	n := bimatrix([2]int64{2, 1}, [2]int64{0, 0}, [2]int64{0, 0}, [2]int64{1, 2})
	eqs, err := simpdiv.SimpDiv(context.Background(), n, simpdiv.SimpDivOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(gambit.FormatRats("NE", eqs[0].Flat()))
	// Output:
	// NE,1,0,1,0
}
