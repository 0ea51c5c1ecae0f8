package enumpoly_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/enumpoly"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

func BenchmarkFloatEnumPoly(b *testing.B) {
	soltest.FltBench(b, soltest.FltNPlayer, func(ctx context.Context, n *game.Normal) error {
		opt := enumpoly.EnumPolyOptions{}
		opt.Budget = soltest.FltBenchBudget
		_, err := enumpoly.EnumPoly(ctx, n, opt)
		return err
	})
}
