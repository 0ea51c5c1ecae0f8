package pure

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/tablero-project/tablero/internal/exact"
	"github.com/tablero-project/tablero/solve"

	"github.com/tablero-project/tablero/game"
)

// PureNash returns every pure-strategy Nash equilibrium of n, each as one
// strategy index per player, in the order profiles are enumerated (player 1
// fastest). It is gambit-enumpure on a strategic game: PureNashFunc,
// collected.
func PureNash(ctx context.Context, n *game.Normal, budgetSteps int) ([][]int, error) {
	var out [][]int
	err := PureNashFunc(ctx, n, budgetSteps, func(s []int) error {
		out = append(out, slices.Clone(s))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PureNashFunc calls yield with every pure-strategy Nash equilibrium of n
// as it finds it, in the order of PureNash, and stops with yield's error
// if yield returns one. The slice passed to yield is reused afterwards.
//
// Payoffs are compared exactly, in place, and memory does not grow with
// the number of profiles: player 1's best payoff against each profile of
// the others is found once, and a profile at which player 1 plays a best
// reply is then checked against every other player's alternatives. The
// budget (solve.DefaultBudget if budgetSteps <= 0) counts payoff
// comparisons and, for each equilibrium, the probabilities of its NE line
// (one per strategy of every player). A game whose profiles need more
// than the budget (two comparisons each) is refused up front; otherwise the error, wrapping
// solve.ErrBudget, comes when the budget runs out, after the equilibria
// found by then. ctx.Err() is returned when ctx is cancelled.
func PureNashFunc(ctx context.Context, n *game.Normal, budgetSteps int, yield func([]int) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := n.Validate(); err != nil {
		return fmt.Errorf("solve: pure Nash: %w", err)
	}
	limit := solve.Budget(budgetSteps)
	// Every profile is compared at least twice: in the search for player
	// 1's best payoff in its column, and with that best.
	total, ok := profileTotal(n.Strategies)
	if need := satMul(total, 2); !ok || need > limit {
		return solve.BudgetError("pure Nash enumeration of "+solve.SizeString(n.Strategies), need, limit)
	}
	e := newNormalEnum(ctx, n, limit)
	for idx := 0; idx < total; idx++ {
		if idx > 0 {
			e.advance()
		}
		good, err := e.equilibrium(idx)
		if err != nil {
			return err
		}
		if !good {
			continue
		}
		if err := e.charge(e.width); err != nil {
			return err
		}
		if err := yield(e.prof); err != nil {
			return err
		}
		e.found++
	}
	return nil
}

// normalEnum walks the profiles of a strategic game in index order.
type normalEnum struct {
	ctx    context.Context
	n      *game.Normal
	limit  int
	steps  int
	found  int
	width  int   // probabilities in an NE line
	prof   []int // the current profile
	stride []int // stride[p]: the index distance between p's strategies
	best   *big.Rat
}

func newNormalEnum(ctx context.Context, n *game.Normal, limit int) *normalEnum {
	e := &normalEnum{ctx: ctx, n: n, limit: limit, prof: make([]int, len(n.Strategies)), stride: make([]int, len(n.Strategies))}
	stride := 1
	for p, st := range n.Strategies {
		e.width += len(st)
		e.stride[p] = stride
		stride *= len(st)
	}
	return e
}

// advance moves prof to the next profile, player 1 fastest.
func (e *normalEnum) advance() {
	for p := range e.prof {
		if e.prof[p]++; e.prof[p] < len(e.n.Strategies[p]) {
			return
		}
		e.prof[p] = 0
	}
}

// equilibrium reports whether the profile idx (= prof) is one: player
// 1's payoff equals the best in its column, found when the column
// starts, and no other player has a better alternative.
func (e *normalEnum) equilibrium(idx int) (bool, error) {
	k := len(e.n.Strategies[0])
	if e.prof[0] == 0 {
		if err := e.charge(k); err != nil {
			return false, err
		}
		e.best = e.n.Payoff(idx, 0)
		for j := 1; j < k; j++ {
			if v := e.n.Payoff(idx+j, 0); cmpRat(v, e.best) > 0 {
				e.best = v
			}
		}
	}
	if err := e.charge(1); err != nil {
		return false, err
	}
	if cmpRat(e.n.Payoff(idx, 0), e.best) < 0 {
		return false, nil
	}
	for p := 1; p < len(e.prof); p++ {
		if ok, err := e.bestReply(idx, p); !ok || err != nil {
			return false, err
		}
	}
	return true, nil
}

// bestReply reports whether no strategy of player p pays p more than
// its strategy in the profile idx, against the others' strategies.
func (e *normalEnum) bestReply(idx, p int) (bool, error) {
	k := len(e.n.Strategies[p])
	if err := e.charge(k); err != nil {
		return false, err
	}
	u := e.n.Payoff(idx, p)
	base := idx - e.prof[p]*e.stride[p]
	for j := range k {
		if cmpRat(e.n.Payoff(base+j*e.stride[p], p), u) > 0 {
			return false, nil
		}
	}
	return true, nil
}

// charge adds w steps, checks the budget, and looks at the context every
// solve.CheckEvery steps or so.
func (e *normalEnum) charge(w int) error {
	before := e.steps
	if e.steps = satAdd(e.steps, w); e.steps > e.limit {
		return fmt.Errorf("%w: pure Nash enumeration of %s spent its budget of %d steps (payoff comparisons, and %d probabilities per equilibrium listed) after %d equilibria",
			solve.ErrBudget, solve.SizeString(e.n.Strategies), e.limit, e.width, e.found)
	}
	if before/solve.CheckEvery != e.steps/solve.CheckEvery {
		return e.ctx.Err()
	}
	return nil
}

// PureNashTree returns the pure Nash equilibria of the reduced strategic
// form of the tree g as behaviour profiles, as gambit-enumpure prints them
// for an .efg: the action each reduced strategy takes, and -1 at the
// information sets that the player's own actions (with chance) reach with
// probability zero, whatever the others do (PureBehavior.Probs gives
// Gambit's NE line). Equilibria come in the order of reduced-form
// profiles, player 1 fastest; reduced profiles that differ only at sets
// reached with probability zero give one behaviour profile, listed once.
//
// Like Gambit it refuses games without perfect recall. budgetSteps
// (solve.DefaultBudget if <= 0) bounds the words of the exact numbers
// compiled from the tree (compileExactTree) plus the reduced-form
// profiles times the cost of evaluating one; exceeding it gives an error
// wrapping solve.ErrBudget.
func PureNashTree(ctx context.Context, g *game.Game, budgetSteps int) ([]PureBehavior, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := g.PerfectRecallContext(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("solve: pure Nash equilibria of a game without perfect recall are not supported (Gambit refuses them too): %w", err)
	}
	limit := solve.Budget(budgetSteps)
	t, err := compileExactTree(g, false, limit)
	if err != nil {
		return nil, err
	}
	// Each profile costs one evaluation per player, each visiting up to
	// evalCost nodes and adding numbers of up to t.width words: only so
	// many profiles fit what compiling left of the budget.
	cost := satMul(satMul(len(g.Players), evalCost(g)), t.width)
	profiles := max(1, (limit-t.words)/cost)
	choices, err := g.ReducedStrategies(ctx, profiles)
	if errors.Is(err, game.ErrTooLarge) {
		return nil, fmt.Errorf("%w: pure Nash enumeration of the tree evaluates every reduced profile for each of its %d players, visiting up to %d nodes (numbers of up to %d words) each time, so the budget of %d steps allows %d profiles: %v",
			solve.ErrBudget, len(g.Players), evalCost(g), t.width, limit, profiles, err)
	}
	if err != nil {
		return nil, err
	}
	strats := make([][]string, len(choices)) // only the sizes matter
	for p := range choices {
		strats[p] = make([]string, len(choices[p]))
	}
	total, _ := profileTotal(strats)
	bad := newProfileSet(total)
	w := &treeColumns{t: t, choices: choices, pure: make([][]int, len(choices)), prof: make([]int, len(choices))}
	if err := markNonBest(ctx, strats, total, bad, w); err != nil {
		return nil, err
	}
	var out []PureBehavior
	seen := map[string]bool{}
	for _, prof := range collectGood(strats, bad) {
		b := make(PureBehavior, len(prof))
		for p, s := range prof {
			b[p] = ownReachable(g, p, choices[p][s])
		}
		if k := fmt.Sprint(b); !seen[k] {
			seen[k] = true
			out = append(out, b)
		}
	}
	return out, nil
}

// evalCost returns the largest number of nodes the evaluation of one
// pure profile of g visits: a play's nodes, and at chance nodes those of
// every branch of positive probability.
func evalCost(g *game.Game) int {
	cost := make([]int, len(g.Nodes))
	for i := len(g.Nodes) - 1; i >= 0; i-- { // children before parents
		n := g.Nodes[i]
		below := 0
		for a, c := range n.Children {
			switch {
			case n.Infoset.Player != game.Chance:
				below = max(below, cost[c.Index])
			case n.Infoset.Actions[a].Prob.Sign() > 0:
				below = satAdd(below, cost[c.Index])
			}
		}
		cost[i] = satAdd(below, 1)
	}
	return cost[0]
}

// ownReachable returns a copy of player p's reduced strategy with -1 at
// the information sets that p's own actions and chance reach with
// probability zero whatever the others do (Gambit's behaviour profile of
// a pure strategy leaves them at zero).
func ownReachable(g *game.Game, p int, choice []int) []int {
	out := make([]int, len(choice))
	for i := range out {
		out[i] = -1
	}
	stack := []*game.Node{g.Root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch s := n.Infoset; {
		case s == nil:
		case s.Player == p:
			out[s.Index] = choice[s.Index]
			stack = append(stack, n.Children[choice[s.Index]])
		default:
			for a, c := range n.Children {
				if s.Player != game.Chance || s.Actions[a].Prob.Sign() > 0 {
					stack = append(stack, c)
				}
			}
		}
	}
	return out
}

// PureBehavior is a pure behaviour profile of a tree: PureBehavior[p][i] is
// the action player p takes at its i-th information set (order of
// Game.Infosets[p]), or -1 where the profile does not specify one because
// the player's own earlier actions make that set unreachable.
type PureBehavior [][]int

// Probs returns the profile as exact probabilities in the order of Gambit's
// NE lines: player by player, information set by information set, action
// by action; 1 for the chosen action, 0 elsewhere, and all zeros at sets
// left unspecified.
func (b PureBehavior) Probs(g *game.Game) []*big.Rat {
	var out []*big.Rat
	for p, sets := range g.Infosets {
		for i, s := range sets {
			for a := range s.Actions {
				v := new(big.Rat)
				if b[p][i] == a {
					v.SetInt64(1)
				}
				out = append(out, v)
			}
		}
	}
	return out
}

// Behavior returns the profile as a floating-point behaviour profile, with
// all-zero probabilities at unspecified sets.
func (b PureBehavior) Behavior(g *game.Game) game.Behavior {
	out := make(game.Behavior, len(g.Infosets))
	for p, sets := range g.Infosets {
		out[p] = make([][]float64, len(sets))
		for i, s := range sets {
			out[p][i] = make([]float64, len(s.Actions))
			if a := b[p][i]; a >= 0 {
				out[p][i][a] = 1
			}
		}
	}
	return out
}

// Payoffs returns each player's exact expected payoff under b. Every
// information set reached in play must be specified.
func (b PureBehavior) Payoffs(g *game.Game) []*big.Rat {
	return g.PayoffsRat(b)
}

// AgentPureNash returns every pure behaviour profile from which no player
// gains by changing the action at any single information set: the pure
// equilibria of the agent form (gambit-enumpure -A). Unlike PureNashTree
// it accepts games without perfect recall, as Gambit does. Equilibria are
// returned in Gambit's order: as a counter over all information sets
// (players in order, each player's sets in Game.Infosets order), the last
// set varying fastest.
//
// The search assigns actions set by set in the order the tree's pre-order
// walk meets them, and tests each set's condition as soon as the actions
// it depends on (at the sets above and below its nodes) are all fixed,
// abandoning every extension of a partial profile that fails. Without
// absent-mindedness a deviation at a set changes play only below its
// nodes, so the gain from it is the sum, over the set's nodes that play
// reaches, of the difference between the values of the subtrees the two
// actions lead to. budgetSteps (solve.DefaultBudget if <= 0) bounds the
// work: partial profiles visited, tree nodes evaluated in tests, and the
// equilibria found times their size; exceeding it gives an error
// wrapping solve.ErrBudget.
func AgentPureNash(ctx context.Context, g *game.Game, budgetSteps int) ([]PureBehavior, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s, err := newAgentSearch(ctx, g, solve.Budget(budgetSteps))
	if err != nil {
		return nil, err
	}
	if err := s.search(); err != nil {
		return nil, err
	}
	slices.SortFunc(s.out, comparePure)
	return s.out, nil
}

// markNonBest marks in bad every profile at which some player has a
// strictly better strategy against the others' strategies, going through
// each player's columns (the player's strategies against one profile of
// the others) and skipping columns already wholly marked.
func markNonBest(ctx context.Context, strats [][]string, total int, bad profileSet, cols columnMarker) error {
	steps := 0
	stride := 1
	for p := range strats {
		k := len(strats[p])
		block := stride * k
		for hi := 0; hi < total; hi += block {
			for base := hi; base < hi+stride; base++ {
				if steps += k; steps >= solve.CheckEvery {
					steps = 0
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				if !bad.allSet(base, stride, k) {
					cols.mark(bad, p, base, stride, k)
				}
			}
		}
		stride = block
	}
	return nil
}

// A columnMarker marks in bad the profiles base, base+stride, ...,
// base+(k-1)*stride (player p's strategies against fixed others) at
// which p's payoff is below the best in that column.
type columnMarker interface {
	mark(bad profileSet, p, base, stride, k int)
}

// collectGood returns the unmarked profiles in index order.
func collectGood(strats [][]string, bad profileSet) [][]int {
	var out [][]int
	n := &game.Normal{Strategies: strats}
	total, _ := profileTotal(strats)
	for idx := range total {
		if !bad.get(idx) {
			s := make([]int, len(strats))
			n.Profile(idx, s)
			out = append(out, s)
		}
	}
	return out
}

// treeColumns evaluates the payoffs of the reduced strategic form of a
// tree, one column at a time.
type treeColumns struct {
	t       *exactTree
	choices [][][]int
	pure    [][]int
	prof    []int
	vals    []exact.Int
}

func (w *treeColumns) mark(bad profileSet, p, base, stride, k int) {
	idx := base
	for q := range w.prof {
		n := len(w.choices[q])
		w.prof[q] = idx % n
		idx /= n
	}
	for q, s := range w.prof {
		w.pure[q] = w.choices[q][s]
	}
	w.vals = w.vals[:0]
	best := exact.Int{}
	for j := range k {
		w.pure[p] = w.choices[p][j]
		v := w.t.payoff(p, w.pure)
		if j == 0 || v.Cmp(best) > 0 {
			best = v
		}
		w.vals = append(w.vals, v)
	}
	for j, v := range w.vals {
		if v.Cmp(best) < 0 {
			bad.set(base + j*stride)
		}
	}
}

// profileTotal returns the number of profiles, and false (with MaxInt) if
// it overflows an int.
func profileTotal(strats [][]string) (int, bool) {
	total := 1
	for _, s := range strats {
		if len(s) != 0 && total > math.MaxInt/len(s) {
			return math.MaxInt, false
		}
		total *= len(s)
	}
	return total, true
}

// cmpRat compares two rationals, without allocating when both are integers
// that fit an int64.
func cmpRat(a, b *big.Rat) int {
	if a.IsInt() && b.IsInt() && a.Num().IsInt64() && b.Num().IsInt64() {
		x, y := a.Num().Int64(), b.Num().Int64()
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	return a.Cmp(b)
}

// profileSet is a set of profile indices.
type profileSet []uint64

func newProfileSet(n int) profileSet { return make(profileSet, (n+63)/64) }

func (b profileSet) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b profileSet) get(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

// allSet reports whether all of base, base+stride, ..., base+(k-1)*stride
// are in the set.
func (b profileSet) allSet(base, stride, k int) bool {
	for j := range k {
		if !b.get(base + j*stride) {
			return false
		}
	}
	return true
}

// exactTree is a game tree compiled for fast exact evaluation of pure profiles.
// Every node carries the payoff its outcome adds to a play, weighted by
// the chance probability of reaching the node and scaled per player to an
// integer: the true value is the integer divided by denom[p].
type exactTree struct {
	g       *game.Game
	player  []int         // per node: player, game.Chance, or -2 at terminals
	set     []int         // index of the node's information set for its player
	kids    [][]int       // child node indices, in action order
	live    [][]bool      // false for chance children of probability zero
	contrib [][]exact.Int // contrib[p][node]
	denom   []*big.Int
	stack   []int
	// words is what compiling charged to the budget: the 64-bit words of
	// the exact numbers it built (chance weights, denominators and the
	// contributions too large for an int64), one step each.
	words int
	// width is the words of the largest scaled payoff, at least 1: each
	// sum of contributions costs up to that much work and memory.
	width int
}

// compileExactTree compiles g. With spe set, a zero chance probability counts as
// one in the weights, so that subgames reached with probability zero keep
// meaningful (scaled) payoffs; their contribution to the node above is then
// dropped by whoever sums over children.
//
// The exact numbers grow along chains of chance moves (a chain of 20,000
// moves of probability 999999/1000000 reaches weights of 800,000 bits), so
// compiling charges one step per 64-bit word it builds, checked before
// each number is built, and returns an error wrapping solve.ErrBudget once
// they pass limit.
func compileExactTree(g *game.Game, spe bool, limit int) (*exactTree, error) {
	n := len(g.Nodes)
	t := &exactTree{g: g, player: make([]int, n), set: make([]int, n), kids: make([][]int, n), live: make([][]bool, n)}
	weight, err := t.weights(spe, limit)
	if err != nil {
		return nil, err
	}
	np := len(g.Players)
	t.contrib = make([][]exact.Int, np)
	t.denom = make([]*big.Int, np)
	t.width = 1
	for p := range np {
		if err := t.scale(p, weight, limit); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// weights fills the tree's structure and returns the chance probability
// of reaching every node, charging the words of each new weight.
func (t *exactTree) weights(spe bool, limit int) ([]*big.Rat, error) {
	n := len(t.g.Nodes)
	weight := make([]*big.Rat, n)
	weight[0] = big.NewRat(1, 1)
	kids, lives := make([]int, n), make([]bool, n) // slabs: every node but the root is a child
	for _, x := range t.g.Nodes {
		i := x.Index
		t.player[i] = x.Player()
		if x.Infoset != nil {
			t.set[i] = x.Infoset.Index
		}
		k := len(x.Children)
		t.kids[i], kids = kids[:0:k], kids[k:]
		t.live[i], lives = lives[:0:k], lives[k:]
		for a, c := range x.Children {
			t.kids[i] = append(t.kids[i], c.Index)
			weight[c.Index] = weight[i]
			live := true
			if x.Infoset.Player == game.Chance {
				prob := x.Infoset.Actions[a].Prob
				live = prob.Sign() > 0
				if live || !spe {
					if err := t.check(ratWords(weight[i])+ratWords(prob), limit); err != nil {
						return nil, err
					}
					weight[c.Index] = new(big.Rat).Mul(weight[i], prob)
					t.words += ratWords(weight[c.Index])
				}
			}
			t.live[i] = append(t.live[i], live)
		}
	}
	return weight, nil
}

// scale sets player p's denominator, the least common multiple of the
// weighted payoffs' denominators, and the scaled contributions, charging
// their words before building them.
func (t *exactTree) scale(p int, weight []*big.Rat, limit int) error {
	var tmp big.Rat
	term := func(x *game.Node) *big.Rat { // the outcome's payoff times the weight
		if w, v := weight[x.Index], x.Outcome.Payoffs[p]; w != weight[0] {
			return tmp.Mul(w, v)
		} else {
			return v
		}
	}
	d := big.NewInt(1)
	for _, x := range t.g.Nodes {
		if x.Outcome == nil {
			continue
		}
		e := term(x).Denom()
		if err := t.check(len(d.Bits())+len(e.Bits()), limit); err != nil {
			return err
		}
		lcm(d, e)
	}
	t.words += len(d.Bits())
	t.contrib[p], t.denom[p] = make([]exact.Int, len(t.g.Nodes)), d
	for _, x := range t.g.Nodes {
		if x.Outcome == nil {
			continue
		}
		v := term(x)
		// Values of one word stay in the table's int64s: only larger
		// ones are built apart.
		if w := len(v.Num().Bits()) + len(d.Bits()) - len(v.Denom().Bits()); w > 1 {
			if err := t.check(w, limit); err != nil {
				return err
			}
			t.words += w
			t.width = max(t.width, w)
		}
		t.contrib[p][x.Index] = exact.Scale(v, d)
	}
	return nil
}

// check returns an error wrapping solve.ErrBudget if building w more
// words would take the tree's charge past limit.
func (t *exactTree) check(w, limit int) error {
	if satAdd(t.words, w) > limit {
		return fmt.Errorf("%w: the exact chance weights and payoffs of the tree's %d nodes take more than the budget of %d steps, one per 64-bit word",
			solve.ErrBudget, len(t.g.Nodes), limit)
	}
	return nil
}

// ratWords returns the 64-bit words of r's numerator and denominator.
func ratWords(r *big.Rat) int {
	return len(r.Num().Bits()) + len(r.Denom().Bits())
}

// lcm sets d to the least common multiple of d and e.
func lcm(d, e *big.Int) {
	if e.IsInt64() && e.Int64() == 1 {
		return
	}
	var g, q big.Int
	if q.Rem(d, e); q.Sign() == 0 {
		return
	}
	g.GCD(nil, nil, d, e)
	d.Mul(d, q.Quo(e, &g))
}

// payoff returns player p's scaled payoff under the pure profile pure
// (pure[q][i] = action at q's i-th set; only sets reached are read).
func (t *exactTree) payoff(p int, pure [][]int) exact.Int {
	var sum exact.Int
	c := t.contrib[p]
	t.stack = append(t.stack[:0], 0)
	for len(t.stack) > 0 {
		x := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		sum = sum.Add(c[x])
		switch q := t.player[x]; q {
		case -2:
		case game.Chance:
			for a, k := range t.kids[x] {
				if t.live[x][a] {
					t.stack = append(t.stack, k)
				}
			}
		default:
			t.stack = append(t.stack, t.kids[x][pure[q][t.set[x]]])
		}
	}
	return sum
}

// rat converts a scaled value of player p back to a rational.
func (t *exactTree) rat(p int, v exact.Int) *big.Rat {
	return new(big.Rat).SetFrac(v.Big(), t.denom[p])
}

// agentSearch enumerates agent equilibria by backtracking.
type agentSearch struct {
	ctx   context.Context
	t     *exactTree
	limit int
	steps int
	// lastCheck is the step count at the last look at the context.
	lastCheck int
	choice    [][]int           // the partial profile
	order     []*game.Infoset   // sets in order of assignment
	checks    [][]*game.Infoset // checks[k]: sets decided once order[:k+1] is fixed
	slow      bool              // absent-minded: test whole profiles by evaluation
	dead      []bool            // dead[node]: a chance move of probability zero leads to it
	next      []int             // next action to try at each position of order, in search
	sums      []exact.Int
	stack     []int
	out       []PureBehavior
}

func newAgentSearch(ctx context.Context, g *game.Game, limit int) (*agentSearch, error) {
	t, err := compileExactTree(g, false, limit)
	if err != nil {
		return nil, err
	}
	s := &agentSearch{ctx: ctx, t: t, limit: limit, steps: t.words, slow: absentMinded(g)}
	s.choice = make([][]int, len(g.Infosets))
	maxActions := 0
	for p, sets := range g.Infosets {
		s.choice[p] = make([]int, len(sets))
		for _, h := range sets {
			s.order = append(s.order, h)
			maxActions = max(maxActions, len(h.Actions))
		}
	}
	s.sums = make([]exact.Int, maxActions)
	slices.SortFunc(s.order, func(a, b *game.Infoset) int { return a.Members[0].Index - b.Members[0].Index })
	s.checks = make([][]*game.Infoset, len(s.order))
	if s.slow {
		if n := len(s.order); n > 0 {
			s.checks[n-1] = s.order
		}
		return s, nil
	}
	pos := make(map[*game.Infoset]int, len(s.order))
	for k, h := range s.order {
		pos[h] = k
	}
	above, below, dead := setBounds(g, pos)
	s.dead = dead
	for _, h := range s.order {
		last := pos[h]
		for _, m := range h.Members {
			last = max(last, above[m.Index])
			for _, c := range m.Children {
				last = max(last, below[c.Index])
			}
		}
		s.checks[last] = append(s.checks[last], h)
	}
	return s, nil
}

// setBounds returns, for every node of g, the largest position (in pos)
// of a player's set on the path to it (above, the node's own set
// excluded) and in its subtree (below, its own set included), -1 for none,
// and whether a chance move of probability zero leads to it (dead): two
// passes over the nodes in pre-order, linear in the size of the tree.
func setBounds(g *game.Game, pos map[*game.Infoset]int) (above, below []int, dead []bool) {
	n := len(g.Nodes)
	above, below, dead = make([]int, n), make([]int, n), make([]bool, n)
	own := func(x *game.Node) int {
		if s := x.Infoset; s != nil && s.Player != game.Chance {
			return pos[s]
		}
		return -1
	}
	above[0] = -1
	for _, x := range g.Nodes {
		for a, c := range x.Children {
			above[c.Index] = max(above[x.Index], own(x))
			dead[c.Index] = dead[x.Index] || x.Infoset.Player == game.Chance && x.Infoset.Actions[a].Prob.Sign() == 0
		}
	}
	for k := n - 1; k >= 0; k-- { // children before parents
		x := g.Nodes[k]
		below[k] = own(x)
		for _, c := range x.Children {
			below[k] = max(below[k], below[c.Index])
		}
	}
	return above, below, dead
}

// absentMinded reports whether some node has an ancestor in its own
// information set. Subtrees are intervals of the pre-order, so a member
// lies below an earlier member of its set exactly when it comes before
// the end of that member's subtree.
func absentMinded(g *game.Game) bool {
	end := make([]int, len(g.Nodes)) // last pre-order index in each subtree
	for k := len(g.Nodes) - 1; k >= 0; k-- {
		end[k] = k
		for _, c := range g.Nodes[k].Children {
			end[k] = max(end[k], end[c.Index])
		}
	}
	for _, sets := range g.Infosets {
		for _, h := range sets {
			reach := -1 // the furthest end of an earlier member's subtree
			for _, m := range h.Members {
				if m.Index <= reach {
					return true
				}
				reach = max(reach, end[m.Index])
			}
		}
	}
	return false
}

// search tries every action at every position of order, in order, going
// one position deeper while the sets decided so far pass their tests and
// recording a profile at the end: a backtracking search whose stack is
// the slice next, so its depth is not bounded by the goroutine's stack.
func (s *agentSearch) search() error {
	n := len(s.order)
	s.next = make([]int, n)
	for k := 0; k >= 0; {
		if k == n {
			s.out = append(s.out, s.profile())
			s.steps += n // the profile's size
			if err := s.step(); err != nil {
				return err
			}
			k--
			continue
		}
		h := s.order[k]
		a := s.next[k]
		if a == len(h.Actions) {
			s.choice[h.Player][h.Index], s.next[k] = 0, 0
			k--
			continue
		}
		if err := s.step(); err != nil {
			return err
		}
		s.choice[h.Player][h.Index], s.next[k] = a, a+1
		if s.pass(s.checks[k]) {
			k++
		}
	}
	return nil
}

// step charges one step (value adds the nodes it visits), checks the
// budget, and looks at the context every solve.CheckEvery steps or so.
func (s *agentSearch) step() error {
	if s.steps++; s.steps > s.limit {
		return solve.BudgetExceeded("the agent-form search", s.limit)
	}
	if s.steps-s.lastCheck >= solve.CheckEvery {
		s.lastCheck = s.steps
		return s.ctx.Err()
	}
	return nil
}

func (s *agentSearch) profile() PureBehavior {
	b := make(PureBehavior, len(s.choice))
	for p, c := range s.choice {
		b[p] = slices.Clone(c)
	}
	return b
}

func (s *agentSearch) pass(sets []*game.Infoset) bool {
	if s.slow && len(sets) > 0 {
		return s.passSlow()
	}
	for _, h := range sets {
		// A failed test or a spent budget (reported by the next step)
		// ends the tests of this partial profile.
		if !s.holds(h) || s.steps > s.limit {
			return false
		}
	}
	return true
}

// holds reports whether no other action at h does better for its player,
// summing over the members that play reaches.
func (s *agentSearch) holds(h *game.Infoset) bool {
	p, b := h.Player, s.choice[h.Player][h.Index]
	sums := s.sums[:len(h.Actions)]
	clear(sums)
	for _, m := range h.Members {
		if !s.reached(m.Index) {
			continue
		}
		for a, c := range s.t.kids[m.Index] {
			sums[a] = sums[a].Add(s.value(p, c))
		}
	}
	for a := range sums {
		if a != b && sums[a].Cmp(sums[b]) > 0 {
			return false
		}
	}
	return true
}

// reached reports whether the current choices lead play to node x
// (chance permitting), walking up from x and charging a step per node.
func (s *agentSearch) reached(x int) bool {
	if s.dead[x] {
		return false
	}
	n := s.t.g.Nodes[x]
	for c, y := n, n.Parent; y != nil; c, y = y, y.Parent {
		s.steps++ // checked against the budget at the next step call
		if h := y.Infoset; h.Player != game.Chance && s.choice[h.Player][h.Index] != c.Action {
			return false
		}
	}
	return true
}

// value returns player p's scaled payoff from the subtree of node x under
// the current choices.
func (s *agentSearch) value(p, x int) exact.Int {
	var sum exact.Int
	t, c := s.t, s.t.contrib[p]
	s.stack = append(s.stack[:0], x)
	for len(s.stack) > 0 {
		y := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		s.steps += t.width // checked against the budget at the next step call
		sum = sum.Add(c[y])
		switch q := t.player[y]; q {
		case -2:
		case game.Chance:
			for k, z := range t.kids[y] {
				if t.live[y][k] {
					s.stack = append(s.stack, z)
				}
			}
		default:
			s.stack = append(s.stack, t.kids[y][s.choice[q][t.set[y]]])
		}
	}
	return sum
}

// passSlow evaluates every single-set deviation from a complete profile
// by walking the tree again (needed with absent-mindedness, where a
// deviation also changes play below the deviating node).
func (s *agentSearch) passSlow() bool {
	for p, sets := range s.choice {
		base := s.t.payoff(p, s.choice)
		for i, b := range sets {
			for alt := range s.t.g.Infosets[p][i].Actions {
				if alt == b {
					continue
				}
				sets[i] = alt
				v := s.t.payoff(p, s.choice)
				sets[i] = b
				if v.Cmp(base) > 0 {
					return false
				}
			}
		}
	}
	return true
}
