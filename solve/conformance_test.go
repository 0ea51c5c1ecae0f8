package solve_test

// Conformance with Gambit: the pure equilibria (gambit-enumpure, with and
// without -A) and the reduced strategic forms (gambit-convert -O html) of
// every game in the shared reference data must equal Gambit's.

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/peertest"
	"github.com/tablero-project/tablero/solve"
)

const peerDir = "../../shared/peers/gambit"

// refRun is one row of the reference index.csv.
type refRun struct {
	game, file, form, tool, status string
}

func (r refRun) gamePath() string { return filepath.Join(peerDir, r.file) }

func (r refRun) refPath(ext string) string {
	return filepath.Join(peerDir, "reference", strings.TrimPrefix(r.file, "games/")+"."+r.tool+ext)
}

// peerIndex reads reference/index.csv, one row per Gambit run, with the
// position of each column; it skips the test when the shared data are
// absent.
func peerIndex(t testing.TB) (rows [][]string, col map[string]int) {
	t.Helper()
	return peertest.CSV(t, filepath.Join(peerDir, "reference", "index.csv"))
}

func peerRuns(t *testing.T, tool string) []refRun {
	t.Helper()
	rows, col := peerIndex(t)
	var out []refRun
	for _, r := range rows {
		if r[col["tool"]] != tool {
			continue
		}
		out = append(out, refRun{game: r[col["game"]], file: r[col["file"]], form: r[col["form"]], tool: tool, status: r[col["status"]]})
	}
	if len(out) == 0 {
		t.Fatalf("no %s rows in index.csv", tool)
	}
	return out
}

// tally counts the outcome of every reference run and keeps notes on the
// runs that did not simply match (all the conformance tests of Gambit's
// tools use it).
type tally struct {
	counts map[string]int
	notes  []string
}

func (ty *tally) add(kind, game, note string) {
	if ty.counts == nil {
		ty.counts = map[string]int{}
	}
	ty.counts[kind]++
	if note != "" {
		ty.notes = append(ty.notes, fmt.Sprintf("%s: %s: %s", kind, game, note))
	}
}

func (ty *tally) report(t *testing.T, what string) {
	kinds := make([]string, 0, len(ty.counts))
	total := 0
	for k, n := range ty.counts {
		kinds = append(kinds, k)
		total += n
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, ty.counts[k])
	}
	t.Logf("%s: %d runs: %s", what, total, strings.Join(parts, ", "))
	for _, n := range ty.notes {
		t.Log("  " + n)
	}
}

// Outcome kinds. Only "MISMATCH" fails the test.
const (
	matched    = "matched"
	refused    = "refused like Gambit"
	extended   = "finished where Gambit timed out (its partial output included)"
	bothStop   = "stopped by our budget where Gambit timed out"
	unreadable = "not read (format not supported by package gambit)"
	gambitOnly = "Gambit failed for a reason we do not share"
	mismatch   = "MISMATCH"
)

// readRef returns the distinct NE lines of a reference output, normalized.
func readRef(t *testing.T, path string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Split(strings.TrimSpace(line), ",")
		if fields[0] != "NE" {
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
		out[gambit.FormatRats("NE", v)] = true
	}
	return out
}

// strategyLine formats a pure strategy profile as a mixed profile line.
func strategyLine(n *game.Normal, prof []int) string {
	var v []*big.Rat
	for p, s := range prof {
		for k := range n.Strategies[p] {
			r := new(big.Rat)
			if k == s {
				r.SetInt64(1)
			}
			v = append(v, r)
		}
	}
	return gambit.FormatRats("NE", v)
}

// solveRun computes our NE lines for one reference run.
func solveRun(ctx context.Context, f *gambit.File, agent bool) (map[string]bool, error) {
	out := map[string]bool{}
	switch {
	case f.Normal != nil:
		eqs, err := solve.PureNash(ctx, f.Normal, 0)
		for _, e := range eqs {
			out[strategyLine(f.Normal, e)] = true
		}
		return out, err
	case agent:
		eqs, err := solve.AgentPureNash(ctx, f.Tree, 0)
		for _, e := range eqs {
			out[gambit.FormatRats("NE", e.Probs(f.Tree))] = true
		}
		return out, err
	default:
		eqs, err := solve.PureNashTree(ctx, f.Tree, 0)
		for _, e := range eqs {
			out[gambit.FormatRats("NE", e.Probs(f.Tree))] = true
		}
		return out, err
	}
}

// heavy lists games on which Gambit ran out of time; -short skips them.
func heavy(r refRun) bool { return r.status == "timeout" }

func TestGambitEnumpure(t *testing.T)      { checkEnumpure(t, "enumpure", false) }
func TestGambitEnumpureAgent(t *testing.T) { checkEnumpure(t, "enumpure-A", true) }

