package soltest

import (
	"context"
	"errors"
	"fmt"
	"math"
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

// FltRun is one row of the reference index.
type FltRun struct {
	Name, File, Form, Tool, Status string
	Seconds                        float64
}

// Ref returns the path of the run's output.
func (r FltRun) Ref() string {
	return filepath.Join(PeerDir, "reference", strings.TrimPrefix(r.File, "games/")+"."+r.Tool+".txt")
}

// FltRuns lists the .nfg and .efg rows of tool in reference/index.csv.
func FltRuns(t *testing.T, tool string) []FltRun {
	t.Helper()
	rows, col := PeerIndex(t)
	var out []FltRun
	for _, r := range rows {
		form := r[col["form"]]
		if r[col["tool"]] != tool || (form != "nfg" && form != "efg") {
			continue
		}
		sec, _ := strconv.ParseFloat(r[col["seconds"]], 64)
		out = append(out, FltRun{Name: strings.TrimPrefix(r[col["file"]], "games/"), File: r[col["file"]],
			Form: form, Tool: tool, Status: r[col["status"]], Seconds: sec})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// FltGame is a reference game in strategic form.
type FltGame struct {
	N *game.Normal
	// GambitScale is Gambit's payoff range divided by the range over
	// n's cells: Gambit scales tolerances of trees by the range of their
	// outcomes, not of the reduced strategic form's payoffs.
	GambitScale float64
}

// FltLoad reads a reference game as a strategic game (the reduced
// strategic form of a tree). It fails, wrapping errImperfectRecall, when
// the game has no mixed strategies.
func FltLoad(r FltRun) (FltGame, error) {
	f, err := gambit.ReadFile(filepath.Join(PeerDir, r.File))
	if err != nil {
		return FltGame{}, err
	}
	if f.Normal != nil {
		return FltGame{N: f.Normal, GambitScale: 1}, nil
	}
	if err := f.Tree.PerfectRecall(); err != nil {
		return FltGame{}, fmt.Errorf("%w: %v", ErrImperfectRecall, err)
	}
	red, err := f.Tree.Reduce(1 << 20)
	if err != nil {
		return FltGame{}, err
	}
	lo, hi := FltPlayRange(f.Tree)
	ratio := 1.0
	if hi > lo {
		ratio = (hi - lo) / FltRange(red.Normal)
	}
	return FltGame{N: red.Normal, GambitScale: ratio}, nil
}

// FltPlayRange returns the smallest and largest payoff of any play of g
// (the sum of the outcomes along a path to a terminal node).
func FltPlayRange(g *game.Game) (lo, hi float64) {
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

// FltLoadFailed judges a game that could not be loaded: refused like
// Gambit (imperfect recall), or too large where Gambit timed out too.
func FltLoadFailed(r FltRun, err error) (kind, note string, done bool) {
	switch {
	case err == nil:
		return "", "", false
	case errors.Is(err, ErrImperfectRecall) && r.Status == "error":
		return FltRefused, "", true
	case errors.Is(err, game.ErrTooLarge) && r.Status != "ok":
		return FltStopped, fmt.Sprintf("%v (Gambit: %s)", err, r.Status), true
	}
	return FltMismatch, err.Error(), true
}

var ErrImperfectRecall = errors.New("imperfect recall")

// FltFlat flattens a profile.
func FltFlat(m game.Mixed) []float64 {
	var out []float64
	for _, s := range m {
		out = append(out, s...)
	}
	return out
}

// FltUnflat shapes a flat profile like n's strategies.
func FltUnflat(n *game.Normal, v []float64) game.Mixed {
	m := make(game.Mixed, len(n.Players))
	k := 0
	for p, s := range n.Strategies {
		m[p] = append([]float64(nil), v[k:k+len(s)]...)
		k += len(s)
	}
	return m
}

// FltRange returns the payoff range of n (1 if constant).
func FltRange(n *game.Normal) float64 {
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

// FltRelRegret returns the regret of a flat profile relative to the
// payoff range.
func FltRelRegret(n *game.Normal, v []float64) float64 {
	return solve.RegretMixed(n, FltUnflat(n, v)) / FltRange(n)
}

// FltDist returns the largest difference between two flat profiles.
func FltDist(a, b []float64) float64 {
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
	FltMatched    = "matched"
	FltVerified   = "verified (Gambit's run is not reproducible)"
	FltRefused    = "refused like Gambit"
	FltExtended   = "solved where Gambit failed or timed out"
	FltStopped    = "stopped (budget or cap) where Gambit failed or timed out"
	FltSkipped    = "skipped in -short mode"
	FltMismatch   = "MISMATCH"
	FltTooLarge   = "too large for the test"
	FltGambitOnly = "Gambit refused, we solve"
)

// FltVerifyGambit counts Gambit's distinct NE lines of a run and those
// that are not equilibria (relative regret above tol).
func FltVerifyGambit(n *game.Normal, r FltRun, tol, scale float64) (lines, bad int) {
	ref, err := peertest.NELines(r.Ref())
	if err != nil {
		return 0, 0
	}
	var seen [][]float64
	for _, v := range ref {
		dup := false
		for _, w := range seen {
			if FltDist(v, w) < 1e-9 {
				dup = true
				break
			}
		}
		if dup || len(v) != len(FltFlat(FltUnflat(n, make([]float64, 1<<12)[:len(v)]))) {
			continue
		}
		seen = append(seen, v)
		if FltRelRegret(n, v) > tol*scale {
			bad++
		}
	}
	return len(seen), bad
}

// FltFindOne runs a method that finds some equilibria on every game
// Gambit ran tool on and judges that at least one verified equilibrium
// comes back (Gambit's random starts cannot be reproduced, so the
// equilibria need not be Gambit's).
func FltFindOne(t *testing.T, tool string, tol float64, solveFn func(ctx context.Context, n *game.Normal, budget int) ([]game.Mixed, error)) {
	var ty Tally
	found, gambitFound, gambitBad := 0, 0, 0
	for _, r := range FltRuns(t, tool) {
		if testing.Short() && r.Status == "timeout" {
			ty.Add(FltSkipped, r.Name, "")
			continue
		}
		fg, err := FltLoad(r)
		if kind, note, done := FltLoadFailed(r, err); done {
			ty.Add(kind, r.Name, note)
			if kind == FltMismatch {
				t.Errorf("%s: %s", r.Name, note)
			}
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		budget := 0
		if r.Status != "ok" {
			budget = 3e8
		}
		start := time.Now()
		eqs, err := solveFn(ctx, fg.N, budget)
		elapsed := time.Since(start)
		cancel()
		for _, e := range eqs {
			if reg := solve.RegretMixed(fg.N, e) / FltRange(fg.N); reg > tol {
				t.Errorf("%s: reported profile has relative regret %.3g", r.Name, reg)
			}
		}
		lines, bad := FltVerifyGambit(fg.N, r, tol, fg.GambitScale)
		gambitFound += lines - bad
		gambitBad += bad
		found += len(eqs)
		note := ""
		if bad > 0 {
			note = fmt.Sprintf("%d of Gambit's %d distinct NE lines are not equilibria", bad, lines)
		}
		switch {
		case len(eqs) > 0 && r.Status == "ok":
			ty.Add(FltVerified, r.Name, note)
		case len(eqs) > 0:
			ty.Add(FltExtended, r.Name, fmt.Sprintf("%d equilibria in %.2fs (Gambit %s after %.1fs)", len(eqs), elapsed.Seconds(), r.Status, r.Seconds))
		case r.Status != "ok":
			ty.Add(FltStopped, r.Name, fmt.Sprintf("%v (Gambit: %s)", err, r.Status))
		default:
			ty.Add(FltMismatch, r.Name, fmt.Sprintf("no equilibrium: %v", err))
			t.Errorf("%s: no equilibrium: %v", r.Name, err)
		}
	}
	t.Logf("%s: %d verified equilibria in all (Gambit: %d distinct verified lines, %d lines that are not equilibria)", tool, found, gambitFound, gambitBad)
	ty.Report(t, tool)
}

// FltContains reports whether some profile of eqs is within tol of v.
func FltContains(eqs []game.Mixed, v []float64, tol float64) bool {
	for _, e := range eqs {
		if FltDist(FltFlat(e), v) <= tol {
			return true
		}
	}
	return false
}

// FltDistinct drops duplicate lines.
func FltDistinct(lines [][]float64) [][]float64 {
	var out [][]float64
	for _, v := range lines {
		dup := false
		for _, w := range out {
			if FltDist(v, w) < 1e-12 {
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

// FltRandomGames reads the random reference games (sorted by name).
func FltRandomGames(b *testing.B) map[string]*game.Normal {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(PeerDir, "random", "games", "*.nfg"))
	if len(files) == 0 {
		b.Skip("../shared/peers/gambit not found: peer benchmarks need the shared reference data")
	}
	out := map[string]*game.Normal{}
	for _, f := range files {
		gf, err := gambit.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".nfg")] = gf.Normal
	}
	return out
}

// FltBench runs one sub-benchmark per random game; skip names games on
// which the method is not run (as Gambit did not time it there).
func FltBench(b *testing.B, skip func(name string, n *game.Normal) bool, run func(ctx context.Context, n *game.Normal) error) {
	games := FltRandomGames(b)
	names := make([]string, 0, len(games))
	for name := range games {
		names = append(names, name)
	}
	FltSortStrings(names)
	for _, name := range names {
		n := games[name]
		if skip != nil && skip(name, n) {
			continue
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := run(context.Background(), n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FltSortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j-1] > s[j]; j-- {
			s[j-1], s[j] = s[j], s[j-1]
		}
	}
}

// FltNPlayer reports games with more than two players (Gambit timed liap
// and enumpoly only on those).
func FltNPlayer(_ string, n *game.Normal) bool { return len(n.Players) <= 2 }

// FltBenchBudget lets every benchmark run to its end.
const FltBenchBudget = 1 << 40
