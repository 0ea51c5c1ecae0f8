package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// SMPResult is the outcome of RunSMP.
type SMPResult struct {
	Options SMPOptions
	// Turns is the number of steps taken; there are Turns+1 states.
	Turns int
	// Positions[t][i][d] is actor i's position on dimension d in state t,
	// on the table's scale.
	Positions [][][]float64
	// Probs[t][i] is the probability that actor i's position is the
	// outcome, from a PCE over the distinct positions of state t with each
	// actor's own risk-aware utilities (KTAB's "prob").
	Probs [][]float64
	// Risk[t][i] is the risk attitude R_i inferred in state t.
	Risk [][]float64
	// FracChange[t-1] is the movement of turn t relative to the first
	// turn's, the quantity of KTAB's stopping rule.
	FracChange []float64
	// Log explains each turn: who challenged whom, and which bargain each
	// actor adopted.
	Log []SMPTurn
	// Quad is the quad-map data of the initial state.
	Quad []QuadPoint
}

// SMPTurn is the explanation of one turn.
type SMPTurn struct {
	Turn       int
	Challenges []SMPChallenge
	Choices    []SMPChoice
}

// SMPChallenge is an actor's best challenge in a turn and the bargain it
// proposes.
type SMPChallenge struct {
	Initiator, Target int
	// Prob is the initiator's estimate that it would win; Gain its expected
	// gain in utility over the status quo.
	Prob, Gain float64
	// Init and Rcvr are the bargain's positions for the initiator and the
	// target, on the table's scale.
	Init, Rcvr []float64
}

// SMPChoice records the bargain an actor adopted among those in its queue.
type SMPChoice struct {
	Actor int
	// Initiator and Receiver of the chosen bargain; equal to Actor for the
	// status quo.
	Initiator, Receiver int
	Prob                float64 // PCE probability of the chosen bargain
	Queue               int     // bargains in the actor's queue
}

// smpModel holds the fixed data of a run, positions on [0,1].
type smpModel struct {
	o       *SMPOptions
	n, nd   int
	cap     []float64
	sal     [][]float64
	salSum  []float64
	acc     [][]float64
	lo, wid []float64 // dimension scale: x = lo + p·wid
	rng     *rand.Rand
	workers int
}

// smpState is one state of the run.
type smpState struct {
	m     *smpModel
	pos   [][]float64
	ideal [][]float64
	vd    []float64 // vd[i*n+j]: distance from i's ideal to j's position
	nra   []float64 // risk attitudes
	rh    []float64 // rh[h*n+i]: h's estimate of i's risk attitude
}

// bargain is a proposed pair of positions for an initiator and receiver.
type bargain struct {
	init, rcvr int
	pInit      []float64
	pRcvr      []float64
}

// RunSMP runs KTAB's Spatial Model of Politics on t. The run is
// deterministic: the queue of actor k holds, in order, the bargains
// created as initiators 0, 1, …, n−1 take their turn (k's status quo when
// k's turn comes, then k's own proposal), and the stochastic mode draws
// from one generator seeded with o.Seed, in actor order.
func RunSMP(ctx context.Context, t *Table, o SMPOptions) (*SMPResult, error) {
	m, err := newSMPModel(t, &o)
	if err != nil {
		return nil, err
	}
	res := &SMPResult{Options: o}
	s := m.initial(t)
	var d01 float64
	for turn := 1; ; turn++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.assess(); err != nil {
			return nil, err
		}
		if err := res.record(s, turn == 1); err != nil {
			return nil, err
		}
		next, log, err := s.step(turn)
		if err != nil {
			return nil, fmt.Errorf("forecast: SMP turn %d: %w", turn, err)
		}
		res.Log = append(res.Log, log)
		dist := stateDist(s, next)
		if turn == 1 {
			d01 = dist + minSigDelta
		}
		ratio := dist / d01
		res.FracChange = append(res.FracChange, ratio)
		s, res.Turns = next, turn
		if turn >= o.MaxTurns || (turn >= o.MinTurns && ratio < o.StopRatio) {
			break
		}
	}
	if err := s.assess(); err != nil {
		return nil, err
	}
	return res, res.record(s, false)
}

