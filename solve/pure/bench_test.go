package pure_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/pure"

	"github.com/tablero-project/tablero/game"
)

func benchPureNash(b *testing.B, n *game.Normal) {
	b.ReportAllocs()
	var eqs [][]int
	var err error
	for b.Loop() {
		if eqs, err = pure.PureNash(context.Background(), n, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(eqs)), "equilibria")
}

func BenchmarkPureNashRandom200x200(b *testing.B) {
	benchPureNash(b, gametest.RandomNormal(rand.New(rand.NewPCG(1, 1)), []int{200, 200}, 100))
}

func BenchmarkPureNashRandom40x40x40(b *testing.B) {
	benchPureNash(b, gametest.RandomNormal(rand.New(rand.NewPCG(2, 1)), []int{40, 40, 40}, 100))
}

func BenchmarkPureNashPeer6x6With75Eq(b *testing.B) {
	benchPureNash(b, soltest.PeerGame(b, "games/catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg").Normal)
}

func benchPureNashTree(b *testing.B, g *game.Game) {
	b.ReportAllocs()
	var eqs []pure.PureBehavior
	var err error
	for b.Loop() {
		if eqs, err = pure.PureNashTree(context.Background(), g, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(eqs)), "equilibria")
}

// Gambit's enumpure: 7.41 s on montyhal, 1.52 s on palf2, 1.29 s on bayes2a.
func BenchmarkPureNashTreeMontyhal(b *testing.B) {
	benchPureNashTree(b, soltest.PeerGame(b, "games/contrib/games/montyhal.efg").Tree)
}

func BenchmarkPureNashTreePalf2(b *testing.B) {
	benchPureNashTree(b, soltest.PeerGame(b, "games/contrib/games/palf2.efg").Tree)
}

func BenchmarkPureNashTreeBayes2a(b *testing.B) {
	benchPureNashTree(b, soltest.PeerGame(b, "games/contrib/games/bayes2a.efg").Tree)
}

func BenchmarkPureNashTreeRandomPI(b *testing.B) {
	benchPureNashTree(b, gametest.RandomTree(b, rand.New(rand.NewPCG(3, 2)), gametest.TreeSpec{Players: 2, Depth: 5, Branch: 2, Span: 3}))
}

func benchAgent(b *testing.B, g *game.Game) {
	b.ReportAllocs()
	var eqs []pure.PureBehavior
	var err error
	for b.Loop() {
		if eqs, err = pure.AgentPureNash(context.Background(), g, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(eqs)), "equilibria")
}

// Gambit's enumpure -A: 8.33 s on montyhal, 2.75 s on e16, over 20 s on
// nim7 and palf2.
func BenchmarkAgentPureNashMontyhal(b *testing.B) {
	benchAgent(b, soltest.PeerGame(b, "games/contrib/games/montyhal.efg").Tree)
}

func BenchmarkAgentPureNashE16(b *testing.B) {
	benchAgent(b, soltest.PeerGame(b, "games/contrib/games/e16.efg").Tree)
}

func BenchmarkAgentPureNashNim7(b *testing.B) {
	benchAgent(b, soltest.PeerGame(b, "games/contrib/games/nim7.efg").Tree)
}

func BenchmarkAgentPureNashPalf2(b *testing.B) {
	benchAgent(b, soltest.PeerGame(b, "games/contrib/games/palf2.efg").Tree)
}

func BenchmarkAgentPureNashRandomPI(b *testing.B) {
	benchAgent(b, gametest.RandomTree(b, rand.New(rand.NewPCG(4, 2)), gametest.TreeSpec{Players: 2, Depth: 4, Branch: 2, Span: 3}))
}

func benchSPE(b *testing.B, g *game.Game, wantBudget bool) {
	b.ReportAllocs()
	var eqs []pure.PureBehavior
	var err error
	for b.Loop() {
		eqs, err = pure.SPE(context.Background(), g, 0)
		if wantBudget && errors.Is(err, solve.ErrBudget) {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(eqs)), "equilibria")
}

// BenchmarkSPETicTacToe measures backward induction and counting alone:
// ttt.efg has about 1.9e14 subgame-perfect equilibria, so listing them
// exceeds the budget.
func BenchmarkSPETicTacToe(b *testing.B) {
	benchSPE(b, soltest.PeerGame(b, "games/contrib/games/ttt.efg").Tree, true)
}

func BenchmarkSPENim7(b *testing.B) {
	benchSPE(b, soltest.PeerGame(b, "games/contrib/games/nim7.efg").Tree, false)
}

// 2^18 leaves, payoffs in 0..999999: few ties.
func BenchmarkSPERandomPIBinary(b *testing.B) {
	benchSPE(b, gametest.RandomTree(b, rand.New(rand.NewPCG(6, 2)), gametest.TreeSpec{Players: 2, Depth: 18, Branch: 2, Span: 1000000}), false)
}

// 3^11 leaves, three players.
func BenchmarkSPERandomPI3Players(b *testing.B) {
	benchSPE(b, gametest.RandomTree(b, rand.New(rand.NewPCG(5, 2)), gametest.TreeSpec{Players: 3, Depth: 11, Branch: 3, Span: 1000000}), false)
}

// 2^10 leaves, payoffs in 0..99: some ties, several equilibria.
func BenchmarkSPERandomPITies(b *testing.B) {
	benchSPE(b, gametest.RandomTree(b, rand.New(rand.NewPCG(7, 2)), gametest.TreeSpec{Players: 2, Depth: 10, Branch: 2, Span: 100}), false)
}
