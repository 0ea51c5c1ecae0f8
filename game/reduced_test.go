package game_test

import (
	"context"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// Helpers to build small trees by hand.

func set(player int, actions ...string) *game.Infoset {
	s := &game.Infoset{Player: player}
	for _, a := range actions {
		s.Actions = append(s.Actions, game.Action{Label: a})
	}
	return s
}

// chanceSet takes probabilities as strings ("1/3").
func chanceSet(probs ...string) *game.Infoset {
	s := &game.Infoset{Player: game.Chance}
	for _, p := range probs {
		r, ok := new(big.Rat).SetString(p)
		if !ok {
			panic(p)
		}
		s.Actions = append(s.Actions, game.Action{Label: p, Prob: r})
	}
	return s
}

func move(s *game.Infoset, kids ...*game.Node) *game.Node {
	return &game.Node{Infoset: s, Children: kids}
}

func outcome(pay ...string) *game.Outcome {
	o := &game.Outcome{}
	for _, p := range pay {
		r, ok := new(big.Rat).SetString(p)
		if !ok {
			panic(p)
		}
		o.Payoffs = append(o.Payoffs, r)
	}
	return o
}

func leaf(pay ...string) *game.Node { return &game.Node{Outcome: outcome(pay...)} }

func tree(t testing.TB, players int, root *game.Node) *game.Game {
	t.Helper()
	g := &game.Game{Root: root}
	for p := range players {
		g.Players = append(g.Players, string(rune('A'+p)))
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	return g
}

// seltenFig2 is Selten's (IJGT 1975) Figure 2 game, Gambit's
// catalog/journals/ijgt/selten1975/fig2.efg.
func seltenFig2(t testing.TB) *game.Game {
	p1a, p2, p1b := set(0, "R", "L"), set(1, "R", "L"), set(0, "r", "l")
	return tree(t, 2, move(p1a,
		leaf("1", "1"),
		move(p2, leaf("0", "2"), move(p1b, leaf("0", "3"), leaf("2", "0")))))
}

// sharing is the sharing game of Shoham and Leyton-Brown (2008), Fig. 5.1.
func sharing(t testing.TB) *game.Game {
	return tree(t, 2, move(set(0, "2-0", "1-1", "0-2"),
		move(set(1, "no", "yes"), leaf("0", "0"), leaf("2", "0")),
		move(set(1, "no", "yes"), leaf("0", "0"), leaf("1", "1")),
		move(set(1, "no", "yes"), leaf("0", "0"), leaf("0", "2"))))
}

// chanceInterior has a chance root with an outcome of its own and one
// information set of player A across both chance branches; B never moves.
func chanceInterior(t testing.TB) *game.Game {
	a := set(0, "a", "b")
	root := move(chanceSet("1/3", "2/3"),
		move(a, leaf("3", "0"), leaf("0", "3")),
		move(a, leaf("6", "6"), leaf("0", "0")))
	root.Outcome = outcome("1", "0")
	return tree(t, 2, root)
}

// otherFirst: B moves first, then A at a different set in each branch, so
// both of A's sets are reachable in every reduced strategy.
func otherFirst(t testing.TB) *game.Game {
	return tree(t, 2, move(set(1, "x", "y"),
		move(set(0, "a", "b"), leaf("1", "0"), leaf("2", "0")),
		move(set(0, "c", "d"), leaf("3", "0"), leaf("4", "1/2"))))
}

func TestReduce(t *testing.T) {
	tests := []struct {
		name    string
		game    func(testing.TB) *game.Game
		choices [][][]int
		cells   []string // payoff vectors, player 1 fastest
	}{{
		name:    "selten fig2",
		game:    seltenFig2,
		choices: [][][]int{{{0, -1}, {1, 0}, {1, 1}}, {{0}, {1}}},
		cells:   []string{"1,1", "0,2", "0,2", "1,1", "0,3", "2,0"},
	}, {
		name: "sharing",
		game: sharing,
		choices: [][][]int{{{0}, {1}, {2}}, {
			{0, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 1, 1},
			{1, 0, 0}, {1, 0, 1}, {1, 1, 0}, {1, 1, 1}}},
		// Gambit's convert-html table, transposed to player 1 fastest.
		cells: []string{
			"0,0", "0,0", "0,0", "0,0", "0,0", "0,2", "0,0", "1,1", "0,0", "0,0", "1,1", "0,2",
			"2,0", "0,0", "0,0", "2,0", "0,0", "0,2", "2,0", "1,1", "0,0", "2,0", "1,1", "0,2"},
	}, {
		name:    "chance and interior outcome",
		game:    chanceInterior,
		choices: [][][]int{{{0}, {1}}, {{}}},
		cells:   []string{"6,4", "1,1"},
	}, {
		name:    "other player first",
		game:    otherFirst,
		choices: [][][]int{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}, {{0}, {1}}},
		cells:   []string{"1,0", "1,0", "2,0", "2,0", "3,0", "4,1/2", "3,0", "4,1/2"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.game(t)
			r, err := g.Reduce(0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.Choices, tt.choices) {
				t.Errorf("choices = %v, want %v", r.Choices, tt.choices)
			}
			if err := r.Normal.Validate(); err != nil {
				t.Fatal(err)
			}
			for p, labels := range r.Normal.Strategies {
				for s, l := range labels {
					if want := string(rune('1' + s)); l != want {
						t.Errorf("player %d strategy %d label %q, want %q", p+1, s+1, l, want)
					}
				}
			}
			var got []string
			for idx := range r.Normal.Cells {
				var v []string
				for p := range r.Normal.Players {
					v = append(v, r.Normal.Payoff(idx, p).RatString())
				}
				got = append(got, strings.Join(v, ","))
			}
			if !reflect.DeepEqual(got, tt.cells) {
				t.Errorf("cells = %v, want %v", got, tt.cells)
			}
		})
	}
}

// TestReducePayoffsMatchTree checks every cell against Game.PayoffsRat.
func TestReducePayoffsMatchTree(t *testing.T) {
	for _, mk := range []func(testing.TB) *game.Game{seltenFig2, sharing, chanceInterior, otherFirst} {
		g := mk(t)
		r, err := g.Reduce(0)
		if err != nil {
			t.Fatal(err)
		}
		prof := make([]int, len(g.Players))
		for idx := range r.Normal.Cells {
			r.Normal.Profile(idx, prof)
			pure := make([][]int, len(prof))
			for p, s := range prof {
				pure[p] = r.Choices[p][s]
			}
			want := g.PayoffsRat(pure)
			for p := range want {
				if got := r.Normal.Payoff(idx, p); got.Cmp(want[p]) != 0 {
					t.Errorf("cell %d player %d: %s, want %s", idx, p+1, got.RatString(), want[p].RatString())
				}
			}
		}
	}
}

// binaryChain gives player A n binary information sets, each behind its own
// chance branch, so A has 2^n reduced strategies.
func binaryChain(t testing.TB, n int) *game.Game {
	var kids []*game.Node
	var probs []string
	for range n {
		kids = append(kids, move(set(0, "l", "r"), leaf("1", "0"), leaf("0", "1")))
		probs = append(probs, "1/"+string(rune('0'+n)))
	}
	return tree(t, 2, move(chanceSet(probs...), kids...))
}

func TestReduceTooLarge(t *testing.T) {
	g := binaryChain(t, 8)
	if _, err := g.Reduce(256); err != nil {
		t.Fatalf("256 profiles within a limit of 256: %v", err)
	}
	_, err := g.Reduce(255)
	if !errors.Is(err, game.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if !strings.Contains(err.Error(), "255") {
		t.Errorf("error %q does not name the limit", err)
	}
}

// TestReduceExactLimit checks that the counts made before generation (with
// perfect recall) and after it (without) agree with the strategies built.
func TestReduceExactLimit(t *testing.T) {
	forgetful := func(t testing.TB) *game.Game {
		second := set(0, "l", "r")
		return tree(t, 2, move(set(0, "U", "D"),
			move(second, leaf("3", "0"), leaf("0", "1")),
			move(set(1, "x", "y", "z"), move(second, leaf("0", "0"), leaf("2", "1")), leaf("1", "1"), leaf("0", "0"))))
	}
	for _, mk := range []func(testing.TB) *game.Game{seltenFig2, sharing, chanceInterior, otherFirst, forgetful} {
		g := mk(t)
		r, err := g.Reduce(0)
		if err != nil {
			t.Fatal(err)
		}
		n := r.Normal.NumProfiles()
		if _, err := g.Reduce(n); err != nil {
			t.Errorf("limit %d = number of profiles: %v", n, err)
		}
		if _, err := g.Reduce(n - 1); !errors.Is(err, game.ErrTooLarge) {
			t.Errorf("limit %d below %d profiles: err = %v", n-1, n, err)
		}
	}
}

func TestReduceCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := binaryChain(t, 4).ReduceContext(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestReduceHugePayoffs(t *testing.T) {
	big := "100000000000000000000" // 10^20 overflows int64
	g := tree(t, 2, move(chanceSet("1/2", "1/2"), leaf(big, "-"+big), leaf(big, "1/3")))
	r, err := g.Reduce(0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Normal.Payoff(0, 0).RatString(), big; got != want {
		t.Errorf("payoff 1 = %s, want %s", got, want)
	}
	if got, want := r.Normal.Payoff(0, 1).RatString(), "-299999999999999999999/6"; got != want {
		t.Errorf("payoff 2 = %s, want %s", got, want)
	}
}
