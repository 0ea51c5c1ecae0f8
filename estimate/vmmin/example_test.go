package vmmin_test

import (
	"context"
	"fmt"

	"github.com/tablero-project/tablero/estimate/vmmin"
)

// The example of R's ?optim: Rosenbrock's banana from (-1.2, 1), which R
// solves with 110 function and 43 gradient evaluations.
func ExampleMinimize() {
	f := func(x []float64) float64 {
		a, b := x[1]-x[0]*x[0], 1-x[0]
		return 100*a*a + b*b
	}
	g := func(g, x []float64) {
		g[0] = -400*x[0]*(x[1]-x[0]*x[0]) - 2*(1-x[0])
		g[1] = 200 * (x[1] - x[0]*x[0])
	}
	r, err := vmmin.Minimize(context.Background(), f, g, []float64{-1.2, 1}, 100, 1.490116119384765625e-08)
	if err != nil {
		panic(err)
	}
	fmt.Printf("x = (%.4f, %.4f), %d function and %d gradient evaluations\n", r.X[0], r.X[1], r.Funcs, r.Grads)
	// Output:
	// x = (1.0000, 1.0000), 110 function and 43 gradient evaluations
}
