package estimate

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGradients checks every model's analytic gradient against central
// differences of its log-likelihood at random points.
func TestGradients(t *testing.T) {
	for name, m := range gamesModels {
		t.Run(name, func(t *testing.T) {
			spec := m.spec
			b, err := spec.build(readData(t, m.data))
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			x := b.prob.start()
			for j := range x {
				x[j] += 0.1 * rng.NormFloat64()
			}
			g := make([]float64, len(x))
			b.prob.eval(x, g, nil)
			for j := range x {
				h := 1e-6 * math.Max(1, math.Abs(x[j]))
				xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
				xp[j] += h
				xm[j] -= h
				fd := (b.prob.eval(xp, nil, nil) - b.prob.eval(xm, nil, nil)) / (2 * h)
				if math.Abs(fd-g[j]) > 1e-5*math.Max(1, math.Abs(fd)) {
					t.Errorf("d/d %s = %.8g, finite differences %.8g", b.names[j], g[j], fd)
				}
			}
		})
	}
}
