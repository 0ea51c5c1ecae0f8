package logit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"

	"github.com/tablero-project/tablero/game"
)

var logitLambdas = []float64{0.1, 0.5, 1, 2, 5, 10}

func qreLogistic(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func qreSoftmax(lambda float64, u ...float64) []float64 {
	out := make([]float64, len(u))
	sum := 0.0
	for i, v := range u {
		out[i] = math.Exp(lambda * v)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

func flatDiff(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// TestLogitClosedForm checks the QRE at fixed λ against closed forms.
func TestLogitClosedForm(t *testing.T) {
	tests := []struct {
		name string
		game func(testing.TB) *game.Game
		want func(lambda float64) []float64 // flat profile
	}{{
		name: "one-player decision",
		game: func(t testing.TB) *game.Game {
			b := gametest.NewBuilder("Solo")
			return b.Done(t, gametest.Move(gametest.SetN(0, 3), b.Leaf(1), b.Leaf(2), b.Leaf(0)))
		},
		want: func(l float64) []float64 { return qreSoftmax(l, 1, 2, 0) },
	}, {
		name: "decision under risk",
		game: func(t testing.TB) *game.Game {
			// The player does not see chance's draw: values are expectations.
			b := gametest.NewBuilder("Solo")
			s := gametest.SetN(0, 2)
			return b.Done(t, gametest.Move(gametest.ChanceSet("1/3", "2/3"),
				gametest.Move(s, b.Leaf(3), b.Leaf(0)),
				gametest.Move(s, b.Leaf(0), b.Leaf(1))))
		},
		want: func(l float64) []float64 { return qreSoftmax(l, 1, 2.0/3) },
	}, {
		name: "perfect information",
		game: func(t testing.TB) *game.Game {
			// Player 2 observes player 1; player 1 anticipates 2's QRE.
			b := gametest.NewBuilder("First", "Second")
			return b.Done(t, gametest.Move(gametest.SetN(0, 2),
				gametest.Move(gametest.SetN(1, 2), b.Leaf(0, 1), b.Leaf(2, 0)),
				b.Leaf(1, 1)))
		},
		want: func(l float64) []float64 {
			q := qreSoftmax(l, 1, 0)
			p := qreSoftmax(l, 2*q[1], 1)
			return append(p, q...)
		},
	}, {
		name: "2x2 with dominant row",
		game: func(t testing.TB) *game.Game {
			return gametest.BimatrixTree(t, [2][2]float64{{3, 1}, {2, 0}}, [2][2]float64{{1, 0}, {0, 2}})
		},
		want: func(l float64) []float64 {
			p := qreLogistic(l)
			q := qreLogistic(l * (p - 2*(1-p)))
			return []float64{p, 1 - p, q, 1 - q}
		},
	}, {
		name: "matching pennies",
		game: func(t testing.TB) *game.Game {
			return gametest.BimatrixTree(t, [2][2]float64{{1, -1}, {-1, 1}}, [2][2]float64{{-1, 1}, {1, -1}})
		},
		want: func(float64) []float64 { return []float64{0.5, 0.5, 0.5, 0.5} },
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.game(t)
			res, err := Logit(context.Background(), g, LogitOptions{Lambdas: logitLambdas})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Points) != len(logitLambdas) {
				t.Fatalf("got %d points, want %d", len(res.Points), len(logitLambdas))
			}
			for i, p := range res.Points {
				if p.Lambda != logitLambdas[i] {
					t.Errorf("point %d at λ=%g, want %g", i, p.Lambda, logitLambdas[i])
				}
				if d := flatDiff(p.Profile.Flat(), tc.want(p.Lambda)); d > 1e-10 {
					t.Errorf("λ=%g: got %v, want %v (diff %.2g)", p.Lambda, p.Profile.Flat(), tc.want(p.Lambda), d)
				}
			}
		})
	}
}

// TestLogitFixedPoint checks, with an independent computation of
// conditional action values, that reported points are agent QRE, and that
// the end point is an approximate Nash equilibrium.
func TestLogitFixedPoint(t *testing.T) {
	for name, build := range map[string]func(testing.TB) *game.Game{
		"poker":      gametest.Poker,
		"signalling": gametest.Signalling,
		"3 players":  gametest.ThreePlayers,
	} {
		t.Run(name, func(t *testing.T) {
			g := build(t)
			res, err := Logit(context.Background(), g, LogitOptions{Lambdas: logitLambdas, Path: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range res.Points {
				if r := aqreResidual(g, p.Profile, p.Lambda); r > 1e-10 {
					t.Errorf("λ=%g: residual %.3g", p.Lambda, r)
				}
			}
			for _, p := range res.Path {
				if r := aqreResidual(g, p.Profile, p.Lambda); r > 1e-4 {
					t.Errorf("path point λ=%g: residual %.3g", p.Lambda, r)
				}
			}
			tree, err := newLogitTree(g)
			if err != nil {
				t.Fatal(err)
			}
			scale := tree.scale
			if r := qreNashRegret(g, res.End.Profile); r > 1e-8*scale {
				t.Errorf("end point at λ=%g has regret %.3g", res.End.Lambda, r)
			}
			if d := flatDiff(res.Path[len(res.Path)-1].Profile.Flat(), res.End.Profile.Flat()); d != 0 {
				t.Errorf("end point differs from the last path point by %g", d)
			}
		})
	}
}

// TestLogitPoker compares with gambit-logit's output on doc/poker.efg.
func TestLogitPoker(t *testing.T) {
	g := gametest.Poker(t)
	res, err := Logit(context.Background(), g, LogitOptions{Lambdas: []float64{0.1, 5}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{
		{0.562731854, 0.437268146, 0.5108058517, 0.4891941483, 0.5225662066, 0.4774337934},
		{0.9999985674, 1.432616972e-06, 0.4090198096, 0.5909801904, 0.6912012606, 0.3087987394},
	}
	for i, p := range res.Points {
		if d := flatDiff(p.Profile.Flat(), want[i]); d > 1e-9 {
			t.Errorf("λ=%g: got %v, want %v", p.Lambda, p.Profile.Flat(), want[i])
		}
	}
	ne := []float64{1, 0, 0.3333333865, 0.6666666135, 0.6666667065, 0.3333332935}
	if d := flatDiff(res.End.Profile.Flat(), ne); d > 1e-6 {
		t.Errorf("end point %v, want %v", res.End.Profile.Flat(), ne)
	}
}

func TestLogitUniformAtZero(t *testing.T) {
	for name, build := range map[string]func(testing.TB) *game.Game{
		"poker": gametest.Poker, "signalling": gametest.Signalling, "3 players": gametest.ThreePlayers,
	} {
		g := build(t)
		res, err := Logit(context.Background(), g, LogitOptions{Lambdas: []float64{0, 0, 1}, Path: true})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := g.UniformBehavior().Flat()
		for _, p := range []LogitPoint{res.Points[0], res.Points[1], res.Path[0]} {
			if p.Lambda != 0 || flatDiff(p.Profile.Flat(), want) > 1e-15 {
				t.Errorf("%s: λ=%g profile %v, want uniform", name, p.Lambda, p.Profile.Flat())
			}
		}
	}
}

// TestLogitPath checks that the path starts at λ=0 and λ increases.
func TestLogitPath(t *testing.T) {
	g := gametest.Signalling(t)
	res, err := Logit(context.Background(), g, LogitOptions{Path: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Path) < 10 {
		t.Fatalf("path has %d points", len(res.Path))
	}
	for i := 1; i < len(res.Path); i++ {
		if res.Path[i].Lambda <= res.Path[i-1].Lambda {
			t.Fatalf("λ decreases at point %d: %g after %g", i, res.Path[i].Lambda, res.Path[i-1].Lambda)
		}
	}
	if res.End.Lambda != res.Path[len(res.Path)-1].Lambda {
		t.Errorf("end at λ=%g, last path point at %g", res.End.Lambda, res.Path[len(res.Path)-1].Lambda)
	}
}

// TestLogitMaxLambda checks that the end point is the QRE at MaxLambda
// when the tolerance is not met before.
func TestLogitMaxLambda(t *testing.T) {
	g := gametest.Poker(t)
	res, err := Logit(context.Background(), g, LogitOptions{MaxLambda: 3, Lambdas: []float64{7}})
	if err != nil {
		t.Fatal(err)
	}
	if res.End.Lambda != 3 {
		t.Fatalf("end at λ=%g, want 3", res.End.Lambda)
	}
	if r := aqreResidual(g, res.End.Profile, 3); r > 1e-10 {
		t.Errorf("end point residual %.3g", r)
	}
	if len(res.Points) != 1 || res.Points[0].Lambda != 7 {
		t.Errorf("points %v, want one at λ=7", res.Points)
	}
}

// TestLogitEndIndependentOfLambdas checks that requesting fixed-λ points
// does not move the end point.
func TestLogitEndIndependentOfLambdas(t *testing.T) {
	g := gametest.ThreePlayers(t)
	a, err := Logit(context.Background(), g, LogitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Logit(context.Background(), g, LogitOptions{Lambdas: logitLambdas})
	if err != nil {
		t.Fatal(err)
	}
	if a.End.Lambda != b.End.Lambda || flatDiff(a.End.Profile.Flat(), b.End.Profile.Flat()) != 0 {
		t.Errorf("end points differ: λ=%g %v and λ=%g %v", a.End.Lambda, a.End.Profile.Flat(), b.End.Lambda, b.End.Profile.Flat())
	}
}

// TestLogitZeroProbabilityChance checks the information set reached only
// through a zero-probability chance action: uniform beliefs, so its
// player's choice is the logit response to its (single) member's values.
func TestLogitZeroProbabilityChance(t *testing.T) {
	g := gametest.ThreePlayers(t)
	res, err := Logit(context.Background(), g, LogitOptions{Lambdas: []float64{2}})
	if err != nil {
		t.Fatal(err)
	}
	c2 := g.Infosets[2][1]
	if len(c2.Members) != 1 {
		t.Fatalf("test game changed: C's second set has %d members", len(c2.Members))
	}
	got := res.Points[0].Profile[2][1]
	if d := flatDiff(got, qreSoftmax(2, 0, 5)); d > 1e-12 {
		t.Errorf("unreached set plays %v, want %v", got, qreSoftmax(2, 0, 5))
	}
}

func TestLogitErrors(t *testing.T) {
	g := gametest.Poker(t)
	bad := []LogitOptions{
		{Lambdas: []float64{1, 0.5}},
		{Lambdas: []float64{-1}},
		{Lambdas: []float64{math.NaN()}},
		{Step: -1},
		{MaxAccel: 0.9},
		{Tol: -1},
		{MaxLambda: -1},
	}
	for _, opt := range bad {
		if _, err := Logit(context.Background(), g, opt); err == nil {
			t.Errorf("options %+v: no error", opt)
		}
	}
	if _, err := Logit(context.Background(), nil, LogitOptions{}); err == nil {
		t.Error("nil game: no error")
	}
}

// TestLogitImperfectRecall checks that a forgetful player is refused.
func TestLogitImperfectRecall(t *testing.T) {
	b := gametest.NewBuilder("Forgetful")
	first, second := gametest.SetN(0, 2), gametest.SetN(0, 2)
	g := b.Done(t, gametest.Move(first, gametest.Move(second, b.Leaf(1), b.Leaf(0)), gametest.Move(second, b.Leaf(0), b.Leaf(1))))
	_, err := Logit(context.Background(), g, LogitOptions{})
	if err == nil || !strings.Contains(err.Error(), "imperfect recall") {
		t.Fatalf("got %v, want an imperfect-recall error", err)
	}
}

func TestLogitCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Logit(ctx, gametest.Poker(t), LogitOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestLogitBudget(t *testing.T) {
	g := gametest.Poker(t)
	// 11 nodes and 6 actions: 47 per Jacobian. 2000 does not cover the
	// 100 Jacobians required to start; 5000 runs out during the trace.
	for _, b := range []int{2000, 5000} {
		_, err := Logit(context.Background(), g, LogitOptions{Budget: b})
		if !errors.Is(err, solve.ErrBudget) {
			t.Errorf("budget %d: got %v, want ErrBudget", b, err)
		}
	}
	if _, err := Logit(context.Background(), g, LogitOptions{Budget: 1_000_000}); err != nil {
		t.Errorf("budget 10^6: %v", err)
	}
}

// TestLogitNoMoves checks a game in which no player moves.
func TestLogitNoMoves(t *testing.T) {
	b := gametest.NewBuilder("Idle")
	g := b.Done(t, gametest.Move(gametest.ChanceSet("1/2", "1/2"), b.Leaf(1), b.Leaf(0)))
	res, err := Logit(context.Background(), g, LogitOptions{Lambdas: []float64{1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 1 || len(res.End.Profile) != 1 || len(res.End.Profile[0]) != 0 {
		t.Errorf("got %+v", res)
	}
}

// TestLogitJacobian compares the analytic Jacobian with central
// differences at random (off-branch) points.
func TestLogitJacobian(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for name, build := range map[string]func(testing.TB) *game.Game{
		"poker": gametest.Poker, "signalling": gametest.Signalling, "3 players": gametest.ThreePlayers,
	} {
		tree, err := newLogitTree(build(t))
		if err != nil {
			t.Fatal(err)
		}
		n := tree.nVars
		x := make([]float64, n+1)
		for k := range x {
			x[k] = -2 * rng.Float64()
		}
		x[n] = 3 * rng.Float64()
		jac := make([]float64, n*(n+1))
		tree.jacobian(x, jac)
		hp, hm := make([]float64, n), make([]float64, n)
		const eps = 1e-6
		for c := 0; c <= n; c++ {
			xc := x[c]
			x[c] = xc + eps
			tree.value(x, hp)
			x[c] = xc - eps
			tree.value(x, hm)
			x[c] = xc
			for r := 0; r < n; r++ {
				fd := (hp[r] - hm[r]) / (2 * eps)
				if d := math.Abs(fd - jac[r*(n+1)+c]); d > 1e-7*(1+math.Abs(fd)) {
					t.Errorf("%s: ∂H%d/∂x%d = %g, finite difference %g", name, r, c, jac[r*(n+1)+c], fd)
				}
			}
		}
	}
}

func ExampleLogit() {
	// Myerson's one-card poker: chance deals Alice a king or a queen; she
	// raises or folds; Bob, not seeing the card, meets or passes.
	pay := func(a, b int64) *game.Outcome {
		return &game.Outcome{Payoffs: []*big.Rat{big.NewRat(a, 1), big.NewRat(b, 1)}}
	}
	leaf := func(o *game.Outcome) *game.Node { return &game.Node{Outcome: o} }
	actions := func(labels ...string) []game.Action {
		var as []game.Action
		for _, l := range labels {
			as = append(as, game.Action{Label: l})
		}
		return as
	}
	king := &game.Infoset{Player: 0, Actions: actions("Raise", "Fold")}
	queen := &game.Infoset{Player: 0, Actions: actions("Raise", "Fold")}
	bob := &game.Infoset{Player: 1, Actions: actions("Meet", "Pass")}
	deal := &game.Infoset{Player: game.Chance, Actions: []game.Action{
		{Label: "King", Prob: big.NewRat(1, 2)}, {Label: "Queen", Prob: big.NewRat(1, 2)}}}
	g := &game.Game{Players: []string{"Alice", "Bob"}, Root: &game.Node{Infoset: deal, Children: []*game.Node{
		{Infoset: king, Children: []*game.Node{
			{Infoset: bob, Children: []*game.Node{leaf(pay(2, -2)), leaf(pay(1, -1))}}, leaf(pay(-1, 1))}},
		{Infoset: queen, Children: []*game.Node{
			{Infoset: bob, Children: []*game.Node{leaf(pay(-2, 2)), leaf(pay(1, -1))}}, leaf(pay(-1, 1))}},
	}}}
	if err := g.Validate(); err != nil {
		fmt.Println(err)
		return
	}

	res, err := Logit(context.Background(), g, LogitOptions{Lambdas: []float64{1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The QRE at λ = 1, and the end of the branch, which approximates the
	// equilibrium: Alice always raises a king and bluffs a third of the
	// time with a queen; Bob meets two thirds of the time.
	for _, p := range []LogitPoint{res.Points[0], res.End} {
		fmt.Printf("king %.4f  queen %.4f  meet %.4f\n", p.Profile[0][0][0], p.Profile[0][1][0], p.Profile[1][0][0])
	}
	// Output:
	// king 0.9318  queen 0.5391  meet 0.6144
	// king 1.0000  queen 0.3333  meet 0.6667
}
