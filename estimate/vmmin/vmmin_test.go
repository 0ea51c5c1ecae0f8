package vmmin

import (
	"context"
	"testing"
)

// TestVmminRosenbrock reproduces the example of R's ?optim:
// optim(c(-1.2, 1), fr, grr, method = "BFGS") takes 110 function and 43
// gradient evaluations.
func TestVmminRosenbrock(t *testing.T) {
	f := func(x []float64) float64 {
		a, b := x[1]-x[0]*x[0], 1-x[0]
		return 100*a*a + b*b
	}
	g := func(g, x []float64) {
		g[0] = -400*x[0]*(x[1]-x[0]*x[0]) - 2*(1-x[0])
		g[1] = 200 * (x[1] - x[0]*x[0])
	}
	r, err := Minimize(context.Background(), f, g, []float64{-1.2, 1}, 100, 1.490116119384765625e-08)
	if err != nil {
		t.Fatal(err)
	}
	if r.Funcs != 110 || r.Grads != 43 {
		t.Errorf("counts %d function, %d gradient; R: 110, 43 (x %v, f %g)", r.Funcs, r.Grads, r.X, r.F)
	}
}
