package liap_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/liap"
)

func BenchmarkFloatLiap(b *testing.B) {
	soltest.FltBench(b, soltest.FltNPlayer, func(ctx context.Context, n *game.Normal) error {
		opt := liap.LiapOptions{}
		opt.Seed, opt.Budget = 1, soltest.FltBenchBudget
		_, err := liap.Liap(ctx, n, opt)
		return err
	})
}
