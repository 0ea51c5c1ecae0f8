package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/tablero-project/tablero/game"
)

// A section is the results of one suite.
type section struct {
	title   string
	about   string
	results []result
	notes   []string
}

// method describes how a tablero method and its peer are run.
type method struct {
	peer     string
	peerArgs []string
	tabArgs  []string
	check    check
}

// methodFor returns the peer command of a method name as the table shows
// it ("lcp", "enumpure -A", "enummixed|lrsnash"); tree says whether the
// game is a tree (lcp and lp then find one equilibrium of the sequence
// form).
func methodFor(name string, tree bool) method {
	m := map[string]method{
		"enumpure":          {"gambit-enumpure", []string{"-q"}, []string{"-m", "enumpure"}, sameSet},
		"enumpure -A":       {"gambit-enumpure", []string{"-q", "-A"}, []string{"-m", "enumpure", "-A"}, sameSet},
		"enummixed":         {"gambit-enummixed", []string{"-q"}, []string{"-m", "enummixed"}, sameSet},
		"enummixed|lrsnash": {"lrsnash", nil, []string{"-m", "enummixed"}, sameSet},
		"lcp":               {"gambit-lcp", []string{"-q"}, []string{"-m", "lcp"}, sameSet},
		"lp":                {"gambit-lp", []string{"-q"}, []string{"-m", "lp"}, eachNE},
		"simpdiv":           {"gambit-simpdiv", []string{"-q"}, []string{"-m", "simpdiv"}, samePoint},
		"gnm":               {"gambit-gnm", []string{"-q", "-d", "10", "-n", "1", "-R", "1"}, []string{"-m", "gnm", "-d", "10", "-n", "1", "-R", "1"}, eachNE},
		"ipa":               {"gambit-ipa", []string{"-q", "-d", "10", "-n", "1", "-R", "1"}, []string{"-m", "ipa", "-d", "10", "-n", "1", "-R", "1"}, eachNE},
		"logit":             {"gambit-logit", []string{"-q", "-e", "-d", "10"}, []string{"-m", "logit", "-d", "10"}, closeTo},
		"liap":              {"gambit-liap", []string{"-q", "-d", "10", "-n", "10", "-R", "1"}, []string{"-m", "liap", "-d", "10", "-n", "10", "-R", "1"}, eachNE},
		"liap -A":           {"gambit-liap", []string{"-q", "-A", "-d", "10", "-n", "10", "-R", "1"}, []string{"-m", "liap", "-A", "-d", "10", "-n", "10", "-R", "1"}, eachNE},
		"enumpoly":          {"gambit-enumpoly", []string{"-q", "-d", "10"}, []string{"-m", "enumpoly", "-d", "10"}, superset},
	}[name]
	if m.peer == "" {
		panic("sidebyside: no method " + name)
	}
	if tree && name == "lcp" {
		m.check = eachNE // Lemke on the sequence form: one equilibrium each
	}
	return m
}

// caseFor builds the spec of method name on a game file.
func (r *runner) caseFor(label, file, name string) (spec, error) {
	gi, err := r.game(file)
	if err != nil {
		return spec{}, err
	}
	m := methodFor(name, gi.tree != nil)
	s := spec{game: label, file: file, method: name, peer: m.peer, peerArgs: m.peerArgs,
		tabArgs: append([]string{"-q"}, m.tabArgs...), check: m.check}
	if r.cfg.budget > 0 {
		s.tabArgs = append(s.tabArgs, "--budget", fmt.Sprint(r.cfg.budget))
	}
	if name == "enummixed|lrsnash" {
		s.method = "enummixed"
		if gi.normal == nil || len(gi.normal.Players) != 2 {
			return spec{}, fmt.Errorf("%s: lrsnash needs a two-player game", file)
		}
		s.peerFile = filepath.Join(r.tmp, strings.ReplaceAll(label, "/", "_")+".lrs")
		if err := writeLrs(s.peerFile, gi.normal); err != nil {
			return spec{}, err
		}
	}
	return s, nil
}

// runAll runs the named methods on a game and appends the results.
func (r *runner) runAll(sec *section, label, file string, names []string) error {
	if r.cfg.only != "" && !strings.Contains(label, r.cfg.only) {
		match := false
		for _, n := range names {
			match = match || strings.Contains(n, r.cfg.only)
		}
		if !match {
			return nil
		}
	}
	for _, n := range names {
		if r.cfg.only != "" && !strings.Contains(label, r.cfg.only) && !strings.Contains(n, r.cfg.only) {
			continue
		}
		s, err := r.caseFor(label, file, n)
		if err != nil {
			return err
		}
		if res, ok := r.runCase(s); ok {
			sec.results = append(sec.results, res)
		}
	}
	return nil
}

