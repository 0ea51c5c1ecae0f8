package solve_test

// Unit tests of the floating-point methods for strategic games on small
// games built here (no reference data needed).

import (
	"context"
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enumpoly"
	"github.com/tablero-project/tablero/solve/gnm"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/liap"
	"github.com/tablero-project/tablero/solve/logit"
	"github.com/tablero-project/tablero/solve/simpdiv"

	"github.com/tablero-project/tablero/game"
)

// fltNormal builds a strategic game from payoffs listed cell by cell
// (player 1's strategy fastest), each cell giving every player's payoff.
func fltNormal(t testing.TB, sizes []int, pay [][]float64) *game.Normal {
	t.Helper()
	return ratNormal(t, sizes, pay, game.Rat)
}

// ratNormal builds a strategic game from payoffs of any form, each turned
// into a rational by rat.
func ratNormal[T any](t testing.TB, sizes []int, pay [][]T, rat func(T) (*big.Rat, error)) *game.Normal {
	t.Helper()
	n := &game.Normal{}
	for p, k := range sizes {
		n.Players = append(n.Players, string(rune('A'+p)))
		n.Strategies = append(n.Strategies, make([]string, k))
	}
	for _, cell := range pay {
		o := &game.Outcome{}
		for _, v := range cell {
			r, err := rat(v)
			if err != nil {
				t.Fatal(err)
			}
			o.Payoffs = append(o.Payoffs, r)
		}
		n.Cells = append(n.Cells, o)
	}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	return n
}

// fltMatchingPennies has the unique equilibrium (1/2, 1/2) for both players.
func fltMatchingPennies(t testing.TB) *game.Normal {
	return fltNormal(t, []int{2, 2}, [][]float64{{1, -1}, {-1, 1}, {-1, 1}, {1, -1}})
}

// fltCheck fails unless every profile is an equilibrium to tol
// (relative to the payoff range 2 of the games here, or given).
func fltCheck(t *testing.T, n *game.Normal, eqs []game.Mixed, tol float64) {
	t.Helper()
	for _, e := range eqs {
		if r := solve.RegretMixed(n, e); r > tol {
			t.Errorf("profile %v has regret %.3g", e, r)
		}
	}
}

// fltNear reports whether m is within tol of want in every probability.
func fltNear(m game.Mixed, want [][]float64, tol float64) bool {
	for p := range want {
		for i := range want[p] {
			if math.Abs(m[p][i]-want[p][i]) > tol {
				return false
			}
		}
	}
	return true
}

