package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

// check says how two outputs must agree.
type check int

const (
	sameSet   check = iota // exact NE sets equal
	samePoint              // the same exact profile, an equilibrium
	closeTo                // float profiles within 1e-4, equilibria
	eachNE                 // every profile printed is an equilibrium
	superset               // tablero's equilibria include every equilibrium Gambit printed
)

// Regret tolerances, relative to the game's payoff range.
const (
	exactTol = 1e-9 // exact methods (checked in float64)
	gridTol  = 1e-6 // simpdiv's grid points (Gambit stops at 1e-7 of the range)
	floatTol = 1e-4 // floating-point methods (liap's own acceptance rule)
	closeTol = 1e-4 // distance of two float profiles taken as the same
)

// form is how a profile is laid out.
type form int

const (
	mixed     form = iota // strategy probabilities (of the reduced strategic form of a tree)
	behaviour             // action probabilities at each information set of a tree
)

func (f form) String() string {
	if f == behaviour {
		return "behaviour"
	}
	return "mixed"
}

// gameInfo is a parsed game with what the checks need.
type gameInfo struct {
	tree   *game.Game
	normal *game.Normal // the strategic game, or the tree's reduced strategic form (nil if too large)
	scale  float64      // payoff range (1 if constant)
}

// game loads (once) the game in path.
func (r *runner) game(path string) (*gameInfo, error) {
	if g, ok := r.games[path]; ok {
		return g, nil
	}
	f, err := gambit.ReadFile(path)
	if err != nil {
		return nil, err
	}
	gi := &gameInfo{tree: f.Tree, normal: f.Normal}
	var outcomes []*game.Outcome
	if f.Tree != nil {
		outcomes = f.Tree.Outcomes
		if red, err := f.Tree.Reduce(1 << 22); err == nil {
			gi.normal = red.Normal
		}
	} else {
		outcomes = f.Normal.Outcomes
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, o := range outcomes {
		for _, v := range o.Payoffs {
			x, _ := v.Float64()
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	gi.scale = 1
	if hi > lo {
		gi.scale = hi - lo
	}
	if r.games == nil {
		r.games = map[string]*gameInfo{}
	}
	r.games[path] = gi
	return gi, nil
}

// profile is one equilibrium line, exactly as printed.
type profile struct {
	key string    // the probabilities as reduced fractions, comma-separated
	f   []float64 // the probabilities as floats
}

// newProfile parses probabilities given as text (1/3, 0.25, 1e-08).
func newProfile(fields []string) (profile, error) {
	var p profile
	keys := make([]string, len(fields))
	for i, s := range fields {
		v, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		if !ok {
			return profile{}, fmt.Errorf("not a number: %q", s)
		}
		keys[i] = v.RatString()
		x, _ := v.Float64()
		p.f = append(p.f, x)
	}
	p.key = strings.Join(keys, ",")
	return p, nil
}

// parseNE reads the NE lines of a Gambit-style output, without repeats.
func parseNE(out []byte) ([]profile, error) {
	var ps []profile
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "NE,") {
			continue
		}
		p, err := newProfile(strings.Split(line[3:], ","))
		if err != nil {
			return nil, err
		}
		if !seen[p.key] {
			seen[p.key] = true
			ps = append(ps, p)
		}
	}
	return ps, sc.Err()
}

// parseLrsnash reads lrsnash's output: blocks of "2 y... v" lines followed
// by "1 x... v" lines, each 1-line paired with each 2-line of its block, as
// profiles (x, y).
func parseLrsnash(out []byte) ([]profile, error) {
	var ps []profile
	var ones, twos [][]string
	seen := map[string]bool{}
	flush := func() error {
		for _, x := range ones {
			for _, y := range twos {
				p, err := newProfile(append(append([]string{}, x...), y...))
				if err != nil {
					return err
				}
				if !seen[p.key] {
					seen[p.key] = true
					ps = append(ps, p)
				}
			}
		}
		ones, twos = nil, nil
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) > 2 && f[0] == "2":
			if len(ones) > 0 { // a new block without a blank line
				if err := flush(); err != nil {
					return nil, err
				}
			}
			twos = append(twos, f[1:len(f)-1])
		case len(f) > 2 && f[0] == "1":
			ones = append(ones, f[1:len(f)-1])
		case len(f) == 0 || strings.HasPrefix(f[0], "*"):
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return ps, sc.Err()
}

// regret returns the largest regret of any player under the profile x,
// relative to the payoff range; want says how to read x where both forms
// have its length. A vector that is not a profile (negative, or not summing
// to one) has infinite regret.
func (gi *gameInfo) regret(x []float64, want form, agent bool) (float64, error) {
	mixLen, behLen := -1, -1
	if gi.normal != nil {
		mixLen = 0
		for _, s := range gi.normal.Strategies {
			mixLen += len(s)
		}
	}
	if gi.tree != nil {
		behLen = 0
		for _, sets := range gi.tree.Infosets {
			for _, s := range sets {
				behLen += len(s.Actions)
			}
		}
	}
	switch {
	case len(x) == behLen && (want == behaviour || len(x) != mixLen):
		if agent {
			return agentRegret(gi.tree, x) / gi.scale, nil
		}
		return behaviourRegret(gi.tree, x) / gi.scale, nil
	case len(x) == mixLen:
		return mixedRegret(gi.normal, x) / gi.scale, nil
	}
	return 0, fmt.Errorf("profile of %d numbers fits neither form (mixed %d, behaviour %d)", len(x), mixLen, behLen)
}

// distribution reports whether p is a probability vector.
func distribution(p []float64) bool {
	sum := 0.0
	for _, v := range p {
		if v < -1e-9 {
			return false
		}
		sum += v
	}
	return math.Abs(sum-1) < 1e-6
}

// splitBehaviour cuts x into a behaviour profile, and reports whether every
// information set has a distribution (or Gambit's all-zero "unspecified").
func splitBehaviour(g *game.Game, x []float64) (game.Behavior, bool) {
	b := make(game.Behavior, len(g.Players))
	at := 0
	for p, sets := range g.Infosets {
		b[p] = make([][]float64, len(sets))
		for i, s := range sets {
			b[p][i] = slices.Clone(x[at : at+len(s.Actions)])
			at += len(s.Actions)
			if !distribution(b[p][i]) && !unspecified(b[p][i]) {
				return nil, false
			}
		}
	}
	return b, true
}

// unspecified reports whether p is all zeros: Gambit's way of printing an
// information set that the player's own pure strategy makes unreachable.
func unspecified(p []float64) bool {
	for _, v := range p {
		if v != 0 {
			return false
		}
	}
	return true
}

// mixedRegret is the largest gain of a player from a pure deviation.
func mixedRegret(n *game.Normal, x []float64) float64 {
	m := make(game.Mixed, len(n.Strategies))
	at := 0
	for p, s := range n.Strategies {
		m[p] = x[at : at+len(s)]
		at += len(s)
		if !distribution(m[p]) {
			return math.Inf(1)
		}
	}
	worst := 0.0
	for p := range m {
		vals := n.StrategyValues(m, p)
		best, pay := math.Inf(-1), 0.0
		for s, v := range vals {
			best = math.Max(best, v)
			pay += m[p][s] * v
		}
		worst = math.Max(worst, best-pay)
	}
	return worst
}

// behaviourRegret is the largest gain of a player from deviating to a best
// response in the tree. A best response to the others' behaviour is found by
// backward induction over the player's own sequences (perfect recall: every
// node of an information set follows the same own sequence): the value of a
// sequence is the payoff collected at nodes whose last own move is that
// sequence, weighted by the others' and chance's reach probability, plus the
// best action's value at each information set that follows it.
func behaviourRegret(g *game.Game, x []float64) float64 {
	b, ok := splitBehaviour(g, x)
	if !ok {
		return math.Inf(1)
	}
	pay := g.Payoffs(b)
	worst := 0.0
	for p := range g.Players {
		worst = math.Max(worst, bestResponse(g, b, p)-pay[p])
	}
	return worst
}

// agentRegret is the largest gain of any agent (a player at one
// information set) from changing its own action there alone: the test of
// an equilibrium of the agent form, which enumpure -A and liap -A compute
// (weaker than Nash when a player could gain by changing several sets).
func agentRegret(g *game.Game, x []float64) float64 {
	b, ok := splitBehaviour(g, x)
	if !ok {
		return math.Inf(1)
	}
	pay := g.Payoffs(b)
	worst := 0.0
	for p, sets := range b {
		for _, probs := range sets {
			saved := slices.Clone(probs)
			for a := range probs {
				clear(probs)
				probs[a] = 1
				worst = math.Max(worst, g.Payoffs(b)[p]-pay[p])
			}
			copy(probs, saved)
		}
	}
	return worst
}

// bestResponse returns player p's best-response value against b.
func bestResponse(g *game.Game, b game.Behavior, p int) float64 {
	sets := g.Infosets[p]
	offset := make([]int, len(sets)) // sequence (set i, action a) is offset[i]+a; 0 is the empty sequence
	n := 1
	for i, s := range sets {
		offset[i] = n
		n += len(s.Actions)
	}
	val := make([]float64, n)
	parent := make([]int, len(sets)) // own sequence leading to each set
	weight := make([]float64, len(g.Nodes))
	seq := make([]int, len(g.Nodes))
	weight[0] = 1
	for _, v := range g.Nodes { // pre-order: parents first
		if v.Outcome != nil && v.Outcome.Payoffs != nil {
			u, _ := v.Outcome.Payoffs[p].Float64()
			val[seq[v.Index]] += weight[v.Index] * u
		}
		if v.Infoset == nil {
			continue
		}
		own := v.Infoset.Player == p
		if own {
			parent[v.Infoset.Index] = seq[v.Index]
		}
		for a, c := range v.Children {
			if own {
				weight[c.Index] = weight[v.Index]
				seq[c.Index] = offset[v.Infoset.Index] + a
			} else {
				weight[c.Index] = weight[v.Index] * g.ActionProb(b, v, a)
				seq[c.Index] = seq[v.Index]
			}
		}
	}
	for i := len(sets) - 1; i >= 0; i-- { // a set follows its parent set in Infosets order
		best := math.Inf(-1)
		for a := range sets[i].Actions {
			best = math.Max(best, val[offset[i]+a])
		}
		val[parent[i]] += best
	}
	return val[0]
}
