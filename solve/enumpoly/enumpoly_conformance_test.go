package enumpoly_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/peertest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enumpoly"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

// TestFloatEnumPoly compares EnumPoly with gambit-enumpoly (strategic:
// -S for trees): every verified equilibrium Gambit prints must be among
// ours. On two-player games it also counts how many of gambit-enummixed's
// extreme equilibria (a complete list) EnumPoly finds.
func TestFloatEnumPoly(t *testing.T) {
	var ty soltest.Tally
	superset, gambitEq, ours, emTotal, emFound := 0, 0, 0, 0, 0
	for _, tool := range []string{"enumpoly", "enumpoly-S"} {
		for _, r := range soltest.FltRuns(t, tool) {
			if (tool == "enumpoly") != (r.Form == "nfg") {
				continue
			}
			if testing.Short() && (r.Status == "timeout" || r.Seconds > 1) {
				ty.Add(soltest.FltSkipped, r.Name, "")
				continue
			}
			fg, err := soltest.FltLoad(r)
			if kind, note, done := soltest.FltLoadFailed(r, err); done {
				ty.Add(kind, r.Name, note)
				if kind == soltest.FltMismatch {
					t.Errorf("%s: %s", r.Name, note)
				}
				continue
			}
			limit := 20 * time.Second
			opt := enumpoly.EnumPolyOptions{}
			opt.Budget = 2e10 // n-player supports need many homotopy paths
			if r.Status != "ok" {
				// Gambit gave up: a short try, to show how far we get.
				limit, opt.Budget = 300*time.Millisecond, 3e7
			}
			ctx, cancel := context.WithTimeout(context.Background(), limit)
			start := time.Now()
			eqs, err := enumpoly.EnumPoly(ctx, fg.N, opt)
			elapsed := time.Since(start)
			cancel()
			if elapsed > time.Second {
				t.Logf("slow: %s %.1fs", r.Name, elapsed.Seconds())
			}
			ours += len(eqs)
			ref, _ := peertest.NELines(r.Ref())
			missing := 0
			for _, v := range ref {
				if soltest.FltRelRegret(fg.N, v) > 1e-6*fg.GambitScale {
					continue // not an equilibrium
				}
				gambitEq++
				if !soltest.FltContains(eqs, v, 1e-6) {
					missing++
				}
			}
			if fg.N != nil && len(fg.N.Players) == 2 {
				em := r
				em.Tool = "enummixed"
				if lines, err := peertest.NELines(em.Ref()); err == nil {
					for _, v := range soltest.FltDistinct(lines) {
						emTotal++
						if soltest.FltContains(eqs, v, 1e-6) {
							emFound++
						}
					}
				}
			}
			switch {
			case err != nil && !errors.Is(err, solve.ErrNotFound) && r.Status == "ok":
				ty.Add(soltest.FltMismatch, r.Name, err.Error())
				t.Errorf("%s: %v", r.Name, err)
			case missing > 0 && r.Status == "ok":
				ty.Add(soltest.FltMismatch, r.Name, fmt.Sprintf("misses %d of Gambit's equilibria", missing))
				t.Errorf("%s: misses %d of Gambit's equilibria (we found %d)", r.Name, missing, len(eqs))
			case r.Status != "ok" && err != nil && !errors.Is(err, solve.ErrNotFound):
				ty.Add(soltest.FltStopped, r.Name, fmt.Sprintf("%d equilibria before: %v (Gambit: %s, %d lines)", len(eqs), err, r.Status, len(ref)))
			case r.Status != "ok":
				ty.Add(soltest.FltExtended, r.Name, fmt.Sprintf("%d equilibria in %.2fs (Gambit %s after %.1fs with %d lines, all among ours: %v)", len(eqs), elapsed.Seconds(), r.Status, r.Seconds, len(ref), missing == 0))
			default:
				superset++
				ty.Add(soltest.FltMatched, r.Name, "")
			}
		}
	}
	t.Logf("enumpoly: superset of Gambit's verified equilibria on %d games; %d equilibria found in all, Gambit %d verified lines; two-player games: %d of gambit-enummixed's %d extreme equilibria found", superset, ours, gambitEq, emFound, emTotal)
	ty.Report(t, "enumpoly")
}
