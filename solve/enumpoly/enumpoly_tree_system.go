package enumpoly

import (
	"errors"
	"math"
	"math/big"
	"math/bits"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enumpoly/internal/polysys"

	"github.com/tablero-project/tablero/game"
)

// This file builds the sequence-form indifference equations of a
// behaviour support as a polysys.System, solves them, and turns solutions
// into verified behaviour profiles.
//
// Player p's unknowns x_p are the realization probabilities of its
// support sequences other than the last at each set; every support
// sequence's realization is affine in x_p: r(s) = c_s + Σ_k A_sk x_pk.
// In the coordinates of polysys.System (σ_0 = 1 − Σx, σ_k = x_k, which sum to
// one) it is linear: r(s) = Σ_k M_sk σ_k with M_s0 = c_s and M_sk = c_s +
// A_sk. p's payoff is then a multilinear form in the σ of the players
// with unknowns (the groups), with tensor Σ_z prob(z)·u_p(z)·⊗_q M_{s_q(z)},
// and the equations ∂u_p/∂x_pj = w_j − w_0 are those of polysys.System.

// epTreeSystem is the system of one support.
type epTreeSystem struct {
	sys *polysys.System
	// coef[i][a]: the realization of the sequence ending in action a of
	// set i as (c, A_1…A_d) in its owner's unknowns; nil outside the
	// support.
	coef    [][][]float64
	empty   [][]float64 // per player: the empty sequence (1, 0…0)
	dims    []int       // unknowns per player
	group   []int       // group of each player, -1 for none
	players []int       // per group: its player
	size    []int       // per group: its unknowns plus one
}

// newEPTreeSystem builds the system of the support mask.
func (e *epTreeEnum) newEPTreeSystem(mask []uint64) *epTreeSystem {
	t := e.t
	np := len(t.g.Players)
	ts := &epTreeSystem{coef: make([][][]float64, len(t.sets)), empty: make([][]float64, np),
		dims: make([]int, np), group: make([]int, np)}
	for i, m := range mask {
		if m != 0 {
			ts.dims[t.owner(i)] += bits.OnesCount64(m) - 1
		}
	}
	for p, d := range ts.dims {
		ts.empty[p] = make([]float64, d+1)
		ts.empty[p][0] = 1
		ts.group[p] = -1
		if d > 0 {
			ts.group[p] = len(ts.players)
			ts.players = append(ts.players, p)
			ts.size = append(ts.size, d+1)
		}
	}
	next := make([]int, np) // next unknown of each player
	for i, m := range mask {
		if m == 0 {
			continue
		}
		p := t.owner(i)
		par := ts.empty[p]
		if t.parent[i] >= 0 && ts.coef[t.parent[i]] != nil {
			par = ts.coef[t.parent[i]][t.parentAct[i]]
		}
		if par == nil {
			continue // after an action outside the support
		}
		ts.coef[i] = make([][]float64, len(t.sets[i].Actions))
		last := 63 - bits.LeadingZeros64(m)
		rest := append([]float64(nil), par...)
		for a := range t.sets[i].Actions {
			if m&(1<<a) == 0 || a == last {
				continue
			}
			next[p]++
			v := make([]float64, ts.dims[p]+1)
			v[next[p]] = 1
			rest[next[p]]--
			ts.coef[i][a] = v
		}
		ts.coef[i][last] = rest
	}
	ts.sys = polysys.New(ts.players, ts.size)
	return ts
}

