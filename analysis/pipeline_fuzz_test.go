package analysis

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/solve"
)

// maxSeed is the size of the largest scenario file used as a seed.
const maxSeed = 24 << 10

// FuzzPipeline checks the promise of tablero check: a scenario that parses
// and compiles runs through the whole analysis (brief, a few Monte Carlo
// draws, the tornado) and fails, if at all, only on a budget.
func FuzzPipeline(f *testing.F) {
	seeds, _ := filepath.Glob("../scenarios/*.yaml")
	broken, _ := filepath.Glob("../scenario/testdata/broken/*.yaml")
	for _, p := range append(append([]string{"testdata/deterrence.yaml"}, seeds...), broken...) {
		// Large scenarios (the flagship) take seconds per run: too slow to
		// mutate; their constructs are in the small ones.
		if b, err := os.ReadFile(p); err == nil && len(b) < maxSeed {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.yaml", data)
		if err != nil {
			return // check rejects it too
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_, err = Run(ctx, sc, Options{Draws: 4, Seed: 1}, Hooks{Workers: 1})
		if err != nil && !budget(err) {
			t.Fatalf("check accepts the scenario but analyze fails: %v", err)
		}
	})
}

// budget reports whether err is a budget or a deadline, which check cannot
// foresee.
func budget(err error) bool {
	return errors.Is(err, solve.ErrBudget) || errors.Is(err, negotiate.ErrBudget) || errors.Is(err, forecast.ErrBudget) ||
		errors.Is(err, context.DeadlineExceeded)
}
