package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// runner runs cases and remembers which tools exist.
type runner struct {
	cfg     config
	tmp     string
	tools   map[string]string // tool name → path, once found
	missing map[string]bool   // tool names not found
	games   map[string]*gameInfo
	warned  bool // about a missing CPU limit
	// tabFailed holds tablero runs that failed or timed out, by command
	// line and bound, so that a second case with the same run (enummixed
	// against gambit-enummixed and lrsnash) does not spend the time again.
	tabFailed map[string]timing
}

// A spec is one comparison: a peer tool and tablero on the same game.
type spec struct {
	game     string   // name shown in the table
	file     string   // the game file (given to tablero, and to the peer unless peerFile is set)
	method   string   // tablero's method and flags, as shown
	peer     string   // peer tool name: gambit-lcp, lrsnash, ...
	peerArgs []string // peer flags, before the file
	peerFile string   // file for the peer, if not file (lrsnash's matrix file)
	tabArgs  []string // tablero solve flags, before the file
	check    check
	timeout  time.Duration
}

// timing is what the repeated runs of one tool on one case gave.
type timing struct {
	wall, cpu []float64 // seconds per completed run
	timeout   time.Duration
	timedOut  bool
	err       string // first line of stderr of a failed run
	out       []byte // standard output of the first run
}

// failed reports whether the tool gave no usable output.
func (t timing) failed() bool { return t.timedOut || t.err != "" }

// killedByLimit reports whether the process died of its CPU limit.
func killedByLimit(ps *os.ProcessState) bool {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && (ws.Signal() == syscall.SIGXCPU || ws.Signal() == syscall.SIGKILL)
}

// median returns the median of xs (0 for none).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// result is a finished comparison.
type result struct {
	spec
	peerT, tabT timing
	verdict     verdict
}

// tool returns the path of the named tool, or "" (with a message, once)
// when it is absent.
func (r *runner) tool(name string) string {
	if p, ok := r.tools[name]; ok {
		return p
	}
	if r.missing[name] {
		return ""
	}
	candidates := []string{name}
	if strings.HasPrefix(name, "gambit-") && r.cfg.gambitDir != "" {
		candidates = []string{filepath.Join(r.cfg.gambitDir, name)}
	}
	if name == "lrsnash" {
		candidates = []string{r.cfg.lrsnash}
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			r.tools[name] = p
			return p
		}
	}
	r.missing[name] = true
	hint := "build Gambit's command-line tools (docs/benchmarks.md) and give -gambit DIR or put them on PATH"
	if name == "lrsnash" {
		hint = "install lrslib (apt-get install lrslib) or give -lrsnash PATH"
	}
	fmt.Fprintf(os.Stderr, "skipping %s: not found (%s)\n", name, hint)
	return ""
}

// available returns the path of a peer tool selected by -peers and
// installed, or "".
func (r *runner) available(name string) string {
	if r.cfg.peers != "" && !slices.Contains(strings.Split(r.cfg.peers, ","), name) {
		return ""
	}
	return r.tool(name)
}

// runCase times the peer and tablero alternately and checks their outputs.
// It returns false if the peer tool is absent.
func (r *runner) runCase(s spec) (result, bool) {
	peer := r.available(s.peer)
	if peer == "" {
		return result{}, false
	}
	if s.timeout == 0 {
		s.timeout = r.cfg.timeout
	}
	peerFile := s.file
	if s.peerFile != "" {
		peerFile = s.peerFile
	}
	peerCmd := append(append([]string{peer}, s.peerArgs...), peerFile)
	tabCmd := append(append([]string{r.cfg.tablero, "solve"}, s.tabArgs...), s.file)
	res := result{spec: s}
	res.peerT.timeout, res.tabT.timeout = s.timeout, s.timeout
	key := fmt.Sprint(s.timeout, tabCmd)
	if t, ok := r.tabFailed[key]; ok { // the same tablero run already failed or timed out
		res.tabT = t
	}
	for rep := range r.cfg.reps {
		first, second := &res.peerT, &res.tabT
		firstCmd, secondCmd := peerCmd, tabCmd
		if rep%2 == 1 {
			first, second, firstCmd, secondCmd = second, first, secondCmd, firstCmd
		}
		r.measure(first, firstCmd, rep)
		r.measure(second, secondCmd, rep)
	}
	if res.tabT.failed() {
		r.tabFailed[key] = res.tabT
	}
	res.verdict = r.compare(s, res.peerT, res.tabT)
	fmt.Fprintf(os.Stderr, "%-28s %-22s %-16s peer %s  tablero %s  %s\n", s.game, s.method, s.peer,
		cellTime(res.peerT, median(res.peerT.wall)), cellTime(res.tabT, median(res.tabT.wall)), res.verdict.text)
	return res, true
}

// measure runs argv once more for t, unless an earlier run failed, timed
// out, or took more CPU time than the -once bound.
func (r *runner) measure(t *timing, argv []string, rep int) {
	if t.failed() || (rep > 0 && len(t.cpu) > 0 && t.cpu[0] > r.cfg.once.Seconds()) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.cfg.wall)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.err = err.Error()
		return
	}
	if err := limitCPU(cmd.Process.Pid, uint64(t.timeout.Seconds())); err != nil && !r.warned {
		r.warned = true
		fmt.Fprintln(os.Stderr, "runs are bounded by -wall only:", err)
	}
	err := cmd.Wait()
	wall := time.Since(start).Seconds()
	ps := cmd.ProcessState
	cpu := (ps.UserTime() + ps.SystemTime()).Seconds()
	if ctx.Err() != nil || cpu >= t.timeout.Seconds() || killedByLimit(ps) {
		t.timedOut = true
		return
	}
	if err != nil && !strings.Contains(stderr.String(), "no equilibrium found") { // finding none is an answer
		var exit *exec.ExitError
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		if msg == "" || !errors.As(err, &exit) {
			msg = err.Error()
		}
		t.err = msg
		return
	}
	t.wall = append(t.wall, wall)
	t.cpu = append(t.cpu, cpu)
	if t.out == nil {
		t.out = stdout.Bytes()
	}
}
