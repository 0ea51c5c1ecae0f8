package enumpoly

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/internal/peertest"
	"github.com/tablero-project/tablero/solve/enumpoly/internal/polysys"
	"github.com/tablero-project/tablero/solve/internal/float"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

// TestEnumPolyWork bounds the work (meter steps; the exclusion test and
// the homotopy charge one per 16 units of arithmetic) of
// EnumPoly on Gambit's random n-player games, with the equilibria it must
// find (a superset of gambit-enumpoly's 5, 4, 8 and 2).
func TestEnumPolyWork(t *testing.T) {
	for _, tc := range []struct {
		name     string
		maxSteps int
		minEqs   int
	}{
		{"rand_3x3x3_s1", 27_000, 8},
		{"rand_4x4x4_s1", 2_080_000, 6},
		{"rand_3x3x3x3_s1", 1_230_000, 9},
		{"rand_2x2x2x2x2_s1", 35_500, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.maxSteps > 2e6 {
				t.Skip("slow")
			}
			path := filepath.Join(soltest.PeerDir, "random", "games", tc.name+".nfg")
			f, err := gambit.ReadFile(peertest.Need(t, path))
			if err != nil {
				t.Fatal(err)
			}
			spent, eqs := epWork(t, f)
			t.Logf("%s: %d steps, %d equilibria", tc.name, spent, eqs)
			if spent > tc.maxSteps || eqs < tc.minEqs {
				t.Errorf("%s: %d steps (max %d), %d equilibria (min %d)", tc.name, spent, tc.maxSteps, eqs, tc.minEqs)
			}
		})
	}
}

// epWork runs EnumPoly's enumeration on f without a budget and returns
// the steps charged and the equilibria found.
func epWork(t *testing.T, f *gambit.File) (int, int) {
	opt := EnumPolyOptions{}
	opt.FloatOptions = opt.FloatOptions.WithDefaults(1, float.DefaultTol, polysys.DefaultPathSteps)
	opt.Budget = 4e9
	g, err := float.NewGame(f.Normal, opt.Budget)
	if err != nil {
		t.Fatal(err)
	}
	g.Normalize()
	e := &epEnum{n: f.Normal, g: g, opt: opt, found: &float.Set{Tol: 1e-6},
		meter: &float.Meter{Ctx: context.Background(), What: "support enumeration", Limit: opt.Budget}}
	e.rng = float.RNG(opt.Seed, 0xe9)
	if err := e.run(); err != nil {
		t.Fatal(err)
	}
	return e.meter.Spent, len(e.found.Eqs)
}
