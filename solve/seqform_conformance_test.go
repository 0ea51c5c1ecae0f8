package solve_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// Outcome kinds of the sequence-form conformance tests besides the
// shared ones.
const (
	seqOther = "another equilibrium, verified"
)

// TestGambitSequenceLCP compares SequenceLCP with gambit-lcp on every
// tree: the same games must be refused, every profile must be an exact
// Nash equilibrium (behaviour regret 0), and equal to Gambit's where the
// pivoting is the same; the matches are counted.
func TestGambitSequenceLCP(t *testing.T) {
	checkSequenceMethod(t, "lcp", solve.SequenceLCP)
}

// TestGambitSequenceLP is TestGambitSequenceLCP for SequenceLP and
// gambit-lp.
func TestGambitSequenceLP(t *testing.T) {
	checkSequenceMethod(t, "lp", solve.SequenceLP)
}

type seqMethod func(context.Context, *game.Game, int) (game.BehaviorRat, error)

func checkSequenceMethod(t *testing.T, tool string, method seqMethod) {
	var ty tally
	for _, r := range exactRuns(t, tool) {
		if r.form != "efg" {
			continue
		}
		f := readPeer(t, r)
		kind, note := checkSequenceRun(t, r, tool, f, method)
		ty.add(kind, r.game, note)
	}
	ty.report(t, "sequence-form "+tool)
	if ty.counts[exactMismatch] > 0 {
		t.Errorf("%d mismatches with Gambit's %s", ty.counts[exactMismatch], tool)
	}
}

func checkSequenceRun(t *testing.T, r exactRun, tool string, f *gambit.File, method seqMethod) (kind, note string) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	start := time.Now()
	b, err := method(ctx, f.Tree, 0)
	elapsed := time.Since(start)
	if r.status == "error" {
		if err == nil {
			return exactMismatch, "Gambit refused, we did not: " + readErr(t, r.refPath(tool, ".err"))
		}
		if gambitErr := readErr(t, r.refPath(tool, ".err")); strings.Contains(gambitErr, "constant-sum") != errors.Is(err, solve.ErrNotConstantSum) {
			// Gambit tests constant sums before perfect recall.
			return exactRefused, "Gambit: " + strings.TrimSpace(gambitErr) + "; ours: " + err.Error()
		}
		return exactRefused, ""
	}
	if err != nil {
		return exactMismatch, err.Error()
	}
	regret, err := solve.RegretBehaviorRat(f.Tree, b)
	if err != nil {
		t.Fatalf("%s: %v", r.game, err)
	}
	if regret.Sign() != 0 {
		t.Errorf("%s (%s): %s has regret %s", r.game, tool, gambit.FormatRats("NE", b.Flat()), regret.RatString())
		return exactMismatch, "not an equilibrium"
	}
	checkBehaviorSums(t, r.game, b)
	line := gambit.FormatRats("NE", b.Flat())
	ref := exactNE(t, r.refPath(tool, ".txt"))
	if ref[line] {
		return exactMatched, slowNote(elapsed)
	}
	return seqOther, fmt.Sprintf("%s vs Gambit's %s", line, strings.Join(lineKeys(ref), " "))
}

// checkBehaviorSums fails unless every information set's probabilities
// are nonnegative and sum to 1.
func checkBehaviorSums(t *testing.T, what string, b game.BehaviorRat) {
	for p, sets := range b {
		for h, probs := range sets {
			sum := 0.0
			for _, v := range probs {
				if v.Sign() < 0 {
					t.Fatalf("%s: negative probability at player %d's set %d", what, p+1, h+1)
				}
				f, _ := v.Float64()
				sum += f
			}
			if sum < 1-1e-12 || sum > 1+1e-12 {
				t.Fatalf("%s: player %d's set %d sums to %v", what, p+1, h+1, sum)
			}
		}
	}
}
