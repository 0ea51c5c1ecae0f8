package logit

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve/internal/soltest"

	"github.com/tablero-project/tablero/game"
)

// benchLogit times Logit's default run (the end point, as gambit-logit -e).
func benchLogit(b *testing.B, g *game.Game) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Logit(context.Background(), g, LogitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchPeerLogit times Logit on a game of the Gambit reference set.
func benchPeerLogit(b *testing.B, file string) {
	path := filepath.Join(soltest.PeerDir, "games", file)
	if _, err := os.Stat(path); err != nil {
		b.Skip("../shared/peers/gambit not found: peer benchmarks need the shared reference data")
	}
	g, err := loadLogitPeer(logitPeer{file: filepath.Join("games", file)})
	if err != nil {
		b.Fatal(err)
	}
	benchLogit(b, g)
}

// gambit-logit -e takes 0.03, 25.1 (timed out at 20 s in the reference
// runs), 1.57 and 0.31 CPU seconds on these (gambit.md §7.1).
func BenchmarkLogitPoker(b *testing.B)    { benchPeerLogit(b, "doc/poker.efg") }
func BenchmarkLogitBayes2a(b *testing.B)  { benchPeerLogit(b, "contrib/games/bayes2a.efg") }
func BenchmarkLogitPalf2(b *testing.B)    { benchPeerLogit(b, "contrib/games/palf2.efg") }
func BenchmarkLogitMontyhal(b *testing.B) { benchPeerLogit(b, "contrib/games/montyhal.efg") }
func BenchmarkLogitTTT(b *testing.B)      { benchPeerLogit(b, "contrib/games/ttt.efg") }

// BenchmarkLogitSignalling times a synthetic signalling game: 12 sender
// types, 5 signals, 5 responses (85 actions, 373 nodes).
func BenchmarkLogitSignalling(b *testing.B) {
	benchLogit(b, syntheticSignalling(b, 12, 5, 5, 1))
}

// syntheticSignalling returns a signalling game with random payoffs:
// chance draws one of types sender types (uniformly), the sender sends one
// of signals signals, and the receiver, seeing the signal only, takes one
// of responses responses.
func syntheticSignalling(tb testing.TB, types, signals, responses int, seed uint64) *game.Game {
	rng := rand.New(rand.NewPCG(seed, 7))
	bld := gametest.NewBuilder("Sender", "Receiver")
	after := make([]*game.Infoset, signals)
	for s := range after {
		after[s] = gametest.SetN(1, responses)
	}
	probs := make([]string, types)
	for i := range probs {
		probs[i] = fmt.Sprintf("1/%d", types)
	}
	root := gametest.Move(gametest.ChanceSet(probs...))
	for range types {
		sender := gametest.Move(gametest.SetN(0, signals))
		for s := 0; s < signals; s++ {
			recv := gametest.Move(after[s])
			for range responses {
				recv.Children = append(recv.Children, bld.Leaf(float64(rng.IntN(10)), float64(rng.IntN(10))))
			}
			sender.Children = append(sender.Children, recv)
		}
		root.Children = append(root.Children, sender)
	}
	return bld.Done(tb, root)
}

// TestLogitSynthetic checks the synthetic benchmark game end to end.
func TestLogitSynthetic(t *testing.T) {
	g := syntheticSignalling(t, 4, 3, 3, 2)
	res, err := Logit(context.Background(), g, LogitOptions{Lambdas: logitLambdas})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Points {
		if r := aqreResidual(g, p.Profile, p.Lambda); r > 1e-10 {
			t.Errorf("λ=%g: residual %.3g", p.Lambda, r)
		}
	}
	tree, _ := newLogitTree(g)
	if r := qreNashRegret(g, res.End.Profile); r > 1e-8*tree.scale {
		t.Errorf("end point at λ=%g has regret %.3g", res.End.Lambda, r)
	}
}
