package solve_test

import (
	"context"
	"testing"
	"time"

	"github.com/tablero-project/tablero/solve"
)

// TestGambitRandomLCP checks LCP on Gambit's random games: the same set as
// gambit-lcp where it finished (the games are nondegenerate, so every
// Lemke–Howson implementation reaches the same equilibria), Gambit's
// partial output among ours where it timed out, and Stop: 1 against
// gambit-lcp -e 1.
func TestGambitRandomLCP(t *testing.T) {
	for _, g := range randomGames {
		if testing.Short() && g.heavy || g.name == "rand_30x30_s1" { // 7 s: see BenchmarkLCP
			continue
		}
		n := readRandom(t, g.name).Normal
		start := time.Now()
		eqs, err := solve.LCP(context.Background(), n, solve.LCPOptions{Budget: 1 << 40})
		if err != nil {
			t.Fatalf("%s: %v", g.name, err)
		}
		elapsed := time.Since(start)
		checkMixedNash(t, g.name, n, eqs)
		ours := map[string]bool{}
		for _, e := range eqs {
			ours[mixedLine(e)] = true
		}
		ref := exactNE(t, randomRef(g.name, "lcp"))
		if randomStatus(t, g.name, "lcp") == "ok" {
			if !sameSet(ours, ref) {
				t.Errorf("%s: lcp: %s", g.name, setDiff(ours, ref))
			}
		} else {
			for line := range ref {
				if !ours[line] {
					t.Errorf("%s: Gambit's lcp equilibrium %s missing", g.name, line)
				}
			}
		}
		t.Logf("%s: %d equilibria (Gambit %s, %d lines), %v", g.name, len(ours), randomStatus(t, g.name, "lcp"), len(ref), elapsed)
		one, err := solve.LCP(context.Background(), n, solve.LCPOptions{Stop: 1})
		if err != nil || len(one) != 1 {
			t.Fatalf("%s: Stop 1: %d equilibria, %v", g.name, len(one), err)
		}
		if ref1 := exactNE(t, randomRef(g.name, "lcp-1")); !ref1[mixedLine(one[0])] {
			t.Errorf("%s: Stop 1 gives %s, Gambit's lcp -e 1 %v", g.name, mixedLine(one[0]), lineKeys(ref1))
		}
	}
}
