package solve_test

// Benchmarks of the floating-point methods for strategic games on the
// random games of the Gambit reference data, with the options of the
// timing runs of gambit.md §7.2 (gnm and ipa one ray, liap 10 starts,
// logit to the end point, simpdiv from the default start). Figures beside
// Gambit's: docs/benchmarks-solve-float.md.

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// fltRandomGames reads the random reference games (sorted by name).
func fltRandomGames(b *testing.B) map[string]*game.Normal {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(peerDir, "random", "games", "*.nfg"))
	if len(files) == 0 {
		b.Skip("../shared/peers/gambit not found: peer benchmarks need the shared reference data")
	}
	out := map[string]*game.Normal{}
	for _, f := range files {
		gf, err := gambit.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".nfg")] = gf.Normal
	}
	return out
}

// fltBench runs one sub-benchmark per random game; skip names games on
// which the method is not run (as Gambit did not time it there).
func fltBench(b *testing.B, skip func(name string, n *game.Normal) bool, run func(ctx context.Context, n *game.Normal) error) {
	games := fltRandomGames(b)
	names := make([]string, 0, len(games))
	for name := range games {
		names = append(names, name)
	}
	fltSortStrings(names)
	for _, name := range names {
		n := games[name]
		if skip != nil && skip(name, n) {
			continue
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := run(context.Background(), n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func fltSortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j-1] > s[j]; j-- {
			s[j-1], s[j] = s[j], s[j-1]
		}
	}
}

// fltNPlayer reports games with more than two players (Gambit timed liap
// and enumpoly only on those).
func fltNPlayer(_ string, n *game.Normal) bool { return len(n.Players) <= 2 }

// fltBenchBudget lets every benchmark run to its end.
const fltBenchBudget = 1 << 40

// The benchmarks use the options of Gambit's timing runs (gambit.md
// §7.2): simpdiv from the default start, gnm and ipa one ray, liap 10
// starts, logit to the end point, enumpoly all equilibria. Gambit timed
// liap and enumpoly on the games with more than two players only.

// BenchmarkFloatSimpDiv leaves out rand_20x20_s1, on which simplicial
// subdivision fails (as gambit-simpdiv, stopped at 60 s, does): the
// restarts never bring the regret to the tolerance and SimpDiv reports
// so after ~50 s, once the grid reaches 2^-62.
func BenchmarkFloatSimpDiv(b *testing.B) {
	skip := func(name string, _ *game.Normal) bool { return name == "rand_20x20_s1" }
	fltBench(b, skip, func(ctx context.Context, n *game.Normal) error {
		opt := solve.SimpDivOptions{}
		opt.Budget = fltBenchBudget
		_, err := solve.SimpDiv(ctx, n, opt)
		return err
	})
}

func BenchmarkFloatGNM(b *testing.B) {
	fltBench(b, nil, func(ctx context.Context, n *game.Normal) error {
		opt := solve.GNMOptions{}
		opt.Seed, opt.Budget = 1, fltBenchBudget
		_, err := solve.GNM(ctx, n, opt)
		return err
	})
}

func BenchmarkFloatIPA(b *testing.B) {
	fltBench(b, nil, func(ctx context.Context, n *game.Normal) error {
		opt := solve.IPAOptions{}
		opt.Seed, opt.Budget = 1, fltBenchBudget
		_, err := solve.IPA(ctx, n, opt)
		return err
	})
}

func BenchmarkFloatLiap(b *testing.B) {
	fltBench(b, fltNPlayer, func(ctx context.Context, n *game.Normal) error {
		opt := solve.LiapOptions{}
		opt.Seed, opt.Budget = 1, fltBenchBudget
		_, err := solve.Liap(ctx, n, opt)
		return err
	})
}

func BenchmarkFloatLogitNormal(b *testing.B) {
	fltBench(b, nil, func(ctx context.Context, n *game.Normal) error {
		_, err := solve.LogitNormal(ctx, n, solve.LogitOptions{Budget: fltBenchBudget})
		return err
	})
}

func BenchmarkFloatEnumPoly(b *testing.B) {
	fltBench(b, fltNPlayer, func(ctx context.Context, n *game.Normal) error {
		opt := solve.EnumPolyOptions{}
		opt.Budget = fltBenchBudget
		_, err := solve.EnumPoly(ctx, n, opt)
		return err
	})
}