func checkEnumpure(t *testing.T, tool string, agent bool) {
	runs := peerRuns(t, tool)
	var ty tally
	for _, r := range runs {
		if testing.Short() && heavy(r) {
			ty.add("skipped in -short mode", r.game, "")
			continue
		}
		f, err := gambit.ReadFile(r.gamePath())
		if err != nil {
			if r.form == "agg" || r.form == "bagg" {
				ty.add(unreadable, r.game, "")
				continue
			}
			t.Errorf("%s: %v", r.game, err)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		start := time.Now()
		got, err := solveRun(ctx, f, agent)
		cancel()
		kind, note := judgeEnumpure(t, r, got, err)
		if kind == extended || kind == bothStop {
			note += fmt.Sprintf(" (ours: %.2fs)", time.Since(start).Seconds())
		}
		ty.add(kind, r.game, note)
		if kind == mismatch {
			t.Errorf("%s %s: %s", tool, r.game, note)
		}
	}
	ty.report(t, tool)
}

func judgeEnumpure(t *testing.T, r refRun, got map[string]bool, err error) (kind, note string) {
	switch r.status {
	case "ok":
		if err != nil {
			return mismatch, "Gambit succeeded, we failed: " + err.Error()
		}
		want := readRef(t, r.refPath(".txt"))
		if !maps(got, want) {
			return mismatch, fmt.Sprintf("%d equilibria, Gambit %d; only ours: %v; only Gambit's: %v",
				len(got), len(want), minus(got, want), minus(want, got))
		}
		return matched, ""
	case "error":
		msg, _ := os.ReadFile(r.refPath(".err"))
		if err == nil {
			return mismatch, fmt.Sprintf("Gambit refused (%s), we did not", strings.TrimSpace(string(msg)))
		}
		if errors.Is(err, solve.ErrBudget) || errors.Is(err, context.DeadlineExceeded) {
			return mismatch, fmt.Sprintf("Gambit refused (%s), we ran out of budget: %v", strings.TrimSpace(string(msg)), err)
		}
		return refused, ""
	case "timeout":
		partial := readRef(t, r.refPath(".txt"))
		if errors.Is(err, solve.ErrBudget) || errors.Is(err, context.DeadlineExceeded) {
			return bothStop, err.Error()
		}
		if err != nil {
			return mismatch, "Gambit timed out, we failed: " + err.Error()
		}
		if extra := minus(partial, got); len(extra) > 0 {
			return mismatch, fmt.Sprintf("Gambit's partial output has %d equilibria we lack: %v", len(extra), extra)
		}
		return extended, fmt.Sprintf("%d equilibria, Gambit printed %d before its time limit", len(got), len(partial))
	}
	return mismatch, "unknown status " + r.status
}

func maps(a, b map[string]bool) bool {
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

// minus returns up to 5 elements of a that are not in b.
func minus(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out[:min(len(out), 5)]
}

func TestGambitConvertHTML(t *testing.T) {
	runs := peerRuns(t, "convert-html")
	var ty tally
	for _, r := range runs {
		if testing.Short() && heavy(r) {
			ty.add("skipped in -short mode", r.game, "")
			continue
		}
		f, err := gambit.ReadFile(r.gamePath())
		if err != nil {
			t.Errorf("%s: %v", r.game, err)
			continue
		}
		red, err := f.Tree.Reduce(solve.DefaultBudget)
		var kind, note string
		switch {
		case r.status == "ok" && err != nil:
			kind, note = mismatch, "Gambit succeeded, we failed: "+err.Error()
		case r.status == "ok":
			kind, note = matched, ""
			if err := compareHTML(red, r.refPath(".txt")); err != nil {
				kind, note = mismatch, err.Error()
			}
		case r.status == "timeout" && errors.Is(err, game.ErrTooLarge):
			kind, note = bothStop, err.Error()
		case r.status == "timeout" && err == nil:
			kind, note = extended, fmt.Sprintf("%s profiles", strategyCounts(red.Normal))
		case r.status == "error" && err == nil && len(f.Tree.Players) < 2:
			msg, _ := os.ReadFile(r.refPath(".err"))
			kind = gambitOnly
			note = fmt.Sprintf("Gambit: %q (its HTML table needs two players); we reduce it to %s strategies",
				strings.TrimSpace(string(msg)), strategyCounts(red.Normal))
		default:
			kind, note = mismatch, fmt.Sprintf("Gambit status %s, our error %v", r.status, err)
		}
		ty.add(kind, r.game, note)
		if kind == mismatch {
			t.Errorf("convert-html %s: %s", r.game, note)
		}
	}
	ty.report(t, "convert-html")
}

func strategyCounts(n *game.Normal) string {
	var s []string
	for _, x := range n.Strategies {
		s = append(s, fmt.Sprint(len(x)))
	}
	return strings.Join(s, "×")
}

// htmlTable is one table of gambit-convert's HTML output: players 1 and 2
// on rows and columns, fixed strategies of players 3, 4, ... above it.
type htmlTable struct {
	fixed []string   // "Player 3 Strategy 1", ...
	cols  []string   // player 2's strategy labels
	rows  []string   // player 1's strategy labels
	cells [][]string // cells[row][col]: "u1,u2,..."
}

var (
	reSubtable = regexp.MustCompile(`<center><b>([^<]*)</b></center>`)
	reLabel    = regexp.MustCompile(`<td align="center"><b>([^<]*)</b></td>`)
	reCell     = regexp.MustCompile(`<td align=center>([^<]*)</td>`)
)

func parseHTML(doc string) []htmlTable {
	var out []htmlTable
	parts := strings.Split(doc, "<table>")
	for i, part := range parts[1:] {
		var tb htmlTable
		for _, m := range reSubtable.FindAllStringSubmatch(parts[i], -1) {
			if strings.Contains(m[1], " Strategy ") {
				tb.fixed = append(tb.fixed, m[1])
			}
		}
		body := part[:strings.Index(part, "</table>")]
		rows := strings.Split(body, "<tr>")
		if len(rows) < 3 {
			continue
		}
		for _, m := range reLabel.FindAllStringSubmatch(rows[2], -1) {
			tb.cols = append(tb.cols, m[1])
		}
		for _, row := range rows[3:] {
			tb.rows = append(tb.rows, reLabel.FindStringSubmatch(row)[1])
			var cells []string
			for _, m := range reCell.FindAllStringSubmatch(row, -1) {
				cells = append(cells, m[1])
			}
			tb.cells = append(tb.cells, cells)
		}
		out = append(out, tb)
	}
	return out
}

// compareHTML checks our reduced form against Gambit's HTML tables:
// strategy labels of every player and every payoff cell, exactly.
func compareHTML(red *game.Reduced, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	tables := parseHTML(string(data))
	n := red.Normal
	others := 1
	for _, s := range n.Strategies[2:] {
		others *= len(s)
	}
	if len(tables) != others {
		return fmt.Errorf("%d tables, want %d (strategies %s)", len(tables), others, strategyCounts(n))
	}
	prof := make([]int, len(n.Strategies))
	for ti, tb := range tables {
		if !slices.Equal(tb.rows, n.Strategies[0]) || !slices.Equal(tb.cols, n.Strategies[1]) {
			return fmt.Errorf("table %d: strategies %v × %v, ours %v × %v", ti+1, tb.rows, tb.cols, n.Strategies[0], n.Strategies[1])
		}
		rest := ti
		var fixed []string
		for p := 2; p < len(prof); p++ {
			prof[p] = rest % len(n.Strategies[p])
			rest /= len(n.Strategies[p])
			// Gambit numbers these players rather than using their labels.
			fixed = append(fixed, fmt.Sprintf("Player %d Strategy %s", p+1, n.Strategies[p][prof[p]]))
		}
		if !slices.Equal(tb.fixed, fixed) {
			return fmt.Errorf("table %d is for %v, ours for %v", ti+1, tb.fixed, fixed)
		}
		for r := range tb.rows {
			for c := range tb.cols {
				prof[0], prof[1] = r, c
				idx := n.Index(prof)
				var ours []string
				for p := range n.Players {
					ours = append(ours, n.Payoff(idx, p).RatString())
				}
				if got, want := strings.Join(ours, ","), normalizeCell(tb.cells[r][c]); got != want {
					return fmt.Errorf("table %d row %s column %s: ours %s, Gambit %s", ti+1, tb.rows[r], tb.cols[c], got, want)
				}
			}
		}
	}
	return nil
}

func normalizeCell(s string) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		if r, ok := new(big.Rat).SetString(p); ok {
			parts[i] = r.RatString()
		}
	}
	return strings.Join(parts, ",")
}

