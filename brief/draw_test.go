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
		samePoint(t, m, v, solve.LogitOptions{})
	}
}

// TestDrawerSharpBends checks the fast solver at Sobol points of the
// flagship where the principal branch bends sharply beside another
// branch, against Logit with steps much shorter than gambit-logit's.
func TestDrawerSharpBends(t *testing.T) {
	m := model(t, flagship)
	fine := solve.LogitOptions{Step: 0.0005, MaxAccel: 1.01}
	// Near λ = 1.94: long steps without a bound on the turn crossed to a
	// folding branch and cycled on it until the budget ran out.
	samePoint(t, m, scenario.Values{"rho": 0.4711353860088624, "mx_nationalism": 0.9288703712327576,
		"mx_poll_help": 0.5696700639220574, "betaH": 5.179124603733905, "leak": 0.21596531727429266,
		"aUS": 1.9072623416948127, "kappa": 0.4253969654038964, "sP": 0.8748544720994895,
		"sJ": 4.806314726517789, "oM_scale": 0.9726248562301856, "gT": 2.921235425508828,
		"gL": 0.4230962262172563, "w_tough_H": 1.8243703521534431, "w_sov_T": -2.4168294414618954,
		"us_polarization": 0.8249511740709712, "qre_lambda": 2.742879990502301}, fine)
	// An S-bend just below λ = 1.59 and a near-crossing near λ = 2.1: with
	// gambit-logit's steps Logit itself leaves the branch at both (its
	// answers differ from these by 0.41 and 0.017).
	samePoint(t, m, scenario.Values{"rho": 0.10025298528940962, "mx_nationalism": 0.7594057755348839,
		"mx_poll_help": 0.3779436646007493, "betaH": 8.810320947545598, "leak": 0.42527986406972373,
		"aUS": 1.1936583711502693, "kappa": 0.5221628447976714, "sP": 0.282255197174679,
		"sJ": 4.370817848327979, "oM_scale": 3.5262999384682536, "gT": 2.3064901537218767,
		"gL": 0.3773834801873307, "w_tough_H": 1.9756616685936779, "w_sov_T": -2.165648563203079,
		"us_polarization": 0.6695282442186722, "qre_lambda": 1.5892414593959052}, fine)
	samePoint(t, m, scenario.Values{"rho": 0.3379395859462089, "mx_nationalism": 0.7929718636893806,
		"mx_poll_help": 0.06206096249361996, "betaH": 11.993109986159041, "leak": 0.3606146736689213,
		"aUS": 1.439866772126496, "kappa": 0.36323409595722417, "sP": 0.5575215860648803,
		"sJ": 4.7910135689752025, "oM_scale": 2.155951781180677, "gT": 1.8734198906846338,
		"gL": 0.3129776835345527, "w_tough_H": 1.6079930845021204, "w_sov_T": -2.541956032922894,
		"us_polarization": 0.551355867388541, "qre_lambda": 2.117559412034405}, fine)
}

// samePoint checks that solve.QRE and solve.Logit with options opt give
// the same QRE of m at v.
func samePoint(t *testing.T, m *scenario.Model, v scenario.Values, opt solve.LogitOptions) {
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
	opt.Lambdas, opt.MaxLambda = []float64{nums.Lambda}, nums.Lambda
	ref, err := solve.Logit(ctx, in.Game, opt)
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
