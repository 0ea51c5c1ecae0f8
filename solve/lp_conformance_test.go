package solve_test

import (
	"context"
	"errors"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
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
	checkStrategicRuns(t, "lp", checkLPRun)
}

func checkLPRun(t *testing.T, r exactRun, tool string, f *gambit.File) (kind, note string) {
	n, err := exactNormal(f, exactMaxProfiles)
	switch {
	case err != nil && r.status != "ok":
		return exactRefused, ""
	case err != nil:
		return exactMismatch, err.Error()
	}
	eq, err := solve.LP(context.Background(), n, 0)
	if r.status == "error" {
		if err == nil && tool == "lp-S" && strings.Contains(readErr(t, r.refPath(tool, ".err")), "constant-sum") {
			checkMixedNash(t, r.game+" ("+tool+")", n, []game.MixedRat{eq})
			return lpTreeNotConstant, "the reduced strategic form is constant-sum"
		}
		if err == nil {
			return exactMismatch, "Gambit refused, we did not"
		}
		ref := readErr(t, r.refPath(tool, ".err"))
		if strings.Contains(ref, "constant-sum") != errors.Is(err, solve.ErrNotConstantSum) {
			return exactMismatch, "refused for another reason: " + err.Error() + " / " + ref
		}
		return exactRefused, ""
	}
	if err != nil {
		return exactMismatch, err.Error()
	}
	checkMixedNash(t, r.game+" ("+tool+")", n, []game.MixedRat{eq})
	ref := exactNE(t, r.refPath(tool, ".txt"))
	if ref[mixedLine(eq)] {
		return exactMatched, ""
	}
	for line := range ref {
		theirs := parseMixed(t, line, n)
		if v, w := payoffRat(n, eq), payoffRat(n, theirs); v.Cmp(w) != 0 {
			return exactMismatch, "value " + v.RatString() + ", Gambit's " + w.RatString()
		}
	}
	return lpSameValue, mixedLine(eq) + " vs " + strings.Join(lineKeys(ref), " ")
}

// readErr returns the contents of a reference .err file, or "".
func readErr(t *testing.T, path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}

// parseMixed parses an NE line of n's mixed profile.
func parseMixed(t *testing.T, line string, n *game.Normal) game.MixedRat {
	fields := strings.Split(line, ",")[1:]
	m := make(game.MixedRat, len(n.Strategies))
	for p, s := range n.Strategies {
		for range s {
			v, ok := new(big.Rat).SetString(fields[0])
			if !ok {
				t.Fatalf("bad number in %q", line)
			}
			m[p] = append(m[p], v)
			fields = fields[1:]
		}
	}
	return m
}

// payoffRat returns player 1's exact expected payoff under m.
func payoffRat(n *game.Normal, m game.MixedRat) *big.Rat {
	vals := n.StrategyValuesRat(m, 0)
	sum := new(big.Rat)
	for k, v := range vals {
		sum.Add(sum, new(big.Rat).Mul(v, m[0][k]))
	}
	return sum
}

func lineKeys(s map[string]bool) []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	return out
}
