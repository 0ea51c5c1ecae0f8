package enummixed_test

// Conformance of the exact two-player methods with Gambit: this file
// holds the helpers shared by the enummixed, lcp, lp and sequence-form
// conformance tests, and the enummixed test itself.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enummixed"
	"github.com/tablero-project/tablero/solve/internal/soltest"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

func TestGambitEnumMixed(t *testing.T) {
	runs := soltest.PeerRuns(t, "enummixed")
	var ty soltest.Tally
	for _, r := range runs {
		if testing.Short() && r.Status == "timeout" {
			ty.Add(soltest.ExactSkipped, r.Game, "")
			continue
		}
		f := soltest.ReadPeer(t, r)
		if f == nil {
			ty.Add(soltest.ExactUnreadable, r.Game, "")
			continue
		}
		kind, note := checkEnumMixedRun(t, r, f)
		ty.Add(kind, r.Game, note)
	}
	ty.Report(t, "enummixed")
	if ty.Counts[soltest.ExactMismatch] > 0 {
		t.Errorf("%d mismatches with Gambit's enummixed", ty.Counts[soltest.ExactMismatch])
	}
}

// checkEnumMixedRun compares one game with Gambit's enummixed -c output.
func checkEnumMixedRun(t *testing.T, r soltest.RefRun, f *gambit.File) (kind, note string) {
	players := 0
	if f.Normal != nil {
		players = len(f.Normal.Players)
	} else {
		players = len(f.Tree.Players)
	}
	n, err := soltest.ExactNormal(f, soltest.ExactMaxProfiles)
	switch {
	case errors.Is(err, game.ErrTooLarge) && r.Status != "ok":
		return soltest.ExactTooLarge, err.Error()
	case err != nil && r.Status == "error":
		return soltest.ExactRefused, ""
	case err != nil:
		return soltest.ExactMismatch, err.Error()
	}
	limit := 60 * time.Second
	bothStopped := r.Status == "timeout" && soltest.ExactStatus(t, r.Game, "lrsnash") != "ok"
	if bothStopped {
		limit = soltest.ExactStopLimit
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	start := time.Now()
	res, err := enummixed.EnumMixed(ctx, n, 0)
	elapsed := time.Since(start)
	switch {
	case err != nil && r.Status == "error" && players != 2:
		return soltest.ExactRefused, ""
	case err != nil && bothStopped && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, solve.ErrBudget)):
		return soltest.ExactBothStopped, fmt.Sprintf("%s: %v", sizeOf(n), err)
	case err != nil:
		return soltest.ExactMismatch, err.Error()
	}
	what := r.Game + " (enummixed)"
	soltest.CheckMixedNash(t, what, n, res.Equilibria)
	ours := map[string]bool{}
	for _, e := range res.Equilibria {
		ours[soltest.MixedLine(e)] = true
	}
	if len(ours) != len(res.Equilibria) {
		return soltest.ExactMismatch, "duplicate equilibria"
	}
	if why, ok := soltest.GambitKnownWrong[r.Game]; ok {
		return soltest.ExactGambitWrong, fmt.Sprintf("%d equilibria; %s", len(ours), why)
	}
	switch r.Status {
	case "ok":
		ref := soltest.ExactNE(t, r.ToolPath("enummixed", ".txt"))
		if !soltest.SameSet(ours, ref) {
			return soltest.ExactMismatch, soltest.SetDiff(ours, ref)
		}
		comps := map[string]bool{}
		for _, c := range res.Components {
			set := map[string]bool{}
			for _, i := range c {
				set[soltest.MixedLine(res.Equilibria[i])] = true
			}
			comps[soltest.JoinSet(set)] = true
		}
		if refComps := soltest.ExactConvex(t, r.ToolPath("enummixed", ".txt")); !soltest.SameSet(comps, refComps) {
			return soltest.ExactMismatch, fmt.Sprintf("components: %d ours, %d Gambit's", len(comps), len(refComps))
		}
		return soltest.ExactMatched, soltest.SlowNote(elapsed)
	case "timeout":
		if soltest.ExactStatus(t, r.Game, "lrsnash") == "ok" {
			ref := soltest.ExactLrsnash(t, r.ToolPath("lrsnash", ".txt"), len(n.Strategies[0]), len(n.Strategies[1]))
			if !soltest.SameSet(ours, ref) {
				return soltest.ExactMismatch, "lrsnash: " + soltest.SetDiff(ours, ref)
			}
			return soltest.ExactLrs, fmt.Sprintf("%d equilibria, %d components, %v", len(ours), len(res.Components), elapsed.Round(time.Millisecond))
		}
		return soltest.ExactVerified, fmt.Sprintf("%s: %d equilibria, %d components, %v", sizeOf(n), len(ours), len(res.Components), elapsed.Round(time.Millisecond))
	}
	return soltest.ExactMismatch, "Gambit refused, we did not"
}

func sizeOf(n *game.Normal) string {
	parts := make([]string, len(n.Strategies))
	for p, s := range n.Strategies {
		parts[p] = fmt.Sprint(len(s))
	}
	return strings.Join(parts, "×")
}
