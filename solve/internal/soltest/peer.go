package soltest

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/peertest"
)

// PeerDir holds Gambit's sample games and its outputs on them, in the
// shared reference data beside the repository (../shared from its root),
// as a path relative to the directory a test runs in.
var PeerDir = peerDir()

// peerDir finds the module root above the working directory and returns
// ../shared/peers/gambit beside it, relative to the working directory.
func peerDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return filepath.Join("..", "shared", "peers", "gambit")
	}
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(root)
		if up == root {
			root = wd
			break
		}
		root = up
	}
	dir := filepath.Join(root, "..", "shared", "peers", "gambit")
	if rel, err := filepath.Rel(wd, dir); err == nil {
		return rel
	}
	return dir
}

// RefRun is one row of the reference index.csv.
type RefRun struct {
	Game, File, Form, Tool, Status string
}

// GamePath returns the path of the run's game.
func (r RefRun) GamePath() string { return filepath.Join(PeerDir, r.File) }

// RefPath returns the path of the run's output with extension ext.
func (r RefRun) RefPath(ext string) string { return r.ToolPath(r.Tool, ext) }

// ToolPath returns the path of tool's output on the run's game.
func (r RefRun) ToolPath(tool, ext string) string {
	return filepath.Join(PeerDir, "reference", strings.TrimPrefix(r.File, "games/")+"."+tool+ext)
}

// PeerIndex reads reference/index.csv, one row per Gambit run, with the
// position of each column; it skips the test when the shared data are
// absent.
func PeerIndex(t testing.TB) (rows [][]string, col map[string]int) {
	t.Helper()
	return peertest.CSV(t, filepath.Join(PeerDir, "reference", "index.csv"))
}

// PeerRuns returns the index.csv rows of tool, skipping the test when the
// shared reference data is absent.
func PeerRuns(t testing.TB, tool string) []RefRun {
	t.Helper()
	var out []RefRun
	for _, r := range Index(t) {
		if r.Tool == tool {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s rows in index.csv", tool)
	}
	return out
}

// Tally counts the outcome of every reference run and keeps notes on the
// runs that did not simply match (all the conformance tests of Gambit's
// tools use it).
type Tally struct {
	Counts map[string]int
	Notes  []string
}

func (ty *Tally) Add(kind, game, note string) {
	if ty.Counts == nil {
		ty.Counts = map[string]int{}
	}
	ty.Counts[kind]++
	if note != "" {
		ty.Notes = append(ty.Notes, fmt.Sprintf("%s: %s: %s", kind, game, note))
	}
}

func (ty *Tally) Report(t *testing.T, what string) {
	kinds := make([]string, 0, len(ty.Counts))
	total := 0
	for k, n := range ty.Counts {
		kinds = append(kinds, k)
		total += n
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, ty.Counts[k])
	}
	t.Logf("%s: %d runs: %s", what, total, strings.Join(parts, ", "))
	for _, n := range ty.Notes {
		t.Log("  " + n)
	}
}

// Outcome kinds. Only "MISMATCH" fails the test.
const (
	Matched    = "matched"
	Refused    = "refused like Gambit"
	Extended   = "finished where Gambit timed out (its partial output included)"
	BothStop   = "stopped by our budget where Gambit timed out"
	Unreadable = "not read (format not supported by package gambit)"
	GambitOnly = "Gambit failed for a reason we do not share"
	Mismatch   = "MISMATCH"
)

// ReadRef returns the distinct NE lines of a reference output, normalized.
func ReadRef(t *testing.T, path string) map[string]bool {
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

// StrategyLine formats a pure strategy profile as a mixed profile line.
func StrategyLine(n *game.Normal, prof []int) string {
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

// Heavy lists games on which Gambit ran out of time; -short skips them.
func Heavy(r RefRun) bool { return r.Status == "timeout" }
