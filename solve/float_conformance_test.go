package solve_test

// Conformance of the floating-point methods for strategic games (SimpDiv,
// GNM, IPA, Liap, EnumPoly, LogitNormal) with Gambit's gambit-simpdiv,
// -gnm, -ipa, -liap, -enumpoly and -logit on the shared reference games
// (.efg games through their reduced strategic forms).

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/peertest"
	"github.com/tablero-project/tablero/solve"
)

// peerDir holds Gambit's reference games and outputs.

// fltRun is one row of the reference index.
type fltRun struct {
	name, file, form, tool, status string
	seconds                        float64
}

// ref returns the path of the run's output.
func (r fltRun) ref() string {
	return filepath.Join(peerDir, "reference", strings.TrimPrefix(r.file, "games/")+"."+r.tool+".txt")
}

// fltRuns lists the .nfg and .efg rows of tool in reference/index.csv.
func fltRuns(t *testing.T, tool string) []fltRun {
	t.Helper()
	rows, col := peerIndex(t)
	var out []fltRun
	for _, r := range rows {
		form := r[col["form"]]
		if r[col["tool"]] != tool || (form != "nfg" && form != "efg") {
			continue
		}
		sec, _ := strconv.ParseFloat(r[col["seconds"]], 64)
		out = append(out, fltRun{name: strings.TrimPrefix(r[col["file"]], "games/"), file: r[col["file"]],
			form: form, tool: tool, status: r[col["status"]], seconds: sec})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// fltGame is a reference game in strategic form.
type fltGame struct {
	n *game.Normal
	// gambitScale is Gambit's payoff range divided by the range over
	// n's cells: Gambit scales tolerances of trees by the range of their
	// outcomes, not of the reduced strategic form's payoffs.
	gambitScale float64
}

// fltLoad reads a reference game as a strategic game (the reduced
// strategic form of a tree). It fails, wrapping errImperfectRecall, when
// the game has no mixed strategies.
func fltLoad(r fltRun) (fltGame, error) {
	f, err := gambit.ReadFile(filepath.Join(peerDir, r.file))
	if err != nil {
		return fltGame{}, err
	}
	if f.Normal != nil {
		return fltGame{n: f.Normal, gambitScale: 1}, nil
	}
	if err := f.Tree.PerfectRecall(); err != nil {
		return fltGame{}, fmt.Errorf("%w: %v", errImperfectRecall, err)
	}
	red, err := f.Tree.Reduce(1 << 20)
	if err != nil {
		return fltGame{}, err
	}
	lo, hi := fltPlayRange(f.Tree)
	ratio := 1.0
	if hi > lo {
		ratio = (hi - lo) / fltRange(red.Normal)
	}
	return fltGame{n: red.Normal, gambitScale: ratio}, nil
}

// fltPlayRange returns the smallest and largest payoff of any play of g
// (the sum of the outcomes along a path to a terminal node).
func fltPlayRange(g *game.Game) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	var visit func(nd *game.Node, sum []float64)
	visit = func(nd *game.Node, sum []float64) {
		sum = append([]float64(nil), sum...)
		if nd.Outcome != nil {
			for p, v := range nd.Outcome.Payoffs {
				x, _ := v.Float64()
				sum[p] += x
			}
		}
		if len(nd.Children) == 0 {
			for _, x := range sum {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
		for _, c := range nd.Children {
			visit(c, sum)
		}
	}
	visit(g.Root, make([]float64, len(g.Players)))
	return lo, hi
}

// fltLoadFailed judges a game that could not be loaded: refused like
// Gambit (imperfect recall), or too large where Gambit timed out too.
func fltLoadFailed(r fltRun, err error) (kind, note string, done bool) {
	switch {
	case err == nil:
		return "", "", false
	case errors.Is(err, errImperfectRecall) && r.status == "error":
		return fltRefused, "", true
	case errors.Is(err, game.ErrTooLarge) && r.status != "ok":
		return fltStopped, fmt.Sprintf("%v (Gambit: %s)", err, r.status), true
	}
	return fltMismatch, err.Error(), true
}

var errImperfectRecall = errors.New("imperfect recall")

// fltFlat flattens a profile.
func fltFlat(m game.Mixed) []float64 {
	var out []float64
	for _, s := range m {
		out = append(out, s...)
	}
	return out
}

// fltUnflat shapes a flat profile like n's strategies.
func fltUnflat(n *game.Normal, v []float64) game.Mixed {
	m := make(game.Mixed, len(n.Players))
	k := 0
	for p, s := range n.Strategies {
		m[p] = append([]float64(nil), v[k:k+len(s)]...)
		k += len(s)
	}
	return m
}

// fltRange returns the payoff range of n (1 if constant).
func fltRange(n *game.Normal) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for c := range n.Cells {
		for p := range n.Players {
			f, _ := n.Payoff(c, p).Float64()
			lo, hi = math.Min(lo, f), math.Max(hi, f)
		}
	}
	if hi > lo {
		return hi - lo
	}
	return 1
}

// fltRelRegret returns the regret of a flat profile relative to the
// payoff range.
func fltRelRegret(n *game.Normal, v []float64) float64 {
	return solve.RegretMixed(n, fltUnflat(n, v)) / fltRange(n)
}

// fltDist returns the largest difference between two flat profiles.
func fltDist(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// Outcome kinds of the float conformance tests; only fltMismatch fails.
const (
	fltMatched    = "matched"
	fltVerified   = "verified (Gambit's run is not reproducible)"
	fltRefused    = "refused like Gambit"
	fltExtended   = "solved where Gambit failed or timed out"
	fltStopped    = "stopped (budget or cap) where Gambit failed or timed out"
	fltSkipped    = "skipped in -short mode"
	fltMismatch   = "MISMATCH"
	fltTooLarge   = "too large for the test"
	fltGambitOnly = "Gambit refused, we solve"
)

// TestFloatSimpDiv compares SimpDiv from the default start with
// gambit-simpdiv's exact output.
func TestFloatSimpDiv(t *testing.T) {
	var ty tally
	for _, r := range fltRuns(t, "simpdiv") {
		kind, note := fltSimpDivRun(t, r)
		ty.add(kind, r.name, note)
		if kind == fltMismatch {
			t.Errorf("%s: %s", r.name, note)
		}
	}
	ty.report(t, "simpdiv")
}

// fltSimpDivRun judges one run.
func fltSimpDivRun(t *testing.T, r fltRun) (kind, note string) {
	if testing.Short() && r.status == "timeout" {
		return fltSkipped, ""
	}
	fg, err := fltLoad(r)
	if kind, note, done := fltLoadFailed(r, err); done {
		return kind, note
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	opt := solve.SimpDivOptions{}
	opt.Tol = 1e-7 * fg.gambitScale
	if r.status != "ok" {
		opt.Budget = 2e8 // Gambit timed out: try harder, within reason
	}
	eqs, err := solve.SimpDiv(ctx, fg.n, opt)
	elapsed := time.Since(start)
	if err != nil {
		if r.status != "ok" {
			return fltStopped, fmt.Sprintf("%v (Gambit: %s)", err, r.status)
		}
		return fltMismatch, err.Error()
	}
	var v []*big.Rat
	for _, s := range eqs[0] {
		v = append(v, s...)
	}
	got := gambit.FormatRats("NE", v)
	if r.status != "ok" {
		return fltExtended, fmt.Sprintf("in %.2fs (Gambit %s after %.1fs)", elapsed.Seconds(), r.status, r.seconds)
	}
	data, err := os.ReadFile(r.ref())
	if err != nil {
		return fltMismatch, err.Error()
	}
	want := strings.TrimSpace(string(data))
	if got != want {
		return fltMismatch, fmt.Sprintf("got %s, Gambit %s", got, want)
	}
	return fltMatched, ""
}

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
	var ty tally
	for _, tool := range []string{"logit", "logit-S"} {
		for _, r := range fltRuns(t, tool) {
			if (tool == "logit") != (r.form == "nfg") {
				continue
			}
			kind, note := fltLogitRun(t, r)
			ty.add(kind, r.name, note)
			if kind == fltMismatch {
				t.Errorf("%s: %s", r.name, note)
			}
		}
	}
	ty.report(t, "logit")
}

// fltLogitRun judges the logit runs of one game.
func fltLogitRun(t *testing.T, r fltRun) (kind, note string) {
	if testing.Short() && r.status == "timeout" {
		return fltSkipped, ""
	}
	fg, err := fltLoad(r)
	if kind, note, done := fltLoadFailed(r, err); done {
		return kind, note
	}
	tol := 1e-8 * fg.gambitScale
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	opt := solve.LogitOptions{Tol: tol, Path: r.form == "nfg"}
	if r.status != "ok" {
		opt.Budget = 2e8 // Gambit timed out: try, within reason
	}
	res, err := solve.LogitNormal(ctx, fg.n, opt)
	elapsed := time.Since(start)
	if err != nil {
		if r.status != "ok" {
			return fltStopped, fmt.Sprintf("%v (Gambit: %s)", err, r.status)
		}
		return fltMismatch, err.Error()
	}
	if got := solve.RegretMixed(fg.n, res.End.Profile) / fltRange(fg.n); got > tol*1.000001 {
		return fltMismatch, fmt.Sprintf("end point has relative regret %.3g", got)
	}
	if r.status != "ok" {
		return fltExtended, fmt.Sprintf("end at λ=%.4g in %.2fs (Gambit %s after %.1fs)", res.End.Lambda, elapsed.Seconds(), r.status, r.seconds)
	}
	ref, err := peertest.NELines(r.ref())
	if err != nil || len(ref) == 0 {
		return fltMismatch, fmt.Sprintf("reading %s: %v", r.ref(), err)
	}
	gne := ref[len(ref)-1]
	gReg := fltRelRegret(fg.n, gne) / fg.gambitScale
	var diffs, whys []string
	if d := fltDist(fltFlat(res.End.Profile), gne); d > 1e-6 {
		diffs = append(diffs, fmt.Sprintf("end point (ours at λ=%.5g) differs by %.2g", res.End.Lambda, d))
		whys = append(whys, fltExplainEnd(fg.n, gne, gReg))
	}
	if r.form == "nfg" {
		d, w := fltLogitBranch(r, res, gReg)
		diffs, whys = append(diffs, d...), append(whys, w...)
		d, w, err := fltLogitFixed(ctx, r, fg.n)
		if err != nil {
			return fltMismatch, err.Error()
		}
		diffs, whys = append(diffs, d...), append(whys, w...)
	}
	if len(diffs) == 0 {
		return fltMatched, ""
	}
	why := fltLogitDiffs[r.name]
	for _, w := range whys {
		if w == "" && why == "" {
			return fltMismatch, strings.Join(diffs, "; ")
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
	m := fltUnflat(n, flat)
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
func fltLogitBranch(r fltRun, res *solve.LogitNormalResult, gReg float64) (diffs, whys []string) {
	br := r
	br.tool = "logit-branch"
	ref, err := peertest.NumberLines(br.ref())
	if err != nil {
		return []string{err.Error()}, []string{""}
	}
	if len(ref) > 0 && len(ref[len(ref)-1]) == len(ref[0])-1 {
		ref = ref[:len(ref)-1] // the NE line
	}
	path := res.Path
	worst, k := 0.0, min(len(ref), len(path))
	for i := range k {
		d := math.Max(math.Abs(ref[i][0]-path[i].Lambda)/math.Max(1, ref[i][0]), fltDist(fltFlat(path[i].Profile), ref[i][1:]))
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
func fltLogitFixed(ctx context.Context, r fltRun, n *game.Normal) (diffs, whys []string, err error) {
	res, err := solve.LogitNormal(ctx, n, solve.LogitOptions{Lambdas: fltLogitLambdas})
	if err != nil && len(res.Points) < len(fltLogitLambdas) {
		return nil, nil, err
	}
	lam := r
	lam.tool = "logit-lambda"
	ref, err := peertest.NumberLines(lam.ref())
	if err != nil {
		return nil, nil, err
	}
	for i, p := range res.Points {
		if i >= len(ref) || math.Abs(ref[i][0]-p.Lambda) > 1e-6 {
			break
		}
		if d := fltDist(fltFlat(p.Profile), ref[i][1:]); d > 1e-6 {
			diffs = append(diffs, fmt.Sprintf("QRE at λ=%g differs by %.2g", p.Lambda, d))
			whys = append(whys, "")
		}
	}
	return diffs, whys, nil
}

// fltVerifyGambit counts Gambit's distinct NE lines of a run and those
// that are not equilibria (relative regret above tol).
func fltVerifyGambit(n *game.Normal, r fltRun, tol, scale float64) (lines, bad int) {
	ref, err := peertest.NELines(r.ref())
	if err != nil {
		return 0, 0
	}
	var seen [][]float64
	for _, v := range ref {
		dup := false
		for _, w := range seen {
			if fltDist(v, w) < 1e-9 {
				dup = true
				break
			}
		}
		if dup || len(v) != len(fltFlat(fltUnflat(n, make([]float64, 1<<12)[:len(v)]))) {
			continue
		}
		seen = append(seen, v)
		if fltRelRegret(n, v) > tol*scale {
			bad++
		}
	}
	return len(seen), bad
}

// fltFindOne runs a method that finds some equilibria on every game
// Gambit ran tool on and judges that at least one verified equilibrium
// comes back (Gambit's random starts cannot be reproduced, so the
// equilibria need not be Gambit's).
func fltFindOne(t *testing.T, tool string, tol float64, solveFn func(ctx context.Context, n *game.Normal, budget int) ([]game.Mixed, error)) {
	var ty tally
	found, gambitFound, gambitBad := 0, 0, 0
	for _, r := range fltRuns(t, tool) {
		if testing.Short() && r.status == "timeout" {
			ty.add(fltSkipped, r.name, "")
			continue
		}
		fg, err := fltLoad(r)
		if kind, note, done := fltLoadFailed(r, err); done {
			ty.add(kind, r.name, note)
			if kind == fltMismatch {
				t.Errorf("%s: %s", r.name, note)
			}
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		budget := 0
		if r.status != "ok" {
			budget = 3e8
		}
		start := time.Now()
		eqs, err := solveFn(ctx, fg.n, budget)
		elapsed := time.Since(start)
		cancel()
		for _, e := range eqs {
			if reg := solve.RegretMixed(fg.n, e) / fltRange(fg.n); reg > tol {
				t.Errorf("%s: reported profile has relative regret %.3g", r.name, reg)
			}
		}
		lines, bad := fltVerifyGambit(fg.n, r, tol, fg.gambitScale)
		gambitFound += lines - bad
		gambitBad += bad
		found += len(eqs)
		note := ""
		if bad > 0 {
			note = fmt.Sprintf("%d of Gambit's %d distinct NE lines are not equilibria", bad, lines)
		}
		switch {
		case len(eqs) > 0 && r.status == "ok":
			ty.add(fltVerified, r.name, note)
		case len(eqs) > 0:
			ty.add(fltExtended, r.name, fmt.Sprintf("%d equilibria in %.2fs (Gambit %s after %.1fs)", len(eqs), elapsed.Seconds(), r.status, r.seconds))
		case r.status != "ok":
			ty.add(fltStopped, r.name, fmt.Sprintf("%v (Gambit: %s)", err, r.status))
		default:
			ty.add(fltMismatch, r.name, fmt.Sprintf("no equilibrium: %v", err))
			t.Errorf("%s: no equilibrium: %v", r.name, err)
		}
	}
	t.Logf("%s: %d verified equilibria in all (Gambit: %d distinct verified lines, %d lines that are not equilibria)", tool, found, gambitFound, gambitBad)
	ty.report(t, tool)
}

// TestFloatGNM checks GNM on every game gambit-gnm ran on (three rays, as
// the reference runs used).
func TestFloatGNM(t *testing.T) {
	fltFindOne(t, "gnm", 1e-6, func(ctx context.Context, n *game.Normal, budget int) ([]game.Mixed, error) {
		opt := solve.GNMOptions{}
		opt.Starts, opt.Seed, opt.Budget = 3, 1, budget
		return solve.GNM(ctx, n, opt)
	})
}

// TestFloatIPA checks IPA on every game gambit-ipa ran on (three rays).
func TestFloatIPA(t *testing.T) {
	fltFindOne(t, "ipa", 1e-6, func(ctx context.Context, n *game.Normal, budget int) ([]game.Mixed, error) {
		opt := solve.IPAOptions{}
		opt.Starts, opt.Seed, opt.Budget = 3, 1, budget
		return solve.IPA(ctx, n, opt)
	})
}

// TestFloatLiap checks Liap (10 starts, as the reference runs) on every
// game gambit-liap ran on.
func TestFloatLiap(t *testing.T) {
	fltFindOne(t, "liap", 1e-4, func(ctx context.Context, n *game.Normal, budget int) ([]game.Mixed, error) {
		opt := solve.LiapOptions{}
		opt.Seed, opt.Budget = 1, budget
		return solve.Liap(ctx, n, opt)
	})
}

// TestFloatEnumPoly compares EnumPoly with gambit-enumpoly (strategic:
// -S for trees): every verified equilibrium Gambit prints must be among
// ours. On two-player games it also counts how many of gambit-enummixed's
// extreme equilibria (a complete list) EnumPoly finds.
func TestFloatEnumPoly(t *testing.T) {
	var ty tally
	superset, gambitEq, ours, emTotal, emFound := 0, 0, 0, 0, 0
	for _, tool := range []string{"enumpoly", "enumpoly-S"} {
		for _, r := range fltRuns(t, tool) {
			if (tool == "enumpoly") != (r.form == "nfg") {
				continue
			}
			if testing.Short() && (r.status == "timeout" || r.seconds > 1) {
				ty.add(fltSkipped, r.name, "")
				continue
			}
			fg, err := fltLoad(r)
			if kind, note, done := fltLoadFailed(r, err); done {
				ty.add(kind, r.name, note)
				if kind == fltMismatch {
					t.Errorf("%s: %s", r.name, note)
				}
				continue
			}
			limit := 20 * time.Second
			opt := solve.EnumPolyOptions{}
			opt.Budget = 2e10 // n-player supports need many homotopy paths
			if r.status != "ok" {
				// Gambit gave up: a short try, to show how far we get.
				limit, opt.Budget = 300*time.Millisecond, 3e7
			}
			ctx, cancel := context.WithTimeout(context.Background(), limit)
			start := time.Now()
			eqs, err := solve.EnumPoly(ctx, fg.n, opt)
			elapsed := time.Since(start)
			cancel()
			if elapsed > time.Second {
				t.Logf("slow: %s %.1fs", r.name, elapsed.Seconds())
			}
			ours += len(eqs)
			ref, _ := peertest.NELines(r.ref())
			missing := 0
			for _, v := range ref {
				if fltRelRegret(fg.n, v) > 1e-6*fg.gambitScale {
					continue // not an equilibrium
				}
				gambitEq++
				if !fltContains(eqs, v, 1e-6) {
					missing++
				}
			}
			if fg.n != nil && len(fg.n.Players) == 2 {
				em := r
				em.tool = "enummixed"
				if lines, err := peertest.NELines(em.ref()); err == nil {
					for _, v := range fltDistinct(lines) {
						emTotal++
						if fltContains(eqs, v, 1e-6) {
							emFound++
						}
					}
				}
			}
			switch {
			case err != nil && !errors.Is(err, solve.ErrNotFound) && r.status == "ok":
				ty.add(fltMismatch, r.name, err.Error())
				t.Errorf("%s: %v", r.name, err)
			case missing > 0 && r.status == "ok":
				ty.add(fltMismatch, r.name, fmt.Sprintf("misses %d of Gambit's equilibria", missing))
				t.Errorf("%s: misses %d of Gambit's equilibria (we found %d)", r.name, missing, len(eqs))
			case r.status != "ok" && err != nil && !errors.Is(err, solve.ErrNotFound):
				ty.add(fltStopped, r.name, fmt.Sprintf("%d equilibria before: %v (Gambit: %s, %d lines)", len(eqs), err, r.status, len(ref)))
			case r.status != "ok":
				ty.add(fltExtended, r.name, fmt.Sprintf("%d equilibria in %.2fs (Gambit %s after %.1fs with %d lines, all among ours: %v)", len(eqs), elapsed.Seconds(), r.status, r.seconds, len(ref), missing == 0))
			default:
				superset++
				ty.add(fltMatched, r.name, "")
			}
		}
	}
	t.Logf("enumpoly: superset of Gambit's verified equilibria on %d games; %d equilibria found in all, Gambit %d verified lines; two-player games: %d of gambit-enummixed's %d extreme equilibria found", superset, ours, gambitEq, emFound, emTotal)
	ty.report(t, "enumpoly")
}

// fltContains reports whether some profile of eqs is within tol of v.
func fltContains(eqs []game.Mixed, v []float64, tol float64) bool {
	for _, e := range eqs {
		if fltDist(fltFlat(e), v) <= tol {
			return true
		}
	}
	return false
}

// fltDistinct drops duplicate lines.
func fltDistinct(lines [][]float64) [][]float64 {
	var out [][]float64
	for _, v := range lines {
		dup := false
		for _, w := range out {
			if fltDist(v, w) < 1e-12 {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

// TestFloatRandomGames compares the methods with Gambit's timing runs on
// the random games (random/reference): SimpDiv's exact end point, the
// logit end point (to 1e-6), EnumPoly as a superset of gambit-enumpoly's
// equilibria; GNM, IPA and Liap verify (their rays and starts differ).
// Where Gambit ran out of time, the heavy runs are left to the benchmarks
// (docs/benchmarks-solve-float.md): SimpDiv on rand_30x30_s2 (6 s) and
// rand_20x20_s1 (an error after 50 s, its grid exhausted), EnumPoly on
// rand_5x5x5_s1 (45 s). EnumPoly on rand_3x3x3x3_s1 (1 s) is skipped in
// -short mode.
func TestFloatRandomGames(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(peertest.Need(t, filepath.Join(peerDir, "random", "games")), "*.nfg"))
	ctx := context.Background()
	large := solve.FloatOptions{Seed: 1, Budget: 1 << 40}
	for _, f := range files {
		gf, err := gambit.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n, name := gf.Normal, filepath.Base(f)
		ref := func(tool string) string {
			return filepath.Join(peerDir, "random", "reference", name+"."+tool+".txt")
		}
		if name != "rand_20x20_s1.nfg" && name != "rand_30x30_s2.nfg" {
			eqs, err := solve.SimpDiv(ctx, n, solve.SimpDivOptions{FloatOptions: solve.FloatOptions{Budget: 1 << 40}})
			data, _ := os.ReadFile(ref("simpdiv"))
			want := strings.TrimSpace(string(data))
			if err != nil {
				t.Errorf("%s: simpdiv: %v", name, err)
			} else if got := gambit.FormatRats("NE", eqs[0].Flat()); want != "" && got != want {
				t.Errorf("%s: simpdiv: got %s, Gambit %s", name, got, want)
			}
		}
		lg, err := solve.LogitNormal(ctx, n, solve.LogitOptions{Budget: 1 << 40})
		if lines, _ := peertest.NELines(ref("logit")); err != nil || len(lines) == 0 || fltDist(fltFlat(lg.End.Profile), lines[0]) > 1e-6 {
			t.Errorf("%s: logit end point differs from Gambit's (%v)", name, err)
		}
		for tool, eqs := range map[string]func() ([]game.Mixed, error){
			"gnm": func() ([]game.Mixed, error) { return solve.GNM(ctx, n, solve.GNMOptions{FloatOptions: large}) },
			"ipa": func() ([]game.Mixed, error) { return solve.IPA(ctx, n, solve.IPAOptions{FloatOptions: large}) },
		} {
			got, err := eqs()
			if err != nil || len(got) == 0 {
				t.Errorf("%s: %s: %v", name, tool, err)
			}
			fltCheck(t, n, got, 1e-6*99)
		}
		if len(n.Players) == 2 || name == "rand_5x5x5_s1.nfg" {
			continue
		}
		liap, err := solve.Liap(ctx, n, solve.LiapOptions{FloatOptions: large})
		if err != nil {
			t.Errorf("%s: liap: %v", name, err)
		}
		fltCheck(t, n, liap, 1e-4*99)
		if testing.Short() && name == "rand_3x3x3x3_s1.nfg" {
			continue
		}
		all, err := solve.EnumPoly(ctx, n, solve.EnumPolyOptions{FloatOptions: large})
		if err != nil {
			t.Errorf("%s: enumpoly: %v", name, err)
		}
		lines, _ := peertest.NELines(ref("enumpoly"))
		missing := 0
		for _, v := range lines {
			if !fltContains(all, v, 1e-6) {
				missing++
			}
		}
		if missing > 0 {
			t.Errorf("%s: enumpoly misses %d of Gambit's %d equilibria", name, missing, len(lines))
		}
		t.Logf("%s: enumpoly finds %d equilibria, Gambit %d (all among ours)", name, len(all), len(lines))
	}
}
