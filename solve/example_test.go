package solve_test

import (
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// The regret of a profile is the largest gain of a deviation: zero at an
// equilibrium of matching pennies, positive elsewhere.
func ExampleRegretMixedRat() {
	n := &game.Normal{Players: []string{"1", "2"}, Strategies: [][]string{{"H", "T"}, {"H", "T"}}}
	for _, c := range [][2]int64{{1, -1}, {-1, 1}, {-1, 1}, {1, -1}} {
		n.Cells = append(n.Cells, &game.Outcome{Payoffs: []*big.Rat{big.NewRat(c[0], 1), big.NewRat(c[1], 1)}})
	}
	half, one, zero := big.NewRat(1, 2), big.NewRat(1, 1), new(big.Rat)
	fmt.Println(solve.RegretMixedRat(n, game.MixedRat{{half, half}, {half, half}}))
	fmt.Println(solve.RegretMixedRat(n, game.MixedRat{{one, zero}, {half, half}}))
	// Output:
	// 0/1
	// 1/1
}
