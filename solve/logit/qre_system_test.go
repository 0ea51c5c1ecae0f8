package logit

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"

	"github.com/tablero-project/tablero/game"
)

// qreSystemGames are trees with traced and computed (last-mover) sets.
func qreSystemGames(t *testing.T) map[string]*game.Game {
	return map[string]*game.Game{
		"signalling":    gametest.Signalling(t),
		"three players": gametest.ThreePlayers(t),
		"poker":         gametest.Poker(t),
	}
}

// qreSystemAt prepares the reduced system of g and a point of it whose
// coordinates are c, 2c, 3c, ... (λ last).
func qreSystemAt(g *game.Game, c float64) (*logitTree, *qreSystem, []float64) {
	tree, _ := newLogitTree(g)
	s := newQRESystem(tree)
	x := make([]float64, s.dim()+1)
	for i := range x {
		x[i] = c * float64(i+1)
	}
	return tree, s, x
}

// TestQRESystemJacobian compares the reduced Jacobian with central
// differences of the reduced equations.
func TestQRESystemJacobian(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for name, g := range qreSystemGames(t) {
		tree, err := newLogitTree(g)
		if err != nil {
			t.Fatal(err)
		}
		s := newQRESystem(tree)
		m := s.dim()
		if m == 0 || len(s.last) == 0 {
			t.Fatalf("%s: %d traced and %d computed variables, want both", name, m, len(s.last))
		}
		x := make([]float64, m+1)
		for i := range x {
			x[i] = 2*rng.Float64() - 1
		}
		x[m] = 1 + rng.Float64()
		jac := make([]float64, m*(m+1))
		s.jacobian(x, jac)
		hp, hm := make([]float64, m), make([]float64, m)
		const h = 1e-6
		for c := 0; c <= m; c++ {
			xp := append([]float64(nil), x...)
			xm := append([]float64(nil), x...)
			xp[c] += h
			xm[c] -= h
			s.value(xp, hp)
			s.value(xm, hm)
			for r := 0; r < m; r++ {
				fd := (hp[r] - hm[r]) / (2 * h)
				if got := jac[r*(m+1)+c]; math.Abs(got-fd) > 1e-6*(1+math.Abs(fd)) {
					t.Errorf("%s: ∂H%d/∂x%d = %v, differences give %v", name, r, c, got, fd)
				}
			}
		}
	}
}

// TestQRESystemExpand checks that an expanded point solves the full
// system's equations of the computed sets and its sums to one.
func TestQRESystemExpand(t *testing.T) {
	for name, g := range qreSystemGames(t) {
		tree, s, x := qreSystemAt(g, 0.3)
		s.expand(x)
		y := append([]float64(nil), s.y...)
		vals := append([]float64(nil), tree.actVal...)
		tree.evaluate(y) // the full evaluation gives the same action values
		for a, v := range tree.actVal {
			if math.Abs(v-vals[a]) > 1e-14 {
				t.Errorf("%s: action %d: expand gives value %v, a full evaluation %v", name, a, vals[a], v)
			}
		}
		full := make([]float64, tree.nVars)
		tree.value(y, full)
		for _, a := range s.last {
			if math.Abs(full[a]) > 1e-12 {
				t.Errorf("%s: equation of computed variable %d = %g", name, a, full[a])
			}
		}
		for _, base := range tree.setVar {
			if math.Abs(full[base]) > 1e-12 {
				t.Errorf("%s: probabilities of the set at %d sum to 1%+g", name, base, full[base])
			}
		}
	}
}

// TestQREExplicit covers a tree where every set is a last mover: the QRE
// is computed without tracing.
func TestQREExplicit(t *testing.T) {
	b := gametest.NewBuilder("Solo", "Other")
	s1, s2 := gametest.SetN(0, 3), gametest.SetN(1, 2)
	root := gametest.Move(gametest.ChanceSet("1/3", "2/3"),
		gametest.Move(s1, b.Leaf(1, 0), b.Leaf(0, 0), b.Leaf(2, 0)),
		gametest.Move(s2, b.Leaf(0, 1), b.Leaf(0, -1)))
	g := b.Done(t, root)
	q, err := NewQRE(g, 0)
	if err != nil {
		t.Fatal(err)
	}
	if q.sys.dim() != 0 {
		t.Fatalf("%d traced variables, want 0", q.sys.dim())
	}
	got, err := q.Solve(context.Background(), 1.5)
	if err != nil {
		t.Fatal(err)
	}
	z := math.Exp(1.5) + 1 + math.Exp(3)
	want := []float64{math.Exp(1.5) / z, 1 / z, math.Exp(3) / z, 1 / (1 + math.Exp(-3)), 1 / (1 + math.Exp(3))}
	for i, p := range got.Profile.Flat() {
		if math.Abs(p-want[i]) > 1e-14 {
			t.Errorf("action %d: %v, want %v", i, p, want[i])
		}
	}
}

// TestRelatedSets checks that the structural pattern of the value
// derivatives covers every nonzero one.
func TestRelatedSets(t *testing.T) {
	for name, g := range qreSystemGames(t) {
		tree, s, x := qreSystemAt(g, 0.2)
		s.expand(x)
		tree.derivatives()
		n := tree.nVars
		for a := 0; a < n; a++ {
			for b := 0; b < n; b++ {
				if tree.deriv[a*n+b] != 0 && !slices.Contains(s.related[s.setOf[a]], s.setOf[b]) {
					t.Errorf("%s: ∂v%d/∂y%d = %g outside the pattern", name, a, b, tree.deriv[a*n+b])
				}
			}
		}
	}
}

// TestQRESystemPerturbed checks the emulation of the tracer's perturbation
// of the full system's first equation: the first information set's
// probabilities sum to 1 − pert, and the traced equations are the full
// system's at that point.
func TestQRESystemPerturbed(t *testing.T) {
	for name, g := range qreSystemGames(t) {
		tree, s, x := qreSystemAt(g, 0.1)
		const pert = 1e-3
		h := make([]float64, s.dim())
		s.valuePerturbed(x, h, pert)
		y := append([]float64(nil), s.y...)
		sum := 0.0
		for j := 0; j < int(tree.setLen[0]); j++ {
			sum += math.Exp(y[j])
		}
		if math.Abs(sum-(1-pert)) > 1e-12 {
			t.Errorf("%s: the first set's probabilities sum to %v, want %v", name, sum, 1-pert)
		}
		full := make([]float64, tree.nVars)
		tree.value(y, full)
		for i, a := range s.free {
			if math.Abs(full[a]-h[i]) > 1e-12 {
				t.Errorf("%s: equation of variable %d: %v, the full system gives %v", name, a, h[i], full[a])
			}
		}
		if math.Abs(full[0]+pert) > 1e-12 {
			t.Errorf("%s: the full first equation is %v, want %v", name, full[0], -pert)
		}
		s.value(x, h) // back to the unperturbed system
		sum = 0
		for j := 0; j < int(tree.setLen[0]); j++ {
			sum += math.Exp(s.y[j])
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%s: value after valuePerturbed kept the perturbation (sum %v)", name, sum)
		}
	}
}
