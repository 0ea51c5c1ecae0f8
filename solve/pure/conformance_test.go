package pure_test

// Conformance with Gambit: the pure equilibria (gambit-enumpure, with and
// without -A) and the reduced strategic forms (gambit-convert -O html) of
// every game in the shared reference data must equal Gambit's.

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/soltest"
	"github.com/tablero-project/tablero/solve/pure"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

// solveRun computes our NE lines for one reference run.
func solveRun(ctx context.Context, f *gambit.File, agent bool) (map[string]bool, error) {
	out := map[string]bool{}
	switch {
	case f.Normal != nil:
		eqs, err := pure.PureNash(ctx, f.Normal, 0)
		for _, e := range eqs {
			out[soltest.StrategyLine(f.Normal, e)] = true
		}
		return out, err
	case agent:
		eqs, err := pure.AgentPureNash(ctx, f.Tree, 0)
		for _, e := range eqs {
			out[gambit.FormatRats("NE", e.Probs(f.Tree))] = true
		}
		return out, err
	default:
		eqs, err := pure.PureNashTree(ctx, f.Tree, 0)
		for _, e := range eqs {
			out[gambit.FormatRats("NE", e.Probs(f.Tree))] = true
		}
		return out, err
	}
}

func TestGambitEnumpure(t *testing.T)      { checkEnumpure(t, "enumpure", false) }
func TestGambitEnumpureAgent(t *testing.T) { checkEnumpure(t, "enumpure-A", true) }

