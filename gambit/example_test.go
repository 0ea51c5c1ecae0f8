package gambit_test

import (
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/tablero-project/tablero/gambit"
)

func ExampleReadEFG() {
	const src = `EFG 2 R "Entry deterrence" { "Entrant" "Incumbent" }
"The incumbent sees the entry before choosing."

p "" 1 1 "Entry?" { "Enter" "Stay out" } 0
p "" 2 1 "Response" { "Fight" "Accommodate" } 0
t "" 1 "Price war" { -1, -1 }
t "" 2 "Shared market" { 1, 1/2 }
t "" 3 "Monopoly" { 0, 2.5 }
`
	g, err := gambit.ReadEFG(strings.NewReader(src))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d players, %d nodes\n", g.Title, g.NumPlayers(), len(g.Nodes))
	for _, n := range g.Nodes {
		if n.IsTerminal() {
			o := n.Outcome
			fmt.Printf("%s: %s\n", o.Label, gambit.FormatRats("payoffs", o.Payoffs))
		}
	}
	if err := gambit.WriteEFG(os.Stdout, g); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Entry deterrence: 2 players, 5 nodes
	// Price war: payoffs,-1,-1
	// Shared market: payoffs,1,1/2
	// Monopoly: payoffs,0,5/2
	// EFG 2 R "Entry deterrence" { "Entrant" "Incumbent" }
	// "The incumbent sees the entry before choosing."
	//
	// p "" 1 1 "Entry?" { "Enter" "Stay out" } 0
	// p "" 2 1 "Response" { "Fight" "Accommodate" } 0
	// t "" 1 "Price war" { -1, -1 }
	// t "" 2 "Shared market" { 1, 1/2 }
	// t "" 3 "Monopoly" { 0, 5/2 }
}

func ExampleReadNFG() {
	const src = `NFG 1 R "Chicken" { "Row" "Column" } { 2 2 }
0 0  1 -1  -1 1  -10 -10`
	n, err := gambit.ReadNFG(strings.NewReader(src))
	if err != nil {
		log.Fatal(err)
	}
	s := []int{1, 1}
	fmt.Println(n.Strategies, n.Payoff(n.Index(s), 0))
	// Output: [[1 2] [1 2]] -10/1
}

func ExampleFormatGeneral() {
	fmt.Println(gambit.FormatGeneral("NE", []float64{0.5, 1.3859351494e-08, 1}, 10))
	fmt.Println(gambit.FormatFloats("NE", []float64{0.5, 1.3859351494e-08, 1}, 10))
	// Output:
	// NE,0.5,1.385935149e-08,1
	// NE,0.5000000000,0.0000000139,1.0000000000
}
