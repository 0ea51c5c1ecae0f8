package estimate

import (
	"context"
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// TestFromGameMatchesEgame12: the same tree built as a game of the game
// package (as a scenario or a Gambit file would give it) fits exactly as the
// built-in egame12.
func TestFromGameMatchesEgame12(t *testing.T) {
	g := &game.Game{Title: "crisis", Players: []string{"1", "2"}, Root: &game.Node{
		Infoset: &game.Infoset{Player: 0, Actions: []game.Action{{Label: "back down"}, {Label: "escalate"}}},
		Children: []*game.Node{{}, {
			Infoset:  &game.Infoset{Player: 1, Actions: []game.Action{{Label: "concede"}, {Label: "fight"}}},
			Children: []*game.Node{{}, {}},
		}},
	}}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	tree, err := FromGame(g, []Utility{{0, 0}, {0, 1}, {0, 2}, {1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	d := fixture(t, "small.csv")
	spec := Spec{Formula: "esc + war ~ x | 0 | 1 | z"}
	a, err := Estimate(context.Background(), Spec{Model: "egame12", Formula: spec.Formula}, d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec.Tree = tree
	b, err := Estimate(context.Background(), spec, d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.LogLik != b.LogLik || len(a.Names) != len(b.Names) {
		t.Fatalf("logLik %v vs %v", a.LogLik, b.LogLik)
	}
	for j := range a.Estimate {
		if a.Estimate[j] != b.Estimate[j] || a.Names[j] != b.Names[j] {
			t.Errorf("%s %v vs %s %v", a.Names[j], a.Estimate[j], b.Names[j], b.Estimate[j])
		}
	}
	back, err := tree.Game()
	if err != nil || len(back.Outcomes) != 3 || back.Root.Children[1].Infoset.Actions[1].Label != "fight" {
		t.Errorf("Game() = %v, %v", back, err)
	}
}

// TestCustomTreeRecovery fits a tree none of games' functions offers: player
// 1 moves, then player 2, then player 1 again, with agent error, and
// recovers the utilities it was simulated from (player 1's at the first
// and last outcomes, player 2's at the second; the rest fixed at zero).
func TestCustomTreeRecovery(t *testing.T) {
	l := func() *sketch { return nil }
	tree := fromSketch("custom", []string{"1", "2"}, move(0, l(), move(1, l(), move(0, l(), l()))),
		[]Utility{{0, 0}, {0, 3}, {1, 1}})
	truth := []float64{0.2, 0.8, -0.3, 0.5, 0.4, -0.7}
	within, total := 0, 0
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 7))
		cols := map[string][]float64{}
		for range 1500 {
			x1, x2, x3 := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
			u := [][]float64{{truth[0] + truth[1]*x1, 0, 0, truth[2] + truth[3]*x3}, {0, truth[4] + truth[5]*x2, 0, 0}}
			y := tree.Simulate(rng, Probit, Agent, u, []float64{1, 1})
			cols["y"] = append(cols["y"], float64(y))
			cols["x1"] = append(cols["x1"], x1)
			cols["x2"] = append(cols["x2"], x2)
			cols["x3"] = append(cols["x3"], x3)
		}
		fit, err := Estimate(context.Background(), Spec{Tree: tree, Formula: "y ~ x1 | x3 | x2"}, dataOf("sim", cols, []string{"y", "x1", "x2", "x3"}), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for j, w := range truth {
			total++
			if math.Abs(fit.Estimate[j]-w) <= 2*fit.SE[j] {
				within++
			}
		}
	}
	if float64(within) < 0.9*float64(total) {
		t.Errorf("%d of %d within 2 SE", within, total)
	}
}

func TestFromGameRejects(t *testing.T) {
	three := &game.Game{Players: []string{"1"}, Root: &game.Node{
		Infoset:  &game.Infoset{Player: 0, Actions: []game.Action{{Label: "a"}, {Label: "b"}, {Label: "c"}}},
		Children: []*game.Node{{}, {}, {}},
	}}
	chance := &game.Game{Players: []string{"1"}, Root: &game.Node{
		Infoset:  &game.Infoset{Player: game.Chance, Actions: []game.Action{{Label: "a", Prob: ratHalf()}, {Label: "b", Prob: ratHalf()}}},
		Children: []*game.Node{{}, {}},
	}}
	for name, g := range map[string]*game.Game{"three actions": three, "chance": chance} {
		if err := g.Validate(); err != nil {
			t.Fatal(err)
		}
		if _, err := FromGame(g, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := FromGame(Egame12Game(t), []Utility{{5, 0}}); err == nil {
		t.Error("utility of an unknown player accepted")
	}
}

func Egame12Game(t *testing.T) *game.Game {
	g, err := Egame12().Game()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestCancel: a cancelled context stops a fit and a bootstrap.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := fixture(t, "small.csv")
	spec := Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | 1 | z"}
	for _, m := range []string{"bfgs", "newton", "vmmin"} {
		if _, err := Estimate(ctx, spec, d, Options{Method: m}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: error %v, want context.Canceled", m, err)
		}
	}
	fit, err := Estimate(context.Background(), spec, d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fit.Boot(ctx, 10, 1, 2); !errors.Is(err, context.Canceled) {
		t.Errorf("bootstrap: error %v, want context.Canceled", err)
	}
}

func ratHalf() *big.Rat { return big.NewRat(1, 2) }