// randomSuite runs the random games of the shared reference data.
func (r *runner) randomSuite() (section, error) {
	sec := section{title: "Random games", about: "`../shared/peers/gambit/random/games` (integer payoffs 0–99)"}
	dir := filepath.Join(r.cfg.shared, "peers/gambit/random/games")
	if _, err := os.Stat(dir); err != nil {
		fmt.Fprintf(os.Stderr, "skipping the random suite: %s not found (-shared)\n", dir)
		return sec, nil
	}
	two := []string{"enumpure", "enummixed", "enummixed|lrsnash", "lcp", "simpdiv", "gnm", "ipa", "logit"}
	many := []string{"enumpure", "simpdiv", "gnm", "ipa", "logit", "liap", "enumpoly"}
	for _, g := range []string{"10x10_s1", "10x10_s2", "15x15_s1", "15x15_s2", "20x20_s1", "20x20_s2"} {
		if err := r.runAll(&sec, "rand_"+g, filepath.Join(dir, "rand_"+g+".nfg"), two); err != nil {
			return sec, err
		}
	}
	for _, g := range []string{"3x3x3_s1", "4x4x4_s1", "5x5x5_s1", "3x3x3x3_s1", "2x2x2x2x2_s1"} {
		if err := r.runAll(&sec, "rand_"+g, filepath.Join(dir, "rand_"+g+".nfg"), many); err != nil {
			return sec, err
		}
	}
	return sec, nil
}

// treeGames is a representative set of Gambit's sample games (paths below
// ../shared/peers/gambit/games) with the methods run on each.
var treeGames = []struct {
	path    string
	methods []string
}{
	{"contrib/games/2x2.nfg", []string{"enumpure", "enummixed", "lcp"}}, // the floor: process start-up
	{"doc/poker.efg", []string{"enumpure", "enummixed", "lcp", "lp", "simpdiv", "gnm", "ipa", "logit", "liap -A", "enumpoly"}},
	{"catalog/journals/ijgt/selten1975/fig2.efg", []string{"enumpure", "enummixed", "lcp", "logit", "liap -A", "enumpoly"}},
	{"contrib/games/work3.efg", []string{"enumpure", "enummixed", "lcp", "simpdiv", "gnm", "logit", "enumpoly"}},
	{"tests/test_games/2_player_chance.efg", []string{"enummixed", "lcp", "lp", "logit"}},
	{"contrib/games/cent6.efg", []string{"enumpure", "enummixed", "lcp", "logit"}},
	{"contrib/games/centcs10.efg", []string{"enummixed", "lp", "logit", "enumpoly"}},
	{"contrib/games/holdout7.efg", []string{"enumpure", "enummixed", "lcp", "logit"}},
	{"contrib/games/e16.efg", []string{"enumpure -A", "lcp", "simpdiv", "logit"}},
	{"contrib/games/montyhal.efg", []string{"enumpure", "enumpure -A", "lcp", "simpdiv", "ipa", "logit"}},
	{"contrib/games/palf2.efg", []string{"enumpure", "lcp", "gnm", "ipa", "logit"}},
	{"contrib/games/bayes2a.efg", []string{"enumpure", "lcp", "gnm", "ipa", "logit"}},
	{"contrib/games/ttt.efg", []string{"lcp", "lp", "logit"}},
	{"catalog/books/shohamleytonbrown2008/fig6_2.efg", []string{"enummixed", "logit", "liap -A", "enumpoly"}},
	{"contrib/games/2s2x2x2.efg", []string{"enumpure", "simpdiv", "gnm", "ipa", "logit", "liap -A", "enumpoly"}},
	{"catalog/journals/ijgt/selten1975/fig1.efg", []string{"enumpure", "gnm", "ipa", "logit", "liap -A", "enumpoly"}},
	{"catalog/journals/ijgt/selten1975/fig3.efg", []string{"enumpure", "logit", "liap -A", "enumpoly"}},
	{"contrib/games/jury_un.efg", []string{"logit", "enumpoly"}},
	{"catalog/conf/itcs/jakobsen2016/fig3.efg", []string{"logit", "liap -A", "enumpoly"}},
	{"catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg", []string{"enummixed", "enummixed|lrsnash", "lcp", "gnm", "logit", "enumpoly"}},
	{"contrib/games/8x8.nfg", []string{"enummixed", "lcp", "logit", "liap", "enumpoly"}},
	{"contrib/games/coord3.nfg", []string{"enummixed", "enumpoly"}},
	{"contrib/games/2x2x2.nfg", []string{"simpdiv", "gnm", "logit", "liap", "enumpoly"}},
	{"contrib/games/5x4x3.nfg", []string{"simpdiv", "gnm", "ipa", "logit", "liap", "enumpoly"}},
	{"contrib/games/2x2x2x2x2.nfg", []string{"simpdiv", "gnm", "logit", "liap", "enumpoly"}},
}

