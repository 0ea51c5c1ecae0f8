package enumpoly_test

// Conformance of EnumPolyTree with gambit-enumpoly on the shared sample
// trees (behaviour profiles, Gambit's default for .efg).

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enumpoly"
	"github.com/tablero-project/tablero/solve/internal/soltest"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/peertest"
)

// epTreeSupersets records the sample trees on which EnumPolyTree finds
// equilibria gambit-enumpoly does not print: the number of distinct
// equilibria each prints. Every extra one is verified by exact regret in
// the test; a game missing from the table must give Gambit's set.
var epTreeSupersets = map[string][2]int{ // ours, Gambit's distinct equilibria
	"catalog/journals/ijgt/selten1975/fig3.efg": {3, 2},
	"contrib/games/2s2x2x2.efg":                 {47, 24},
	"contrib/games/2smp.efg":                    {1, 0},
	"contrib/games/bcp2.efg":                    {2, 1},
	"contrib/games/coord2ts.efg":                {7, 6},
	"contrib/games/e10a.efg":                    {3, 2},
	"contrib/games/g3.efg":                      {5, 4},
	"contrib/games/nim.efg":                     {3, 2},
	"contrib/games/w_ex2.efg":                   {51, 22},
}

// TestEnumPolyTreeGambit compares EnumPolyTree with gambit-enumpoly on
// every .efg sample Gambit solved: each of Gambit's lines that is an
// equilibrium must be among ours (to 10^-6), and ours must be Gambit's
// set or, as the table above records, a superset whose extra members
// are equilibria by exact regret.
func TestEnumPolyTreeGambit(t *testing.T) {
	var ty soltest.Tally
	counts := map[string]int{}
	for _, r := range soltest.FltRuns(t, "enumpoly") {
		if r.Form != "efg" {
			continue
		}
		if testing.Short() && (r.Status != "ok" || r.Seconds > 1) {
			ty.Add(soltest.FltSkipped, r.Name, "")
			continue
		}
		f, err := gambit.ReadFile(filepath.Join(soltest.PeerDir, r.File))
		if err != nil {
			ty.Add(soltest.FltMismatch, r.Name, err.Error())
			t.Errorf("%s: %v", r.Name, err)
			continue
		}
		g := f.Tree
		limit := 60 * time.Second
		opt := enumpoly.EnumPolyOptions{}
		opt.Budget = 2e10
		if r.Status != "ok" {
			limit, opt.Budget = 2*time.Second, 1e8 // Gambit gave up: a short try
		}
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		start := time.Now()
		eqs, err := enumpoly.EnumPolyTree(ctx, g, opt)
		elapsed := time.Since(start)
		cancel()
		if g.PerfectRecall() != nil {
			if err == nil || r.Status != "error" {
				ty.Add(soltest.FltMismatch, r.Name, "imperfect recall not refused like Gambit")
				t.Errorf("%s: imperfect recall: %v (Gambit %s)", r.Name, err, r.Status)
			} else {
				ty.Add(soltest.FltRefused, r.Name, "")
			}
			continue
		}
		for _, b := range eqs {
			if !epTreeExactNash(t, g, b) {
				t.Errorf("%s: not an equilibrium: %v", r.Name, b.Flat())
			}
		}
		ref, _ := peertest.NELines(r.Ref())
		lo, hi := soltest.FltPlayRange(g)
		scale := math.Max(hi-lo, 1e-300)
		var gambitEq [][]float64
		for _, v := range soltest.FltDistinct(ref) {
			reg, err := solve.RegretBehavior(g, epTreeUnflat(g, v))
			if err == nil && reg <= 1e-6*scale {
				gambitEq = append(gambitEq, v)
			}
		}
		missing, notNash := 0, 0
		for _, v := range gambitEq {
			switch {
			case epTreeContains(eqs, v):
			case epTreePureNotNash(g, v):
				// Pure and not an equilibrium exactly: Gambit accepts
				// it only within its tolerance relative to the range.
				notNash++
			default:
				missing++
			}
		}
		// Gambit's points of one continuum may collapse to one of ours.
		extra := 0
		for _, b := range eqs {
			if !epTreeNear(gambitEq, b.Flat()) {
				extra++
			}
		}
		note := fmt.Sprintf("%d equilibria in %.2fs; Gambit %d distinct equilibria (%s, %.2fs)", len(eqs), elapsed.Seconds(), len(gambitEq), r.Status, r.Seconds)
		if notNash > 0 {
			note += fmt.Sprintf(", %d of them pure with positive exact regret", notNash)
		}
		sup, recorded := epTreeSupersets[r.Name]
		switch {
		case r.Status != "ok" && err != nil && !errors.Is(err, solve.ErrNotFound):
			ty.Add(soltest.FltStopped, r.Name, fmt.Sprintf("%s: %v", note, err))
		case err != nil && !errors.Is(err, solve.ErrNotFound):
			ty.Add(soltest.FltMismatch, r.Name, err.Error())
			t.Errorf("%s: %v", r.Name, err)
		case missing > 0 && r.Status == "ok":
			ty.Add(soltest.FltMismatch, r.Name, fmt.Sprintf("misses %d of Gambit's equilibria: %s", missing, note))
			t.Errorf("%s: misses %d of Gambit's equilibria: %s", r.Name, missing, note)
		case r.Status != "ok" && len(eqs) == 0:
			ty.Add(soltest.FltExtended, r.Name, note+": no isolated equilibrium with a pure completion")
		case r.Status != "ok":
			ty.Add(soltest.FltExtended, r.Name, note)
		case extra == 0 && !recorded:
			counts["equal"]++
			if notNash > 0 {
				ty.Add(soltest.FltMatched, r.Name, "Gambit also prints non-equilibria: "+note)
			} else {
				ty.Add(soltest.FltMatched, r.Name, "")
			}
		case extra > 0 && recorded && sup == [2]int{len(eqs), len(gambitEq)}:
			counts["superset"]++
			ty.Add(soltest.FltMatched, r.Name, fmt.Sprintf("superset: %s", note))
		default:
			ty.Add(soltest.FltMismatch, r.Name, fmt.Sprintf("%d not among Gambit's; table says %v: %s", extra, sup, note))
			t.Errorf("%s: %d equilibria not among Gambit's, table %v: %s", r.Name, extra, sup, note)
		}
	}
	t.Logf("enumpoly on trees: Gambit's set on %d games, a verified superset on %d", counts["equal"], counts["superset"])
	ty.Report(t, "enumpoly (trees)")
}

