package forecast

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// EUM switches. Each names the place where the public Scholz-code
// replication departs from the equations printed in Scholz, Calbert and
// Smith (2011); see research/forecast.md §3.4–3.5.
const (
	// ProbGlobal divides the votes for i over j by the sum of |votes| of
	// every voter over every ordered pair of actors (Scholz's code).
	ProbGlobal = "global"
	// ProbPairwise divides by the sum of |votes| over this pair only (paper).
	ProbPairwise = "pairwise"

	// VotesRiskCurved raises each voter's normalised distances to its own
	// risk exponent r_k (Scholz's code).
	VotesRiskCurved = "riskCurved"
	// VotesLinear uses plain distances (paper).
	VotesLinear = "linear"

	// CapScholzBug keeps the replication's typo (e_ji < |e_ji|), which makes
	// capitulation unreachable.
	CapScholzBug = "scholzBug"
	// CapFixed is the intended rule: capitulate when e_ji < |e_ij|.
	CapFixed = "fixed"

	// SelectScholzKey takes a lost confrontation (the closest) if any, else
	// the compromise with the lowest weighted position
	// (|e_ij|x_i + |e_ji|x_j)/(|e_ij|+|e_ji|), else a capitulation (Scholz's
	// code).
	SelectScholzKey = "scholzKey"
	// SelectSmallestMove takes the offer that moves the receiver least
	// (paper and BDM's text).
	SelectSmallestMove = "smallestMove"

	// MuMedian and MuMean choose the status-quo forecast μ in the U_b and U_w
	// terms (they matter only when Q < 1).
	MuMedian = "median"
	MuMean   = "mean"
)

// EUMOptions configures RunEUM.
type EUMOptions struct {
	Rounds       int     // rounds to run (default 10)
	Probability  string  // ProbGlobal or ProbPairwise
	Votes        string  // VotesRiskCurved or VotesLinear
	Capitulation string  // CapScholzBug or CapFixed
	Selection    string  // SelectScholzKey or SelectSmallestMove
	Q            float64 // probability that the status quo persists (1 drops U_b, U_w)
	T            float64 // probability that the status quo improves, given it changes
	Mu           string  // MuMedian or MuMean
	// RangeFromScale normalises distances by the dimension's scale instead
	// of the range of the initial positions (the replications use the
	// latter).
	RangeFromScale bool
	// StopOnCycle stops when a position vector repeats an earlier one
	// (a fixed point is a cycle of length 1).
	StopOnCycle bool
	Limits      Limits
}

// EUMPresets are the named EUM configurations.
var EUMPresets = map[string]EUMOptions{
	// scholz-code reproduces jmckib/bdm-scholz-expected-utility-model.
	"scholz-code": {Rounds: 10, Probability: ProbGlobal, Votes: VotesRiskCurved, Capitulation: CapScholzBug,
		Selection: SelectScholzKey, Q: 1, T: 1, Mu: MuMedian, StopOnCycle: true},
	// paper uses the printed probability formula (pairwise denominator)
	// and the intended capitulation rule, keeping the replication's
	// risk-curved votes and offer selection: the "paper variant" of
	// research/forecast.md §3.6 (eum/runs_paper_variant).
	"paper": {Rounds: 10, Probability: ProbPairwise, Votes: VotesRiskCurved, Capitulation: CapFixed,
		Selection: SelectScholzKey, Q: 1, T: 1, Mu: MuMedian, StopOnCycle: true},
	// paper-strict follows every printed equation: pairwise probability,
	// linear votes, capitulation, and the offer that moves the receiver
	// least.
	"paper-strict": {Rounds: 10, Probability: ProbPairwise, Votes: VotesLinear, Capitulation: CapFixed,
		Selection: SelectSmallestMove, Q: 1, T: 1, Mu: MuMedian, StopOnCycle: true},
}

// EUMPreset returns the named preset.
func EUMPreset(name string) (EUMOptions, error) {
	o, ok := EUMPresets[name]
	if !ok {
		return o, fmt.Errorf("forecast: unknown EUM preset %q (want scholz-code, paper or paper-strict)", name)
	}
	return o, nil
}

