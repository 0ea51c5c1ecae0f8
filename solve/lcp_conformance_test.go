package solve_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/solve"
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
	checkStrategicRuns(t, "lcp", checkLCPRun)
}

// checkStrategicRuns checks an exact method of strategic games against
// Gambit's tool and its -S runs on trees (the trees' own runs belong to
// the sequence-form tests), and fails on any mismatch.
func checkStrategicRuns(t *testing.T, tool string, check func(*testing.T, exactRun, string, *gambit.File) (kind, note string)) {
	var ty tally
	for _, tl := range []string{tool, tool + "-S"} {
		for _, r := range exactRuns(t, tl) {
			if tl == tool && r.form == "efg" {
				continue
			}
			if testing.Short() && r.status == "timeout" {
				ty.add(exactSkipped, r.game, "")
				continue
			}
			f := readPeer(t, r)
			if f == nil {
				ty.add(exactUnreadable, r.game, "")
				continue
			}
			kind, note := check(t, r, tl, f)
			ty.add(tl+": "+kind, r.game, note)
		}
	}
	ty.report(t, tool)
	for k, n := range ty.counts {
		if strings.HasSuffix(k, exactMismatch) {
			t.Errorf("%d mismatches (%s)", n, k)
		}
	}
}

// checkLCPRun compares one game with gambit-lcp's output.
func checkLCPRun(t *testing.T, r exactRun, tool string, f *gambit.File) (kind, note string) {
	n, err := exactNormal(f, exactMaxProfiles)
	switch {
	case err != nil && r.status != "ok":
		return exactRefused, ""
	case err != nil:
		return exactMismatch, err.Error()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	eqs, err := solve.LCP(ctx, n, solve.LCPOptions{})
	switch {
	case err != nil && r.status == "error":
		return exactRefused, ""
	case err != nil && r.status == "timeout" && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, solve.ErrBudget)):
		return exactBothStopped, err.Error()
	case err != nil:
		return exactMismatch, err.Error()
	}
	checkMixedNash(t, r.game+" ("+tool+")", n, eqs)
	ours := map[string]bool{}
	for _, e := range eqs {
		ours[mixedLine(e)] = true
	}
	if r.status == "error" {
		if why, ok := gambitKnownWrong[r.game]; ok {
			return exactGambitWrong, fmt.Sprintf("%d equilibria; Gambit: %s", len(ours), why)
		}
		return exactMismatch, "Gambit refused, we did not"
	}
	ref := exactNE(t, r.refPath(tool, ".txt"))
	if sameSet(ours, ref) {
		return exactMatched, ""
	}
	if r.status == "timeout" {
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
	all, err := solve.EnumMixed(ectx, n, 0)
	if err != nil {
		return exactMismatch, "enummixed for the extreme check: " + err.Error()
	}
	extreme := map[string]bool{}
	for _, e := range all.Equilibria {
		extreme[mixedLine(e)] = true
	}
	for k := range ours {
		if !extreme[k] {
			return exactMismatch, "not an extreme equilibrium: " + k
		}
	}
	return lcpExtreme, setDiff(ours, ref)
}

const extendedLCP = "finished where Gambit timed out, Gambit's lines included"