func newSMPModel(t *Table, o *SMPOptions) (*smpModel, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := t.checkSize(o.Limits); err != nil {
		return nil, err
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	n, nd := len(t.Actors), len(t.Dims)
	if n < 2 {
		return nil, errors.New("forecast: SMP needs at least two actors")
	}
	m := &smpModel{o: o, n: n, nd: nd, acc: t.Accommodation, workers: runtime.GOMAXPROCS(0)}
	m.rng = rand.New(rand.NewPCG(o.Seed, 0x5eed5eed5eed5eed))
	for _, dim := range t.Dims {
		m.lo = append(m.lo, dim.Min)
		m.wid = append(m.wid, dim.Max-dim.Min)
	}
	for _, a := range t.Actors {
		sum := 0.0
		for d := range nd {
			if !a.Present(d) {
				return nil, fmt.Errorf("forecast: SMP needs a complete table; %q has no position on %q", a.Name, t.Dims[d].Name)
			}
			sum += a.Salience[d]
		}
		if !(sum > 0) {
			return nil, fmt.Errorf("forecast: SMP: %q has zero salience on every dimension", a.Name)
		}
		m.cap = append(m.cap, a.Capability)
		m.sal = append(m.sal, a.Salience)
		m.salSum = append(m.salSum, sum)
	}
	return m, nil
}

// initial returns state 0: positions scaled to [0,1], ideals at positions.
func (m *smpModel) initial(t *Table) *smpState {
	s := &smpState{m: m}
	for _, a := range t.Actors {
		p := make([]float64, m.nd)
		for d := range p {
			p[d] = (a.Position[d] - m.lo[d]) / m.wid[d]
		}
		s.pos = append(s.pos, p)
		s.ideal = append(s.ideal, p)
	}
	return s
}

// scaled returns p on the table's scale.
func (m *smpModel) scaled(p []float64) []float64 {
	x := make([]float64, len(p))
	for d := range p {
		x[d] = m.lo[d] + p[d]*m.wid[d]
	}
	return x
}

// assess computes distances, risk attitudes and perspective estimates
// (KTAB's setAllAUtil).
func (s *smpState) assess() error {
	if s.nra != nil {
		return nil
	}
	m, n := s.m, s.m.n
	s.vd = make([]float64, n*n)
	rn := make([]float64, n*n)
	for i := range n {
		for j := range n {
			s.vd[i*n+j] = bvDiff(s.ideal[i], s.pos[j], m.sal[i])
			rn[i*n+j] = bsUtil(s.vd[i*n+j], 0)
		}
	}
	c := coalitions(func(k, i, j int) float64 {
		return voteFast(m.o.VotingRule, m.cap[k], rn[k*n+i], rn[k*n+j])
	}, n, n)
	p, err := pce(m.o.PCEModel, m.o.VictoryProbModel, c, n)
	if err != nil {
		return err
	}
	s.nra = bigR(p, m.o.BigRRange)
	s.rh = make([]float64, n*n)
	for h := range n {
		for i := range n {
			s.rh[h*n+i] = estNRA(s.nra[h], s.nra[i], m.o.BigRAdjust)
		}
	}
	return nil
}

// u is h's estimate of the utility to i of j's position.
func (s *smpState) u(h, i, j int) float64 {
	n := s.m.n
	return bsUtil(s.vd[i*n+j], s.rh[h*n+i])
}

// probEduChlg is h's estimate of the probability that i beats j and of
// the expected change in utility for k of i challenging j (KTAB's
// SMPState::probEduChlg).
func (s *smpState) probEduChlg(h, k, i, j int) (float64, float64) {
	return s.probEduChlgP(s.perspective(h, nil), k, i, j)
}

// perspective returns h's estimates of all utilities, column by column:
// c[x*n+t] is h's estimate of the utility to t of x's position. buf is
// reused when large enough.
func (s *smpState) perspective(h int, buf []float64) []float64 {
	n := s.m.n
	if cap(buf) < n*n {
		buf = make([]float64, n*n)
	}
	c := buf[:n*n]
	for t := range n {
		r := s.rh[h*n+t]
		for x := range n {
			c[x*n+t] = bsUtil(s.vd[t*n+x], r)
		}
	}
	return c
}

// probEduChlgP is probEduChlg with h's estimates c from perspective.
func (s *smpState) probEduChlgP(c []float64, k, i, j int) (float64, float64) {
	m, n := s.m, s.m.n
	vr := m.o.VotingRule
	ci, cj := c[i*n:(i+1)*n], c[j*n:(j+1)*n] // utilities of i's and j's positions
	uii, uij, uji, ujj := ci[i], cj[i], ci[j], cj[j]
	uki, ukj := ci[k], cj[k]
	euSQ := uki + ukj
	uhkij := uki + uki
	uhkji := ukj + ukj
	si, sj := m.salSum[i], m.salSum[j]
	vi := voteFast(vr, si*m.cap[i], uii, uij)
	vj := voteFast(vr, sj*m.cap[j], uji, ujj)
	chij, chji := minChallenge, minChallenge
	if vi > 0 {
		chij += vi
	}
	if vi < 0 {
		chji -= vi
	}
	if vj > 0 {
		chij += vj
	}
	if vj < 0 {
		chji -= vj
	}
	ai, aj := chij, chji
	tpc := m.o.ThirdPartyCommit
	for t := range n {
		if t == i || t == j {
			continue
		}
		w := m.salSum[t] * m.cap[t]
		uti, utj, utt := ci[t], cj[t], c[t*n+t]
		v := thirdPartyVote(vr, tpc, w, littleProb(vr, w, uti, utj, ai, aj), uti, utj, utt)
		if v > 0 {
			chij += v
		}
		if v < 0 {
			chji -= v
		}
	}
	phij := chij / (chij + chji)
	phji := chji / (chij + chji)
	euCntst := phij*uhkij + phji*uhkji
	euChlg := (1-sj)*uhkij + sj*euCntst
	return phij, euChlg - euSQ
}

// littleProb is a third party's estimate that i wins the little contest of
// i, j and itself (KTAB's Actor::vProbLittle).
func littleProb(vr VotingRule, w, uni, unj, ci, cj float64) float64 {
	v := voteFast(vr, w, uni, unj)
	if v > 0 {
		ci += v
	}
	if v < 0 {
		cj -= v
	}
	return ci / (ci + cj)
}

// thirdPartyVote is a third party's vote in the contest of i and j (KTAB's
// Actor::thirdPartyVoteSU, "sum of utilities").
func thirdPartyVote(vr VotingRule, tpc ThirdPartyCommit, w, pik, uki, ukj, ukk float64) float64 {
	pjk := 1.0 - pik
	var ikDefJ, jDefIK, iDefJK, jkDefI float64
	switch tpc {
	case FullCommit:
		ikDefJ, jDefIK, iDefJK, jkDefI = uki+uki+uki, ukj+ukj+ukj, uki+uki+uki, ukj+ukj+ukj
	case NoCommit:
		ikDefJ, jDefIK, iDefJK, jkDefI = uki+uki+ukk, ukj+ukj+ukk, uki+uki+ukk, ukj+ukj+ukk
	default: // SemiCommit
		ikDefJ, jDefIK, iDefJK, jkDefI = uki+uki+ukk, ukj+ukj+ukj, uki+uki+uki, ukj+ukj+ukk
	}
	uIKJ := (pik * ikDefJ) + (pjk * jDefIK)
	uIJK := (pik * iDefJK) + (pjk * jkDefI)
	return voteFast(vr, w, uIKJ, uIJK)
}

// challenge is actor i's best target: the lowest-index j with the largest
// expected gain above minSigEDU.
type challenge struct {
	target     int
	prob, gain float64
}

// bestChallenges evaluates every actor's challenges, in parallel across
// actors (each result depends only on the state, so the outcome does not
// depend on the number of workers).
func (s *smpState) bestChallenges() []challenge {
	n := s.m.n
	out := make([]challenge, n)
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(s.m.workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []float64
			for i := range work {
				out[i], buf = s.bestChallenge(i, buf)
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	return out
}

// bestChallenge returns i's best challenge; buf is scratch space, returned
// for reuse.
func (s *smpState) bestChallenge(i int, buf []float64) (challenge, []float64) {
	best := challenge{target: -1, gain: -1}
	c := s.perspective(i, buf)
	for j := range s.m.n {
		if j == i {
			continue
		}
		p, edu := s.probEduChlgP(c, i, i, j)
		if minSigEDU < edu && best.gain < edu {
			best = challenge{target: j, prob: p, gain: edu}
		}
	}
	return best, c
}

// interpolate forms the bargain of i and j from probabilities pI, pJ
// (KTAB's SMPActor::interpolateBrgn).
func (s *smpState) interpolate(i, j int, pI, pJ float64) bargain {
	m := s.m
	b := bargain{init: i, rcvr: j, pInit: make([]float64, m.nd), pRcvr: make([]float64, m.nd)}
	for k := range m.nd {
		ti, tj, si, sj := s.pos[i][k], s.pos[j][k], m.sal[i][k], m.sal[j][k]
		switch m.o.InterVecBrgn {
		case S1P1:
			b.pInit[k], b.pRcvr[k] = interpSnPm(ti, si*pI, tj, sj*pJ)
		case S2PMax:
			b.pInit[k], b.pRcvr[k] = interpS2PMax(ti, si, pI, tj, sj, pJ)
		default:
			b.pInit[k], b.pRcvr[k] = interpSnPm(ti, (si*si)*(pI*pI), tj, (sj*sj)*(pJ*pJ))
		}
	}
	return b
}

// interpSnPm interpolates with weights wi, wj and rounds to 1e-4.
func interpSnPm(ti, wi, tj, wj float64) (float64, float64) {
	bi := round4(((wi+minBargainW)*ti + wj*tj) / (wi + minBargainW + wj))
	bj := round4((wi*ti + (minBargainW+wj)*tj) / (wi + minBargainW + wj))
	return bi, bj
}

func interpS2PMax(ti, si, pI, tj, sj, pJ float64) (float64, float64) {
	di, dj := math.Max(0, pJ-pI), math.Max(0, pI-pJ)
	si2, sj2 := si*si, sj*sj
	dik := (di * sj2) / ((di * sj2) + minBargainW + ((1 - di) * si2))
	djk := (dj * si2) / ((dj * si2) + minBargainW + ((1 - dj) * sj2))
	return ti + dik*(tj-ti), tj + djk*(ti-tj)
}

func round4(x float64) float64 {
	return float64(int64(0.5+x*10000.0)) / 10000.0
}

// proposals forms the bargains of one challenge according to BargnModel.
func (s *smpState) proposals(i int, c challenge) []bargain {
	j := c.target
	bIIJ := s.interpolate(i, j, c.prob, 1-c.prob)
	if s.m.o.BargnModel == InitOnlyInterp {
		return []bargain{bIIJ}
	}
	// KTAB reads j's estimate from the second element of probEduChlg,
	// which is an expected gain, not a probability; kept for fidelity.
	_, pj := s.probEduChlg(j, i, i, j)
	bJIJ := s.interpolate(i, j, pj, 1-pj)
	if s.m.o.BargnModel == InitRcvrInterp {
		return []bargain{bIIJ, bJIJ}
	}
	// power-weighted compromise; KTAB weighs j's side by i's capability
	wi := s.m.cap[i] * s.m.salSum[i]
	wj := s.m.cap[i] * s.m.salSum[j]
	b := bargain{init: i, rcvr: j, pInit: make([]float64, s.m.nd), pRcvr: make([]float64, s.m.nd)}
	for k := range b.pInit {
		b.pInit[k] = (wi*bIIJ.pInit[k] + wj*bJIJ.pInit[k]) / (wi + wj)
		b.pRcvr[k] = (wi*bIIJ.pRcvr[k] + wj*bJIJ.pRcvr[k]) / (wi + wj)
	}
	return []bargain{b}
}

// step performs one turn and returns the next state (KTAB's doBCN).
func (s *smpState) step(turn int) (*smpState, SMPTurn, error) {
	m, n := s.m, s.m.n
	log := SMPTurn{Turn: turn}
	queues := make([][]bargain, n)
	chl := s.bestChallenges()
	for i := range n {
		queues[i] = append(queues[i], bargain{init: i, rcvr: i})
		c := chl[i]
		if c.target < 0 {
			continue
		}
		for _, b := range s.proposals(i, c) {
			queues[i] = append(queues[i], b)
			queues[c.target] = append(queues[c.target], b)
			log.Challenges = append(log.Challenges, SMPChallenge{Initiator: i, Target: c.target,
				Prob: c.prob, Gain: c.gain, Init: m.scaled(b.pInit), Rcvr: m.scaled(b.pRcvr)})
		}
	}
	next := &smpState{m: m, pos: make([][]float64, n)}
	for k := range n {
		b, prob, err := s.choose(queues[k])
		if err != nil {
			return nil, log, err
		}
		switch {
		case b.init == b.rcvr:
			next.pos[k] = s.pos[k]
		case b.init == k:
			next.pos[k] = b.pInit
		default:
			next.pos[k] = b.pRcvr
		}
		log.Choices = append(log.Choices, SMPChoice{Actor: k, Initiator: b.init, Receiver: b.rcvr, Prob: prob, Queue: len(queues[k])})
	}
	next.ideal = s.newIdeals(next.pos)
	return next, log, nil
}

// bargainPCE returns every actor's utility of the state after each bargain
// of queue q (u[a*len(q)+b]), the coalition strengths and the PCE
// probabilities of the bargains.
func (s *smpState) bargainPCE(q []bargain) (u, c, p []float64, err error) {
	n, nb := s.m.n, len(q)
	u = make([]float64, n*nb)
	for a := range n {
		for b := range nb {
			u[a*nb+b] = s.bargainUtil(a, q[b])
		}
	}
	o := s.m.o
	p, c, err = scalarPCE(n, nb, s.m.cap, u, o.VotingRule, o.VictoryProbModel, o.PCEModel)
	return u, c, p, err
}

// choose picks a bargain from an actor's queue by a PCE over it.
func (s *smpState) choose(q []bargain) (bargain, float64, error) {
	_, _, p, err := s.bargainPCE(q)
	if err != nil {
		return bargain{}, 0, err
	}
	best := 0
	if s.m.o.StateTransitions == Stochastic {
		best = probSel(s.m.rng, p)
	} else {
		for b := range p {
			if math.Abs(p[b]) > math.Abs(p[best]) {
				best = b
			}
		}
	}
	return q[best], p[best], nil
}

// probSel draws an index with probabilities p.
func probSel(r *rand.Rand, p []float64) int {
	x, cum := r.Float64(), 0.0
	for k, pk := range p {
		cum += pk
		if x < cum {
			return k
		}
	}
	return len(p) - 1
}

// bargainUtil is actor a's value of the state after bargain b: the mean of
// its utilities of all positions, with the bargain's two replaced.
func (s *smpState) bargainUtil(a int, b bargain) float64 {
	n := s.m.n
	sum := 0.0
	if b.init == b.rcvr {
		for t := range n {
			sum += s.u(a, a, t)
		}
		return sum / float64(n)
	}
	sum += s.posUtil(a, b.pInit)
	sum += s.posUtil(a, b.pRcvr)
	for t := range n {
		if t != b.init && t != b.rcvr {
			sum += s.u(a, a, t)
		}
	}
	return sum / float64(n)
}

// posUtil is a's utility of position p, measured from a's current
// position with a's own risk attitude (KTAB's SMPActor::posUtil).
func (s *smpState) posUtil(a int, p []float64) float64 {
	return bsUtil(bvDiff(s.pos[a], p, s.m.sal[a]), s.nra[a])
}

// newIdeals moves each ideal toward the new positions by the accommodation
// matrix; the identity puts ideals at positions.
func (s *smpState) newIdeals(pos [][]float64) [][]float64 {
	acc := s.m.acc
	if acc == nil {
		return pos
	}
	n, nd := s.m.n, s.m.nd
	ideals := make([][]float64, n)
	for i := range n {
		ip := make([]float64, nd)
		si := 0.0
		for j := range n {
			si += acc[i][j]
			for k := range nd {
				ip[k] += acc[i][j] * pos[j][k]
			}
		}
		lag := 1.0 - math.Min(1, si)
		for k := range nd {
			ip[k] += lag * s.ideal[i][k]
		}
		ideals[i] = ip
	}
	return ideals
}

// stateDist is Σ_i ‖x_i(a) − x_i(b)‖₂.
func stateDist(a, b *smpState) float64 {
	sum := 0.0
	for i := range a.pos {
		sq := 0.0
		for k := range a.pos[i] {
			d := a.pos[i][k] - b.pos[i][k]
			sq += d * d
		}
		sum += math.Sqrt(sq)
	}
	return sum
}

// record appends the state's positions, risk attitudes and outcome
// probabilities, and the quad map of the first state.
func (res *SMPResult) record(s *smpState, quad bool) error {
	m := s.m
	pos := make([][]float64, m.n)
	for i := range pos {
		pos[i] = m.scaled(s.pos[i])
	}
	res.Positions = append(res.Positions, pos)
	res.Risk = append(res.Risk, append([]float64(nil), s.nra...))
	p, err := s.positionProbs()
	if err != nil {
		return err
	}
	res.Probs = append(res.Probs, p)
	if quad {
		res.Quad = s.quad()
	}
	return nil
}

// uniqueIndices returns the first actor of each group of equivalent
// positions (closer than posTol), in actor order.
func (s *smpState) uniqueIndices() []int {
	var uniq []int
	for i := range s.m.n {
		dup := false
		for _, u := range uniq {
			if s.equiv(i, u) {
				dup = true
				break
			}
		}
		if !dup {
			uniq = append(uniq, i)
		}
	}
	return uniq
}

func (s *smpState) equiv(i, j int) bool {
	sq := 0.0
	for k := range s.pos[i] {
		d := s.pos[i][k] - s.pos[j][k]
		sq += d * d
	}
	return math.Sqrt(sq) < posTol
}

// positionProbs is KTAB's pDist(−1) and posProb: a PCE over the distinct
// positions with each actor's own estimates and the model's voting rule, then
// each actor's probability is that of the last distinct position
// equivalent to its own.
func (s *smpState) positionProbs() ([]float64, error) {
	n := s.m.n
	uniq := s.uniqueIndices()
	nu := len(uniq)
	u := make([]float64, n*nu)
	for i := range n {
		for k, j := range uniq {
			u[i*nu+k] = s.u(i, i, j)
		}
	}
	o := s.m.o
	p, _, err := scalarPCE(n, nu, s.m.cap, u, o.VotingRule, o.VictoryProbModel, o.PCEModel)
	if err != nil {
		return nil, err
	}
	out := make([]float64, n)
	for i := range n {
		for k, j := range uniq {
			if s.equiv(i, j) {
				out[i] = p[k]
			}
		}
	}
	return out, nil
}

// quad returns, for every ordered pair, each side's expected gain from
// challenging the other, as estimated by the first actor.
func (s *smpState) quad() []QuadPoint {
	n := s.m.n
	q := make([]QuadPoint, 0, n*(n-1))
	var c []float64
	for i := range n {
		c = s.perspective(i, c)
		for j := range n {
			if i == j {
				continue
			}
			_, a := s.probEduChlgP(c, i, i, j)
			_, b := s.probEduChlgP(c, j, j, i)
			q = append(q, QuadPoint{Actor: i, Rival: j, EUActor: a, EURival: b, Region: quadRegion(a, b)})
		}
	}
	return q
}