// boundingSimplices returns, per group, the vertices in σ-coordinates of
// a simplex containing the group's realization plans: {x ≥ 0, Σx ≤ L},
// L the number of the player's sets with several support actions (each
// contributes at most its parent's realization, at most 1). With one
// such set it is the probability simplex of its actions.
func (ts *epTreeSystem) boundingSimplices(mask []uint64, t *epTree) [][]float64 {
	mixed := make([]float64, len(ts.size))
	for i, m := range mask {
		if q := ts.group[t.owner(i)]; q >= 0 && bits.OnesCount64(m) > 1 {
			mixed[q]++
		}
	}
	out := make([][]float64, len(ts.size))
	for q, k := range ts.size {
		// Vertex 0: x = 0, σ = e_0; vertex j: x = L·e_j, σ = (1−L)e_0 + L·e_j.
		v := make([]float64, k*k)
		v[0] = 1
		for j := 1; j < k; j++ {
			v[j*k] = 1 - mixed[q]
			v[j*k+j] = mixed[q]
		}
		out[q] = v
	}
	return out
}

// seq returns the realization of player p's sequence at leaf z (nil if
// outside the support).
func (ts *epTreeSystem) seq(z *epLeaf, p int) []float64 {
	if z.last[p] < 0 {
		return ts.empty[p]
	}
	if c := ts.coef[z.last[p]]; c != nil {
		return c[z.lastAct[p]]
	}
	return nil
}

// tensors fills the groups' payoff tensors, charging the work.
func (e *epTreeEnum) tensors(ts *epTreeSystem) error {
	cells := 1
	for _, k := range ts.size {
		cells *= k
	}
	if err := e.meter.Charge(cells * len(e.t.leaves)); err != nil {
		return err
	}
	tens := make([][]float64, len(ts.players))
	for q := range tens {
		tens[q] = make([]float64, cells)
	}
	np := len(e.t.g.Players)
	ms := make([][]float64, len(ts.players)) // σ-coordinates of each group's sequence
	for q, k := range ts.size {
		ms[q] = make([]float64, k)
	}
	prod := make([]float64, cells)
	for zi := range e.t.leaves {
		z := &e.t.leaves[zi]
		if z.prob == 0 {
			continue
		}
		w := z.prob
		for p := range np {
			r := ts.seq(z, p)
			if r == nil {
				w = 0
				break
			}
			if q := ts.group[p]; q >= 0 {
				ms[q][0] = r[0]
				for k := 1; k < len(r); k++ {
					ms[q][k] = r[0] + r[k]
				}
			} else {
				w *= r[0]
			}
		}
		if w == 0 {
			continue
		}
		// prod = ⊗_q ms[q], group 0 fastest.
		prod[0] = 1
		n := 1
		for q, k := range ts.size {
			for c := n*k - 1; c >= 0; c-- {
				prod[c] = prod[c%n] * ms[q][c/n]
			}
			n *= k
		}
		for q, p := range ts.players {
			if v := w * z.pay[p]; v != 0 {
				t := tens[q]
				for c, x := range prod {
					t[c] += v * x
				}
			}
		}
	}
	ts.sys.SetTensors(tens)
	return nil
}

// solve solves the support mask and keeps the verified equilibria.
func (e *epTreeEnum) solve(mask []uint64) error {
	ts := e.newEPTreeSystem(mask)
	s := ts.sys
	var cands [][]float64
	switch s.Groups() {
	case 0:
		cands = [][]float64{nil}
	case 1:
		return nil // the equations are constant: none or a continuum
	case 2:
		if s.Size(0) != s.Size(1) {
			return nil // no isolated solution
		}
		if err := e.tensors(ts); err != nil {
			return err
		}
		if x, ok := s.SolveLinear(); ok {
			cands = append(cands, x)
		}
	default:
		if err := e.tensors(ts); err != nil {
			return err
		}
		s.SetDomain(ts.boundingSimplices(mask, e.t))
		var err error
		if cands, err = s.Solve(e.rng, e.opt.MaxIter, e.meter); err != nil {
			return err
		}
	}
	for _, x := range cands {
		b, undefined, ok := e.behaviour(ts, mask, x)
		if !ok {
			continue
		}
		b, ok, err := e.extend(b, undefined)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		e.found = append(e.found, epCopyBehavior(b))
		if e.opt.StopAfter > 0 && len(e.found) >= e.opt.StopAfter {
			return errEPStop
		}
	}
	return nil
}

