package enumpoly

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"sort"

	"github.com/tablero-project/tablero/solve/enumpoly/internal/polysys"
	"github.com/tablero-project/tablero/solve/internal/float"
	"github.com/tablero-project/tablero/solve/internal/payoff"

	"github.com/tablero-project/tablero/game"
)

// defaultEPTreeTol is EnumPolyTree's acceptance of equilibria: the exact
// Nash regret of a printed profile, relative to the range of payoffs
// over plays.
const defaultEPTreeTol = 1e-9

// epTreeMaxExtensions caps the pure completions tried per solution at
// the information sets the solution leaves undefined.
const epTreeMaxExtensions = 1 << 12

// EnumPolyTree computes Nash equilibria of the tree g in behaviour
// strategies, as gambit-enumpoly does on an .efg: it enumerates the
// supports of the behaviour profiles — a set of actions at each
// information set the support reaches, none at the others — and solves,
// on each, the indifference equations of the sequence form (Koller,
// Megiddo and von Stengel 1996) restricted to the support.
//
// The unknowns of player p are the realization probabilities of p's
// support sequences; the last support action of each information set is
// eliminated by the sequence-form constraint (its realization is that
// of the parent sequence minus its siblings'). p's payoff is linear in
// its own unknowns and multilinear in the other players', so the
// equations — the partial derivatives of p's payoff in its own unknowns
// — have the structure of the strategic indifference equations with the
// players as groups, and are solved by the same code: directly when two
// players mix, by homotopy continuation (internal/polysys) from a
// multihomogeneous start system when three or more do, which finds every
// isolated solution. Supports are pruned first: one where a support
// action is beaten, at every node of its information set reached with
// positive probability, by another action whatever the players do in
// the support afterwards, has no equilibrium; the rest are solved
// smallest system first.
//
// A real solution with non-negative realization probabilities gives the
// behaviour at the information sets it reaches; at the others (the
// support's unreached sets) each combination of pure actions is tried,
// first set fastest as Gambit does, and the first that makes a Nash
// equilibrium is kept. Every returned profile has been verified by its
// exact Nash regret (solve.RegretBehaviorRat on the profile's exact binary
// values), at most opt.Tol (0: 10^-9) times the range of payoffs over
// plays. Supports whose equations have a continuum of solutions yield
// no point, as in gambit-enumpoly, so the result is the isolated
// equilibria, up to numerical failure of a path. Equilibria are
// deduplicated and returned in the order found; StopAfter stops early.
// The error wraps solve.ErrNotFound if there are none and solve.ErrBudget when
// opt.Budget is spent (with the equilibria found so far).
func EnumPolyTree(ctx context.Context, g *game.Game, opt EnumPolyOptions) ([]game.Behavior, error) {
	if g == nil {
		return nil, errors.New("enumpoly: nil game")
	}
	if err := g.PerfectRecallContext(ctx); err != nil {
		return nil, fmt.Errorf("enumpoly: %w", err)
	}
	opt.FloatOptions = opt.FloatOptions.WithDefaults(1, defaultEPTreeTol, polysys.DefaultPathSteps)
	t, err := newEPTree(g)
	if err != nil {
		return nil, fmt.Errorf("enumpoly: %w", err)
	}
	e := &epTreeEnum{t: t, opt: opt, rng: float.RNG(opt.Seed, 0xe7),
		meter: &float.Meter{Ctx: ctx, What: "behaviour support enumeration", Limit: opt.Budget}}
	err = e.run()
	if err != nil && !errors.Is(err, errEPStop) {
		return e.found, fmt.Errorf("enumpoly: %w", err)
	}
	if len(e.found) == 0 {
		return nil, float.NotFound("enumpoly", nil)
	}
	return e.found, nil
}

// epTree holds what the support enumeration needs of a tree.
type epTree struct {
	g *game.Game
	// sets lists the players' information sets, player by player, each
	// player's in Gambit's order; base[p] is the position of p's first.
	sets []*game.Infoset
	base []int
	// order lists the positions in sets by the first member in pre-order:
	// a set comes after the sets on the paths to its first member.
	order []int
	// parent[i] is the owner's move before set i: a position in sets
	// and an action, or -1 for the empty sequence.
	parent, parentAct []int
	leaves            []epLeaf
	// out[k]: the payoffs of node k's outcome (nil for none).
	out  [][]float64
	exp  int     // payoffs are used times 2^-exp
	span float64 // range of payoffs over plays, times 2^-exp
}

// epLeaf is a terminal node: the probability of chance's moves to it, the
// play's payoffs and each player's last move there (position in sets and
// action, -1 for none).
type epLeaf struct {
	prob          float64
	pay           []float64
	last, lastAct []int
}

