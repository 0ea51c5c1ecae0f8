package brief

import (
	"context"
	"math"
	"testing"

	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve"
)

// TestDrawerPrincipalBranch checks, over draws from the flagship's
// parameter distributions, that the fast solver of the Monte Carlo loop
// (long steps in reduced coordinates) lands on the principal branch that
// Logit follows with gambit-logit's short steps. The flagship's QRE is not
// unique at λ ≥ 1, so a solver that left the branch would show here.
func TestDrawerPrincipalBranch(t *testing.T) {
	draws := 150
	if testing.Short() {
		draws = 30
	}
	m := model(t, flagship)
	params, _, err := Params(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	design, err := NewDesign(params, Sampling{Draws: draws, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	x := make([]float64, design.Dim())
	for k := 0; k < draws; k++ {
		v := scenario.Values{}
		for i, name := range design.Names() {
			v[name] = design.Point(k, x)[i]
		}
		in, err := m.Game(v)
		if err != nil {
			t.Fatal(err)
		}
		nums, err := m.Numbers(v)
		if err != nil {
			t.Fatal(err)
		}
		q, err := solve.NewQRE(in.Game, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := q.Solve(ctx, nums.Lambda)
		if err != nil {
			t.Fatalf("draw %d: %v", k, err)
		}
		ref, err := solve.Logit(ctx, in.Game, solve.LogitOptions{Lambdas: []float64{nums.Lambda}, MaxLambda: nums.Lambda})
		if err != nil {
			t.Fatalf("draw %d: %v", k, err)
		}
		want := ref.Points[0].Profile.Flat()
		for i, p := range got.Profile.Flat() {
			if math.Abs(p-want[i]) > 1e-8 {
				t.Fatalf("draw %d (%v): action %d: %v, want %v", k, v, i, p, want[i])
			}
		}
	}
}
