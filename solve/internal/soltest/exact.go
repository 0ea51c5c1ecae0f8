package soltest

import (
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

// CheckStrategicRuns checks an exact method of strategic games against
// Gambit's tool and its -S runs on trees (the trees' own runs belong to
// the sequence-form tests), and fails on any mismatch.
func CheckStrategicRuns(t *testing.T, tool string, check func(*testing.T, RefRun, string, *gambit.File) (kind, note string)) {
	var ty Tally
	for _, tl := range []string{tool, tool + "-S"} {
		for _, r := range PeerRuns(t, tl) {
			if tl == tool && r.Form == "efg" {
				continue
			}
			if testing.Short() && r.Status == "timeout" {
				ty.Add(ExactSkipped, r.Game, "")
				continue
			}
			f := ReadPeer(t, r)
			if f == nil {
				ty.Add(ExactUnreadable, r.Game, "")
				continue
			}
			kind, note := check(t, r, tl, f)
			ty.Add(tl+": "+kind, r.Game, note)
		}
	}
	ty.Report(t, tool)
	for k, n := range ty.Counts {
		if strings.HasSuffix(k, ExactMismatch) {
			t.Errorf("%d mismatches (%s)", n, k)
		}
	}
}

// Bimatrix builds a two-player game from payoff rows "a,b a,b; a,b a,b"
// (rows: player 1's strategies).
func Bimatrix(t testing.TB, spec string) *game.Normal {
	t.Helper()
	rows := strings.Split(spec, ";")
	m := len(rows)
	k := len(strings.Fields(rows[0]))
	n := &game.Normal{Players: []string{"1", "2"}, Strategies: [][]string{make([]string, m), make([]string, k)}}
	n.Cells = make([]*game.Outcome, m*k)
	for i, row := range rows {
		cells := strings.Fields(row)
		if len(cells) != k {
			t.Fatalf("row %d has %d cells", i+1, len(cells))
		}
		for j, c := range cells {
			o := &game.Outcome{}
			for _, f := range strings.Split(c, ",") {
				v, ok := new(big.Rat).SetString(f)
				if !ok {
					t.Fatalf("bad payoff %q", f)
				}
				o.Payoffs = append(o.Payoffs, v)
			}
			n.Cells[n.Index([]int{i, j})] = o
		}
	}
	return n
}

func LineSet(eqs []game.MixedRat) []string {
	var out []string
	for _, e := range eqs {
		out = append(out, MixedLine(e))
	}
	sort.Strings(out)
	return out
}

// ExactStatus returns the status of tool on game ("" when not run).
func ExactStatus(t testing.TB, game, tool string) string {
	for _, r := range Index(t) {
		if r.Game == game && r.Tool == tool {
			return r.Status
		}
	}
	return ""
}

// Index returns every row of reference/index.csv, skipping the test when
// the shared reference data is absent.
func Index(t testing.TB) []RefRun {
	t.Helper()
	rows, col := PeerIndex(t)
	var out []RefRun
	for _, r := range rows {
		out = append(out, RefRun{Game: r[col["game"]], File: r[col["file"]], Form: r[col["form"]], Tool: r[col["tool"]], Status: r[col["status"]]})
	}
	return out
}

// ExactLines returns the distinct profiles of the lines of a reference
// output whose tag satisfies keep, normalized, grouped by tag.
func ExactLines(t testing.TB, path string, keep func(tag string) bool) map[string]map[string]bool {
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

// ExactNE returns the distinct NE lines of a reference output.
func ExactNE(t testing.TB, path string) map[string]bool {
	lines := ExactLines(t, path, func(tag string) bool { return tag == "NE" })["NE"]
	if lines == nil {
		lines = map[string]bool{}
	}
	return lines
}

// ExactConvex returns the convex-N sets of a gambit-enummixed -c output,
// each as its sorted distinct NE lines joined by "|".
func ExactConvex(t testing.TB, path string) map[string]bool {
	groups := ExactLines(t, path, func(tag string) bool { return strings.HasPrefix(tag, "convex-") })
	out := map[string]bool{}
	for _, g := range groups {
		out[JoinSet(g)] = true
	}
	return out
}

func JoinSet(s map[string]bool) string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, "|")
}