func (o *EUMOptions) check() error {
	if o.Rounds == 0 {
		o.Rounds = 10
	}
	for _, c := range []struct{ name, v, a, b string }{
		{"probability", o.Probability, ProbGlobal, ProbPairwise},
		{"votes", o.Votes, VotesRiskCurved, VotesLinear},
		{"capitulation", o.Capitulation, CapScholzBug, CapFixed},
		{"selection", o.Selection, SelectScholzKey, SelectSmallestMove},
		{"mu", o.Mu, MuMedian, MuMean},
	} {
		if c.v != c.a && c.v != c.b {
			return fmt.Errorf("forecast: EUM %s %q (want %s or %s)", c.name, c.v, c.a, c.b)
		}
	}
	if o.Rounds < 0 || o.Rounds > o.Limits.orDefault().MaxRounds {
		return fmt.Errorf("%w: %d EUM rounds, limit %d", ErrBudget, o.Rounds, o.Limits.orDefault().MaxRounds)
	}
	if !(o.Q >= 0 && o.Q <= 1 && o.T >= 0 && o.T <= 1) {
		return fmt.Errorf("forecast: EUM Q = %g and T = %g must be in [0, 1]", o.Q, o.T)
	}
	return nil
}

// EUMResult is the outcome of RunEUM on every dimension.
type EUMResult struct {
	Options EUMOptions
	Dims    []EUMTrack
}

// EUMTrack is the run on one dimension.
type EUMTrack struct {
	Dim    int
	Actors []int // table indices of the actors present on the dimension
	// Positions[r][k] is the position of Actors[k] after round r (row 0 is
	// the input).
	Positions [][]float64
	// Risk[r][k] is the risk exponent r_i used in round r+1.
	Risk [][]float64
	// Mean[r] is the capability·salience-weighted mean after round r, and
	// Median[r] the Condorcet winner (ties to the weighted median).
	Mean, Median []float64
	Moves        [][]EUMMove // per round, the offers accepted
	Quad         []QuadPoint // round-1 quad-map data
	// CycleStart and CyclePeriod describe the first repeated position
	// vector: row CycleStart+CyclePeriod equals row CycleStart (within 1e-12
	// of the position range). CyclePeriod is 0 if none was seen; 1 means a
	// fixed point. When no row repeats exactly, the last rounds are
	// checked for a cycle within cycleTailTol of the position range
	// (CycleExact false). CycleTolerance is the tolerance used, in scale
	// units.
	CycleStart, CyclePeriod int
	CycleTolerance          float64
	CycleExact              bool
}

// EUMMove is an accepted offer: the receiver moves to To.
type EUMMove struct {
	Receiver, Proposer int // indices into EUMTrack.Actors
	Kind               string
	EUij, EUji         float64 // receiver's E(U) of challenging and of being challenged
	From, To           float64
}

// QuadPoint is one point of Bueno de Mesquita's quad map: from Actor's
// perspective, its expected utility of challenging Rival and Rival's of
// challenging it.
type QuadPoint struct {
	Actor, Rival         int // table indices
	EUActor, EURival     float64
	Region               string // conflict, status quo, actor/rival compromises, actor/rival capitulates
	Round, Dim           int
	ActorName, RivalName string
}