// epInterior is the smallest realization probability of a support
// sequence in a solution, as in gambit-enumpoly: solutions on the
// boundary belong to smaller supports.
const epInterior = 1e-12

// behaviour converts a solution to a behaviour profile, with the sets
// the support does not reach listed as undefined. It reports false
// unless every support sequence has positive realization probability.
func (e *epTreeEnum) behaviour(ts *epTreeSystem, mask []uint64, x []float64) (game.Behavior, []int, bool) {
	t := e.t
	s := ts.sys
	val := func(p int, r []float64) float64 {
		v := r[0]
		if q := ts.group[p]; q >= 0 {
			for k, xk := range x[s.Offset(q):s.Offset(q+1)] {
				v += r[k+1] * xk
			}
		}
		return v
	}
	b := make(game.Behavior, len(t.g.Players))
	for p, sets := range t.g.Infosets {
		b[p] = make([][]float64, len(sets))
	}
	var undefined []int
	for i, set := range t.sets {
		p := t.owner(i)
		probs := make([]float64, len(set.Actions))
		b[p][set.Index] = probs
		if mask[i] == 0 {
			undefined = append(undefined, i)
			continue
		}
		sum := 0.0
		for a, r := range ts.coef[i] {
			if r == nil {
				continue
			}
			v := val(p, r)
			if !(v > epInterior) {
				return nil, nil, false // on the boundary: a smaller support's
			}
			probs[a] = math.Max(v, 0)
			sum += probs[a]
		}
		for a := range probs {
			probs[a] /= sum
		}
	}
	return b, undefined, true
}

// extend completes b at the undefined sets with pure actions and
// returns the first completion whose Nash regret is within the
// tolerance, verified exactly. Completions are tried in
// gambit-enumpoly's order first (from every set's first action, the
// first set not yet at its last action advancing, so that Gambit's
// choice is reproduced), then in full, the first set fastest.
func (e *epTreeEnum) extend(b game.Behavior, undefined []int) (game.Behavior, bool, error) {
	t := e.t
	pick := make([]int, len(undefined))
	try := func() (bool, error) {
		if err := e.meter.Charge(len(t.g.Nodes) * len(t.g.Players)); err != nil {
			return false, err
		}
		for k, i := range undefined {
			set := t.sets[i]
			probs := b[set.Player][set.Index]
			clear(probs)
			probs[pick[k]] = 1
		}
		if t.regret(b) > e.opt.Tol*t.span {
			return false, nil
		}
		if e.has(b) {
			return false, errEPFound
		}
		return e.exactlyVerified(b), nil
	}
	// Gambit's order.
	for {
		if ok, err := try(); ok || err != nil {
			return epFoundAlready(b, ok, err)
		}
		k := 0
		for k < len(pick) && pick[k] == len(t.sets[undefined[k]].Actions)-1 {
			k++
		}
		if k == len(pick) {
			break
		}
		pick[k]++
	}
	clear(pick)
	for tries := 0; tries < epTreeMaxExtensions; tries++ {
		if ok, err := try(); ok || err != nil {
			return epFoundAlready(b, ok, err)
		}
		k := 0
		for ; k < len(pick); k++ {
			if pick[k]++; pick[k] < len(t.sets[undefined[k]].Actions) {
				break
			}
			pick[k] = 0
		}
		if k == len(pick) {
			break
		}
	}
	return nil, false, nil
}

// errEPFound stops the completion of a solution whose first valid
// completion is an equilibrium found already.
var errEPFound = errors.New("found already")

// epFoundAlready maps errEPFound to no new completion.
func epFoundAlready(b game.Behavior, ok bool, err error) (game.Behavior, bool, error) {
	if errors.Is(err, errEPFound) {
		return nil, false, nil
	}
	return b, ok, err
}