// TestGambitSPEWithinAgent checks SPE on the perfect-information trees of
// the reference data, for which Gambit has no subgame-perfect solver: each
// subgame-perfect equilibrium is an agent-form equilibrium, so it must be
// among Gambit's enumpure -A results (where that run finished).
func TestGambitSPEWithinAgent(t *testing.T) {
	var ty tally
	runs := peerRuns(t, "enumpure-A")
	for _, r := range runs {
		f, err := gambit.ReadFile(r.gamePath())
		if err != nil {
			t.Errorf("%s: %v", r.game, err)
			continue
		}
		if !f.Tree.IsPerfectInformation() {
			ty.add("not perfect information", r.game, "")
			continue
		}
		eqs, err := solve.SPE(context.Background(), f.Tree, 0)
		if errors.Is(err, solve.ErrBudget) {
			ty.add(bothStop, r.game, err.Error())
			continue
		}
		if err != nil || len(eqs) == 0 {
			ty.add(mismatch, r.game, fmt.Sprintf("%d SPE, error %v", len(eqs), err))
			t.Errorf("%s: %d SPE, error %v", r.game, len(eqs), err)
			continue
		}
		agent := readRef(t, r.refPath(".txt"))
		kind, note := "included", fmt.Sprintf("%d SPE, %d agent equilibria (Gambit status %s)", len(eqs), len(agent), r.status)
		for _, e := range eqs {
			if line := gambit.FormatRats("NE", e.Probs(f.Tree)); !agent[line] && r.status == "ok" {
				kind, note = mismatch, line+" is not an agent equilibrium for Gambit"
				t.Errorf("%s: SPE %s is not among Gambit's agent equilibria", r.game, line)
				break
			}
		}
		ty.add(kind, r.game, note)
	}
	ty.report(t, "SPE within enumpure-A")
}