// RunEUM runs the expected-utility model independently on every dimension
// of t, for o.Rounds rounds or until a cycle if o.StopOnCycle.
func RunEUM(ctx context.Context, t *Table, o EUMOptions) (*EUMResult, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := t.checkSize(o.Limits); err != nil {
		return nil, err
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	res := &EUMResult{Options: o}
	for d := range t.Dims {
		tr, err := runEUMDim(ctx, t, d, &o)
		if err != nil {
			return nil, fmt.Errorf("forecast: EUM on %q: %w", t.Dims[d].Name, err)
		}
		res.Dims = append(res.Dims, *tr)
	}
	return res, nil
}

// eumState is the working state of one dimension.
type eumState struct {
	o     *EUMOptions
	n     int
	idx   []int     // table indices of the actors
	s     []float64 // salience
	cs    []float64 // c·s
	x     []float64 // positions
	r     []float64 // risk exponents
	rg    float64   // normalising range
	pw    []float64 // pw[k*n+a] = (|x_k−x_a|/rg)^r_k (riskCurved) or |x_k−x_a|/rg
	denom float64   // global denominator of P
	mu    float64   // status-quo forecast for U_b, U_w
	p     []float64 // p[i*n+j] = P(i beats j)
	usq   []float64 // usq[h]: h's utility of the status quo
}

// newEUMState sets up dimension d of t: the actors present on it, their
// positions and the normalising range.
func newEUMState(t *Table, d int, o EUMOptions) *eumState {
	st := &eumState{o: &o}
	for i, a := range t.Actors {
		if a.Present(d) {
			st.idx = append(st.idx, i)
			st.s = append(st.s, a.Salience[d])
			st.cs = append(st.cs, a.Capability*a.Salience[d])
			st.x = append(st.x, a.Position[d])
		}
	}
	st.n = len(st.x)
	st.r = make([]float64, st.n)
	st.pw = make([]float64, st.n*st.n)
	st.p = make([]float64, st.n*st.n)
	st.usq = make([]float64, st.n)
	if st.n > 0 {
		st.rg = slices.Max(st.x) - slices.Min(st.x)
	}
	if o.RangeFromScale {
		st.rg = t.Dims[d].Max - t.Dims[d].Min
	}
	return st
}

func runEUMDim(ctx context.Context, t *Table, d int, o *EUMOptions) (*EUMTrack, error) {
	st := newEUMState(t, d, *o)
	tr := &EUMTrack{Dim: d, Actors: st.idx}
	tr.record(st)
	tol := cycleTol * st.rg
	for round := 1; round <= o.Rounds; round++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if st.n < 2 || st.rg == 0 {
			break // nobody can move
		}
		moves := st.round()
		if round == 1 {
			tr.Quad = st.quad(t, d)
		}
		tr.Risk = append(tr.Risk, append([]float64(nil), st.r...))
		tr.Moves = append(tr.Moves, moves)
		for _, m := range moves {
			st.x[m.Receiver] = m.To
		}
		tr.record(st)
		if prev := tr.repeats(round, tol); prev >= 0 && tr.CyclePeriod == 0 {
			tr.CycleStart, tr.CyclePeriod, tr.CycleTolerance, tr.CycleExact = prev, round-prev, tol, true
			if o.StopOnCycle {
				break
			}
		}
	}
	if tr.CyclePeriod == 0 && st.rg > 0 {
		tol := cycleTailTol * st.rg
		if s, p := tailCycle(tr.Positions, tol); p > 0 {
			tr.CycleStart, tr.CyclePeriod, tr.CycleTolerance = s, p, tol
		}
	}
	return tr, nil
}

// cycleTol is the tolerance, relative to the position range, within which
// two position vectors count as the same for cycle detection.
const cycleTol = 1e-12

// repeats returns the earliest round whose positions equal those of round
// r within tol, or −1.
func (tr *EUMTrack) repeats(r int, tol float64) int {
	for prev := range r {
		same := true
		for k, x := range tr.Positions[r] {
			if math.Abs(x-tr.Positions[prev][k]) > tol {
				same = false
				break
			}
		}
		if same {
			return prev
		}
	}
	return -1
}

// record appends the current positions and summaries.
func (tr *EUMTrack) record(st *eumState) {
	tr.Positions = append(tr.Positions, append([]float64(nil), st.x...))
	tr.Mean = append(tr.Mean, weightedMean(st.x, st.cs))
	tr.Median = append(tr.Median, condorcetOrMedian(st.x, st.cs))
}

