package logit_test

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/logit"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/internal/peertest"
)

// qreKnownDifferences are the (game, λ) of Gambit's samples where
// solve.QRE continues the principal branch past a bifurcation on another
// branch than Logit: it passes bifurcations with gambit-logit's steps and
// perturbation, but in its own coordinates, and at a symmetric
// bifurcation which branch continues the principal one is a convention
// of the tracer, not a property of the game.
var qreKnownDifferences = map[string]bool{
	"contrib/games/artist2.efg λ=10": true,
	"contrib/games/sh3.efg λ=10":     true,
}

// TestQREConformance compares solve.QRE, the Monte Carlo solver, with
// solve.Logit on every tree of Gambit's samples with perfect recall, at
// four precisions.
func TestQREConformance(t *testing.T) {
	games := peertest.Need(t, filepath.Join(soltest.PeerDir, "games"))
	ctx := context.Background()
	same, known := 0, 0
	err := filepath.WalkDir(games, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".efg") {
			return err
		}
		f, err := gambit.ReadFile(path)
		if err != nil || f.Tree == nil || f.Tree.PerfectRecall() != nil {
			return nil
		}
		q, err := logit.NewQRE(f.Tree, 0)
		if err != nil {
			return nil // beyond the default budget
		}
		name, _ := filepath.Rel(games, path)
		for _, l := range []float64{0.3, 1, 3, 10} {
			got, err := q.Solve(ctx, l)
			if err != nil {
				t.Errorf("%s λ=%g: %v", name, l, err)
				continue
			}
			ref, err := logit.Logit(ctx, f.Tree, logit.LogitOptions{Lambdas: []float64{l}, MaxLambda: l})
			if err != nil {
				t.Errorf("%s λ=%g: Logit: %v", name, l, err)
				continue
			}
			want, diff := ref.Points[0].Profile.Flat(), 0.0
			for i, p := range got.Profile.Flat() {
				diff = math.Max(diff, math.Abs(p-want[i]))
			}
			key := fmt.Sprintf("%s λ=%g", filepath.ToSlash(name), l)
			switch {
			case diff <= 1e-7:
				same++
			case qreKnownDifferences[key]:
				known++
			default:
				t.Errorf("%s: QRE differs from Logit by %.3g", key, diff)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("QRE equals Logit on %d (game, λ) pairs of Gambit's samples; %d known differences at bifurcations", same, known)
}
