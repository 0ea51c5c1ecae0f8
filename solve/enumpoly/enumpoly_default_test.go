package enumpoly_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/internal/peertest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enumpoly"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

// TestEnumPolyDefaultBudget solves the random games on which enumpoly
// used to refuse at the default budget (issue 16) with default options:
// each must finish, every profile returned must be an equilibrium, and
// every one of gambit-enumpoly's equilibria must be among them.
func TestEnumPolyDefaultBudget(t *testing.T) {
	for _, name := range []string{"rand_4x4x4_s1", "rand_3x3x3x3_s1"} {
		t.Run(name, func(t *testing.T) {
			if testing.Short() {
				t.Skip("slow: about a second")
			}
			dir := filepath.Join(soltest.PeerDir, "random")
			f, err := gambit.ReadFile(peertest.Need(t, filepath.Join(dir, "games", name+".nfg")))
			if err != nil {
				t.Fatal(err)
			}
			ref, err := peertest.NELines(peertest.Need(t, filepath.Join(dir, "reference", name+".nfg.enumpoly.txt")))
			if err != nil {
				t.Fatal(err)
			}
			eqs, err := enumpoly.EnumPoly(context.Background(), f.Normal, enumpoly.EnumPolyOptions{})
			if err != nil {
				t.Fatalf("at the default budget (%d steps): %v", solve.DefaultBudget, err)
			}
			for _, m := range eqs {
				if r := soltest.FltRelRegret(f.Normal, soltest.FltFlat(m)); r > 1e-6 {
					t.Errorf("%v: relative regret %g, not an equilibrium", m, r)
				}
			}
			for _, v := range ref {
				if !soltest.FltContains(eqs, v, 1e-6) {
					t.Errorf("Gambit's equilibrium %v is missing", v)
				}
			}
			t.Logf("%d equilibria, Gambit's %d among them", len(eqs), len(ref))
		})
	}
}