// round computes risk exponents and the offers every actor accepts.
func (st *eumState) round() []EUMMove {
	n := st.n
	for i := range st.r {
		st.r[i] = 1
	}
	st.mu = st.statusQuo()
	st.setProb()
	danger := make([]float64, n)
	for i := range n {
		danger[i] = st.danger(i)
	}
	lo, hi := slices.Min(danger), slices.Max(danger)
	r := make([]float64, n)
	for i := range n {
		R := 0.0 // degenerate case: all dangers equal
		if hi != lo {
			R = (2*danger[i] - hi - lo) / (hi - lo)
		}
		r[i] = (1 - R/3.0) / (1 + R/3.0)
	}
	copy(st.r, r)
	st.setProb()
	var moves []EUMMove
	for i := range n {
		if m, ok := st.bestOffer(i); ok {
			moves = append(moves, m)
		}
	}
	return moves
}

// statusQuo returns μ for the U_b and U_w terms.
func (st *eumState) statusQuo() float64 {
	if st.o.Mu == MuMean {
		return weightedMean(st.x, st.cs)
	}
	return condorcetOrMedian(st.x, st.cs)
}

// setProb fills pw, the global denominator and P for the current x and r.
func (st *eumState) setProb() {
	n := st.n
	for k := range n {
		for a := range n {
			v := math.Abs(st.x[k]-st.x[a]) / st.rg
			if st.o.Votes == VotesRiskCurved {
				v = powCR(v, st.r[k])
			}
			st.pw[k*n+a] = v
		}
	}
	if st.o.Probability == ProbGlobal {
		st.denom = 0
		for k := range n {
			for a := range n {
				for b := range n {
					st.denom += math.Abs(st.vote(k, a, b))
				}
			}
		}
	}
	for i := range n {
		for j := range n {
			st.p[i*n+j] = st.prob(i, j)
		}
		st.usq[i] = 2 - 4*powCR(0.5, st.r[i])
	}
}

// vote is voter k's vote for a's position over b's.
func (st *eumState) vote(k, a, b int) float64 {
	n := st.n
	return st.cs[k] * (st.pw[k*n+b] - st.pw[k*n+a])
}

// prob is the probability that i's position beats j's.
func (st *eumState) prob(i, j int) float64 {
	if st.x[i] == st.x[j] {
		return 0
	}
	num, den := 0.0, st.denom
	if st.o.Probability == ProbPairwise {
		den = 0
	}
	for k := range st.n {
		v := st.vote(k, i, j)
		num += math.Max(0, v)
		if st.o.Probability == ProbPairwise {
			den += math.Abs(v)
		}
	}
	if den == 0 {
		return 0.5
	}
	return num / den
}

// eu is h's estimate of the expected utility to i of challenging j.
func (st *eumState) eu(h, i, j int) float64 {
	us, uf := st.outcomes(h, i, j)
	return st.euFrom(h, i, j, us, uf)
}

// outcomes returns h's utilities of success and failure in a contest of i
// and j (symmetric in i and j).
func (st *eumState) outcomes(h, i, j int) (us, uf float64) {
	rh := st.r[h]
	us = 2 - 4*powCR(0.5-0.5*math.Abs(st.x[i]-st.x[j])/st.rg, rh)
	uf = 2 - 4*powCR(0.5+0.5*math.Abs(st.x[i]-st.x[j])/st.rg, rh)
	return us, uf
}

// euFrom is eu given the utilities of success and failure.
func (st *eumState) euFrom(h, i, j int, us, uf float64) float64 {
	p := st.p[i*st.n+j]
	sj := st.s[j]
	e := sj*(p*us+(1-p)*uf) + (1-sj)*us - st.o.Q*st.usq[h]
	if st.o.Q < 1 {
		rh := st.r[h]
		m := (math.Abs(st.x[i]-st.mu)/st.rg + math.Abs(st.x[i]-st.x[j])/st.rg) / 4
		ub := 2 - 4*powCR(0.5-m, rh)
		uw := 2 - 4*powCR(0.5+m, rh)
		e -= (1 - st.o.Q) * (st.o.T*ub + (1-st.o.T)*uw)
	}
	return e
}

// danger is Σ_{j≠i} E^i(U_ji): how attractive i is as a target.
func (st *eumState) danger(i int) float64 {
	sum := 0.0
	for j := range st.n {
		if j != i {
			sum += st.eu(i, j, i)
		}
	}
	return sum
}

