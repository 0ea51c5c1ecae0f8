package logit

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/tablero-project/tablero/solve/internal/linalg"
)

// funcHomotopy adapts closures to the homotopy interface.
type funcHomotopy struct {
	n   int
	h   func(x, out []float64)
	jac func(x, out []float64)
}

func (f funcHomotopy) dim() int                { return f.n }
func (f funcHomotopy) value(x, h []float64)    { f.h(x, h) }
func (f funcHomotopy) jacobian(x, j []float64) { f.jac(x, j) }

// pathCircle is H(x, λ) = x² + λ² − 1: from (1, 0) the tracer goes round the
// unit pathCircle through λ = 1 and back to λ = 0.
var pathCircle = funcHomotopy{
	n:   1,
	h:   func(x, out []float64) { out[0] = x[0]*x[0] + x[1]*x[1] - 1 },
	jac: func(x, out []float64) { out[0], out[1] = 2*x[0], 2*x[1] },
}

func noCharge() error { return nil }

func TestPathCircle(t *testing.T) {
	tr := newPathTracer(pathCircle, 0.03, 1.1, 10000, noCharge)
	var pts [][]float64
	err := tr.trace(context.Background(), []float64{1, 0}, func(x, dir []float64) (bool, error) {
		if math.Abs(linalg.Norm2(dir)-1) > 1e-12 {
			t.Errorf("tangent %v is not a unit vector", dir)
		}
		pts = append(pts, append([]float64(nil), x...))
		return false, nil
	})
	// The pathCircle turns back below λ = 0 at (−1, 0).
	if !errors.Is(err, ErrPathStalled) {
		t.Fatalf("got %v, want the curve to turn back below 0", err)
	}
	top := 0.0
	for _, p := range pts {
		if r := math.Abs(p[0]*p[0] + p[1]*p[1] - 1); r > 1e-5 { // the corrector stops at steps of 1e-4
			t.Errorf("point %v is %g off the pathCircle", p, r)
		}
		top = math.Max(top, p[1])
	}
	last := pts[len(pts)-1]
	if top < 0.999 || last[0] > -0.9 {
		t.Errorf("trace did not go round: top λ %g, last point %v", top, last)
	}
}

func TestPathStop(t *testing.T) {
	tr := newPathTracer(pathCircle, 0.03, 1.1, 10000, noCharge)
	n := 0
	err := tr.trace(context.Background(), []float64{1, 0}, func(x, _ []float64) (bool, error) {
		n++
		return x[1] > 0.5, nil
	})
	if err != nil || n < 5 {
		t.Fatalf("got %v after %d points", err, n)
	}
}

func TestPathStepCap(t *testing.T) {
	tr := newPathTracer(pathCircle, 0.03, 1.1, 10, noCharge)
	err := tr.trace(context.Background(), []float64{1, 0}, func([]float64, []float64) (bool, error) { return false, nil })
	if !errors.Is(err, ErrPathStalled) {
		t.Fatalf("got %v, want ErrPathStalled", err)
	}
}

func TestPathFixParam(t *testing.T) {
	// H(x, λ) = x³ + x − λ; at λ = 2, x = 1.
	cubic := funcHomotopy{
		n:   1,
		h:   func(x, out []float64) { out[0] = x[0]*x[0]*x[0] + x[0] - x[1] },
		jac: func(x, out []float64) { out[0], out[1] = 3*x[0]*x[0]+1, -1 },
	}
	tr := newPathTracer(cubic, 0.03, 1.1, 100, noCharge)
	x := []float64{0.7, 0}
	if err := tr.fixParam(x, 2); err != nil {
		t.Fatal(err)
	}
	if math.Abs(x[0]-1) > 1e-14 || x[1] != 2 {
		t.Errorf("got %v, want [1 2]", x)
	}
}

func TestPathFixParamSingular(t *testing.T) {
	// H(x, λ) = x² − λ at λ = 0: the square Jacobian 2x vanishes at the
	// solution; the damped iteration still converges.
	fold := funcHomotopy{
		n:   1,
		h:   func(x, out []float64) { out[0] = x[0]*x[0] - x[1] },
		jac: func(x, out []float64) { out[0], out[1] = 2*x[0], -1 },
	}
	tr := newPathTracer(fold, 0.03, 1.1, 100, noCharge)
	x := []float64{0.1, 0}
	if err := tr.fixParam(x, 0); err != nil {
		t.Fatal(err)
	}
	if math.Abs(x[0]) > 1e-6 {
		t.Errorf("got %v, want x near 0", x)
	}
}
