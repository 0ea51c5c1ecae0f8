package forecast

// Conformance against the peers' outputs in ../shared/peers/forecast, one
// test per row of the validation table of research/forecast.md §6.

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/peertest"
)

const peerDir = "../../shared/peers/forecast"

// peer returns the path of a peer file, skipping the test when the shared
// reference data is absent.
func peer(t testing.TB, parts ...string) string {
	t.Helper()
	peertest.Need(t, peerDir)
	return filepath.Join(append([]string{peerDir}, parts...)...)
}

// eumDatasets are the 11 one-issue datasets of eum/input.
var eumDatasets = []string{"emission_ec_1994_s01", "sultan_s01", "china_s100", "honduras_s01", "iran_2013_s100",
	"brexit_s100", "uk_emu_labour_s100", "uk_emu_conservative_s100", "columbus_s100", "mugabe_s100", "greece_2015_s100"}

// ktabDatasets are the six shipped KTAB datasets with their turn counts.
var ktabDatasets = []struct {
	name  string
	turns int
}{{"SOE-Pol-Comp", 27}, {"SOE-Policy", 19}, {"SOE-Competitive", 35}, {"dummyData_3Dim", 10}, {"dummyData_6Dim", 29}, {"dummyData-a040", 20}}

func readTableFile(t testing.TB, path string, read func(*os.File) (*Table, error)) *Table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := read(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return tb
}

func eumInput(t testing.TB, ds string) *Table {
	return readTableFile(t, peer(t, "eum", "input", ds+".csv"), func(f *os.File) (*Table, error) { return ReadEUMCSV(f) })
}

