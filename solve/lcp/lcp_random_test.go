package lcp_test

import (
	"context"
	"testing"
	"time"

	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/lcp"
)

// TestGambitRandomLCP checks LCP on Gambit's random games: the same set as
// gambit-lcp where it finished (the games are nondegenerate, so every
// Lemke–Howson implementation reaches the same equilibria), Gambit's
// partial output among ours where it timed out, and Stop: 1 against
// gambit-lcp -e 1.
func TestGambitRandomLCP(t *testing.T) {
	for _, g := range soltest.RandomGames {
		if testing.Short() && g.Heavy || g.Name == "rand_30x30_s1" { // 7 s: see BenchmarkLCP
			continue
		}
		n := soltest.ReadRandom(t, g.Name).Normal
		start := time.Now()
		eqs, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{Budget: 1 << 40})
		if err != nil {
			t.Fatalf("%s: %v", g.Name, err)
		}
		elapsed := time.Since(start)
		soltest.CheckMixedNash(t, g.Name, n, eqs)
		ours := map[string]bool{}
		for _, e := range eqs {
			ours[soltest.MixedLine(e)] = true
		}
		ref := soltest.ExactNE(t, soltest.RandomRef(g.Name, "lcp"))
		if soltest.RandomStatus(t, g.Name, "lcp") == "ok" {
			if !soltest.SameSet(ours, ref) {
				t.Errorf("%s: lcp: %s", g.Name, soltest.SetDiff(ours, ref))
			}
		} else {
			for line := range ref {
				if !ours[line] {
					t.Errorf("%s: Gambit's lcp equilibrium %s missing", g.Name, line)
				}
			}
		}
		t.Logf("%s: %d equilibria (Gambit %s, %d lines), %v", g.Name, len(ours), soltest.RandomStatus(t, g.Name, "lcp"), len(ref), elapsed)
		one, err := lcp.LCP(context.Background(), n, lcp.LCPOptions{Stop: 1})
		if err != nil || len(one) != 1 {
			t.Fatalf("%s: Stop 1: %d equilibria, %v", g.Name, len(one), err)
		}
		if ref1 := soltest.ExactNE(t, soltest.RandomRef(g.Name, "lcp-1")); !ref1[soltest.MixedLine(one[0])] {
			t.Errorf("%s: Stop 1 gives %s, Gambit's lcp -e 1 %v", g.Name, soltest.MixedLine(one[0]), soltest.LineKeys(ref1))
		}
	}
}
