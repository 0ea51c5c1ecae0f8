package soltest

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
	"github.com/tablero-project/tablero/solve/lp"
)

// Outcome kinds of the sequence-form conformance tests besides the
// shared ones.
const (
	SeqOther = "another equilibrium, verified"
)

type SeqMethod func(context.Context, *game.Game, int) (game.BehaviorRat, error)

func CheckSequenceMethod(t *testing.T, tool string, method SeqMethod) {
	var ty Tally
	for _, r := range PeerRuns(t, tool) {
		if r.Form != "efg" {
			continue
		}
		f := ReadPeer(t, r)
		kind, note := CheckSequenceRun(t, r, tool, f, method)
		ty.Add(kind, r.Game, note)
	}
	ty.Report(t, "sequence-form "+tool)
	if ty.Counts[ExactMismatch] > 0 {
		t.Errorf("%d mismatches with Gambit's %s", ty.Counts[ExactMismatch], tool)
	}
}

func CheckSequenceRun(t *testing.T, r RefRun, tool string, f *gambit.File, method SeqMethod) (kind, note string) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	start := time.Now()
	b, err := method(ctx, f.Tree, 0)
	elapsed := time.Since(start)
	if r.Status == "error" {
		if err == nil {
			return ExactMismatch, "Gambit refused, we did not: " + ReadErr(t, r.ToolPath(tool, ".err"))
		}
		if gambitErr := ReadErr(t, r.ToolPath(tool, ".err")); strings.Contains(gambitErr, "constant-sum") != errors.Is(err, lp.ErrNotConstantSum) {
			// Gambit tests constant sums before perfect recall.
			return ExactRefused, "Gambit: " + strings.TrimSpace(gambitErr) + "; ours: " + err.Error()
		}
		return ExactRefused, ""
	}
	if err != nil {
		return ExactMismatch, err.Error()
	}
	regret, err := solve.RegretBehaviorRat(f.Tree, b)
	if err != nil {
		t.Fatalf("%s: %v", r.Game, err)
	}
	if regret.Sign() != 0 {
		t.Errorf("%s (%s): %s has regret %s", r.Game, tool, gambit.FormatRats("NE", b.Flat()), regret.RatString())
		return ExactMismatch, "not an equilibrium"
	}
	CheckBehaviorSums(t, r.Game, b)
	line := gambit.FormatRats("NE", b.Flat())
	ref := ExactNE(t, r.ToolPath(tool, ".txt"))
	if ref[line] {
		return ExactMatched, SlowNote(elapsed)
	}
	return SeqOther, fmt.Sprintf("%s vs Gambit's %s", line, strings.Join(LineKeys(ref), " "))
}

// CheckBehaviorSums fails unless every information set's probabilities
// are nonnegative and sum to 1.
func CheckBehaviorSums(t *testing.T, what string, b game.BehaviorRat) {
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
