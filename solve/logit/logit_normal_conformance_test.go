package logit_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/peertest"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/logit"
)

// fltLogitLambdas are the λ of the reference logit-lambda runs.
var fltLogitLambdas = []float64{0.1, 0.5, 1, 2, 5, 10}

// fltLogitDiffs lists the strategic games on which LogitNormal and
// gambit-logit legitimately disagree, with the reason (the same games and
// reasons as for Logit on their trees, see logit_conformance_test.go).
var fltLogitDiffs = map[string]string{
	"contrib/games/2x2x2.nfg": fltBifurcation,
	"doc/2x2x2.nfg":           fltBifurcation,
	"catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq_small_payoffs.nfg": "symmetric game: the symmetric " +
		"branch bifurcates at λ≈0.01506; gambit-logit's perturbation moves onto an asymmetric branch, LogitNormal " +
		"steps across and continues the symmetric one",
	"tests/test_games/2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg": "the uniform profile is a QRE for " +
		"every λ; the uniform branch bifurcates between λ=0.5 and 1, gambit-logit moves onto another branch",
	"contrib/games/deg1.nfg": "degenerate game: the uniform branch bifurcates between λ=2 and 5; the tracers " +
		"continue on different branches",
	"contrib/games/deg2.nfg": "degenerate game: bifurcation between λ=5 and 10 (gambit-logit stalls at λ=3); " +
		"the tracers continue on different branches",
	"contrib/games/pvw2.efg": "the branch of the reduced strategic form passes a nearly singular point at λ≈1.96 " +
		"(LogitNormal creeps through it in ~100 short steps); the tracers part there and end at different " +
		"equilibria, both within the regret tolerance (Gambit's line has probabilities underflowed to 0)",
}

const fltBifurcation = "the principal branch meets a pitchfork bifurcation at λ≈0.5968 (gambit.md §6.2): " +
	"gambit-logit stalls there and prints a non-equilibrium as NE, LogitNormal steps across and ends at an equilibrium"

// TestFloatLogitNormal compares LogitNormal with gambit-logit on the .nfg
// games (end point, QRE at fixed λ, the whole branch) and with
// gambit-logit -S on the reduced strategic forms of the .efg games (end
// point). Every end point must be verified; differences must be
// explained.
func TestFloatLogitNormal(t *testing.T) {
	var ty soltest.Tally
	for _, tool := range []string{"logit", "logit-S"} {
		for _, r := range soltest.FltRuns(t, tool) {
			if (tool == "logit") != (r.Form == "nfg") {
				continue
			}
			kind, note := fltLogitRun(t, r)
			ty.Add(kind, r.Name, note)
			if kind == soltest.FltMismatch {
				t.Errorf("%s: %s", r.Name, note)
			}
		}
	}
	ty.Report(t, "logit")
}

// fltLogitRun judges the logit runs of one game.
func fltLogitRun(t *testing.T, r soltest.FltRun) (kind, note string) {
	if testing.Short() && r.Status == "timeout" {
		return soltest.FltSkipped, ""
	}
	fg, err := soltest.FltLoad(r)
	if kind, note, done := soltest.FltLoadFailed(r, err); done {
		return kind, note
	}
	tol := 1e-8 * fg.GambitScale
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	opt := logit.LogitOptions{Tol: tol, Path: r.Form == "nfg"}
	if r.Status != "ok" {
		opt.Budget = 2e8 // Gambit timed out: try, within reason
	}
	res, err := logit.LogitNormal(ctx, fg.N, opt)
	elapsed := time.Since(start)
	if err != nil {
		if r.Status != "ok" {
			return soltest.FltStopped, fmt.Sprintf("%v (Gambit: %s)", err, r.Status)
		}
		return soltest.FltMismatch, err.Error()
	}
	if got := solve.RegretMixed(fg.N, res.End.Profile) / soltest.FltRange(fg.N); got > tol*1.000001 {
		return soltest.FltMismatch, fmt.Sprintf("end point has relative regret %.3g", got)
	}
	if r.Status != "ok" {
		return soltest.FltExtended, fmt.Sprintf("end at λ=%.4g in %.2fs (Gambit %s after %.1fs)", res.End.Lambda, elapsed.Seconds(), r.Status, r.Seconds)
	}
	ref, err := peertest.NELines(r.Ref())
	if err != nil || len(ref) == 0 {
		return soltest.FltMismatch, fmt.Sprintf("reading %s: %v", r.Ref(), err)
	}
	gne := ref[len(ref)-1]
	gReg := soltest.FltRelRegret(fg.N, gne) / fg.GambitScale
	var diffs, whys []string
	if d := soltest.FltDist(soltest.FltFlat(res.End.Profile), gne); d > 1e-6 {
		diffs = append(diffs, fmt.Sprintf("end point (ours at λ=%.5g) differs by %.2g", res.End.Lambda, d))
		whys = append(whys, fltExplainEnd(fg.N, gne, gReg))
	}
	if r.Form == "nfg" {
		d, w := fltLogitBranch(r, res, gReg)
		diffs, whys = append(diffs, d...), append(whys, w...)
		d, w, err := fltLogitFixed(ctx, r, fg.N)
		if err != nil {
			return soltest.FltMismatch, err.Error()
		}
		diffs, whys = append(diffs, d...), append(whys, w...)
	}
	if len(diffs) == 0 {
		return soltest.FltMatched, ""
	}
	why := fltLogitDiffs[r.Name]
	for _, w := range whys {
		if w == "" && why == "" {
			return soltest.FltMismatch, strings.Join(diffs, "; ")
		}
		if why == "" {
			why = w
		}
	}
	return "explained difference", strings.Join(diffs, "; ") + ": " + why
}

