package logit

import (
	"context"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"

	"github.com/tablero-project/tablero/game"
)

// withNumbers returns a copy of g whose plays pay total[k] at terminal node
// k (outcomes moved to the leaves) and whose chance node k has probs[k].
func withNumbers(t *testing.T, g *game.Game, total map[int][]float64, probs map[int][]float64) *game.Game {
	t.Helper()
	c := g.Clone()
	for _, n := range c.Nodes {
		n.Outcome = nil
		if pay, ok := total[n.Index]; ok {
			o := &game.Outcome{Payoffs: make([]*big.Rat, len(pay))}
			for i, v := range pay {
				o.Payoffs[i], _ = game.Rat(v)
			}
			n.Outcome = o
		}
		if p, ok := probs[n.Index]; ok {
			sum := new(big.Rat)
			for j := range n.Infoset.Actions {
				r, _ := game.Rat(p[j])
				if j == len(p)-1 {
					r = new(big.Rat).Sub(big.NewRat(1, 1), sum)
				}
				n.Infoset.Actions[j].Prob = r
				sum.Add(sum, r)
			}
		}
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

// playTotals returns the payoff of every play of g.
func playTotals(g *game.Game) map[int][]float64 {
	out := map[int][]float64{}
	for _, n := range g.Nodes {
		if !n.IsTerminal() {
			continue
		}
		sum := make([]float64, len(g.Players))
		for m := n; m != nil; m = m.Parent {
			if m.Outcome != nil {
				for i, v := range m.Outcome.Payoffs {
					f, _ := v.Float64()
					sum[i] += f
				}
			}
		}
		out[n.Index] = sum
	}
	return out
}

func TestQREMatchesLogit(t *testing.T) {
	ctx := context.Background()
	for name, g := range map[string]*game.Game{"signalling": gametest.Signalling(t), "three players": gametest.ThreePlayers(t)} {
		q, err := NewQRE(g, 0)
		if err != nil {
			t.Fatal(err)
		}
		const lambda = 1.5
		rng := rand.New(rand.NewPCG(1, 2))
		for draw := 0; draw < 20; draw++ {
			total := playTotals(g)
			for k, pay := range total {
				for i := range pay {
					pay[i] *= 1 + 0.3*(2*rng.Float64()-1)
				}
				q.SetPlay(k, pay)
			}
			probs := map[int][]float64{}
			for _, n := range g.Nodes {
				if n.Player() == game.Chance {
					p := make([]float64, len(n.Children))
					rest := 1.0
					for j := range p[:len(p)-1] {
						p[j] = rest * rng.Float64() * 0.9
						rest -= p[j]
					}
					p[len(p)-1] = rest
					probs[n.Index] = p
					q.SetChance(n.Index, p)
				}
			}
			got, err := q.Solve(ctx, lambda)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := Logit(ctx, withNumbers(t, g, total, probs), LogitOptions{Lambdas: []float64{lambda}, MaxLambda: lambda})
			if err != nil {
				t.Fatal(err)
			}
			want := ref.Points[0].Profile.Flat()
			for i, p := range got.Profile.Flat() {
				if math.Abs(p-want[i]) > 1e-8 {
					t.Fatalf("%s draw %d: action %d: %v, want %v", name, draw, i, p, want[i])
				}
			}
		}
	}
}

func TestQREReach(t *testing.T) {
	g := gametest.Signalling(t)
	q, err := NewQRE(g, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := q.Clone().Solve(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := Logit(context.Background(), g, LogitOptions{Lambdas: []float64{2}, MaxLambda: 2})
	want := ref.Points[0].Profile.Flat()
	for i, p := range got.Profile.Flat() {
		if math.Abs(p-want[i]) > 1e-10 {
			t.Fatalf("action %d: %v, want %v", i, p, want[i])
		}
	}
	reach := g.Realization(got.Profile)
	only := make([]float64, len(g.Nodes))
	if err := q.SolveReach(context.Background(), 2, only); err != nil {
		t.Fatal(err)
	}
	for k := range reach {
		if math.Abs(reach[k]-got.Reach[k]) > 1e-12 {
			t.Fatalf("reach of node %d: %v, want %v", k, got.Reach[k], reach[k])
		}
		if only[k] != got.Reach[k] {
			t.Fatalf("SolveReach: reach of node %d: %v, Solve gives %v", k, only[k], got.Reach[k])
		}
	}
	if err := q.SolveReach(context.Background(), 2, only[1:]); err == nil {
		t.Error("SolveReach accepted a short slice")
	}
}

func TestQREBadLambda(t *testing.T) {
	q, err := NewQRE(gametest.Signalling(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, err := q.Solve(context.Background(), l); err == nil {
			t.Errorf("λ = %v accepted", l)
		}
	}
}
