package methods_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/solve/methods"
)

// ExampleSolve finds every extreme equilibrium of a coordination game, as
// gambit-enummixed would: the two pure ones and the mixed one in which
// each player chooses A with probability 1/3.
func ExampleSolve() {
	const coordination = `NFG 1 R "Coordination" { "Row" "Column" } { 2 2 }

2 2 0 0 0 0 1 1
`
	file, err := gambit.Read(strings.NewReader(coordination))
	if err != nil {
		fmt.Println(err)
		return
	}
	sol, err := methods.Solve(context.Background(), file, methods.Options{Method: "enummixed"})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := sol.WriteNE(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// NE,1,0,1,0
	// NE,1/3,2/3,1/3,2/3
	// NE,0,1,0,1
}