// exactlyVerified reports whether the exact Nash regret of b (its binary
// values, normalized exactly at each set) is within the tolerance.
func (e *epTreeEnum) exactlyVerified(b game.Behavior) bool {
	t := e.t
	r := make(game.BehaviorRat, len(b))
	for p, sets := range b {
		r[p] = make([][]*big.Rat, len(sets))
		for i, probs := range sets {
			sum := new(big.Rat)
			v := make([]*big.Rat, len(probs))
			for a, x := range probs {
				v[a] = new(big.Rat).SetFloat64(x)
				sum.Add(sum, v[a])
			}
			if sum.Sign() == 0 {
				return false
			}
			for a := range v {
				v[a].Quo(v[a], sum)
			}
			r[p][i] = v
		}
	}
	regret, err := solve.RegretBehaviorRat(t.g, r)
	if err != nil {
		return false
	}
	limit := new(big.Rat).SetFloat64(math.Ldexp(e.opt.Tol*t.span, t.exp))
	return regret.Cmp(limit) <= 0
}

// has reports whether a profile within 10^-6 of b is already found.
func (e *epTreeEnum) has(b game.Behavior) bool {
	flat := b.Flat()
	for _, f := range e.found {
		if epMaxDiff(f.Flat(), flat) <= 1e-6 {
			return true
		}
	}
	return false
}

// epMaxDiff returns the largest coordinate difference of a and b.
func epMaxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// epCopyBehavior returns a deep copy of b.
func epCopyBehavior(b game.Behavior) game.Behavior {
	out := make(game.Behavior, len(b))
	for p, sets := range b {
		out[p] = make([][]float64, len(sets))
		for i, probs := range sets {
			out[p][i] = append([]float64(nil), probs...)
		}
	}
	return out
}

// regret returns the Nash regret of b (times 2^-exp), as
// regretBehaviorExp does, from the plays collected once: each player's
// best reply is folded bottom-up over its sets.
func (t *epTree) regret(b game.Behavior) float64 {
	np := len(t.g.Players)
	// real[i][a]: the probability that the owner of set i plays the
	// sequence ending in a there.
	real := make([][]float64, len(t.sets))
	for _, i := range t.order {
		s := t.sets[i]
		par := 1.0
		if t.parent[i] >= 0 {
			par = real[t.parent[i]][t.parentAct[i]]
		}
		real[i] = make([]float64, len(s.Actions))
		for a, x := range b[s.Player][s.Index] {
			real[i][a] = par * x
		}
	}
	seqProb := func(z *epLeaf, p int) float64 {
		if z.last[p] < 0 {
			return 1
		}
		return real[z.last[p]][z.lastAct[p]]
	}
	worst := 0.0
	vals := make([][]float64, len(t.sets))
	for p := range np {
		for i := t.base[p]; i < t.base[p+1]; i++ {
			vals[i] = make([]float64, len(t.sets[i].Actions))
		}
		cur, best := 0.0, 0.0
		for zi := range t.leaves {
			z := &t.leaves[zi]
			v := z.prob * z.pay[p]
			for q := range np {
				if q != p && v != 0 {
					v *= seqProb(z, q)
				}
			}
			if v == 0 {
				continue
			}
			cur += v * seqProb(z, p)
			if z.last[p] < 0 {
				best += v
			} else {
				vals[z.last[p]][z.lastAct[p]] += v
			}
		}
		for i := t.base[p+1] - 1; i >= t.base[p]; i-- {
			m := math.Inf(-1)
			for _, v := range vals[i] {
				m = math.Max(m, v)
			}
			if t.parent[i] >= 0 {
				vals[t.parent[i]][t.parentAct[i]] += m
			} else {
				best += m
			}
		}
		gain := best - cur
		if math.IsNaN(gain) {
			return math.Inf(1)
		}
		worst = math.Max(worst, gain)
	}
	return worst
}
