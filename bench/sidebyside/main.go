// Command sidebyside times tablero solve against the peer tools it mirrors
// (Gambit's command-line tools and lrslib's lrsnash) as whole processes, on
// the same game files, in the same run, and checks that their answers agree.
//
// It is a benchmark script, not a test: go test does not run it. Each case
// runs the peer and tablero alternately (peer first on odd repetitions,
// tablero first on even ones) -reps times, bounds every run by -timeout of
// CPU time (and by -wall of wall-clock time, a backstop on a loaded
// machine), and reports the median wall and CPU (user + system) seconds of each, their
// ratio peer/tablero (above 1: tablero is faster), and whether the outputs
// agree:
//
//   - exact set methods (enumpure, enummixed, lrsnash, lcp on strategic
//     games): the sets of NE lines, parsed as exact fractions, must be equal;
//   - simpdiv: the same exact grid point, and an equilibrium;
//   - logit: end points within 1e-4 of each other, both equilibria;
//   - one-equilibrium methods (lcp and lp on trees, lp, gnm, ipa, liap):
//     every profile either tool prints must be an equilibrium of the game
//     (their paths and random starts differ, so not the same one);
//   - enumpoly: every equilibrium Gambit prints must be among tablero's
//     (tablero finds isolated equilibria Gambit misses), all equilibria.
//
// Equilibria are checked by the regret of each player (best-response value
// minus payoff, against the others' strategies), relative to the game's
// payoff range, computed here from the game file, independently of the
// solvers; a tree's behaviour profile is checked in the tree, a mixed
// profile of a tree in its reduced strategic form.
//
// Absent tools are skipped with a message. A run that exceeds -timeout is
// recorded as "timeout >Ns", and the tool is not run again on that case; a
// tool whose first run takes more than -once of CPU time is not repeated
// (median of one run).
//
// # Reproducing
//
// Build Gambit's command-line tools (../shared/research/gambit.md §1) into a
// scratch prefix and install lrslib:
//
//	git clone https://github.com/gambitproject/gambit /work/scratch/gambit
//	cd /work/scratch/gambit && aclocal && automake --add-missing && autoconf
//	./configure --disable-gui --prefix=/work/scratch/gambit-prefix
//	make -j2 && make install
//	apt-get install lrslib
//
// then, from the repository root:
//
//	go run ./bench/sidebyside -gambit /work/scratch/gambit-prefix/bin -out /tmp/bench/table.md
//
// -suites selects random (the random games of ../shared/peers/gambit/random),
// trees (a representative set of Gambit's sample games) and growth (random
// n×n bimatrix games for enummixed, -growth-from … -growth-to, generated with
// -seed); -tablero names a prebuilt binary (otherwise it is built once into a
// temporary directory with go build).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// config holds the command-line flags.
type config struct {
	tablero     string
	gambitDir   string
	lrsnash     string
	shared      string
	suites      string
	reps        int
	timeout     time.Duration
	wall        time.Duration
	once        time.Duration
	growthFrom  int
	growthTo    int
	growthStep  int
	growthLimit time.Duration
	seed        uint64
	out         string
	only        string
	peers       string
	budget      int
}

func main() {
	var c config
	flag.StringVar(&c.tablero, "tablero", "", "tablero binary (default: go build ./cmd/tablero into a temporary directory)")
	flag.StringVar(&c.gambitDir, "gambit", "", "directory of the gambit-* tools (default: PATH)")
	flag.StringVar(&c.lrsnash, "lrsnash", "lrsnash", "lrsnash binary")
	flag.StringVar(&c.shared, "shared", "../shared", "the shared reference data (peers/gambit)")
	flag.StringVar(&c.suites, "suites", "random,trees,growth", "suites to run: random, trees, growth")
	flag.IntVar(&c.reps, "reps", 3, "repetitions of each run (medians are reported)")
	flag.DurationVar(&c.timeout, "timeout", 20*time.Second, "CPU-time bound of each run")
	flag.DurationVar(&c.wall, "wall", 10*time.Minute, "wall-clock bound of each run (a backstop: the machine may be loaded)")
	flag.DurationVar(&c.once, "once", 15*time.Second, "a tool whose first run takes more CPU time is not repeated")
	flag.IntVar(&c.growthFrom, "growth-from", 6, "growth series: smallest n")
	flag.IntVar(&c.growthTo, "growth-to", 24, "growth series: largest n")
	flag.IntVar(&c.growthStep, "growth-step", 2, "growth series: step of n")
	flag.DurationVar(&c.growthLimit, "growth-timeout", 60*time.Second, "growth series: CPU-time bound of each run")
	flag.Uint64Var(&c.seed, "seed", 1, "growth series: seed of the random payoffs")
	flag.StringVar(&c.out, "out", "", "write the Markdown table here (default: standard output)")
	flag.StringVar(&c.only, "only", "", "run only cases whose game or method contains this text")
	flag.IntVar(&c.budget, "budget", 0, "tablero's --budget (0: its default)")
	flag.StringVar(&c.peers, "peers", "", "run only against these peer tools (comma-separated, e.g. lrsnash,gambit-lcp; default: all)")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "sidebyside:", err)
		os.Exit(1)
	}
}

// run builds tablero if needed, runs the suites and writes the report.
func run(c config) error {
	if c.reps < 1 {
		return fmt.Errorf("-reps %d: need at least 1", c.reps)
	}
	tmp, err := os.MkdirTemp("", "sidebyside")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if c.tablero == "" {
		c.tablero = filepath.Join(tmp, "tablero")
		fmt.Fprintln(os.Stderr, "building tablero into", c.tablero)
		build := exec.Command("go", "build", "-o", c.tablero, "./cmd/tablero")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build ./cmd/tablero (run from the repository root): %w", err)
		}
	}
	r := &runner{cfg: c, tmp: tmp, tools: map[string]string{}, missing: map[string]bool{}, tabFailed: map[string]timing{}}
	var sections []section
	for _, s := range strings.Split(c.suites, ",") {
		var sec section
		switch strings.TrimSpace(s) {
		case "random":
			sec, err = r.randomSuite()
		case "trees":
			sec, err = r.treeSuite()
		case "growth":
			sec, err = r.growthSuite()
		default:
			return fmt.Errorf("-suites: unknown suite %q (random, trees, growth)", s)
		}
		if err != nil {
			return err
		}
		sections = append(sections, sec)
	}
	var w io.Writer = os.Stdout
	if c.out != "" {
		f, err := os.Create(c.out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return writeReport(w, r, sections)
}
