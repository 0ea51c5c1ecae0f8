package solve_test

// Conformance of the exact two-player methods with Gambit: this file
// holds the helpers shared by the enummixed, lcp, lp and sequence-form
// conformance tests, and the enummixed test itself.

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// exactRun is one row of the reference index.csv.
type exactRun struct {
	game, file, form, tool, status string
}

func (r exactRun) refPath(tool, ext string) string {
	return filepath.Join(peerDir, "reference", strings.TrimPrefix(r.file, "games/")+"."+tool+ext)
}

// exactRuns returns the index.csv rows of tool, skipping the test when
// the shared reference data is absent.
func exactRuns(t testing.TB, tool string) []exactRun {
	t.Helper()
	rows := exactIndex(t)
	var out []exactRun
	for _, r := range rows {
		if r.tool == tool {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s rows in index.csv", tool)
	}
	return out
}

// exactStatus returns the status of tool on game ("" when not run).
func exactStatus(t testing.TB, game, tool string) string {
	for _, r := range exactIndex(t) {
		if r.game == game && r.tool == tool {
			return r.status
		}
	}
	return ""
}

func exactIndex(t testing.TB) []exactRun {
	t.Helper()
	rows, col := peerIndex(t)
	var out []exactRun
	for _, r := range rows {
		out = append(out, exactRun{game: r[col["game"]], file: r[col["file"]], form: r[col["form"]], tool: r[col["tool"]], status: r[col["status"]]})
	}
	return out
}

// exactLines returns the distinct profiles of the lines of a reference
// output whose tag satisfies keep, normalized, grouped by tag.
func exactLines(t testing.TB, path string, keep func(tag string) bool) map[string]map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Split(strings.TrimSpace(line), ",")
		if !keep(fields[0]) {
			continue
		}
		v := make([]*big.Rat, len(fields)-1)
		for i, f := range fields[1:] {
			r, ok := new(big.Rat).SetString(f)
			if !ok {
				t.Fatalf("%s: bad number %q", path, f)
			}
			v[i] = r
		}
		if out[fields[0]] == nil {
			out[fields[0]] = map[string]bool{}
		}
		out[fields[0]][gambit.FormatRats("NE", v)] = true
	}
	return out
}

// exactNE returns the distinct NE lines of a reference output.
func exactNE(t testing.TB, path string) map[string]bool {
	lines := exactLines(t, path, func(tag string) bool { return tag == "NE" })["NE"]
	if lines == nil {
		lines = map[string]bool{}
	}
	return lines
}

// exactConvex returns the convex-N sets of a gambit-enummixed -c output,
// each as its sorted distinct NE lines joined by "|".
func exactConvex(t testing.TB, path string) map[string]bool {
	groups := exactLines(t, path, func(tag string) bool { return strings.HasPrefix(tag, "convex-") })
	out := map[string]bool{}
	for _, g := range groups {
		out[joinSet(g)] = true
	}
	return out
}

func joinSet(s map[string]bool) string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, "|")
}

// exactLrsnash returns the equilibria of an lrsnash output for an m×n
// game as NE lines: every "1" line of a block pairs with every "2" line.
func exactLrsnash(t testing.TB, path string, m, n int) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	var xs, ys [][]*big.Rat
	flush := func() {
		for _, x := range xs {
			for _, y := range ys {
				out[gambit.FormatRats("NE", append(slices.Clone(x), y...))] = true
			}
		}
		xs, ys = nil, nil
	}
	parse := func(fields []string, k int) []*big.Rat {
		if len(fields) < k+1 {
			t.Fatalf("%s: short line %q", path, strings.Join(fields, " "))
		}
		v := make([]*big.Rat, k)
		for i := range v {
			r, ok := new(big.Rat).SetString(fields[i+1])
			if !ok {
				t.Fatalf("%s: bad number %q", path, fields[i+1])
			}
			v[i] = r
		}
		return v
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) == 0:
			flush()
		case fields[0] == "1":
			xs = append(xs, parse(fields, m))
		case fields[0] == "2":
			ys = append(ys, parse(fields, n))
		}
	}
	flush()
	return out
}