func TestFloatMatchingPennies(t *testing.T) {
	n := fltMatchingPennies(t)
	ctx := context.Background()
	half := [][]float64{{0.5, 0.5}, {0.5, 0.5}}
	sd, err := simpdiv.SimpDiv(ctx, n, simpdiv.SimpDivOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r := solve.RegretMixedRat(n, sd[0]); r.Sign() != 0 || sd[0][0][0].Cmp(big.NewRat(1, 2)) != 0 {
		t.Errorf("simpdiv: %v (regret %s), want exactly 1/2 each", sd[0], r.RatString())
	}
	run := map[string]func() ([]game.Mixed, error){
		"gnm":      func() ([]game.Mixed, error) { return gnm.GNM(ctx, n, gnm.GNMOptions{}) },
		"ipa":      func() ([]game.Mixed, error) { return gnm.IPA(ctx, n, gnm.IPAOptions{}) },
		"liap":     func() ([]game.Mixed, error) { return liap.Liap(ctx, n, liap.LiapOptions{}) },
		"enumpoly": func() ([]game.Mixed, error) { return enumpoly.EnumPoly(ctx, n, enumpoly.EnumPolyOptions{}) },
	}
	for name, f := range run {
		eqs, err := f()
		if err != nil || len(eqs) != 1 || !fltNear(eqs[0], half, 1e-9) {
			t.Errorf("%s: %v, %v; want the mixed equilibrium", name, eqs, err)
		}
	}
	lg, err := logit.LogitNormal(ctx, n, logit.LogitOptions{})
	if err != nil || !fltNear(lg.End.Profile, half, 1e-9) {
		t.Errorf("logit: %v, %v", lg, err)
	}
}

// TestFloatThreePlayers checks every method on random 3- and 4-player
// games:
// everything reported is an equilibrium, and EnumPoly's list contains
// What the others find (the games are generic, so equilibria are
// isolated and EnumPoly finds them all).
func TestFloatThreePlayers(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(12) {
		sizes := [][]int{{3, 2, 3}, {2, 2, 2, 2}, {3, 3, 3}}[seed%3]
		n := gametest.RandomGeneric(rand.New(rand.NewPCG(seed, 3)), sizes)
		all, err := enumpoly.EnumPoly(ctx, n, enumpoly.EnumPolyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fltCheck(t, n, all, 1e-9)
		var others []game.Mixed
		opt := solve.FloatOptions{Starts: 5, Seed: seed}
		gnmEqs, err := gnm.GNM(ctx, n, gnm.GNMOptions{FloatOptions: opt})
		others = append(others, gnmEqs...)
		if err != nil {
			t.Errorf("seed %d: gnm: %v", seed, err)
		}
		ipaEqs, err := gnm.IPA(ctx, n, gnm.IPAOptions{FloatOptions: opt})
		others = append(others, ipaEqs...)
		if err != nil {
			t.Errorf("seed %d: ipa: %v", seed, err)
		}
		liapEqs, err := liap.Liap(ctx, n, liap.LiapOptions{FloatOptions: opt})
		others = append(others, liapEqs...)
		if err != nil {
			t.Errorf("seed %d: liap: %v", seed, err)
		}
		lg, err := logit.LogitNormal(ctx, n, logit.LogitOptions{})
		if err != nil {
			t.Errorf("seed %d: logit: %v", seed, err)
		} else {
			others = append(others, lg.End.Profile)
		}
		sd, err := simpdiv.SimpDiv(ctx, n, simpdiv.SimpDivOptions{})
		if err != nil {
			t.Errorf("seed %d: simpdiv: %v", seed, err)
		} else {
			others = append(others, sd[0].Float())
		}
		fltCheck(t, n, others, 1e-4*100)
		for _, e := range others {
			if !soltest.FltContains(all, soltest.FltFlat(e), 1e-4) {
				t.Errorf("seed %d: enumpoly misses %v", seed, e)
			}
		}
	}
}

// TestFloatLogitNormalMatchesTree checks that LogitNormal follows the
// branch that Logit follows on the game's tree form.
func TestFloatLogitNormalMatchesTree(t *testing.T) {
	n := gametest.RandomGeneric(rand.New(rand.NewPCG(7, 3)), []int{2, 3, 2})
	tree, err := n.Tree(1000)
	if err != nil {
		t.Fatal(err)
	}
	opt := logit.LogitOptions{Lambdas: []float64{0.1, 1, 10}}
	a, err := logit.LogitNormal(context.Background(), n, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := logit.Logit(context.Background(), tree, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range a.Points {
		if d := soltest.FltDist(soltest.FltFlat(p.Profile), b.Points[i].Profile.Flat()); d > 1e-9 {
			t.Errorf("λ=%g: differs from Logit on the tree by %.3g", p.Lambda, d)
		}
	}
	if d := soltest.FltDist(soltest.FltFlat(a.End.Profile), b.End.Profile.Flat()); d > 1e-9 || math.Abs(a.End.Lambda-b.End.Lambda) > 1e-9*b.End.Lambda {
		t.Errorf("end point at λ=%g differs from Logit's at λ=%g by %.3g", a.End.Lambda, b.End.Lambda, d)
	}
}

// TestFloatDeterministic checks that equal seeds give equal results.
func TestFloatDeterministic(t *testing.T) {
	n := gametest.RandomGeneric(rand.New(rand.NewPCG(11, 3)), []int{4, 4})
	opt := solve.FloatOptions{Starts: 4, Seed: 42}
	for name, f := range map[string]func() ([]game.Mixed, error){
		"gnm": func() ([]game.Mixed, error) {
			return gnm.GNM(context.Background(), n, gnm.GNMOptions{FloatOptions: opt})
		},
		"ipa": func() ([]game.Mixed, error) {
			return gnm.IPA(context.Background(), n, gnm.IPAOptions{FloatOptions: opt})
		},
		"liap": func() ([]game.Mixed, error) {
			return liap.Liap(context.Background(), n, liap.LiapOptions{FloatOptions: opt})
		},
	} {
		a, errA := f()
		b, errB := f()
		if errA != nil || errB != nil || len(a) != len(b) {
			t.Fatalf("%s: %v %v, %d vs %d equilibria", name, errA, errB, len(a), len(b))
		}
		for i := range a {
			if !fltNear(a[i], b[i], 0) {
				t.Errorf("%s: run differs: %v vs %v", name, a[i], b[i])
			}
		}
	}
}

// TestFloatErrors checks nil games, budgets, cancelled contexts and bad
// options.
func TestFloatErrors(t *testing.T) {
	n := gametest.RandomGeneric(rand.New(rand.NewPCG(5, 3)), []int{3, 3, 3})
	ctx := context.Background()
	tiny := solve.FloatOptions{Budget: 10}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	type method func(ctx context.Context, n *game.Normal, o solve.FloatOptions) error
	methods := map[string]method{
		"gnm": func(ctx context.Context, n *game.Normal, o solve.FloatOptions) error {
			_, err := gnm.GNM(ctx, n, gnm.GNMOptions{FloatOptions: o})
			return err
		},
		"ipa": func(ctx context.Context, n *game.Normal, o solve.FloatOptions) error {
			_, err := gnm.IPA(ctx, n, gnm.IPAOptions{FloatOptions: o})
			return err
		},
		"liap": func(ctx context.Context, n *game.Normal, o solve.FloatOptions) error {
			_, err := liap.Liap(ctx, n, liap.LiapOptions{FloatOptions: o})
			return err
		},
		"enumpoly": func(ctx context.Context, n *game.Normal, o solve.FloatOptions) error {
			_, err := enumpoly.EnumPoly(ctx, n, enumpoly.EnumPolyOptions{FloatOptions: o})
			return err
		},
		"simpdiv": func(ctx context.Context, n *game.Normal, o solve.FloatOptions) error {
			_, err := simpdiv.SimpDiv(ctx, n, simpdiv.SimpDivOptions{FloatOptions: o})
			return err
		},
		"logit": func(ctx context.Context, n *game.Normal, o solve.FloatOptions) error {
			_, err := logit.LogitNormal(ctx, n, logit.LogitOptions{Budget: o.Budget})
			return err
		},
	}
	for name, f := range methods {
		if err := f(ctx, nil, solve.FloatOptions{}); err == nil {
			t.Errorf("%s: nil game accepted", name)
		}
		if err := f(ctx, n, tiny); !errors.Is(err, solve.ErrBudget) {
			t.Errorf("%s: budget 10: got %v, want ErrBudget", name, err)
		}
		if err := f(cancelled, n, solve.FloatOptions{}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: cancelled context: got %v", name, err)
		}
	}
	if _, err := simpdiv.SimpDiv(ctx, n, simpdiv.SimpDivOptions{Grid: 1}); err == nil {
		t.Error("simpdiv: grid 1 accepted")
	}
	tie := game.Mixed{{0.5, 0.5, 0}, {1, 0, 0}, {1, 0, 0}}
	if _, err := gnm.GNM(ctx, n, gnm.GNMOptions{Perturbations: []game.Mixed{tie}}); err == nil {
		t.Error("gnm: perturbation with a tie accepted")
	}
}

// TestFloatDegenerate checks methods on a game where every profile is an
// equilibrium (all payoffs zero): whatever is reported must verify.
func TestFloatDegenerate(t *testing.T) {
	n := fltNormal(t, []int{2, 2}, [][]float64{{0, 0}, {0, 0}, {0, 0}, {0, 0}})
	ctx := context.Background()
	gnmEqs, err := gnm.GNM(ctx, n, gnm.GNMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fltCheck(t, n, gnmEqs, 0)
	all, err := enumpoly.EnumPoly(ctx, n, enumpoly.EnumPolyOptions{})
	if err != nil || len(all) != 4 {
		t.Errorf("enumpoly: %v, %v; want the 4 pure profiles", all, err)
	}
	fltCheck(t, n, all, 0)
}

// TestFloatSmallShapes checks one-player games and players with a single
// strategy.
func TestFloatSmallShapes(t *testing.T) {
	ctx := context.Background()
	games := map[string]*game.Normal{
		"one player":      fltNormal(t, []int{3}, [][]float64{{1}, {3}, {2}}),
		"single strategy": fltNormal(t, []int{1, 3}, [][]float64{{1, 0}, {2, 5}, {0, 4}}),
		"three by one":    fltNormal(t, []int{3, 1, 2}, [][]float64{{1, 0, 2}, {2, 5, 1}, {0, 4, 3}, {3, 1, 0}, {1, 1, 1}, {0, 2, 5}}),
	}
	for name, n := range games {
		sd, err := simpdiv.SimpDiv(ctx, n, simpdiv.SimpDivOptions{})
		if err != nil {
			t.Errorf("%s: simpdiv: %v", name, err)
		} else {
			fltCheck(t, n, []game.Mixed{sd[0].Float()}, 1e-9)
		}
		for method, f := range map[string]func() ([]game.Mixed, error){
			"gnm":      func() ([]game.Mixed, error) { return gnm.GNM(ctx, n, gnm.GNMOptions{}) },
			"ipa":      func() ([]game.Mixed, error) { return gnm.IPA(ctx, n, gnm.IPAOptions{}) },
			"liap":     func() ([]game.Mixed, error) { return liap.Liap(ctx, n, liap.LiapOptions{}) },
			"enumpoly": func() ([]game.Mixed, error) { return enumpoly.EnumPoly(ctx, n, enumpoly.EnumPolyOptions{}) },
		} {
			eqs, err := f()
			if err != nil || len(eqs) == 0 {
				t.Errorf("%s: %s: %v", name, method, err)
			}
			fltCheck(t, n, eqs, 1e-6)
		}
		lg, err := logit.LogitNormal(ctx, n, logit.LogitOptions{})
		if err != nil {
			t.Errorf("%s: logit: %v", name, err)
		} else {
			fltCheck(t, n, []game.Mixed{lg.End.Profile}, 1e-6)
		}
	}
}

// TestFloatOptions checks SimpDiv's random starts and EnumPoly's
// StopAfter.
func TestFloatOptions(t *testing.T) {
	ctx := context.Background()
	n := gametest.RandomGeneric(rand.New(rand.NewPCG(9, 3)), []int{3, 3})
	opt := simpdiv.SimpDivOptions{Denom: 4}
	opt.Starts, opt.Seed = 3, 2
	eqs, err := simpdiv.SimpDiv(ctx, n, opt)
	if err != nil || len(eqs) != 4 {
		t.Fatalf("simpdiv with 3 random starts: %d profiles, %v", len(eqs), err)
	}
	for _, e := range eqs {
		fltCheck(t, n, []game.Mixed{e.Float()}, 1e-7*100)
	}
	m := gametest.RandomGeneric(rand.New(rand.NewPCG(4, 3)), []int{2, 2, 2})
	all, err := enumpoly.EnumPoly(ctx, m, enumpoly.EnumPolyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	one, err := enumpoly.EnumPoly(ctx, m, enumpoly.EnumPolyOptions{StopAfter: 1})
	if err != nil || len(one) != 1 || !fltNear(one[0], all[0], 0) {
		t.Errorf("StopAfter 1: %v, %v; want the first of %d", one, err, len(all))
	}
}
