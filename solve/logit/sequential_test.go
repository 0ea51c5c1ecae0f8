package logit

import (
	"math"
	"testing"

	"github.com/tablero-project/tablero/internal/gametest"
)

// TestSequentialSignalling checks the assessment of the Beer–Quiche style
// game: beliefs at each of the receiver's sets sum to one and follow
// Bayes' rule where the set is reached.
func TestSequentialSignalling(t *testing.T) {
	g := gametest.Signalling(t)
	a, err := Sequential(t.Context(), g, LogitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Regret > 1e-8 {
		t.Errorf("regret %v above the tolerance", a.Regret)
	}
	reach := g.Realization(a.Profile)
	for i, set := range g.Infosets[1] {
		sum, total := 0.0, 0.0
		for m, n := range set.Members {
			sum += a.Beliefs[1][i][m]
			total += reach[n.Index]
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("beliefs at receiver set %d sum to %v", i, sum)
		}
		if total > 1e-6 {
			for m, n := range set.Members {
				if want := reach[n.Index] / total; math.Abs(a.Beliefs[1][i][m]-want) > 1e-9 {
					t.Errorf("set %d member %d: belief %v, Bayes %v", i, m, a.Beliefs[1][i][m], want)
				}
			}
		}
	}
	if _, err := Sequential(t.Context(), g, LogitOptions{MaxLambda: 5}); err == nil {
		t.Error("MaxLambda accepted")
	}
}
