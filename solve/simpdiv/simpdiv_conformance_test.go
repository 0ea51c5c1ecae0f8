package simpdiv_test

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/simpdiv"
)

// TestFloatSimpDiv compares SimpDiv from the default start with
// gambit-simpdiv's exact output.
func TestFloatSimpDiv(t *testing.T) {
	var ty soltest.Tally
	for _, r := range soltest.FltRuns(t, "simpdiv") {
		kind, note := fltSimpDivRun(t, r)
		ty.Add(kind, r.Name, note)
		if kind == soltest.FltMismatch {
			t.Errorf("%s: %s", r.Name, note)
		}
	}
	ty.Report(t, "simpdiv")
}

// fltSimpDivRun judges one run.
func fltSimpDivRun(t *testing.T, r soltest.FltRun) (kind, note string) {
	if testing.Short() && r.Status == "timeout" {
		return soltest.FltSkipped, ""
	}
	fg, err := soltest.FltLoad(r)
	if kind, note, done := soltest.FltLoadFailed(r, err); done {
		return kind, note
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	opt := simpdiv.SimpDivOptions{}
	opt.Tol = 1e-7 * fg.GambitScale
	if r.Status != "ok" {
		opt.Budget = 2e8 // Gambit timed out: try harder, within reason
	}
	eqs, err := simpdiv.SimpDiv(ctx, fg.N, opt)
	elapsed := time.Since(start)
	if err != nil {
		if r.Status != "ok" {
			return soltest.FltStopped, fmt.Sprintf("%v (Gambit: %s)", err, r.Status)
		}
		return soltest.FltMismatch, err.Error()
	}
	var v []*big.Rat
	for _, s := range eqs[0] {
		v = append(v, s...)
	}
	got := gambit.FormatRats("NE", v)
	if r.Status != "ok" {
		return soltest.FltExtended, fmt.Sprintf("in %.2fs (Gambit %s after %.1fs)", elapsed.Seconds(), r.Status, r.Seconds)
	}
	data, err := os.ReadFile(r.Ref())
	if err != nil {
		return soltest.FltMismatch, err.Error()
	}
	want := strings.TrimSpace(string(data))
	if got != want {
		return soltest.FltMismatch, fmt.Sprintf("got %s, Gambit %s", got, want)
	}
	return soltest.FltMatched, ""
}