// epTreeExactNash reports whether b, taken exactly (its binary values
// normalized at each set), has Nash regret at most 10^-9 of the payoff
// range.
func epTreeExactNash(t *testing.T, g *game.Game, b game.Behavior) bool {
	t.Helper()
	r := make(game.BehaviorRat, len(b))
	for p, sets := range b {
		for _, probs := range sets {
			sum := new(big.Rat)
			v := make([]*big.Rat, len(probs))
			for a, x := range probs {
				v[a] = new(big.Rat).SetFloat64(x)
				sum.Add(sum, v[a])
			}
			for a := range v {
				v[a].Quo(v[a], sum)
			}
			r[p] = append(r[p], v)
		}
	}
	reg, err := solve.RegretBehaviorRat(g, r)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := soltest.FltPlayRange(g)
	limit := new(big.Rat).SetFloat64(1e-9 * math.Max(hi-lo, 1))
	return reg.Cmp(limit) <= 0
}

// epTreePureNotNash reports whether the flat profile v is pure and has
// positive exact Nash regret.
func epTreePureNotNash(g *game.Game, v []float64) bool {
	b := epTreeUnflat(g, v)
	r := make(game.BehaviorRat, len(b))
	for p, sets := range b {
		for _, probs := range sets {
			var row []*big.Rat
			for _, x := range probs {
				if x != 0 && x != 1 {
					return false
				}
				row = append(row, new(big.Rat).SetFloat64(x))
			}
			r[p] = append(r[p], row)
		}
	}
	reg, err := solve.RegretBehaviorRat(g, r)
	return err == nil && reg.Sign() > 0
}

// epTreeUnflat shapes a flat profile like g's information sets.
func epTreeUnflat(g *game.Game, v []float64) game.Behavior {
	b := make(game.Behavior, len(g.Players))
	k := 0
	for p, sets := range g.Infosets {
		for _, s := range sets {
			if k+len(s.Actions) > len(v) {
				return b
			}
			b[p] = append(b[p], append([]float64(nil), v[k:k+len(s.Actions)]...))
			k += len(s.Actions)
		}
	}
	return b
}

// epTreeContains reports whether some profile of eqs is within 10^-6 of v.
func epTreeContains(eqs []game.Behavior, v []float64) bool {
	for _, b := range eqs {
		if soltest.FltDist(b.Flat(), v) <= 1e-6 {
			return true
		}
	}
	return false
}

// epTreeNear reports whether some line is within 10^-6 of v.
func epTreeNear(lines [][]float64, v []float64) bool {
	for _, w := range lines {
		if soltest.FltDist(w, v) <= 1e-6 {
			return true
		}
	}
	return false
}