func ktabInput(t testing.TB, path string) *Table {
	return readTableFile(t, path, func(f *os.File) (*Table, error) { return ReadKTABCSV(f) })
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func atof(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestPeerBaseline1D: baseline-1d, every column of eum/baselines_1d.csv.
func TestPeerBaseline1D(t *testing.T) {
	rows := readCSV(t, peer(t, "eum", "baselines_1d.csv"))
	pass := 0
	for _, r := range rows[1:] {
		tb := eumInput(t, r[0])
		b, err := Baselines(tb)
		if err != nil {
			t.Fatal(err)
		}
		x, _, _ := tb.column(0)
		got := []float64{float64(b[0].N), minOf(x), maxOf(x), b[0].Mean, b[0].CapMean, b[0].Compromise, b[0].Median, b[0].Condorcet.Winner}
		ok := true
		for k, want := range r[1:] {
			if w := atof(t, want); math.Abs(got[k]-w) > 5e-7*math.Max(1, math.Abs(w)) {
				t.Errorf("%s %s: got %.9g, want %s", r[0], rows[0][k+1], got[k], want)
				ok = false
			}
		}
		if ok {
			pass++
		}
	}
	if got := eumInput(t, "emission_ec_1994_s01"); true {
		b, _ := Baselines(got)
		if b[0].Compromise != 7.389955686853767 {
			t.Errorf("emission compromise %.17g, want 7.389955686853767", b[0].Compromise)
		}
	}
	t.Logf("baseline-1d: %d of %d datasets, all columns", pass, len(rows)-1)
}

func minOf(x []float64) float64 {
	m := math.Inf(1)
	for _, v := range x {
		m = math.Min(m, v)
	}
	return m
}

func maxOf(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	return m
}

// TestPeerBaselineMultiIssue: baseline-multi-issue on the Decide inputs.
func TestPeerBaselineMultiIssue(t *testing.T) {
	rows := readCSV(t, peer(t, "other", "decide_inputs_nbs_baselines.csv"))
	tables := map[string]*Table{}
	pass := 0
	for _, r := range rows[1:] {
		tb, ok := tables[r[0]]
		if !ok {
			tb = readTableFile(t, peer(t, "other", r[0]), func(f *os.File) (*Table, error) { return ReadDecide(f) })
			tables[r[0]] = tb
		}
		d := tb.dimIndex(r[1])
		if d < 0 {
			t.Fatalf("%s: no issue %q", r[0], r[1])
		}
		b, _ := Baselines(tb)
		n, comp, med := atof(t, r[2]), atof(t, r[3]), atof(t, r[4])
		if float64(b[d].N) != n || math.Abs(b[d].Compromise-comp) > 5e-5 || b[d].Median != med {
			t.Errorf("%s %s: got n=%d compromise %.6f median %g, want %v %v %v", r[0], r[1], b[d].N, b[d].Compromise, b[d].Median, n, comp, med)
			continue
		}
		pass++
	}
	t.Logf("baseline-multi-issue: %d of %d issues", pass, len(rows)-1)
}

// TestPeerEUMRound1: eum-risk-r1, the round-1 golden values of the
// emission data.
func TestPeerEUMRound1(t *testing.T) {
	var g struct {
		Round1 struct {
			Denom1 float64                       `json:"P_denominator_r_all_1"`
			Danger map[string]float64            `json:"danger_level_r_all_1"`
			R      map[string]float64            `json:"R_i"`
			Rexp   map[string]float64            `json:"r_i"`
			Denom2 float64                       `json:"P_denominator_after_risk"`
			P      map[string]map[string]float64 `json:"P_i_beats_j_after_risk"`
			EU     map[string]map[string]float64 `json:"EU_i_challenges_j_from_i_perspective"`
			Moves  map[string]string             `json:"moves"`
		} `json:"round1"`
	}
	data, err := os.ReadFile(peer(t, "eum", "emission_round1_golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	tb := eumInput(t, "emission_ec_1994_s01")
	st := newEUMState(tb, 0, EUMPresets["scholz-code"])
	for i := range st.r {
		st.r[i] = 1
	}
	st.setProb()
	checks := 0
	near := func(what string, got, want, tol float64) {
		t.Helper()
		checks++
		if math.Abs(got-want) > tol {
			t.Errorf("%s: got %.17g, want %.17g", what, got, want)
		}
	}
	near("P denominator (r = 1)", st.denom, g.Round1.Denom1, 1e-12)
	name := func(i int) string { return tb.Actors[i].Name }
	for i := range st.n {
		near("danger "+name(i), st.danger(i), g.Round1.Danger[name(i)], 1e-12)
	}
	moves := st.round()
	near("P denominator (after risk)", st.denom, g.Round1.Denom2, 1e-12)
	for i := range st.n {
		R := (1 - st.r[i]) * 3 / (1 + st.r[i])
		near("R "+name(i), R, g.Round1.R[name(i)], 1e-12)
		near("r "+name(i), st.r[i], g.Round1.Rexp[name(i)], 1e-12)
		for j := range st.n {
			near(fmt.Sprintf("P %s>%s", name(i), name(j)), st.p[i*st.n+j], g.Round1.P[name(i)][name(j)], 1e-15)
			if i != j {
				near(fmt.Sprintf("EU %s→%s", name(i), name(j)), st.eu(i, i, j), g.Round1.EU[name(i)][name(j)], 1e-15)
			}
		}
	}
	if len(moves) != len(g.Round1.Moves) {
		t.Fatalf("%d moves, want %d", len(moves), len(g.Round1.Moves))
	}
	for _, m := range moves {
		want := g.Round1.Moves[name(m.Receiver)]
		_, after, _ := strings.Cut(want, "-> ")
		to, _, _ := strings.Cut(after, " ")
		checks++
		if !strings.Contains(want, m.Kind+" with "+name(m.Proposer)) && !strings.Contains(want, "loses "+m.Kind+" to "+name(m.Proposer)) ||
			atof(t, to) != m.To || !strings.Contains(want, fmt.Sprint(m.EUij)) {
			t.Errorf("%s: %s with %s → %v (E %v vs %v); golden: %s", name(m.Receiver), m.Kind, name(m.Proposer), m.To, m.EUij, m.EUji, want)
		}
	}
	t.Logf("eum-risk-r1: %d values checked", checks)
}

// eumRun runs the EUM on one dataset for exactly 10 rounds.
func eumRun(t testing.TB, ds string, preset string) *EUMTrack {
	o := EUMPresets[preset]
	o.StopOnCycle = false
	res, err := RunEUM(context.Background(), eumInput(t, ds), o)
	if err != nil {
		t.Fatal(err)
	}
	return &res.Dims[0]
}

// TestPeerEUMTrajectory: eum-trajectory, 10 rounds on all 11 datasets,
// positions and weighted mean against the replication's printout (10
// significant digits) and every accepted offer against its log (full
// precision, exactly).
func TestPeerEUMTrajectory(t *testing.T) {
	pass := 0
	for _, ds := range eumDatasets {
		tr := eumRun(t, ds, "scholz-code")
		rows := readCSV(t, peer(t, "eum", "runs", ds+"__jmckib_positions.csv"))
		ok := comparePositions(t, ds, tr, rows, true)
		want := jmckibMoves(t, peer(t, "eum", "runs", ds+"__jmckib_log.txt"))
		var got []float64
		for _, ms := range tr.Moves {
			for _, m := range ms {
				got = append(got, m.To)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: offers accepted %v, want %v", ds, got, want)
			ok = false
		}
		for k := range want {
			if k < len(got) && got[k] != want[k] {
				t.Errorf("%s: offer %d moves to %.17g, want exactly %.17g", ds, k, got[k], want[k])
				ok = false
			}
		}
		if ok {
			pass++
		}
	}
	t.Logf("eum-trajectory: %d of %d datasets (10 rounds, positions and c·s mean; offers exact)", pass, len(eumDatasets))
}

// comparePositions checks rows (round, actors..., [median, weighted_mean])
// against the track, to 10 significant digits.
func comparePositions(t *testing.T, ds string, tr *EUMTrack, rows [][]string, mean bool) bool {
	t.Helper()
	if len(rows)-1 != len(tr.Positions) {
		t.Errorf("%s: %d rounds, want %d", ds, len(tr.Positions)-1, len(rows)-2)
		return false
	}
	ok := true
	for r, row := range rows[1:] {
		for k := range tr.Actors {
			if w := atof(t, row[1+k]); !sig10(tr.Positions[r][k], w) {
				t.Errorf("%s round %d %s: %.12g, want %s", ds, r, rows[0][1+k], tr.Positions[r][k], row[1+k])
				ok = false
			}
		}
		if mean {
			if w := atof(t, row[len(row)-1]); !sig10(tr.Mean[r], w) {
				t.Errorf("%s round %d weighted mean %.12g, want %v", ds, r, tr.Mean[r], w)
				ok = false
			}
		}
	}
	return ok
}

// sig10 compares to the 10 significant digits of the printout.
func sig10(got, want float64) bool {
	return math.Abs(got-want) <= 5e-10*math.Max(math.Abs(want), 1e-300)+1e-12
}

// jmckibMoves reads the "new_pos = x" lines of a replication log.
func jmckibMoves(t testing.TB, path string) []float64 {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "new_pos = "); ok {
			out = append(out, atof(t, v))
		}
	}
	return out
}

// TestPeerEUMPaper: eum-paper-variant on all 11 datasets.
func TestPeerEUMPaper(t *testing.T) {
	pass := 0
	for _, ds := range eumDatasets {
		tr := eumRun(t, ds, "paper")
		rows := readCSV(t, peer(t, "eum", "runs_paper_variant", ds+"__paper_variant_positions.csv"))
		if comparePositions(t, ds, tr, rows, false) {
			pass++
		}
	}
	tr := eumRun(t, "emission_ec_1994_s01", "paper")
	for r := 3; r <= 10; r++ {
		for k, x := range tr.Positions[r] {
			if x != 7 {
				t.Errorf("paper variant, emission round %d actor %d at %v, want 7", r, k, x)
			}
		}
	}
	t.Logf("eum-paper-variant: %d of %d datasets", pass, len(eumDatasets))
}

// smpRunFile runs KTAB's default model on a KTAB CSV.
func smpRunFile(t testing.TB, path string) (*Table, *SMPResult) {
	tb := ktabInput(t, path)
	res, err := RunSMP(context.Background(), tb, SMPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return tb, res
}

// checkSMPRun compares an SMP run with a directory of smpc outputs:
// positions (within 0.05 of the 1-decimal print, and at 0.01 resolution
// against the re-implementation where shipped) and probabilities (4
// decimals).
func checkSMPRun(t *testing.T, name string, tb *Table, res *SMPResult) (posOK, probOK bool) {
	dir := peer(t, "ktab", "runs", name)
	idx := map[string]int{}
	for i, a := range tb.Actors {
		idx[a.Name] = i
	}
	dimOf := func(s string) int {
		if d := tb.dimIndex(s); d >= 0 {
			return d
		}
		d, _ := strconv.Atoi(s)
		return d
	}
	posOK, probOK = true, true
	for _, r := range readCSV(t, filepath.Join(dir, name+"_positions.csv"))[1:] {
		turn, _ := strconv.Atoi(r[0])
		if got := res.Positions[turn][idx[r[1]]][dimOf(r[2])]; math.Abs(got-atof(t, r[3])) > 0.05+1e-9 {
			t.Errorf("%s turn %d %s %s: %.4f, smpc printed %s", name, turn, r[1], r[2], got, r[3])
			posOK = false
		}
	}
	if rows := readOptionalCSV(t, filepath.Join(dir, "positions_0.01_reimpl.csv")); rows != nil {
		for _, r := range rows[1:] {
			turn, _ := strconv.Atoi(r[0])
			if got := res.Positions[turn][idx[r[1]]][dimOf(r[2])]; math.Abs(got-atof(t, r[3])) > 0.005+1e-9 {
				t.Errorf("%s turn %d %s %s: %.4f, re-implementation %s", name, turn, r[1], r[2], got, r[3])
				posOK = false
			}
		}
	}
	for _, r := range readCSV(t, filepath.Join(dir, name+"_probs.csv"))[1:] {
		turn, _ := strconv.Atoi(r[0])
		if got := res.Probs[turn][idx[r[1]]]; math.Abs(got-atof(t, r[2])) > 0.00005+1e-9 {
			t.Errorf("%s turn %d %s: prob %.5f, smpc printed %s", name, turn, r[1], got, r[2])
			probOK = false
		}
	}
	return posOK, probOK
}

func readOptionalCSV(t *testing.T, path string) [][]string {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	return readCSV(t, path)
}

// summaryRuns reads ktab/runs/summary.jsonl by log name.
func summaryRuns(t *testing.T) map[string][]float64 {
	f, err := os.Open(peer(t, "ktab", "runs", "summary.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]float64{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r struct {
			Log  string    `json:"log"`
			Frac []float64 `json:"fractional_change"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(strings.TrimPrefix(r.Log, "log_"), ".txt")] = r.Frac
	}
	return out
}

// TestPeerSMPTrajectory: smp-trajectory and smp-probs on the six KTAB
// datasets.
func TestPeerSMPTrajectory(t *testing.T) {
	frac := summaryRuns(t)
	var turns, pos, probs, fc int
	for _, ds := range ktabDatasets {
		tb, res := smpRunFile(t, peer(t, "ktab", "input", ds.name+".csv"))
		if res.Turns == ds.turns {
			turns++
		} else {
			t.Errorf("%s: %d turns, want %d", ds.name, res.Turns, ds.turns)
		}
		p, q := checkSMPRun(t, ds.name, tb, res)
		pos, probs = pos+b2i(p), probs+b2i(q)
		if checkFrac(t, ds.name, res, frac[ds.name]) {
			fc++
		}
	}
	n := len(ktabDatasets)
	t.Logf("smp-trajectory: turns %d/%d, positions %d/%d, fractional change %d/%d; smp-probs %d/%d", turns, n, pos, n, fc, n, probs, n)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// checkFrac compares the "Fractional change" series to 4 decimals.
func checkFrac(t *testing.T, name string, res *SMPResult, want []float64) bool {
	if len(want) != len(res.FracChange) {
		t.Errorf("%s: %d fractional changes, want %d", name, len(res.FracChange), len(want))
		return false
	}
	ok := true
	for k, w := range want {
		if math.Abs(res.FracChange[k]-w) > 0.00005+1e-9 {
			t.Errorf("%s turn %d: fractional change %.5f, smpc printed %.4f", name, k+1, res.FracChange[k], w)
			ok = false
		}
	}
	return ok
}

// TestPeerSMP1D: smp-1d, the 11 EUM datasets converted to KTAB format.
func TestPeerSMP1D(t *testing.T) {
	frac := summaryRuns(t)
	var pos, probs, fc int
	for _, ds := range eumDatasets {
		name := "eum1d_" + ds
		tb, res := smpRunFile(t, peer(t, "ktab", "eum1d_input", ds+".csv"))
		p, q := checkSMPRun(t, name, tb, res)
		pos, probs = pos+b2i(p), probs+b2i(q)
		if checkFrac(t, name, res, frac[name]) {
			fc++
		}
	}
	n := len(eumDatasets)
	t.Logf("smp-1d: turns and fractional change %d/%d, positions %d/%d, probabilities %d/%d", fc, n, pos, n, probs, n)
}

// TestPeerSMPStochastic: smp-stochastic. Turn-1 probabilities of the
// stochastic XML scenario equal KTAB's 2017 reference; a seed reproduces a
// whole run.
func TestPeerSMPStochastic(t *testing.T) {
	tb := readTableFile(t, peer(t, "ktab", "input", "smpExample_fixed.xml"), func(f *os.File) (*Table, error) { return ReadKTABXML(f) })
	if tb.SMP == nil || tb.SMP.StateTransitions != Stochastic || tb.SMP.PCEModel != PCEMarkovIncentive || tb.SMP.VotingRule != VRPropCbc {
		t.Fatalf("XML parameters not read: %+v", tb.SMP)
	}
	res, err := RunSMP(context.Background(), tb, *tb.SMP)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"Alice": 0.3154, "Bob": 0.1668, "Carol": 0.1082, "David": 0.2216, "Ellie": 0.1880}
	for i, a := range tb.Actors {
		if math.Abs(res.Probs[0][i]-want[a.Name]) > 0.00005 {
			t.Errorf("turn-1 prob of %s: %.5f, want %.4f", a.Name, res.Probs[0][i], want[a.Name])
		}
	}
	wantR := []float64{1.000, -0.387, -0.500, -0.001, -0.298} // from the smpc log
	for i, r := range wantR {
		if math.Abs(res.Risk[0][i]-r) > 0.0005 {
			t.Errorf("risk attitude %d: %.4f, smpc printed %.3f", i, res.Risk[0][i], r)
		}
	}
	again, err := RunSMP(context.Background(), tb, *tb.SMP)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(again.Positions) != fmt.Sprint(res.Positions) || fmt.Sprint(again.Probs) != fmt.Sprint(res.Probs) {
		t.Error("two stochastic runs with the same seed differ")
	}
}

// TestPeerSMPTurn1: smp-turn1, the intermediate values of the first turn
// of dummyData_3Dim against smpc's log.
func TestPeerSMPTurn1(t *testing.T) {
	tb := ktabInput(t, peer(t, "ktab", "input", "dummyData_3Dim.csv"))
	lg := readTurn1(t, peer(t, "ktab", "runs", "dummyData_3Dim", "turn1_log_excerpt.txt"))
	o := SMPOptions{}
	if err := o.check(); err != nil {
		t.Fatal(err)
	}
	m, err := newSMPModel(tb, &o)
	if err != nil {
		t.Fatal(err)
	}
	s := m.initial(tb)
	if err := s.assess(); err != nil {
		t.Fatal(err)
	}
	c := &logChecker{t: t}
	n := m.n
	c.matrix("risk-neutral utilities", lg.block("Raw actor-pos value matrix (risk neutral)", n), func(i, j int) float64 { return bsUtil(s.vd[i*n+j], 0) })
	c.vector("risk attitudes", lg.block("Inferred risk attitudes:", n), s.nra)
	c.matrix("risk-aware utilities", lg.block("Risk-aware actor-pos utility matrix (objective):", n), func(i, j int) float64 { return bsUtil(s.vd[i*n+j], s.nra[i]) })
	for h := range n {
		c.matrix(fmt.Sprintf("estimate by %d", h), lg.block(fmt.Sprintf("Estimate by %d of risk-aware utility matrix:", h), n), func(i, j int) float64 { return s.u(h, i, j) })
	}
	chl := s.bestChallenges()
	c.challenges(lg, s, chl)
	c.bargains(lg, s, chl)
	c.queues(lg, s, chl)
	t.Logf("smp-turn1: %d values checked against the log", c.n)
}

// turn1Log is the first turn of an smpc log, as lines.
type turn1Log struct {
	t     *testing.T
	lines []string
}

func readTurn1(t *testing.T, path string) *turn1Log {
	var r *bufio.Scanner
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = bufio.NewScanner(z)
	} else {
		r = bufio.NewScanner(f)
	}
	lg := &turn1Log{t: t}
	for r.Scan() {
		lg.lines = append(lg.lines, strings.TrimSpace(r.Text()))
	}
	return lg
}

// block returns the n lines following the first line equal to head.
func (lg *turn1Log) block(head string, n int) [][]string {
	for k, l := range lg.lines {
		if l == strings.TrimSpace(head) {
			var rows [][]string
			for _, r := range lg.lines[k+1 : k+1+n] {
				rows = append(rows, strings.Fields(r))
			}
			return rows
		}
	}
	lg.t.Fatalf("log has no %q", head)
	return nil
}

// logChecker compares values with printed numbers, within half a unit of
// the last printed digit.
type logChecker struct {
	t *testing.T
	n int
}

func (c *logChecker) num(what, printed string, got float64) {
	c.t.Helper()
	c.n++
	want, err := strconv.ParseFloat(printed, 64)
	if err != nil {
		c.t.Fatalf("%s: cannot parse %q", what, printed)
	}
	dec := 0
	if k := strings.IndexByte(printed, '.'); k >= 0 {
		dec = len(printed) - k - 1
	}
	if math.Abs(got-want) > 0.5*math.Pow10(-dec)+1e-12 {
		c.t.Errorf("%s: %.*f, smpc printed %s", what, dec+2, got, printed)
	}
}

func (c *logChecker) matrix(what string, rows [][]string, f func(i, j int) float64) {
	for i, r := range rows {
		for j, v := range r {
			c.num(fmt.Sprintf("%s [%d,%d]", what, i, j), v, f(i, j))
		}
	}
}

func (c *logChecker) vector(what string, rows [][]string, v []float64) {
	for i, r := range rows {
		c.num(fmt.Sprintf("%s [%d]", what, i), r[0], v[i])
	}
}

// challenges checks "In turn 0 actor i has most advantageous target j
// worth w" and the "Est by h of prob p that [i>j], with expected gain to
// k of g" lines.
func (c *logChecker) challenges(lg *turn1Log, s *smpState, chl []challenge) {
	for _, l := range lg.lines {
		var i, j, h, k int
		var w, p, g string
		if n, _ := fmt.Sscanf(l, "In turn 0 actor %d has most advantageous target %d worth %s", &i, &j, &w); n == 3 {
			if chl[i].target != j {
				c.t.Errorf("actor %d targets %d, smpc %d", i, chl[i].target, j)
			}
			c.num(fmt.Sprintf("gain %d→%d", i, j), w, chl[i].gain)
			continue
		}
		l2 := strings.NewReplacer("[", " ", "]", " ", ">", " ", ",", " ").Replace(l)
		if n, _ := fmt.Sscanf(l2, "Est by %d of prob %s that %d %d  with expected gain to %d of %s", &h, &p, &i, &j, &k, &g); n == 6 {
			pp, gg := s.probEduChlg(h, k, i, j)
			c.num(fmt.Sprintf("prob by %d of %d>%d", h, i, j), p, pp)
			c.num(fmt.Sprintf("gain to %d by %d of %d>%d", k, h, i, j), g, gg)
		}
	}
}

// bargains checks the three bargains printed for each challenge: the
// initiator's (brgnIIJ), the target's (brgnJIJ) and the power-weighted
// compromise (brgnIJ), which are the bargains of the InitOnlyInterp,
// InitRcvrInterp and PWCompInterp models.
func (c *logChecker) bargains(lg *turn1Log, s *smpState, chl []challenge) {
	models := map[string]BargnModel{"brgnIIJ": InitOnlyInterp, "brgnJIJ": InitRcvrInterp, "brgnIJ": PWCompInterp}
	for k, l := range lg.lines {
		var id, i, j, persp int
		var kind string
		switch {
		case strings.HasPrefix(l, "Bargain ["):
			// smpc labels both "(brgnIIJ)"; the perspective tells them apart
			fmt.Sscanf(strings.NewReplacer(",", " ", ":", " ").Replace(l), "Bargain [%d %d %d] from %d's", &id, &i, &j, &persp)
			kind = "brgnIIJ"
			if persp == j {
				kind = "brgnJIJ"
			}
		case strings.HasPrefix(l, "Power-weighted compromise ["):
			fmt.Sscanf(strings.NewReplacer(",", " ", ":", " ").Replace(l), "Power-weighted compromise [%d %d %d]", &id, &i, &j)
			kind = "brgnIJ"
		default:
			continue
		}
		o := *s.m.o
		o.BargnModel = models[kind]
		s.m.o = &o
		b := s.proposals(i, chl[i])
		pick := b[len(b)-1] // InitRcvr lists the initiator's then the target's
		for r, pos := range [][]float64{pick.pInit, pick.pRcvr} {
			f := strings.Fields(lg.lines[k+1+r])
			f = f[len(f)-len(pos):]
			for d := range pos {
				c.num(fmt.Sprintf("%s %d:%d coordinate %d", kind, i, j, d), f[d], 100*pos[d])
			}
		}
	}
	o := *s.m.o
	o.BargnModel = InitOnlyInterp
	s.m.o = &o
}

// queues checks "Bargains involving actor k" (queue order), then each
// actor's u_im, coalition strengths and bargain probabilities, and the
// chosen bargain.
func (c *logChecker) queues(lg *turn1Log, s *smpState, chl []challenge) {
	n := s.m.n
	q := make([][]bargain, n)
	for i := range n {
		q[i] = append(q[i], bargain{init: i, rcvr: i})
		if j := chl[i].target; j >= 0 {
			b := s.proposals(i, chl[i])[0]
			q[i], q[j] = append(q[i], b), append(q[j], b)
		}
	}
	for k := range n {
		var line string
		for _, l := range lg.lines {
			if strings.HasPrefix(l, fmt.Sprintf("Bargains involving actor %2d:", k)) {
				line = l
			}
		}
		var got []string
		for _, b := range q[k] {
			got = append(got, fmt.Sprintf("%d:%d]", b.init, b.rcvr))
		}
		for _, g := range got {
			if !strings.Contains(line, " "+g) && !strings.Contains(line, ","+g) {
				c.t.Errorf("queue of %d: %v, smpc %q", k, got, line)
			}
		}
		c.n++
	}
	k := 0
	for li, l := range lg.lines {
		if l != "u_im:" || k >= n {
			continue
		}
		u, cs, p, err := s.bargainPCE(q[k])
		if err != nil {
			c.t.Fatal(err)
		}
		nb := len(q[k])
		c.matrix(fmt.Sprintf("u_im of %d", k), splitRows(lg.lines[li+1:li+1+n]), func(a, b int) float64 { return u[a*nb+b] })
		c.matrix(fmt.Sprintf("coalitions of %d", k), lg.after(li, "Coalition strengths of (i:j):", nb), func(a, b int) float64 {
			if a == b {
				return 0
			}
			return cs[a*nb+b]
		})
		c.vector(fmt.Sprintf("bargain probabilities of %d", k), lg.after(li, "Probability Opt_i", nb), p)
		var id, m, of int
		for _, l2 := range lg.lines[li:] {
			if nn, _ := fmt.Sscanf(l2, "Chosen bargain ( Deterministic ): %d %d out of %d bargains", &id, &m, &of); nn == 3 {
				break
			}
		}
		best := 0
		for b := range p {
			if p[b] > p[best] {
				best = b
			}
		}
		c.n++
		if best != m-1 || of != nb {
			c.t.Errorf("actor %d chooses bargain %d of %d, smpc %d of %d", k, best+1, nb, m, of)
		}
		k++
	}
}

func splitRows(lines []string) [][]string {
	var rows [][]string
	for _, l := range lines {
		rows = append(rows, strings.Fields(l))
	}
	return rows
}

// after returns the n lines after the first line equal to head at or
// after line from.
func (lg *turn1Log) after(from int, head string, n int) [][]string {
	for k := from; k < len(lg.lines); k++ {
		if lg.lines[k] == head {
			return splitRows(lg.lines[k+1 : k+1+n])
		}
	}
	lg.t.Fatalf("no %q after line %d", head, from)
	return nil
}
