package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepShardsMerge checks that sweeps split into 1, 2 and 7 shards and
// merged in any order give a result bit-identical to a single run.
func TestSweepShardsMerge(t *testing.T) {
	const scenario = "../../scenario/testdata/deterrence.yaml"
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.json")
	if _, err := run(t, "sweep", scenario, "--draws", "23", "--seed", "5", "--out", whole, "--workers", "1"); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(whole)
	validateDocument(t, "sweep", want)
	for _, n := range []int{1, 2, 7} {
		var parts []string
		for i := 0; i < n; i++ {
			out := filepath.Join(dir, fmt.Sprintf("n%d-{index}.json", n))
			if _, err := run(t, "sweep", scenario, "--draws", "23", "--seed", "5", "--shard-index", fmt.Sprint(i), "--shard-count", fmt.Sprint(n), "--out", out, "--workers", "2"); err != nil {
				t.Fatal(err)
			}
			parts = append(parts, filepath.Join(dir, fmt.Sprintf("n%d-%d.json", n, i)))
			shard, _ := os.ReadFile(parts[i])
			validateDocument(t, "sweep", shard)
		}
		for _, order := range [][]int{forward(n), backward(n)} {
			args := []string{"merge"}
			for _, i := range order {
				args = append(args, parts[i])
			}
			merged := filepath.Join(dir, "merged.json")
			if _, err := run(t, append(args, "--out", merged)...); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(merged)
			validateDocument(t, "sweep", got)
			if !bytes.Equal(got, want) {
				t.Errorf("%d shards merged in order %v differ from a single run", n, order)
			}
		}
	}
}

func forward(n int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = i
	}
	return o
}

func backward(n int) []int {
	o := forward(n)
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		o[i], o[j] = o[j], o[i]
	}
	return o
}

// TestSweepShardFromEnvironment checks that the shard index comes from the
// schedulers' variables when the flag is absent.
func TestSweepShardFromEnvironment(t *testing.T) {
	const scenario = "../../scenario/testdata/deterrence.yaml"
	dir := t.TempDir()
	flag := filepath.Join(dir, "flag.json")
	if _, err := run(t, "sweep", scenario, "--draws", "9", "--shard-index", "1", "--shard-count", "3", "--out", flag); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(flag)
	for _, env := range [][2]string{{"JOB_COMPLETION_INDEX", "1"}, {"SLURM_ARRAY_TASK_ID", "1"}} {
		t.Setenv(env[0], env[1])
		out := filepath.Join(dir, env[0]+"-{index}.json")
		if _, err := run(t, "sweep", scenario, "--draws", "9", "--shard-count", "3", "--out", out); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(filepath.Join(dir, env[0]+"-1.json"))
		if !bytes.Equal(got, want) {
			t.Errorf("shard from %s differs from --shard-index 1", env[0])
		}
		os.Unsetenv(env[0])
	}
}

func TestMergeRejectsOtherSweeps(t *testing.T) {
	const scenario = "../../scenario/testdata/deterrence.yaml"
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	run(t, "sweep", scenario, "--draws", "4", "--seed", "1", "--shard-index", "0", "--shard-count", "2", "--out", a)
	run(t, "sweep", scenario, "--draws", "4", "--seed", "2", "--shard-index", "1", "--shard-count", "2", "--out", b)
	if _, err := run(t, "merge", a, b); err == nil {
		t.Error("merged shards of different seeds")
	}
}

func TestDrawsOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "draws.csv")
	if _, err := run(t, "analyze", "../../scenario/testdata/deterrence.yaml", "--draws", "10", "--draws-out", path, "--format", "json"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	if len(lines) != 11 || !bytes.Contains(lines[0], []byte("p_resolved")) || !bytes.Contains(lines[0], []byte("result:crisis")) {
		t.Errorf("CSV has %d lines, header %q", len(lines), lines[0])
	}
}

