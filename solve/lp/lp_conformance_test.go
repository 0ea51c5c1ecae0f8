package lp_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lp"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

// Outcome kinds of the lp conformance tests besides the shared ones.
const (
	lpSameValue       = "same value, another equilibrium (verified)"
	lpTreeNotConstant = "Gambit refuses (tree outcomes not constant-sum), ours verified"
)

// TestGambitLP compares LP with gambit-lp on every strategic game and
// with gambit-lp -S on the reduced strategic form of every tree: the same
// games must be refused (not constant-sum, not two players, imperfect
// recall), and elsewhere our profile must be an exact equilibrium with
// Gambit's value; the profiles themselves are compared and counted.
func TestGambitLP(t *testing.T) {
	soltest.CheckStrategicRuns(t, "lp", checkLPRun)
}

func checkLPRun(t *testing.T, r soltest.RefRun, tool string, f *gambit.File) (kind, note string) {
	n, err := soltest.ExactNormal(f, soltest.ExactMaxProfiles)
	switch {
	case err != nil && r.Status != "ok":
		return soltest.ExactRefused, ""
	case err != nil:
		return soltest.ExactMismatch, err.Error()
	}
	eq, err := lp.LP(context.Background(), n, 0)
	if r.Status == "error" {
		if err == nil && tool == "lp-S" && strings.Contains(soltest.ReadErr(t, r.ToolPath(tool, ".err")), "constant-sum") {
			soltest.CheckMixedNash(t, r.Game+" ("+tool+")", n, []game.MixedRat{eq})
			return lpTreeNotConstant, "the reduced strategic form is constant-sum"
		}
		if err == nil {
			return soltest.ExactMismatch, "Gambit refused, we did not"
		}
		ref := soltest.ReadErr(t, r.ToolPath(tool, ".err"))
		if strings.Contains(ref, "constant-sum") != errors.Is(err, lp.ErrNotConstantSum) {
			return soltest.ExactMismatch, "refused for another reason: " + err.Error() + " / " + ref
		}
		return soltest.ExactRefused, ""
	}
	if err != nil {
		return soltest.ExactMismatch, err.Error()
	}
	soltest.CheckMixedNash(t, r.Game+" ("+tool+")", n, []game.MixedRat{eq})
	ref := soltest.ExactNE(t, r.ToolPath(tool, ".txt"))
	if ref[soltest.MixedLine(eq)] {
		return soltest.ExactMatched, ""
	}
	for line := range ref {
		theirs := soltest.ParseMixed(t, line, n)
		if v, w := soltest.PayoffRat(n, eq), soltest.PayoffRat(n, theirs); v.Cmp(w) != 0 {
			return soltest.ExactMismatch, "value " + v.RatString() + ", Gambit's " + w.RatString()
		}
	}
	return lpSameValue, soltest.MixedLine(eq) + " vs " + strings.Join(soltest.LineKeys(ref), " ")
}
