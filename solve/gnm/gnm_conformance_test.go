package gnm_test

import (
	"context"
	"testing"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/gnm"
	"github.com/tablero-project/tablero/solve/internal/soltest"
)

// TestFloatGNM checks GNM on every game gambit-gnm ran on (three rays, as
// the reference runs used).
func TestFloatGNM(t *testing.T) {
	soltest.FltFindOne(t, "gnm", 1e-6, func(ctx context.Context, n *game.Normal, budget int) ([]game.Mixed, error) {
		opt := gnm.GNMOptions{}
		opt.Starts, opt.Seed, opt.Budget = 3, 1, budget
		return gnm.GNM(ctx, n, opt)
	})
}

// TestFloatIPA checks IPA on every game gambit-ipa ran on (three rays).
func TestFloatIPA(t *testing.T) {
	soltest.FltFindOne(t, "ipa", 1e-6, func(ctx context.Context, n *game.Normal, budget int) ([]game.Mixed, error) {
		opt := gnm.IPAOptions{}
		opt.Starts, opt.Seed, opt.Budget = 3, 1, budget
		return gnm.IPA(ctx, n, opt)
	})
}