// TestMergeRejectsDamagedParts checks that merge refuses a truncated or
// corrupt part with an error naming the file, and leaves --out untouched.
func TestMergeRejectsDamagedParts(t *testing.T) {
	const scenario = "../../scenario/testdata/deterrence.yaml"
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	for i, p := range []string{a, b} {
		if _, err := run(t, "sweep", scenario, "--draws", "6", "--seed", "3", "--shard-index", fmt.Sprint(i), "--shard-count", "2", "--out", p); err != nil {
			t.Fatal(err)
		}
	}
	good, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "truncated or corrupt"},
		{"truncated at half", good[:len(good)/2], "truncated or corrupt"},
		{"truncated before the last brace", good[:bytes.LastIndexByte(good, '}')], "truncated or corrupt"},
		{"garbage after", append(append([]byte(nil), good...), "{\"format\""...), "data after the JSON document"},
		{"not JSON", bytes.Replace(good, []byte("{"), []byte("<"), 1), "truncated or corrupt"},
	}
	out := filepath.Join(dir, "merged.json")
	if err := os.WriteFile(out, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad := filepath.Join(dir, "bad.json")
			if err := os.WriteFile(bad, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := run(t, "merge", a, bad, "--out", out)
			if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one naming %s and saying %q", err, bad, tc.want)
			}
			if got, _ := os.ReadFile(out); string(got) != "previous" {
				t.Errorf("--out changed to %d bytes by a failed merge", len(got))
			}
		})
	}
	if _, err := run(t, "merge", a, b); err != nil {
		t.Errorf("the intact parts do not merge: %v", err)
	}
}

// TestOutputsAreReplacedWhole checks that sweep --out, merge --out and
// analyze --draws-out replace an existing file with a complete one and
// leave no temporary file beside it.
func TestOutputsAreReplacedWhole(t *testing.T) {
	const scenario = "../../scenario/testdata/deterrence.yaml"
	dir := t.TempDir()
	part, merged, draws := filepath.Join(dir, "part.json"), filepath.Join(dir, "merged.json"), filepath.Join(dir, "draws.csv")
	for _, p := range []string{part, merged, draws} {
		if err := os.WriteFile(p, bytes.Repeat([]byte("stale "), 10000), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := [][]string{
		{"sweep", scenario, "--draws", "5", "--seed", "2", "--out", part},
		{"merge", part, "--out", merged},
		{"analyze", scenario, "--draws", "5", "--draws-out", draws, "--format", "json"},
	}
	for _, args := range steps {
		if _, err := run(t, args...); err != nil {
			t.Fatalf("%s: %v", args[0], err)
		}
	}
	for _, p := range []string{part, merged} {
		b, _ := os.ReadFile(p)
		validateDocument(t, "sweep", b)
	}
	if b, _ := os.ReadFile(draws); bytes.Contains(b, []byte("stale")) || len(bytes.Split(bytes.TrimSpace(b), []byte("\n"))) != 6 {
		t.Errorf("draws file is not the 5 draws and a header:\n%s", b)
	}
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 {
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want the three outputs only", names)
	}
}

// TestSweepReplacesUncertainty checks that sweep takes --range and --dist
// as analyze does: they change the draws, enter the sweep's identity (so
// shards of different replacements do not merge), and a bad one is
// refused.
func TestSweepReplacesUncertainty(t *testing.T) {
	const scenario = "../../scenario/testdata/deterrence.yaml"
	dir := t.TempDir()
	parts := map[string]string{}
	for name, flags := range map[string][]string{
		"declared":   {"--shard-index", "0"},
		"range":      {"--shard-index", "1", "--range", "p_resolved=0.39,0.41"},
		"dist":       {"--shard-index", "1", "--dist", "p_resolved=normal(0.4,0.01)"},
		"multiplier": {"--shard-index", "1", "--dist", "scores:war=triangular(0.8,1,1.3)"},
	} {
		parts[name] = filepath.Join(dir, name+".json")
		args := append([]string{"sweep", scenario, "--draws", "6", "--seed", "2", "--shard-count", "2", "--out", parts[name]}, flags...)
		if _, err := run(t, args...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for name, record := range map[string]string{"range": `"range"`, "dist": `"dist"`, "multiplier": `triangular`} {
		got, _ := os.ReadFile(parts[name])
		if !bytes.Contains(got, []byte(record)) {
			t.Errorf("%s: the part does not record the replacement", name)
		}
		if _, err := run(t, "merge", parts["declared"], parts[name]); err == nil {
			t.Errorf("merged a declared sweep with a %s one", name)
		}
	}
	for _, flags := range [][]string{{"--dist", "p_resolved=normal(0.4)"}, {"--dist", "nothing=uniform(0,1)"},
		{"--range", "p_resolved=0.2,0.3", "--dist", "p_resolved=uniform(0,1)"}, {"--dist", "scores:war=normal(1,0.3)"},
		{"--range", "scores:war=0.5,1", "--dist", "scores:war=uniform(0,1)"}} {
		args := append([]string{"sweep", scenario, "--draws", "2", "--out", filepath.Join(dir, "bad.json")}, flags...)
		if _, err := run(t, args...); err == nil {
			t.Errorf("%v accepted", flags)
		}
	}
}