func checkEnumpure(t *testing.T, tool string, agent bool) {
	runs := soltest.PeerRuns(t, tool)
	var ty soltest.Tally
	for _, r := range runs {
		if testing.Short() && soltest.Heavy(r) {
			ty.Add("skipped in -short mode", r.Game, "")
			continue
		}
		f, err := gambit.ReadFile(r.GamePath())
		if err != nil {
			if r.Form == "agg" || r.Form == "bagg" {
				ty.Add(soltest.Unreadable, r.Game, "")
				continue
			}
			t.Errorf("%s: %v", r.Game, err)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		start := time.Now()
		got, err := solveRun(ctx, f, agent)
		cancel()
		kind, note := judgeEnumpure(t, r, got, err)
		if kind == soltest.Extended || kind == soltest.BothStop {
			note += fmt.Sprintf(" (ours: %.2fs)", time.Since(start).Seconds())
		}
		ty.Add(kind, r.Game, note)
		if kind == soltest.Mismatch {
			t.Errorf("%s %s: %s", tool, r.Game, note)
		}
	}
	ty.Report(t, tool)
}

func judgeEnumpure(t *testing.T, r soltest.RefRun, got map[string]bool, err error) (kind, note string) {
	switch r.Status {
	case "ok":
		if err != nil {
			return soltest.Mismatch, "Gambit succeeded, we failed: " + err.Error()
		}
		want := soltest.ReadRef(t, r.RefPath(".txt"))
		if !maps(got, want) {
			return soltest.Mismatch, fmt.Sprintf("%d equilibria, Gambit %d; only ours: %v; only Gambit's: %v",
				len(got), len(want), minus(got, want), minus(want, got))
		}
		return soltest.Matched, ""
	case "error":
		msg, _ := os.ReadFile(r.RefPath(".err"))
		if err == nil {
			return soltest.Mismatch, fmt.Sprintf("Gambit refused (%s), we did not", strings.TrimSpace(string(msg)))
		}
		if errors.Is(err, solve.ErrBudget) || errors.Is(err, context.DeadlineExceeded) {
			return soltest.Mismatch, fmt.Sprintf("Gambit refused (%s), we ran out of budget: %v", strings.TrimSpace(string(msg)), err)
		}
		return soltest.Refused, ""
	case "timeout":
		partial := soltest.ReadRef(t, r.RefPath(".txt"))
		if errors.Is(err, solve.ErrBudget) || errors.Is(err, context.DeadlineExceeded) {
			return soltest.BothStop, err.Error()
		}
		if err != nil {
			return soltest.Mismatch, "Gambit timed out, we failed: " + err.Error()
		}
		if extra := minus(partial, got); len(extra) > 0 {
			return soltest.Mismatch, fmt.Sprintf("Gambit's partial output has %d equilibria we lack: %v", len(extra), extra)
		}
		return soltest.Extended, fmt.Sprintf("%d equilibria, Gambit printed %d before its time limit", len(got), len(partial))
	}
	return soltest.Mismatch, "unknown status " + r.Status
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
	runs := soltest.PeerRuns(t, "convert-html")
	var ty soltest.Tally
	for _, r := range runs {
		if testing.Short() && soltest.Heavy(r) {
			ty.Add("skipped in -short mode", r.Game, "")
			continue
		}
		f, err := gambit.ReadFile(r.GamePath())
		if err != nil {
			t.Errorf("%s: %v", r.Game, err)
			continue
		}
		red, err := f.Tree.Reduce(solve.DefaultBudget)
		var kind, note string
		switch {
		case r.Status == "ok" && err != nil:
			kind, note = soltest.Mismatch, "Gambit succeeded, we failed: "+err.Error()
		case r.Status == "ok":
			kind, note = soltest.Matched, ""
			if err := compareHTML(red, r.RefPath(".txt")); err != nil {
				kind, note = soltest.Mismatch, err.Error()
			}
		case r.Status == "timeout" && errors.Is(err, game.ErrTooLarge):
			kind, note = soltest.BothStop, err.Error()
		case r.Status == "timeout" && err == nil:
			kind, note = soltest.Extended, fmt.Sprintf("%s profiles", strategyCounts(red.Normal))
		case r.Status == "error" && err == nil && len(f.Tree.Players) < 2:
			msg, _ := os.ReadFile(r.RefPath(".err"))
			kind = soltest.GambitOnly
			note = fmt.Sprintf("Gambit: %q (its HTML table needs two players); we reduce it to %s strategies",
				strings.TrimSpace(string(msg)), strategyCounts(red.Normal))
		default:
			kind, note = soltest.Mismatch, fmt.Sprintf("Gambit status %s, our error %v", r.Status, err)
		}
		ty.Add(kind, r.Game, note)
		if kind == soltest.Mismatch {
			t.Errorf("convert-html %s: %s", r.Game, note)
		}
	}
	ty.Report(t, "convert-html")
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
	var ty soltest.Tally
	runs := soltest.PeerRuns(t, "enumpure-A")
	for _, r := range runs {
		f, err := gambit.ReadFile(r.GamePath())
		if err != nil {
			t.Errorf("%s: %v", r.Game, err)
			continue
		}
		if !f.Tree.IsPerfectInformation() {
			ty.Add("not perfect information", r.Game, "")
			continue
		}
		eqs, err := pure.SPE(context.Background(), f.Tree, 0)
		if errors.Is(err, solve.ErrBudget) {
			ty.Add(soltest.BothStop, r.Game, err.Error())
			continue
		}
		if err != nil || len(eqs) == 0 {
			ty.Add(soltest.Mismatch, r.Game, fmt.Sprintf("%d SPE, error %v", len(eqs), err))
			t.Errorf("%s: %d SPE, error %v", r.Game, len(eqs), err)
			continue
		}
		agent := soltest.ReadRef(t, r.RefPath(".txt"))
		kind, note := "included", fmt.Sprintf("%d SPE, %d agent equilibria (Gambit status %s)", len(eqs), len(agent), r.Status)
		for _, e := range eqs {
			if line := gambit.FormatRats("NE", e.Probs(f.Tree)); !agent[line] && r.Status == "ok" {
				kind, note = soltest.Mismatch, line+" is not an agent equilibrium for Gambit"
				t.Errorf("%s: SPE %s is not among Gambit's agent equilibria", r.Game, line)
				break
			}
		}
		ty.Add(kind, r.Game, note)
	}
	ty.Report(t, "SPE within enumpure-A")
}
