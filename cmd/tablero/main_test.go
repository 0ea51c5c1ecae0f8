package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/repro"
)

// run executes the CLI with args, through the tree main builds for them,
// and returns stdout and the error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootFor(args)
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func TestSubcommandsTable(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range subcommands {
		cmd := s.build()
		if want := append([]string{cmd.Name()}, cmd.Aliases...); !slices.Equal(s.names, want) {
			t.Errorf("subcommands lists %q for a command that answers to %q", s.names, want)
		}
		for _, n := range s.names {
			if seen[n] {
				t.Errorf("two subcommands answer to %q", n)
			}
			seen[n] = true
		}
	}
}

func TestNewRootFor(t *testing.T) {
	tests := []struct {
		args []string
		lone bool // whether a lone subcommand suffices
	}{
		{[]string{"solve", "-m", "enumpure", "g.nfg"}, true},
		{[]string{"solve", "--help"}, true},
		{[]string{"init", "x"}, true},
		{[]string{"runs", "list", "--db", "x"}, true},
		{[]string{"runs", "nosuch"}, true},
		{[]string{"negotiate", "run", "a.yaml"}, true},
		{[]string{"events", "poll"}, true},
		{nil, false},
		{[]string{"--help"}, false},
		{[]string{"-h", "solve"}, false},
		{[]string{"--x", "analyze", "solve"}, false},
		{[]string{"--", "solve"}, false},
		{[]string{"help", "solve"}, false},
		{[]string{"completion", "bash"}, false},
		{[]string{"__complete", "solve", "--"}, false},
		{[]string{"nosuch"}, false},
	}
	for _, tt := range tests {
		root := newRootFor(tt.args)
		if lone := len(root.Commands()) == 1; lone != tt.lone {
			t.Errorf("%q: lone subcommand %v, want %v", tt.args, lone, tt.lone)
		}
		cmd, flags, err := root.Find(tt.args)
		wcmd, wflags, werr := newRoot().Find(tt.args)
		if cmd.CommandPath() != wcmd.CommandPath() || !slices.Equal(flags, wflags) || fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Errorf("%q: finds %q %q %v, the whole tree %q %q %v", tt.args, cmd.CommandPath(), flags, err, wcmd.CommandPath(), wflags, werr)
		}
		if help, whole := helpOf(newRootFor(tt.args), tt.args), helpOf(newRoot(), tt.args); help != whole {
			t.Errorf("%q --help: the tree for the args prints\n%s\nthe whole tree\n%s", tt.args, help, whole)
		}
	}
}

// helpOf runs args with --help on root and returns what it prints.
func helpOf(root *cobra.Command, args []string) string {
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append(slices.Clone(args), "--help"))
	if err := root.Execute(); err != nil {
		fmt.Fprintln(&out, "error:", err)
	}
	return out.String()
}

func TestAnalyzeFlagship(t *testing.T) {
	out, err := run(t, "analyze", "../../scenarios/us-mexico-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# US–Mexico", "Sustained escalation", "Joint operations", "ART-12"} {
		if !strings.Contains(out, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
	out, err = run(t, "analyze", "../../scenarios/us-mexico-2025.yaml", "--format", "json", "--mapping", "joint-ops-escalation", "--set", "leak=0.5")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Mapping   string
		Scenarios []struct {
			Name        string
			Probability float64
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Mapping != "joint-ops-escalation" || len(doc.Scenarios) != 6 {
		t.Errorf("json brief: mapping %q, %d scenarios", doc.Mapping, len(doc.Scenarios))
	}
}

func TestCLIErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"analyze", "../../scenario/testdata/broken/unknown-top-key.yaml"}, "unknown-top-key.yaml:6:1: unknown key"},
		{[]string{"analyze", "../../scenarios/us-mexico-2025.yaml", "--set", "rho"}, "expected name=value"},
		{[]string{"analyze", "../../scenarios/us-mexico-2025.yaml", "--set", "nope=1"}, "unknown parameter"},
		{[]string{"analyze", "../../scenario/testdata/deterrence.yaml", "--set", "scores:nope=1"}, `unknown multiplier "scores:nope": scenario deterrence samples scores:stake, scores:war`},
		{[]string{"sweep", "../../scenario/testdata/deterrence.yaml", "--out", "x.json", "--range", "weights:C:war=0.5,1"}, `unknown multiplier "weights:C:war"`},
		{[]string{"analyze", "../../scenarios/us-mexico-2025.yaml", "--format", "xml"}, "unknown format"},
		{[]string{"analyze", "../../scenario/testdata/deterrence.yaml", "--sensitivity", "magic"}, "unknown sensitivity analysis"},
		{[]string{"analyze", "missing.yaml"}, "no such file"},
		{[]string{"solve", "testdata/pd.nfg", "--method", "magic"}, "unknown method"},
		{[]string{"solve", "testdata/pd.nfg", "--method", "spe"}, "needs an extensive game"},
		{[]string{"check", "../../scenario/testdata/broken/empty.yaml"}, "1 of 1"},
	}
	for _, tt := range tests {
		_, err := run(t, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want it to contain %q", tt.args, err, tt.want)
		}
	}
}

