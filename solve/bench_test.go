package solve_test

import (
	"context"
	"errors"
	"math/big"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// peerGame reads a game of the shared reference data, skipping the
// benchmark when the data is absent.
func peerGame(b *testing.B, path string) *gambit.File {
	b.Helper()
	f, err := gambit.ReadFile(filepath.Join(peerDir, path))
	if err != nil {
		b.Skipf("shared reference game not available: %v", err)
	}
	return f
}

// randomNormal builds a strategic game with integer payoffs in 0..99.
func randomNormal(sizes []int, seed uint64) *game.Normal {
	rng := rand.New(rand.NewPCG(seed, 1))
	n := &game.Normal{}
	total := 1
	for p, k := range sizes {
		n.Players = append(n.Players, string(rune('1'+p)))
		n.Strategies = append(n.Strategies, make([]string, k))
		total *= k
	}
	for range total {
		o := &game.Outcome{}
		for range sizes {
			o.Payoffs = append(o.Payoffs, big.NewRat(rng.Int64N(100), 1))
		}
		n.Cells = append(n.Cells, o)
	}
	return n
}

// randomPITree builds a complete perfect-information tree of the given
// depth and branching; every fourth level is a chance move, and payoffs
// are integers in 0..payRange-1 (a small range makes ties frequent).
func randomPITree(b *testing.B, players, depth, branch int, payRange int64, seed uint64) *game.Game {
	rng := rand.New(rand.NewPCG(seed, 2))
	var build func(d int) *game.Node
	build = func(d int) *game.Node {
		if d == depth {
			o := &game.Outcome{}
			for range players {
				o.Payoffs = append(o.Payoffs, big.NewRat(rng.Int64N(payRange), 1))
			}
			return &game.Node{Outcome: o}
		}
		var s *game.Infoset
		if d%4 == 3 {
			s = &game.Infoset{Player: game.Chance}
			for range branch {
				s.Actions = append(s.Actions, game.Action{Prob: big.NewRat(1, int64(branch))})
			}
		} else {
			s = &game.Infoset{Player: d % players, Actions: make([]game.Action, branch)}
		}
		n := &game.Node{Infoset: s}
		for range branch {
			n.Children = append(n.Children, build(d+1))
		}
		return n
	}
	g := &game.Game{Root: build(0)}
	for p := range players {
		g.Players = append(g.Players, string(rune('1'+p)))
	}
	if err := g.Validate(); err != nil {
		b.Fatal(err)
	}
	return g
}

func benchPureNash(b *testing.B, n *game.Normal) {
	b.ReportAllocs()
	var eqs [][]int
	var err error
	for b.Loop() {
		if eqs, err = solve.PureNash(context.Background(), n, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(eqs)), "equilibria")
}

func BenchmarkPureNashRandom200x200(b *testing.B) {
	benchPureNash(b, randomNormal([]int{200, 200}, 1))
}

func BenchmarkPureNashRandom40x40x40(b *testing.B) {
	benchPureNash(b, randomNormal([]int{40, 40, 40}, 2))
}

func BenchmarkPureNashPeer6x6With75Eq(b *testing.B) {
	benchPureNash(b, peerGame(b, "games/catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg").Normal)
}

func benchPureNashTree(b *testing.B, g *game.Game) {
	b.ReportAllocs()
	var eqs []solve.PureBehavior
	var err error
	for b.Loop() {
		if eqs, err = solve.PureNashTree(context.Background(), g, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(eqs)), "equilibria")
}

// Gambit's enumpure: 7.41 s on montyhal, 1.52 s on palf2, 1.29 s on bayes2a.
func BenchmarkPureNashTreeMontyhal(b *testing.B) {
	benchPureNashTree(b, peerGame(b, "games/contrib/games/montyhal.efg").Tree)
}

func BenchmarkPureNashTreePalf2(b *testing.B) {
	benchPureNashTree(b, peerGame(b, "games/contrib/games/palf2.efg").Tree)
}

func BenchmarkPureNashTreeBayes2a(b *testing.B) {
	benchPureNashTree(b, peerGame(b, "games/contrib/games/bayes2a.efg").Tree)
}

func BenchmarkPureNashTreeRandomPI(b *testing.B) {
	benchPureNashTree(b, randomPITree(b, 2, 5, 2, 3, 3))
}

func benchAgent(b *testing.B, g *game.Game) {
	b.ReportAllocs()
	var eqs []solve.PureBehavior
	var err error
	for b.Loop() {
		if eqs, err = solve.AgentPureNash(context.Background(), g, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(eqs)), "equilibria")
}

// Gambit's enumpure -A: 8.33 s on montyhal, 2.75 s on e16, over 20 s on
// nim7 and palf2.
func BenchmarkAgentPureNashMontyhal(b *testing.B) {
	benchAgent(b, peerGame(b, "games/contrib/games/montyhal.efg").Tree)
}

func BenchmarkAgentPureNashE16(b *testing.B) {
	benchAgent(b, peerGame(b, "games/contrib/games/e16.efg").Tree)
}

func BenchmarkAgentPureNashNim7(b *testing.B) {
	benchAgent(b, peerGame(b, "games/contrib/games/nim7.efg").Tree)
}

func BenchmarkAgentPureNashPalf2(b *testing.B) {
	benchAgent(b, peerGame(b, "games/contrib/games/palf2.efg").Tree)
}

func BenchmarkAgentPureNashRandomPI(b *testing.B) {
	benchAgent(b, randomPITree(b, 2, 4, 2, 3, 4))
}

func benchSPE(b *testing.B, g *game.Game, wantBudget bool) {
	b.ReportAllocs()
	var eqs []solve.PureBehavior
	var err error
	for b.Loop() {
		eqs, err = solve.SPE(context.Background(), g, 0)
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
	benchSPE(b, peerGame(b, "games/contrib/games/ttt.efg").Tree, true)
}

func BenchmarkSPENim7(b *testing.B) {
	benchSPE(b, peerGame(b, "games/contrib/games/nim7.efg").Tree, false)
}

// 2^18 leaves, payoffs in 0..999999: few ties.
func BenchmarkSPERandomPIBinary(b *testing.B) {
	benchSPE(b, randomPITree(b, 2, 18, 2, 1000000, 6), false)
}

// 3^11 leaves, three players.
func BenchmarkSPERandomPI3Players(b *testing.B) {
	benchSPE(b, randomPITree(b, 3, 11, 3, 1000000, 5), false)
}

// 2^10 leaves, payoffs in 0..99: some ties, several equilibria.
func BenchmarkSPERandomPITies(b *testing.B) {
	benchSPE(b, randomPITree(b, 2, 10, 2, 100, 7), false)
}
