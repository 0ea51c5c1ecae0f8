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
	x := make([]float64, design.Dim())
	for k := 0; k < draws; k++ {
		v := scenario.Values{}
		for i, name := range design.Names() {
			v[name] = design.Point(k, x)[i]
		}
		samePoint(t, m, v)
	}
	// A Sobol point where the principal branch bends sharply near
	// λ = 1.94 beside a folding branch: long steps crossed to that branch
	// and cycled on it until the budget ran out.
	samePoint(t, m, scenario.Values{"rho": 0.4711353860088624, "mx_nationalism": 0.9288703712327576,
		"mx_poll_help": 0.5696700639220574, "betaH": 5.179124603733905, "leak": 0.21596531727429266,
		"aUS": 1.9072623416948127, "kappa": 0.4253969654038964, "sP": 0.8748544720994895,
		"sJ": 4.806314726517789, "oM_scale": 0.9726248562301856, "gT": 2.921235425508828,
		"gL": 0.4230962262172563, "w_tough_H": 1.8243703521534431, "w_sov_T": -2.4168294414618954,
		"us_polarization": 0.8249511740709712, "qre_lambda": 2.742879990502301})
}

// samePoint checks that solve.QRE and solve.Logit give the same QRE of m at
// v.
func samePoint(t *testing.T, m *scenario.Model, v scenario.Values) {
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
	q, err := solve.NewQRE(in.Game, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := q.Solve(ctx, nums.Lambda)
	if err != nil {
		t.Fatalf("%v: %v", v, err)
	}
	ref, err := solve.Logit(ctx, in.Game, solve.LogitOptions{Lambdas: []float64{nums.Lambda}, MaxLambda: nums.Lambda})
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