func TestSolve(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"solve", "testdata/pd.nfg"}, "NE,0,1,0,1\n"},
		// The incumbent is indifferent in the small market: two SPE.
		{[]string{"solve", "testdata/entry.efg", "--method", "spe"}, "NE,1,0,1,0,0,1,0,1\nNE,1,0,0,1,0,1,1,0\n"},
		{[]string{"solve", "testdata/entry.efg", "-m", "logit", "-l", "0", "-d", "4"}, "0.0000000000,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"},
		// The reduced strategic form has four strategies each (entrant:
		// In/In, In/Out, Out/In, Out/Out; incumbent: F/F, F/S, S/F, S/S) and
		// four pure equilibria, two sustained by threats to fight.
		{[]string{"solve", "testdata/entry.efg", "-S"}, "NE,0,0,0,1,1,0,0,0\nNE,0,0,1,0,0,1,0,0\nNE,0,1,0,0,0,0,1,0\nNE,1,0,0,0,0,0,0,1\n"},
		// Subgames bottom-up, first agent equilibrium each: the incumbent
		// shares in the big market and (indifferent) fights in the small
		// one, so the entrant enters only the big market.
		{[]string{"solve", "testdata/entry.efg", "-m", "enumpure", "-A", "-P"}, "NE,1,0,0,1,0,1,1,0\n"},
	}
	for _, tt := range tests {
		out, err := run(t, tt.args...)
		if err != nil {
			t.Errorf("%v: %v", tt.args, err)
			continue
		}
		if out != tt.want {
			t.Errorf("%v:\n got %q\nwant %q", tt.args, out, tt.want)
		}
	}
}

func TestSchemaCommand(t *testing.T) {
	out, err := run(t, "schema")
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
}