// offer classifies the pair (receiver i, proposer j) from i's perspective.
func (st *eumState) offer(i, j int) (EUMMove, bool) {
	us, uf := st.outcomes(i, i, j)
	eij, eji := st.euFrom(i, i, j, us, uf), st.euFrom(i, j, i, us, uf)
	m := EUMMove{Receiver: i, Proposer: j, EUij: eij, EUji: eji, From: st.x[i]}
	switch {
	case eji > eij && eij > 0:
		m.Kind, m.To = "confrontation", st.x[j]
	case eji > 0 && 0 > eij && eji > math.Abs(eij):
		m.Kind, m.To = "compromise", st.x[i]+(st.x[j]-st.x[i])*math.Abs(eij/eji)
	case eji > 0 && 0 > eij && st.capitulates(eij, eji):
		m.Kind, m.To = "capitulation", st.x[j]
	default:
		return m, false
	}
	return m, true
}

func (st *eumState) capitulates(eij, eji float64) bool {
	if st.o.Capitulation == CapScholzBug {
		return eji < math.Abs(eji) // the replication's typo: never true
	}
	return eji < math.Abs(eij)
}

// bestOffer selects the offer receiver i accepts, if any.
func (st *eumState) bestOffer(i int) (EUMMove, bool) {
	var offers []EUMMove
	for j := range st.n {
		if st.x[j] == st.x[i] {
			continue
		}
		if m, ok := st.offer(i, j); ok {
			offers = append(offers, m)
		}
	}
	if len(offers) == 0 {
		return EUMMove{}, false
	}
	move := func(m EUMMove) float64 { return math.Abs(st.x[i] - m.To) }
	if st.o.Selection == SelectSmallestMove {
		return argmin(offers, move), true
	}
	for _, kind := range []string{"confrontation", "compromise", "capitulation"} {
		var of []EUMMove
		for _, m := range offers {
			if m.Kind == kind {
				of = append(of, m)
			}
		}
		if len(of) == 0 {
			continue
		}
		if kind == "compromise" {
			return argmin(of, func(m EUMMove) float64 {
				a, b := math.Abs(m.EUij), math.Abs(m.EUji)
				return (a*st.x[m.Receiver] + b*st.x[m.Proposer]) / (a + b)
			}), true
		}
		return argmin(of, move), true
	}
	return EUMMove{}, false
}

// argmin returns the first element minimising f.
func argmin[T any](xs []T, f func(T) float64) T {
	best, bv := xs[0], f(xs[0])
	for _, x := range xs[1:] {
		if v := f(x); v < bv {
			best, bv = x, v
		}
	}
	return best
}

// quad returns the round's quad-map points (after risk is set).
func (st *eumState) quad(t *Table, d int) []QuadPoint {
	idx := st.idx
	var q []QuadPoint
	for i := range st.n {
		for j := range st.n {
			if i == j {
				continue
			}
			a, b := st.eu(i, i, j), st.eu(i, j, i)
			q = append(q, QuadPoint{Actor: idx[i], Rival: idx[j], EUActor: a, EURival: b,
				Region: quadRegion(a, b), Round: 1, Dim: d,
				ActorName: t.Actors[idx[i]].Name, RivalName: t.Actors[idx[j]].Name})
		}
	}
	return q
}

// quadRegion names the region of (E^i U_ij, E^i U_ji) in the quad map,
// from i's perspective, with the EUM's offer rules: when one side expects
// to gain from challenging and the other to lose, the weaker side
// compromises if the stronger side's gain exceeds its loss, and
// capitulates otherwise.
func quadRegion(eij, eji float64) string {
	switch {
	case eij > 0 && eji > 0:
		return "conflict"
	case eij <= 0 && eji <= 0:
		return "status quo"
	case eji > 0: // the rival has the upper hand
		if eji > math.Abs(eij) {
			return "actor compromises"
		}
		return "actor capitulates"
	default:
		if eij > math.Abs(eji) {
			return "rival compromises"
		}
		return "rival capitulates"
	}
}