// exactNormal reads the game of a run as a strategic game: its reduced
// strategic form for a tree. It returns an error for trees without perfect
// recall (which Gambit refuses) and reduced forms over maxProfiles.
func exactNormal(f *gambit.File, maxProfiles int) (*game.Normal, error) {
	if f.Normal != nil {
		return f.Normal, nil
	}
	if err := f.Tree.PerfectRecall(); err != nil {
		return nil, err
	}
	r, err := f.Tree.Reduce(maxProfiles)
	if err != nil {
		return nil, err
	}
	return r.Normal, nil
}

// readPeer reads a reference game; unreadable formats (agg, bagg) give nil.
func readPeer(t testing.TB, r exactRun) *gambit.File {
	t.Helper()
	f, err := gambit.ReadFile(filepath.Join(peerDir, r.file))
	if err != nil {
		if r.form == "agg" || r.form == "bagg" {
			return nil
		}
		t.Fatalf("%s: %v", r.game, err)
	}
	return f
}

// mixedLine formats a mixed profile as an NE line.
func mixedLine(m game.MixedRat) string { return gambit.FormatRats("NE", m.Flat()) }

// checkMixedNash fails the test unless every profile is an exact Nash
// equilibrium of n.
func checkMixedNash(t *testing.T, what string, n *game.Normal, eqs []game.MixedRat) {
	t.Helper()
	for _, m := range eqs {
		for p, s := range m {
			sum := new(big.Rat)
			for _, v := range s {
				if v.Sign() < 0 {
					t.Fatalf("%s: negative probability in %s", what, mixedLine(m))
				}
				sum.Add(sum, v)
			}
			if sum.Cmp(big.NewRat(1, 1)) != 0 {
				t.Fatalf("%s: player %d's probabilities sum to %s in %s", what, p+1, sum.RatString(), mixedLine(m))
			}
		}
		if r := solve.RegretMixedRat(n, m); r.Sign() != 0 {
			t.Fatalf("%s: %s has regret %s", what, mixedLine(m), r.RatString())
		}
	}
}