// ExactLrsnash returns the equilibria of an lrsnash output for an m×n
// game as NE lines: every "1" line of a block pairs with every "2" line.
func ExactLrsnash(t testing.TB, path string, m, n int) map[string]bool {
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

// ExactNormal reads the game of a run as a strategic game: its reduced
// strategic form for a tree. It returns an error for trees without perfect
// recall (which Gambit refuses) and reduced forms over maxProfiles.
func ExactNormal(f *gambit.File, maxProfiles int) (*game.Normal, error) {
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

// ReadPeer reads a reference game; unreadable formats (agg, bagg) give nil.
func ReadPeer(t testing.TB, r RefRun) *gambit.File {
	t.Helper()
	f, err := gambit.ReadFile(filepath.Join(PeerDir, r.File))
	if err != nil {
		if r.Form == "agg" || r.Form == "bagg" {
			return nil
		}
		t.Fatalf("%s: %v", r.Game, err)
	}
	return f
}

// MixedLine formats a mixed profile as an NE line.
func MixedLine(m game.MixedRat) string { return gambit.FormatRats("NE", m.Flat()) }

// CheckMixedNash fails the test unless every profile is an exact Nash
// equilibrium of n.
func CheckMixedNash(t *testing.T, what string, n *game.Normal, eqs []game.MixedRat) {
	t.Helper()
	for _, m := range eqs {
		for p, s := range m {
			sum := new(big.Rat)
			for _, v := range s {
				if v.Sign() < 0 {
					t.Fatalf("%s: negative probability in %s", what, MixedLine(m))
				}
				sum.Add(sum, v)
			}
			if sum.Cmp(big.NewRat(1, 1)) != 0 {
				t.Fatalf("%s: player %d's probabilities sum to %s in %s", what, p+1, sum.RatString(), MixedLine(m))
			}
		}
		if r := solve.RegretMixedRat(n, m); r.Sign() != 0 {
			t.Fatalf("%s: %s has regret %s", what, MixedLine(m), r.RatString())
		}
	}
}

// SetDiff describes how two sets of lines differ.
func SetDiff(ours, ref map[string]bool) string {
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

func SameSet(a, b map[string]bool) bool {
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
	ExactMatched     = "matched"
	ExactRefused     = "refused like Gambit"
	ExactTooLarge    = "reduced form too large, like Gambit"
	ExactLrs         = "Gambit timed out, matched lrsnash"
	ExactVerified    = "Gambit and lrsnash stopped, every equilibrium verified"
	ExactBothStopped = "stopped (time or budget), like Gambit and lrsnash"
	ExactGambitWrong = "Gambit known wrong, ours verified"
	ExactSkipped     = "skipped in -short mode"
	ExactUnreadable  = "not read (agg/bagg)"
	ExactMismatch    = "MISMATCH"
)

// GambitKnownWrong lists runs where Gambit's output is known to be wrong
// (../shared/research/gambit.md §6.2).
var GambitKnownWrong = map[string]string{
	"tests/test_games/large_payoff_game": "payoffs near 10^19 overflow Gambit (enummixed prints nothing, lcp -S fails) and lrsnash (wrong payoff)",
}

// ExactStopLimit is the time given to games on which both Gambit and
// lrsnash ran out of time.
const ExactStopLimit = 3 * time.Second

// ExactMaxProfiles bounds the reduced strategic forms the tests build.
const ExactMaxProfiles = 4_000_000

func SlowNote(d time.Duration) string {
	if d > time.Second {
		return fmt.Sprintf("took %v", d.Round(time.Millisecond))
	}
	return ""
}

// ReadErr returns the contents of a reference .err file, or "".
func ReadErr(t *testing.T, path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}

// ParseMixed parses an NE line of n's mixed profile.
func ParseMixed(t *testing.T, line string, n *game.Normal) game.MixedRat {
	fields := strings.Split(line, ",")[1:]
	m := make(game.MixedRat, len(n.Strategies))
	for p, s := range n.Strategies {
		for range s {
			v, ok := new(big.Rat).SetString(fields[0])
			if !ok {
				t.Fatalf("bad number in %q", line)
			}
			m[p] = append(m[p], v)
			fields = fields[1:]
		}
	}
	return m
}

// PayoffRat returns player 1's exact expected payoff under m.
func PayoffRat(n *game.Normal, m game.MixedRat) *big.Rat {
	vals := n.StrategyValuesRat(m, 0)
	sum := new(big.Rat)
	for k, v := range vals {
		sum.Add(sum, new(big.Rat).Mul(v, m[0][k]))
	}
	return sum
}

func LineKeys(s map[string]bool) []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	return out
}
