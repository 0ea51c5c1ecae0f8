package brief_test

import (
	"context"
	"fmt"

	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/scenario"
)

// Analyse a small public-threat game and print the probability of each
// result.
func ExampleBuild() {
	s, err := scenario.Load("../scenario/testdata/deterrence.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := scenario.Compile(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := brief.Build(context.Background(), m, brief.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range b.Results {
		fmt.Printf("%s %.3f\n", r.Name, r.Probability)
	}
	// Output:
	// calm 0.558
	// win 0.134
	// crisis 0.308
}