// setDiff describes how two sets of lines differ.
func setDiff(ours, ref map[string]bool) string {
	var only, missing []string
	for k := range ours {
		if !ref[k] {
			only = append(only, k)
		}
	}
	for k := range ref {
		if !ours[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(only)
	sort.Strings(missing)
	nOnly, nMissing := len(only), len(missing)
	if len(only) > 3 {
		only = only[:3]
	}
	if len(missing) > 3 {
		missing = missing[:3]
	}
	return fmt.Sprintf("%d ours only %q, %d reference only %q", nOnly, only, nMissing, missing)
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// Outcome kinds of the exact conformance tests. Only exactMismatch fails.
const (
	exactMatched     = "matched"
	exactRefused     = "refused like Gambit"
	exactTooLarge    = "reduced form too large, like Gambit"
	exactLrs         = "Gambit timed out, matched lrsnash"
	exactVerified    = "Gambit and lrsnash stopped, every equilibrium verified"
	exactBothStopped = "stopped (time or budget), like Gambit and lrsnash"
	exactGambitWrong = "Gambit known wrong, ours verified"
	exactSkipped     = "skipped in -short mode"
	exactUnreadable  = "not read (agg/bagg)"
	exactMismatch    = "MISMATCH"
)

// gambitKnownWrong lists runs where Gambit's output is known to be wrong
// (../shared/research/gambit.md §6.2).
var gambitKnownWrong = map[string]string{
	"tests/test_games/large_payoff_game": "payoffs near 10^19 overflow Gambit (enummixed prints nothing, lcp -S fails) and lrsnash (wrong payoff)",
}

// exactStopLimit is the time given to games on which both Gambit and
// lrsnash ran out of time.
const exactStopLimit = 3 * time.Second

// exactMaxProfiles bounds the reduced strategic forms the tests build.
const exactMaxProfiles = 4_000_000

func TestGambitEnumMixed(t *testing.T) {
	runs := exactRuns(t, "enummixed")
	var ty tally
	for _, r := range runs {
		if testing.Short() && r.status == "timeout" {
			ty.add(exactSkipped, r.game, "")
			continue
		}
		f := readPeer(t, r)
		if f == nil {
			ty.add(exactUnreadable, r.game, "")
			continue
		}
		kind, note := checkEnumMixedRun(t, r, f)
		ty.add(kind, r.game, note)
	}
	ty.report(t, "enummixed")
	if ty.counts[exactMismatch] > 0 {
		t.Errorf("%d mismatches with Gambit's enummixed", ty.counts[exactMismatch])
	}
}

// checkEnumMixedRun compares one game with Gambit's enummixed -c output.
func checkEnumMixedRun(t *testing.T, r exactRun, f *gambit.File) (kind, note string) {
	players := 0
	if f.Normal != nil {
		players = len(f.Normal.Players)
	} else {
		players = len(f.Tree.Players)
	}
	n, err := exactNormal(f, exactMaxProfiles)
	switch {
	case errors.Is(err, game.ErrTooLarge) && r.status != "ok":
		return exactTooLarge, err.Error()
	case err != nil && r.status == "error":
		return exactRefused, ""
	case err != nil:
		return exactMismatch, err.Error()
	}
	limit := 60 * time.Second
	bothStopped := r.status == "timeout" && exactStatus(t, r.game, "lrsnash") != "ok"
	if bothStopped {
		limit = exactStopLimit
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	start := time.Now()
	res, err := solve.EnumMixed(ctx, n, 0)
	elapsed := time.Since(start)
	switch {
	case err != nil && r.status == "error" && players != 2:
		return exactRefused, ""
	case err != nil && bothStopped && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, solve.ErrBudget)):
		return exactBothStopped, fmt.Sprintf("%s: %v", sizeOf(n), err)
	case err != nil:
		return exactMismatch, err.Error()
	}
	what := r.game + " (enummixed)"
	checkMixedNash(t, what, n, res.Equilibria)
	ours := map[string]bool{}
	for _, e := range res.Equilibria {
		ours[mixedLine(e)] = true
	}
	if len(ours) != len(res.Equilibria) {
		return exactMismatch, "duplicate equilibria"
	}
	if why, ok := gambitKnownWrong[r.game]; ok {
		return exactGambitWrong, fmt.Sprintf("%d equilibria; %s", len(ours), why)
	}
	switch r.status {
	case "ok":
		ref := exactNE(t, r.refPath("enummixed", ".txt"))
		if !sameSet(ours, ref) {
			return exactMismatch, setDiff(ours, ref)
		}
		comps := map[string]bool{}
		for _, c := range res.Components {
			set := map[string]bool{}
			for _, i := range c {
				set[mixedLine(res.Equilibria[i])] = true
			}
			comps[joinSet(set)] = true
		}
		if refComps := exactConvex(t, r.refPath("enummixed", ".txt")); !sameSet(comps, refComps) {
			return exactMismatch, fmt.Sprintf("components: %d ours, %d Gambit's", len(comps), len(refComps))
		}
		return exactMatched, slowNote(elapsed)
	case "timeout":
		if exactStatus(t, r.game, "lrsnash") == "ok" {
			ref := exactLrsnash(t, r.refPath("lrsnash", ".txt"), len(n.Strategies[0]), len(n.Strategies[1]))
			if !sameSet(ours, ref) {
				return exactMismatch, "lrsnash: " + setDiff(ours, ref)
			}
			return exactLrs, fmt.Sprintf("%d equilibria, %d components, %v", len(ours), len(res.Components), elapsed.Round(time.Millisecond))
		}
		return exactVerified, fmt.Sprintf("%s: %d equilibria, %d components, %v", sizeOf(n), len(ours), len(res.Components), elapsed.Round(time.Millisecond))
	}
	return exactMismatch, "Gambit refused, we did not"
}

func slowNote(d time.Duration) string {
	if d > time.Second {
		return fmt.Sprintf("took %v", d.Round(time.Millisecond))
	}
	return ""
}

func sizeOf(n *game.Normal) string {
	parts := make([]string, len(n.Strategies))
	for p, s := range n.Strategies {
		parts[p] = fmt.Sprint(len(s))
	}
	return strings.Join(parts, "×")
}