// newEPTree collects the sets, sequences and plays of g.
func newEPTree(g *game.Game) (*epTree, error) {
	e, ok := payoff.TreeExp(g)
	if !ok {
		return nil, errors.New("payoffs out of range: a payoff does not fit in a float64")
	}
	t := &epTree{g: g, exp: e, base: make([]int, len(g.Players)+1)}
	for p, sets := range g.Infosets {
		t.base[p] = len(t.sets)
		for _, s := range sets {
			if len(s.Actions) > 64 {
				return nil, fmt.Errorf("information set %q of player %d has %d actions; at most 64 are supported", s.Label, p+1, len(s.Actions))
			}
			t.sets = append(t.sets, s)
		}
	}
	t.base[len(g.Players)] = len(t.sets)
	t.out = make([][]float64, len(g.Nodes))
	for k, n := range g.Nodes {
		if n.Outcome != nil {
			t.out[k] = make([]float64, len(g.Players))
			payoff.AddOutcomeExp(t.out[k], n.Outcome, 1, e)
		}
	}
	t.parent = make([]int, len(t.sets))
	t.parentAct = make([]int, len(t.sets))
	seen := make([]bool, len(t.sets))
	lo, hi := math.Inf(1), math.Inf(-1)
	np := len(g.Players)
	var walk func(n *game.Node, prob float64, pay []float64, last, lastAct []int)
	walk = func(n *game.Node, prob float64, pay []float64, last, lastAct []int) {
		pay = append([]float64(nil), pay...)
		payoff.AddOutcomeExp(pay, n.Outcome, 1, e)
		s := n.Infoset
		if s == nil {
			t.leaves = append(t.leaves, epLeaf{prob: prob, pay: pay, last: last, lastAct: lastAct})
			for _, v := range pay {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			return
		}
		if s.Player == game.Chance {
			for a, c := range n.Children {
				pr, _ := s.Actions[a].Prob.Float64()
				walk(c, prob*pr, pay, last, lastAct)
			}
			return
		}
		i := t.base[s.Player] + s.Index
		if !seen[i] {
			seen[i] = true
			t.order = append(t.order, i)
			t.parent[i], t.parentAct[i] = last[s.Player], lastAct[s.Player]
		}
		for a, c := range n.Children {
			l, la := append([]int(nil), last...), append([]int(nil), lastAct...)
			l[s.Player], la[s.Player] = i, a
			walk(c, prob, pay, l, la)
		}
	}
	none := make([]int, np)
	for p := range none {
		none[p] = -1
	}
	walk(g.Root, 1, make([]float64, np), none, none)
	t.span = hi - lo
	if t.span == 0 || math.IsInf(t.span, 0) || math.IsNaN(t.span) {
		t.span = 1
	}
	return t, nil
}

// owner returns the player of set i.
func (t *epTree) owner(i int) int { return t.sets[i].Player }

// epTreeEnum is one support enumeration on a tree.
type epTreeEnum struct {
	t     *epTree
	opt   EnumPolyOptions
	meter *float.Meter
	rng   interface{ NormFloat64() float64 }
	found []game.Behavior
	// Buffers of dominated.
	lo, hi []float64
	live   []bool
}

// epSupport is a behaviour support: a mask of actions per set (bit a for
// action a), zero at the sets it does not reach; dim counts its unknowns.
type epSupport struct {
	mask []uint64
	dim  int
}

// run enumerates the supports, then solves them smallest first.
func (e *epTreeEnum) run() error {
	var cands []epSupport
	err := e.enumerate(func(mask []uint64) error {
		cands = append(cands, epSupport{mask: append([]uint64(nil), mask...), dim: epSupportDim(mask)})
		return nil
	})
	if err != nil {
		return err
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dim < cands[j].dim })
	for _, s := range cands {
		if err := e.solve(s.mask); err != nil {
			return err
		}
	}
	return nil
}

// epSupportDim returns the number of unknowns of a support.
func epSupportDim(mask []uint64) int {
	d := 0
	for _, m := range mask {
		if m != 0 {
			d += bits.OnesCount64(m) - 1
		}
	}
	return d
}

// Reachability of a node under a partly chosen support.
const (
	epUnreached = iota
	epMaybe
	epReached
)