// treeSuite runs the sample games.
func (r *runner) treeSuite() (section, error) {
	sec := section{title: "Gambit's sample games", about: "a representative set of `../shared/peers/gambit/games` (trees and strategic games)"}
	dir := filepath.Join(r.cfg.shared, "peers/gambit/games")
	if _, err := os.Stat(dir); err != nil {
		fmt.Fprintf(os.Stderr, "skipping the sample games: %s not found (-shared)\n", dir)
		return sec, nil
	}
	for _, g := range treeGames {
		if err := r.runAll(&sec, g.path, filepath.Join(dir, g.path), g.methods); err != nil {
			return sec, err
		}
	}
	return sec, nil
}

// growthSuite runs enummixed on random n×n games against gambit-enummixed
// and lrsnash; once a tool times out, larger games are not run for it.
func (r *runner) growthSuite() (section, error) {
	sec := section{title: "Growth series: all extreme equilibria of random n×n games",
		about: fmt.Sprintf("random bimatrix games, integer payoffs 0–99 from PCG seed %d, n = %d…%d step %d; each run bounded by %s",
			r.cfg.seed, r.cfg.growthFrom, r.cfg.growthTo, r.cfg.growthStep, r.cfg.growthLimit)}
	rng := rand.New(rand.NewPCG(r.cfg.seed, 0x7ab1e20))
	stopped := map[string]int{} // peer → n at which it timed out
	tabStopped := 0
	for n := r.cfg.growthFrom; n <= r.cfg.growthTo; n += r.cfg.growthStep {
		name := fmt.Sprintf("rand_%dx%d", n, n)
		file := filepath.Join(r.tmp, name+".nfg")
		if err := writeRandomNFG(file, n, rng); err != nil {
			return sec, err
		}
		if tabStopped > 0 {
			sec.notes = append(sec.notes, fmt.Sprintf("%s: not run (tablero timed out at n = %d)", name, tabStopped))
			continue
		}
		var todo []spec
		for _, m := range []string{"enummixed", "enummixed|lrsnash"} {
			s, err := r.caseFor(name, file, m)
			if err != nil {
				return sec, err
			}
			s.timeout = r.cfg.growthLimit
			if r.available(s.peer) == "" {
				continue
			}
			if at := stopped[s.peer]; at > 0 {
				sec.notes = append(sec.notes, fmt.Sprintf("%s: %s not run (timed out at n = %d)", name, s.peer, at))
				continue
			}
			todo = append(todo, s)
		}
		if len(todo) == 0 { // every peer has timed out: tablero alone
			s, _ := r.caseFor(name, file, "enummixed")
			s.peer, s.timeout = "", r.cfg.growthLimit
			todo = append(todo, s)
		}
		for _, s := range todo {
			res, ok := r.runGrowth(s)
			if !ok {
				continue
			}
			sec.results = append(sec.results, res)
			if res.peerT.timedOut {
				stopped[s.peer] = n
			}
			if res.tabT.timedOut {
				tabStopped = n
				break
			}
		}
	}
	return sec, nil
}

// runGrowth runs a growth case; a spec without a peer times tablero alone.
func (r *runner) runGrowth(s spec) (result, bool) {
	if s.peer != "" {
		return r.runCase(s)
	}
	res := result{spec: s}
	res.peer = "(not run)"
	res.tabT.timeout = s.timeout
	tabCmd := append(append([]string{r.cfg.tablero, "solve"}, s.tabArgs...), s.file)
	for rep := range r.cfg.reps {
		r.measure(&res.tabT, tabCmd, rep)
	}
	res.verdict = r.compare(s, timing{timedOut: true}, res.tabT)
	res.verdict.wrong = false
	fmt.Fprintf(os.Stderr, "%-28s %-22s tablero %s\n", s.game, s.method, cellTime(res.tabT, median(res.tabT.wall)))
	return res, true
}

// writeRandomNFG writes an n×n bimatrix game with payoffs drawn from rng.
func writeRandomNFG(path string, n int, rng *rand.Rand) error {
	var b strings.Builder
	fmt.Fprintf(&b, "NFG 1 R \"random %dx%d\" { \"1\" \"2\" } { %d %d }\n\n", n, n, n, n)
	for range n * n {
		fmt.Fprintf(&b, "%d %d\n", rng.IntN(100), rng.IntN(100))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// writeLrs writes a two-player game as lrsnash's input: m n, then A and B
// row by row (exact fractions).
func writeLrs(path string, n *game.Normal) error {
	rows, cols := len(n.Strategies[0]), len(n.Strategies[1])
	var b strings.Builder
	fmt.Fprintf(&b, "%d %d\n", rows, cols)
	for p := range 2 {
		b.WriteString("\n")
		for i := range rows {
			for j := range cols {
				v := "0"
				if o := n.Cells[n.Index([]int{i, j})]; o != nil {
					v = o.Payoffs[p].RatString()
				}
				b.WriteString(v + " ")
			}
			b.WriteString("\n")
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
