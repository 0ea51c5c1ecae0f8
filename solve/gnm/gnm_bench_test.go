package gnm_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/gnm"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

func BenchmarkFloatGNM(b *testing.B) {
	soltest.FltBench(b, nil, func(ctx context.Context, n *game.Normal) error {
		opt := gnm.GNMOptions{}
		opt.Seed, opt.Budget = 1, soltest.FltBenchBudget
		_, err := gnm.GNM(ctx, n, opt)
		return err
	})
}

func BenchmarkFloatIPA(b *testing.B) {
	soltest.FltBench(b, nil, func(ctx context.Context, n *game.Normal) error {
		opt := gnm.IPAOptions{}
		opt.Seed, opt.Budget = 1, soltest.FltBenchBudget
		_, err := gnm.IPA(ctx, n, opt)
		return err
	})
}