// enumerate calls f with every support in which exactly the reached sets
// have actions (chance's moves all count as possible, as in Gambit),
// choosing the sets' actions in t.order, and none in which a support
// action is dominated (see dominated): the test runs as soon as a set's
// actions are chosen, the sets not yet chosen allowing every action.
func (e *epTreeEnum) enumerate(f func(mask []uint64) error) error {
	t := e.t
	mask := make([]uint64, len(t.sets))
	decided := make([]bool, len(t.sets))
	status := make([]int, len(t.g.Nodes))
	var rec func(k int) error
	rec = func(k int) error {
		if err := e.meter.Charge(len(t.g.Nodes) * (2 + len(t.g.Players))); err != nil {
			return err
		}
		reach := e.reach(mask, decided, status)
		if k == len(t.order) {
			for i, m := range mask {
				if (reach[i] == epReached) != (m != 0) {
					return nil
				}
			}
			return f(mask)
		}
		i := t.order[k]
		decided[i] = true
		defer func() { decided[i], mask[i] = false, 0 }()
		if reach[i] != epReached {
			mask[i] = 0
			if err := rec(k + 1); err != nil {
				return err
			}
		}
		if reach[i] == epUnreached {
			return nil
		}
		full := uint64(1)<<len(t.sets[i].Actions) - 1
		for m := full; m > 0; m-- {
			if m&full != m {
				continue
			}
			mask[i] = m
			if e.dominated(mask) {
				continue
			}
			if err := rec(k + 1); err != nil {
				return err
			}
		}
		return nil
	}
	return rec(0)
}

// reach returns the reachability of every set under the decided part of
// mask, the undecided sets' actions counting as possible.
func (e *epTreeEnum) reach(mask []uint64, decided []bool, status []int) []int {
	t := e.t
	out := make([]int, len(t.sets))
	for _, n := range t.g.Nodes {
		st := epReached
		if p := n.Parent; p != nil {
			st = status[p.Index]
			if s := p.Infoset; s.Player != game.Chance {
				i := t.base[s.Player] + s.Index
				switch {
				case !decided[i]:
					st = min(st, epMaybe)
				case mask[i]&(1<<n.Action) == 0:
					st = epUnreached
				}
			}
		}
		status[n.Index] = st
		if s := n.Infoset; s != nil && s.Player != game.Chance {
			i := t.base[s.Player] + s.Index
			out[i] = max(out[i], st)
		}
	}
	return out
}

// dominated reports whether some support action is beaten by another
// action of its set at every node of the set reached with positive
// probability, whatever is played in the support afterwards: such a
// support holds no equilibrium.
func (e *epTreeEnum) dominated(mask []uint64) bool {
	t := e.t
	nodes := t.g.Nodes
	np := len(t.g.Players)
	// lo, hi: bounds of each player's payoff below each node (outcomes
	// from the node down), over the plays the support allows there.
	if e.lo == nil {
		e.lo, e.hi = make([]float64, len(nodes)*np), make([]float64, len(nodes)*np)
		e.live = make([]bool, len(nodes))
	}
	lo, hi, live := e.lo, e.hi, e.live
	for k := len(nodes) - 1; k >= 0; k-- {
		n := nodes[k]
		l, h := lo[k*np:(k+1)*np], hi[k*np:(k+1)*np]
		for p := range np {
			l[p], h[p] = math.Inf(1), math.Inf(-1)
		}
		s := n.Infoset
		if s == nil {
			clear(l)
			clear(h)
		}
		for a, c := range n.Children {
			if !e.allowed(mask, s, a) {
				continue
			}
			for p := range np {
				l[p] = math.Min(l[p], lo[c.Index*np+p])
				h[p] = math.Max(h[p], hi[c.Index*np+p])
			}
		}
		for p, x := range t.out[k] {
			l[p] += x
			h[p] += x
		}
	}
	for k, n := range nodes {
		live[k] = n.Parent == nil || (live[n.Parent.Index] && e.allowed(mask, n.Parent.Infoset, n.Action))
	}
	for i, s := range t.sets {
		if mask[i] == 0 {
			continue
		}
		p := s.Player
		for a := range s.Actions {
			if mask[i]&(1<<a) == 0 {
				continue
			}
			for b := range s.Actions {
				if b != a && e.beats(s, p, a, b, live, lo, hi) {
					return true
				}
			}
		}
	}
	return false
}

// allowed reports whether the support allows action a at a node of set
// s: chance's moves of positive probability, players' support actions,
// every action at a set without support.
func (e *epTreeEnum) allowed(mask []uint64, s *game.Infoset, a int) bool {
	if s.Player == game.Chance {
		return s.Actions[a].Prob.Sign() > 0
	}
	m := mask[e.t.base[s.Player]+s.Index]
	return m == 0 || m&(1<<a) != 0
}

// beats reports whether b gives p more than a at every live node of s,
// and s has one.
func (e *epTreeEnum) beats(s *game.Infoset, p, a, b int, live []bool, lo, hi []float64) bool {
	np := len(e.t.g.Players)
	any := false
	for _, n := range s.Members {
		if !live[n.Index] {
			continue
		}
		any = true
		if lo[n.Children[b].Index*np+p] <= hi[n.Children[a].Index*np+p] {
			return false
		}
	}
	return any
}
