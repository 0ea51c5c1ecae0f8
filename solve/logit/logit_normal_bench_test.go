package logit_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/logit"
)

func BenchmarkFloatLogitNormal(b *testing.B) {
	soltest.FltBench(b, nil, func(ctx context.Context, n *game.Normal) error {
		_, err := logit.LogitNormal(ctx, n, logit.LogitOptions{Budget: soltest.FltBenchBudget})
		return err
	})
}
