package liap_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/liap"
)

// TestFloatLiap checks Liap (10 starts, as the reference runs) on every
// game gambit-liap ran on.
func TestFloatLiap(t *testing.T) {
	soltest.FltFindOne(t, "liap", 1e-4, func(ctx context.Context, n *game.Normal, budget int) ([]game.Mixed, error) {
		opt := liap.LiapOptions{}
		opt.Seed, opt.Budget = 1, budget
		return liap.Liap(ctx, n, opt)
	})
}
