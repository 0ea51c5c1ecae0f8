package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// cellTime formats a median time, or why there is none.
func cellTime(t timing, med float64) string {
	switch {
	case t.timedOut && len(t.wall) == 0:
		return fmt.Sprintf("timeout >%gs", t.timeout.Seconds())
	case t.err != "" && len(t.wall) == 0:
		msg := t.err
		if len(msg) > 40 {
			msg = msg[:40] + "…"
		}
		return "error: " + strings.ReplaceAll(msg, "|", "/")
	case len(t.wall) == 0:
		return "—"
	}
	s := fmt.Sprintf("%.3f", med)
	if len(t.wall) == 1 && med > 0 {
		s += "¹"
	}
	return s
}

// cpuTime formats a median CPU time; failures are described in the wall
// column.
func cpuTime(t timing) string {
	if len(t.cpu) == 0 {
		return "—"
	}
	return cellTime(t, median(t.cpu))
}

// ratio formats peer/tablero of two medians, as a lower bound when the
// peer timed out.
func ratio(peer, tab timing, pick func(timing) []float64) string {
	if tab.failed() || len(pick(tab)) == 0 {
		return "—"
	}
	t := median(pick(tab))
	if t <= 0 {
		t = 0.0005 // below the clock's resolution
	}
	if peer.timedOut {
		return fmt.Sprintf("> %.3g", peer.timeout.Seconds()/t)
	}
	if peer.failed() || len(pick(peer)) == 0 {
		return "—"
	}
	return fmt.Sprintf("%.3g", median(pick(peer))/t)
}

func walls(t timing) []float64 { return t.wall }
func cpus(t timing) []float64  { return t.cpu }

// loadavg returns the machine's load averages, as uptime prints them.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}

// versionOf returns the first line a tool prints about itself.
func versionOf(argv ...string) string {
	out, _ := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(strings.TrimPrefix(l, "*")); l != "" {
			return l
		}
	}
	return "unknown"
}

// gambitVersion returns the "Gambit version ..." line of a tool's -v.
func gambitVersion(tool string) string {
	out, _ := exec.Command(tool, "-v").CombinedOutput()
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Gambit version") {
			v, _, _ := strings.Cut(l, ",")
			return v
		}
	}
	return "unknown"
}

// writeReport writes the sections as Markdown tables and the goals.
func writeReport(w io.Writer, r *runner, sections []section) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Run of %s UTC on %d CPUs (%s/%s), load average at the end %s (1, 5, 15 min).\n",
		time.Now().UTC().Format("2006-01-02 15:04"), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, loadavg())
	fmt.Fprintf(&b, "tablero: commit %s. ", versionOf("git", "log", "-1", "--format=%h %cs"))
	if p := r.tools["gambit-lcp"]; p != "" {
		fmt.Fprintf(&b, "Gambit: %s. ", gambitVersion(p))
	}
	if p := r.tools["lrsnash"]; p != "" {
		tiny := filepath.Join(r.tmp, "version.lrs")
		if os.WriteFile(tiny, []byte("1 1\n\n0\n\n0\n"), 0o644) == nil {
			fmt.Fprintf(&b, "lrsnash: %s. ", versionOf(p, tiny))
		}
	}
	fmt.Fprintf(&b, "%d repetitions, alternating, each run bounded by %s of CPU time; ¹ = run once (first run over %s of CPU time).",
		r.cfg.reps, r.cfg.timeout, r.cfg.once)
	if r.cfg.budget > 0 {
		fmt.Fprintf(&b, " tablero ran with --budget %d.", r.cfg.budget)
	}
	b.WriteString("\n")
	var missing []string
	for name := range r.missing {
		missing = append(missing, name)
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		fmt.Fprintf(&b, "Skipped (not installed): %s.\n", strings.Join(missing, ", "))
	}
	var all []result
	for _, sec := range sections {
		fmt.Fprintf(&b, "\n#### %s\n\n%s.\n\n", sec.title, sec.about)
		if len(sec.results) == 0 {
			b.WriteString("Nothing run.\n")
			continue
		}
		b.WriteString("| game | method | peer | peer wall s | tablero wall s | ratio wall | peer CPU s | tablero CPU s | ratio CPU | NE peer / tablero | agreement |\n")
		b.WriteString("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n")
		for _, res := range sec.results {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				res.game, res.method, res.peer,
				cellTime(res.peerT, median(res.peerT.wall)), cellTime(res.tabT, median(res.tabT.wall)),
				ratio(res.peerT, res.tabT, walls),
				cpuTime(res.peerT), cpuTime(res.tabT),
				ratio(res.peerT, res.tabT, cpus),
				counts(res.verdict), agreement(res.verdict))
		}
		for _, n := range sec.notes {
			fmt.Fprintf(&b, "\n%s", n)
		}
		if len(sec.notes) > 0 {
			b.WriteString("\n")
		}
		all = append(all, sec.results...)
	}
	writeSummary(&b, all)
	_, err := io.WriteString(w, b.String())
	return err
}

// counts formats the numbers of equilibria.
func counts(v verdict) string {
	f := func(n int) string {
		if n < 0 {
			return "–"
		}
		return fmt.Sprint(n)
	}
	return f(v.nPeer) + " / " + f(v.nTab)
}

// agreement formats a verdict, marking a wrong answer.
func agreement(v verdict) string {
	t := strings.ReplaceAll(v.text, "|", "/")
	if v.wrong {
		return "**" + t + "**"
	}
	return t
}

// writeSummary writes, per method and peer, the CPU ratios where both
// finished and the cases below 2× or with a wrong answer.
func writeSummary(b *strings.Builder, all []result) {
	type agg struct {
		ratios []float64
		slow   []string
		wrong  []string
		cases  int
	}
	byMethod := map[string]*agg{}
	var keys []string
	for _, res := range all {
		if res.peer == "(not run)" {
			continue
		}
		k := res.method + " vs " + res.peer
		a := byMethod[k]
		if a == nil {
			a = &agg{}
			byMethod[k] = a
			keys = append(keys, k)
		}
		a.cases++
		if res.verdict.wrong {
			a.wrong = append(a.wrong, res.game)
		}
		if res.tabT.failed() || len(res.tabT.cpu) == 0 {
			if !res.peerT.failed() {
				a.slow = append(a.slow, res.game+" (tablero failed)")
			}
			continue
		}
		if res.peerT.failed() || len(res.peerT.cpu) == 0 {
			continue
		}
		t := max(median(res.tabT.cpu), 0.0005)
		q := median(res.peerT.cpu) / t
		a.ratios = append(a.ratios, q)
		if q < 2 {
			a.slow = append(a.slow, fmt.Sprintf("%s (%.2g)", res.game, q))
		}
	}
	b.WriteString("\n#### Summary: CPU ratio peer/tablero where both finished\n\n")
	b.WriteString("| method vs peer | cases | both finished | median ratio | smallest ratio | below 2× | tablero wrong or missing |\n")
	b.WriteString("|---|---:|---:|---:|---:|---|---|\n")
	for _, k := range keys {
		a := byMethod[k]
		med, low := "—", "—"
		if len(a.ratios) > 0 {
			med = fmt.Sprintf("%.3g", median(a.ratios))
			low = fmt.Sprintf("%.3g", slices.Min(a.ratios))
		}
		fmt.Fprintf(b, "| %s | %d | %d | %s | %s | %s | %s |\n", k, a.cases, len(a.ratios), med, low,
			orNone(a.slow), orNone(a.wrong))
	}
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}