// fltExplainEnd explains a different end point by Gambit's own line, or
// returns "".
func fltExplainEnd(n *game.Normal, gne []float64, gReg float64) string {
	if gReg > 2e-8 {
		return fmt.Sprintf("gambit-logit's NE line misses its own regret tolerance (relative regret %.2g): its tracer stopped early", gReg)
	}
	if lam, res := fltQRELambda(n, gne); res < 1e-5 {
		return fmt.Sprintf("both end points meet the tolerance; Gambit's is the QRE of the same branch at λ≈%.5g "+
			"(QRE residual %.1g): the tracers' last steps differ", lam, res)
	}
	return ""
}

// fltQRELambda fits λ to a printed profile assuming it is a logit QRE and
// returns λ and the largest residual of log p_j − log p_k − λ(v_j − v_k),
// relative to the largest log-ratio.
func fltQRELambda(n *game.Normal, flat []float64) (lambda, residual float64) {
	m := soltest.FltUnflat(n, flat)
	type pair struct{ dl, dv float64 }
	var pairs []pair
	for p := range m {
		v := n.StrategyValues(m, p)
		best := 0
		for j := range v {
			if m[p][j] > m[p][best] {
				best = j
			}
		}
		for j := range v {
			if j != best && m[p][j] > 0 {
				pairs = append(pairs, pair{math.Log(m[p][j] / m[p][best]), v[j] - v[best]})
			}
		}
	}
	num, den, scale := 0.0, 0.0, 1e-300
	for _, q := range pairs {
		num += q.dl * q.dv
		den += q.dv * q.dv
		scale = math.Max(scale, math.Abs(q.dl))
	}
	if den == 0 {
		return 0, math.Inf(1)
	}
	lambda = num / den
	for _, q := range pairs {
		residual = math.Max(residual, math.Abs(q.dl-lambda*q.dv)/scale)
	}
	return lambda, residual
}

// fltLogitBranch compares the branch with logit-branch (Gambit prints the
// points before the end point, then the end point as NE).
func fltLogitBranch(r soltest.FltRun, res *logit.LogitNormalResult, gReg float64) (diffs, whys []string) {
	br := r
	br.Tool = "logit-branch"
	ref, err := peertest.NumberLines(br.Ref())
	if err != nil {
		return []string{err.Error()}, []string{""}
	}
	if len(ref) > 0 && len(ref[len(ref)-1]) == len(ref[0])-1 {
		ref = ref[:len(ref)-1] // the NE line
	}
	path := res.Path
	worst, k := 0.0, min(len(ref), len(path))
	for i := range k {
		d := math.Max(math.Abs(ref[i][0]-path[i].Lambda)/math.Max(1, ref[i][0]), soltest.FltDist(soltest.FltFlat(path[i].Profile), ref[i][1:]))
		worst = math.Max(worst, d)
	}
	if worst <= 1e-6 && len(ref) == len(path) {
		return nil, nil
	}
	diffs = []string{fmt.Sprintf("branch: %d points, Gambit %d; largest difference over the first %d: %.2g", len(path), len(ref), k, worst)}
	why := ""
	if worst <= 1e-6 && len(ref) < len(path) && gReg > 2e-8 {
		why = fmt.Sprintf("same branch, but gambit-logit stops early at λ=%.4g, where its NE line misses the tolerance (relative regret %.2g)", ref[len(ref)-1][0], gReg)
	}
	return diffs, []string{why}
}

// fltLogitFixed compares the QRE at fixed λ with logit-lambda (lines
// whose λ is not the requested one, where Gambit stalled, are skipped).
func fltLogitFixed(ctx context.Context, r soltest.FltRun, n *game.Normal) (diffs, whys []string, err error) {
	res, err := logit.LogitNormal(ctx, n, logit.LogitOptions{Lambdas: fltLogitLambdas})
	if err != nil && len(res.Points) < len(fltLogitLambdas) {
		return nil, nil, err
	}
	lam := r
	lam.Tool = "logit-lambda"
	ref, err := peertest.NumberLines(lam.Ref())
	if err != nil {
		return nil, nil, err
	}
	for i, p := range res.Points {
		if i >= len(ref) || math.Abs(ref[i][0]-p.Lambda) > 1e-6 {
			break
		}
		if d := soltest.FltDist(soltest.FltFlat(p.Profile), ref[i][1:]); d > 1e-6 {
			diffs = append(diffs, fmt.Sprintf("QRE at λ=%g differs by %.2g", p.Lambda, d))
			whys = append(whys, "")
		}
	}
	return diffs, whys, nil
}
