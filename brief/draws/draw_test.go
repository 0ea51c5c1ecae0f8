package draws

import (
	"context"
	"math"
	"testing"

	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve/logit"
)

// TestDrawerPrincipalBranch checks, over draws from the flagship's
// parameter distributions, that the fast solver of the Monte Carlo loop
// (long steps in reduced coordinates) lands on the principal branch that
// Logit follows with gambit-logit's short steps. The flagship's QRE is not
// unique at λ ≥ 1, so a solver that left the branch would show here.
func TestDrawerPrincipalBranch(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 30
	}
	m := scenariotest.Model(t, flagship)
	params, _, err := Params(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	design, err := NewDesign(params, Sampling{Draws: n, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, design.Dim())
	for k := 0; k < n; k++ {
		v := scenario.Values{}
		for i, name := range design.Names() {
			v[name] = design.Point(k, x)[i]
		}
		samePoint(t, m, v, logit.LogitOptions{})
	}
}

// TestDrawerSharpBends checks the fast solver at Sobol points of the
// flagship (parameter values in the scenario's order) where the principal
// branch bends sharply beside another branch, against Logit with steps
// much shorter than gambit-logit's.
func TestDrawerSharpBends(t *testing.T) {
	m := scenariotest.Model(t, flagship)
	params, _, err := Params(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	fine := logit.LogitOptions{Step: 0.0005, MaxAccel: 1.01}
	for _, x := range [][]float64{
		// Near λ = 1.94: long steps without a bound on the turn crossed to
		// a folding branch and cycled on it until the budget ran out.
		{0.4711353860088624, 0.9288703712327576, 0.5696700639220574, 5.179124603733905, 0.21596531727429266, 1.9072623416948127,
			0.4253969654038964, 0.8748544720994895, 4.806314726517789, 0.9726248562301856, 2.921235425508828, 0.4230962262172563,
			1.8243703521534431, -2.4168294414618954, 0.8249511740709712, 2.742879990502301},
		// An S-bend just below λ = 1.59 and a near-crossing near λ = 2.1:
		// with gambit-logit's steps Logit itself leaves the branch at both
		// (its answers differ from these by 0.41 and 0.017).
		{0.10025298528940962, 0.7594057755348839, 0.3779436646007493, 8.810320947545598, 0.42527986406972373, 1.1936583711502693,
			0.5221628447976714, 0.282255197174679, 4.370817848327979, 3.5262999384682536, 2.3064901537218767, 0.3773834801873307,
			1.9756616685936779, -2.165648563203079, 0.6695282442186722, 1.5892414593959052},
		{0.3379395859462089, 0.7929718636893806, 0.06206096249361996, 11.993109986159041, 0.3606146736689213, 1.439866772126496,
			0.36323409595722417, 0.5575215860648803, 4.7910135689752025, 2.155951781180677, 1.8734198906846338, 0.3129776835345527,
			1.6079930845021204, -2.541956032922894, 0.551355867388541, 2.117559412034405},
	} {
		if len(x) > len(params) || len(x) < len(params) && !IsMultiplier(params[len(x)].Name) {
			t.Fatalf("%d values for %d parameters", len(x), len(params))
		}
		v := scenario.Values{} // multipliers of literal numbers at 1
		for i, p := range params[:len(x)] {
			v[p.Name] = x[i]
		}
		samePoint(t, m, v, fine)
	}
}

// samePoint checks that logit.QRE and logit.Logit with options opt give
// the same QRE of m at v.
func samePoint(t *testing.T, m *scenario.Model, v scenario.Values, opt logit.LogitOptions) {
	t.Helper()
	ctx := context.Background()
	in, err := m.Game(v)
	if err != nil {
		t.Fatal(err)
	}
	nums, err := m.Numbers(v)
	if err != nil {
		t.Fatal(err)
	}
	q, err := logit.NewQRE(in.Game, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := q.Solve(ctx, nums.Lambda)
	if err != nil {
		t.Fatalf("%v: %v", v, err)
	}
	opt.Lambdas, opt.MaxLambda = []float64{nums.Lambda}, nums.Lambda
	ref, err := logit.Logit(ctx, in.Game, opt)
	if err != nil {
		t.Fatalf("%v: %v", v, err)
	}
	want := ref.Points[0].Profile.Flat()
	for i, p := range got.Profile.Flat() {
		if math.Abs(p-want[i]) > 1e-8 {
			t.Fatalf("%v: action %d: %v, want %v", v, i, p, want[i])
		}
	}
}

const (
	flagship = "../../scenarios/us-mexico-2025.yaml"
	coin     = "../../evidence/testdata/coin.yaml"
)
