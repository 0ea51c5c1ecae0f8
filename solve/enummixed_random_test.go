package solve_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/internal/peertest"
	"github.com/tablero-project/tablero/solve"
)

// randomRef returns the path of a reference output on a random game, or
// "" if there is none.
func randomRef(game, tool string) string {
	p := filepath.Join(peerDir, "random", "reference", game+".nfg."+tool+".txt")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// randomStatus returns the status of tool on a random game in
// random/timings.csv.
func randomStatus(t *testing.T, game, tool string) string {
	data, err := os.ReadFile(peertest.Need(t, filepath.Join(peerDir, "random", "timings.csv")))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ",")
		if len(f) > 4 && f[0] == game+".nfg" && f[2] == tool {
			return f[4]
		}
	}
	return ""
}

// randomGames are Gambit's random two-player games. The 30×30 ones are
// beyond vertex enumeration (LCP alone finds over a thousand equilibria),
// and rand_20x20_s1 (2.2 million bases) is left to the benchmarks.
var randomGames = []struct {
	name  string
	heavy bool // skipped in -short mode
	enum  bool // run EnumMixed
}{
	{"rand_5x5_s1", false, true}, {"rand_5x5_s2", false, true},
	{"rand_10x10_s1", false, true}, {"rand_10x10_s2", false, true},
	{"rand_15x15_s1", false, true}, {"rand_15x15_s2", false, true},
	{"rand_20x20_s1", true, false}, // ~25 s: see BenchmarkEnumMixed
	{"rand_20x20_s2", true, true},
	{"rand_30x30_s1", true, false}, {"rand_30x30_s2", true, false},
}

func readRandom(t *testing.T, name string) *gambit.File {
	f, err := gambit.ReadFile(peertest.Need(t, filepath.Join(peerDir, "random", "games", name+".nfg")))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestGambitRandomEnumMixed checks EnumMixed on Gambit's random games:
// against enummixed where Gambit finished, lrsnash where lrsnash did, and
// elsewhere (20×20) every equilibrium is verified and Gambit's lcp set
// must be among ours.
func TestGambitRandomEnumMixed(t *testing.T) {
	for _, g := range randomGames {
		if !g.enum || (testing.Short() && g.heavy) {
			continue
		}
		f := readRandom(t, g.name)
		n := f.Normal
		start := time.Now()
		res, err := solve.EnumMixed(context.Background(), n, 1<<40)
		if err != nil {
			t.Fatalf("%s: %v", g.name, err)
		}
		elapsed := time.Since(start)
		checkMixedNash(t, g.name, n, res.Equilibria)
		ours := map[string]bool{}
		for _, e := range res.Equilibria {
			ours[mixedLine(e)] = true
		}
		m, k := len(n.Strategies[0]), len(n.Strategies[1])
		switch {
		case randomStatus(t, g.name, "enummixed") == "ok":
			if ref := exactNE(t, randomRef(g.name, "enummixed")); !sameSet(ours, ref) {
				t.Errorf("%s: enummixed: %s", g.name, setDiff(ours, ref))
			}
			t.Logf("%s: %d equilibria, Gambit's enummixed set, %v", g.name, len(ours), elapsed)
		case randomStatus(t, g.name, "lrsnash") == "ok":
			if ref := exactLrsnash(t, randomRef(g.name, "lrsnash"), m, k); !sameSet(ours, ref) {
				t.Errorf("%s: lrsnash: %s", g.name, setDiff(ours, ref))
			}
			t.Logf("%s: %d equilibria, lrsnash's set (Gambit's enummixed timed out), %v", g.name, len(ours), elapsed)
		default:
			ref := exactNE(t, randomRef(g.name, "lcp"))
			for line := range ref {
				if !ours[line] {
					t.Errorf("%s: Gambit's lcp equilibrium %s missing", g.name, line)
				}
			}
			t.Logf("%s: %d equilibria verified (Gambit's enummixed and lrsnash timed out; its lcp found %d, all among them), %v", g.name, len(ours), len(ref), elapsed)
		}
	}
}