func TestConvert(t *testing.T) {
	dir := t.TempDir()
	js, err := run(t, "convert", "testdata/entry.efg", "--to", "json")
	if err != nil {
		t.Fatal(err)
	}
	path := dir + "/entry.json"
	if err := os.WriteFile(path, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	efg, err := run(t, "convert", path, "--to", "efg")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := run(t, "convert", "testdata/entry.efg", "--to", "efg")
	if efg != orig {
		t.Errorf("efg → json → efg changed the game:\n%s\nvs\n%s", efg, orig)
	}
	nfg, err := run(t, "convert", "testdata/entry.efg", "--to", "nfg")
	if err != nil || !strings.HasPrefix(nfg, "NFG 1 R") {
		t.Errorf("reduced strategic form: %v\n%s", err, nfg)
	}
	d, err := run(t, "convert", "testdata/entry.efg", "--to", "dot", "--method", "spe")
	if err != nil || !strings.Contains(d, "digraph") || !strings.Contains(d, "Share 1") {
		t.Errorf("dot: %v\n%s", err, d)
	}
	if _, err := run(t, "convert", "testdata/pd.nfg", "--to", "efg"); err == nil {
		t.Error("a strategic game converted to efg")
	}
}

// TestScenarioGame exports the flagship's crisis game to Gambit's format
// and solves the scenario directly: both give the QRE the brief reports.
func TestScenarioGame(t *testing.T) {
	const flagship = "../../scenarios/us-mexico-2025.yaml"
	efg, err := run(t, "convert", flagship, "--to", "efg", "--set", "leak=0.5")
	if err != nil || !strings.HasPrefix(efg, "EFG 2 R") {
		t.Fatalf("export: %v\n%.200s", err, efg)
	}
	path := t.TempDir() + "/flagship.efg"
	if err := os.WriteFile(path, []byte(efg), 0o644); err != nil {
		t.Fatal(err)
	}
	fromFile, err := run(t, "solve", path, "-m", "logit", "-l", "1")
	if err != nil {
		t.Fatal(err)
	}
	direct, err := run(t, "solve", flagship, "-m", "logit", "-l", "1", "--set", "leak=0.5")
	if err != nil {
		t.Fatal(err)
	}
	if fromFile != direct || !strings.HasPrefix(direct, "1.0000000000,") {
		t.Errorf("the exported game solves to\n%.200s\nthe scenario to\n%.200s", fromFile, direct)
	}
	if other, _ := run(t, "solve", flagship, "-m", "logit", "-l", "1"); other == direct {
		t.Error("--set did not change the game")
	}
	if _, err := run(t, "convert", path, "--set", "leak=0.5"); err == nil {
		t.Error("--set accepted for a game file")
	}
	if _, err := run(t, "convert", flagship, "--set", "nosuch=1"); err == nil {
		t.Error("unknown parameter accepted")
	}
}

// TestSolveMethods runs every method of the equilibrium engine on games
// with known equilibria: the prisoner's dilemma's (D, D) and matching
// pennies' (1/2, 1/2).
func TestSolveMethods(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"solve", "testdata/pd.nfg", "-m", "enummixed", "-c"}, "NE,0,1,0,1\nconvex-1,0,1,0,1\n"},
		{[]string{"solve", "testdata/pennies.nfg", "-m", "enummixed"}, "NE,1/2,1/2,1/2,1/2\n"},
		{[]string{"solve", "testdata/pennies.nfg", "-m", "lcp"}, "NE,1/2,1/2,1/2,1/2\n"},
		{[]string{"solve", "testdata/pennies.nfg", "-m", "lp"}, "NE,1/2,1/2,1/2,1/2\n"},
		{[]string{"solve", "testdata/pd.nfg", "-m", "simpdiv"}, "NE,0,1,0,1\n"},
		{[]string{"solve", "testdata/pennies.nfg", "-m", "gnm", "-d", "4"}, "NE,0.5000,0.5000,0.5000,0.5000\n"},
		{[]string{"solve", "testdata/pennies.nfg", "-m", "ipa", "-d", "4"}, "NE,0.5000,0.5000,0.5000,0.5000\n"},
		{[]string{"solve", "testdata/pennies.nfg", "-m", "enumpoly", "-d", "4"}, "NE,0.5000,0.5000,0.5000,0.5000\n"},
		{[]string{"solve", "testdata/pennies.nfg", "-m", "liap", "-d", "3", "-n", "1"}, "NE,0.500,0.500,0.500,0.500\n"},
	}
	for _, tt := range tests {
		out, err := run(t, tt.args...)
		if err != nil {
			t.Errorf("%v: %v", tt.args, err)
			continue
		}
		if out != tt.want {
			t.Errorf("%v:\n got %q\nwant %q", tt.args, out, tt.want)
		}
	}
	if _, err := run(t, "solve", "testdata/pd.nfg", "-m", "lp"); err == nil || !strings.Contains(err.Error(), "constant-sum") {
		t.Errorf("lp on a non-constant-sum game: %v", err)
	}
	if out, err := run(t, "solve", "testdata/entry.efg", "-m", "liap", "-A", "-n", "2"); err != nil || !strings.HasPrefix(out, "NE,") {
		t.Errorf("agent-form liap on a tree: %v %q", err, out)
	}
	out, err := run(t, "solve", "testdata/entry.efg", "-m", "lcp")
	if err != nil || !strings.HasPrefix(out, "NE,") {
		t.Errorf("sequence-form lcp on a tree: %v %q", err, out)
	}
}

// TestVersion checks that --version prints the version runs record.
func TestVersion(t *testing.T) {
	out, err := run(t, "--version")
	if want := "tablero version " + repro.Version() + "\n"; err != nil || out != want {
		t.Errorf("--version: %q, %v; want %q", out, err, want)
	}
}
