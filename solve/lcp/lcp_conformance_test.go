package lcp_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enummixed"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lcp"

	"github.com/tablero-project/tablero/gambit"
)

// Outcome kinds of the lcp conformance test besides the shared ones.
const (
	lcpExtreme = "same method, different set; every equilibrium verified extreme"
)

// TestGambitLCP compares LCP with gambit-lcp on every strategic game and
// with gambit-lcp -S on the reduced strategic form of every tree: each
// equilibrium must be exact and one of the game's extreme equilibria, and
// the set is compared with Gambit's (pivot rules may pick differently in
// degenerate games).
func TestGambitLCP(t *testing.T) {
	soltest.CheckStrategicRuns(t, "lcp", checkLCPRun)
}

// checkLCPRun compares one game with gambit-lcp's output.
func checkLCPRun(t *testing.T, r soltest.RefRun, tool string, f *gambit.File) (kind, note string) {
	n, err := soltest.ExactNormal(f, soltest.ExactMaxProfiles)
	switch {
	case err != nil && r.Status != "ok":
		return soltest.ExactRefused, ""
	case err != nil:
		return soltest.ExactMismatch, err.Error()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	eqs, err := lcp.LCP(ctx, n, lcp.LCPOptions{})
	switch {
	case err != nil && r.Status == "error":
		return soltest.ExactRefused, ""
	case err != nil && r.Status == "timeout" && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, solve.ErrBudget)):
		return soltest.ExactBothStopped, err.Error()
	case err != nil:
		return soltest.ExactMismatch, err.Error()
	}
	soltest.CheckMixedNash(t, r.Game+" ("+tool+")", n, eqs)
	ours := map[string]bool{}
	for _, e := range eqs {
		ours[soltest.MixedLine(e)] = true
	}
	if r.Status == "error" {
		if why, ok := soltest.GambitKnownWrong[r.Game]; ok {
			return soltest.ExactGambitWrong, fmt.Sprintf("%d equilibria; Gambit: %s", len(ours), why)
		}
		return soltest.ExactMismatch, "Gambit refused, we did not"
	}
	ref := soltest.ExactNE(t, r.ToolPath(tool, ".txt"))
	if soltest.SameSet(ours, ref) {
		return soltest.ExactMatched, ""
	}
	if r.Status == "timeout" {
		missing := 0
		for k := range ref {
			if !ours[k] {
				missing++
			}
		}
		if missing == 0 {
			return extendedLCP, fmt.Sprintf("%d equilibria, Gambit printed %d before it stopped", len(ours), len(ref))
		}
	}
	// A different set: every equilibrium must still be extreme.
	ectx, ecancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer ecancel()
	all, err := enummixed.EnumMixed(ectx, n, 0)
	if err != nil {
		return soltest.ExactMismatch, "enummixed for the extreme check: " + err.Error()
	}
	extreme := map[string]bool{}
	for _, e := range all.Equilibria {
		extreme[soltest.MixedLine(e)] = true
	}
	for k := range ours {
		if !extreme[k] {
			return soltest.ExactMismatch, "not an extreme equilibrium: " + k
		}
	}
	return lcpExtreme, soltest.SetDiff(ours, ref)
}

const extendedLCP = "finished where Gambit timed out, Gambit's lines included"
