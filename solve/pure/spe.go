package pure

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/tablero-project/tablero/internal/exact"
	"github.com/tablero-project/tablero/solve"

	"github.com/tablero-project/tablero/game"
)

// SPE returns every subgame-perfect equilibrium in pure strategies of a
// perfect-information tree (chance nodes allowed), by backward induction.
// Each equilibrium specifies an action at every information set (every
// decision node), including those off the equilibrium path.
//
// Where a player is indifferent, every optimal action gives equilibria,
// and all of them are returned, also when the choice changes other
// players' payoffs and hence optimal play further up the tree. Subgames
// reached with probability zero are solved too. Payoffs are compared
// exactly. Equilibria are sorted lexicographically by their actions,
// players in order and each player's information sets in Game.Infosets
// order.
//
// SPE refuses a game in which some information set has several nodes.
// budgetSteps (solve.DefaultBudget if <= 0) bounds the words of the exact
// numbers compiled from the tree (compileExactTree), the work of backward
// induction (continuations examined and payoff vectors stored, by their
// words) and the size of the list returned (equilibria times information
// sets); exceeding it gives an error wrapping solve.ErrBudget, which for too many
// equilibria says how many there are.
func SPE(ctx context.Context, g *game.Game, budgetSteps int) ([]PureBehavior, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkPerfectInformation(g); err != nil {
		return nil, err
	}
	limit := solve.Budget(budgetSteps)
	t, err := compileExactTree(g, true, limit)
	if err != nil {
		return nil, err
	}
	s := &speSolver{ctx: ctx, t: t, limit: limit, steps: t.words}
	if err := s.induct(); err != nil {
		return nil, err
	}
	total := 0
	for _, v := range s.values[0] {
		total = satAdd(total, v.count)
	}
	if need := satMul(total, max(1, numSets(g))); need > s.limit {
		return nil, fmt.Errorf("%w: the game has %s subgame-perfect equilibria in pure strategies; listing them needs %s steps, budget is %d",
			solve.ErrBudget, satString(total), satString(need), s.limit)
	}
	out, err := s.list(total)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, comparePure)
	return out, nil
}

// numSets returns the number of players' information sets.
func numSets(g *game.Game) int {
	n := 0
	for _, sets := range g.Infosets {
		n += len(sets)
	}
	return n
}

// satString formats a saturating count.
func satString(n int) string {
	if n == math.MaxInt {
		return fmt.Sprintf("more than %d", n-1)
	}
	return fmt.Sprint(n)
}

func checkPerfectInformation(g *game.Game) error {
	for p, sets := range g.Infosets {
		for i, s := range sets {
			if len(s.Members) > 1 {
				return fmt.Errorf("solve: subgame-perfect equilibrium by backward induction needs perfect information, but information set %d (%q) of player %d has %d nodes (%s, %s, ...)",
					i+1, s.Label, p+1, len(s.Members), s.Members[0], s.Members[1])
			}
		}
	}
	return nil
}

// speValue is one payoff vector that subgame-perfect play can give in the
// subgame at a node, with the ways of achieving it.
type speValue struct {
	vec   []exact.Int // scaled payoffs, one per player
	ways  []speWay
	count int // number of equilibria of the subgame with this value (saturating)
}

// speWay is a set of equilibria of a subgame: the action at its root (-1
// at chance and terminal nodes) and, per child, the values (indices into
// the child's list) its continuation may take, in any combination.
type speWay struct {
	action  int
	allowed [][]int
}

type speSolver struct {
	ctx    context.Context
	t      *exactTree
	limit  int
	steps  int
	values [][]speValue // per node
	iota   []int
	// memory handed out in small pieces
	vecs    slab[exact.Int]
	vals    slab[speValue]
	ways    slab[speWay]
	allowed slab[[]int]
	ints    slab[int]
	// for enumeration
	act   []int
	tasks []speTask
	out   []PureBehavior
}

type speTask struct {
	node    int
	allowed []int
}

// induct computes the values of every subgame, leaves first.
func (s *speSolver) induct() error {
	t := s.t
	s.values = make([][]speValue, len(t.player))
	for x := len(t.player) - 1; x >= 0; x-- {
		var err error
		switch q := t.player[x]; q {
		case -2:
			s.values[x] = s.terminal(x)
		case game.Chance:
			err = s.chanceNode(x)
		default:
			err = s.decisionNode(x, q)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// terminalWays is the one way of a terminal node: no action, no children.
var terminalWays = []speWay{{action: -1}}

// terminal returns the one value of a terminal node.
func (s *speSolver) terminal(x int) []speValue {
	v := s.vals.take(1)
	v[0] = speValue{vec: s.contrib(x), ways: terminalWays, count: 1}
	return v
}

func (s *speSolver) contrib(x int) []exact.Int {
	v := s.vecs.take(len(s.t.contrib))
	for p := range v {
		v[p] = s.t.contrib[p][x]
	}
	return v
}

// slab hands out small slices cut from larger allocations, which the
// solver keeps until it returns.
type slab[T any] struct{ buf []T }

// take returns a zeroed slice of length and capacity n.
func (sl *slab[T]) take(n int) []T {
	if len(sl.buf) < n {
		sl.buf = make([]T, max(n, 1024))
	}
	v := sl.buf[:n:n]
	sl.buf = sl.buf[n:]
	return v
}

// indices returns the slice 0, 1, ..., n-1, shared and read-only: its
// subslices name sets of value indices.
func (s *speSolver) indices(n int) []int {
	for len(s.iota) < n {
		s.iota = append(s.iota, len(s.iota))
	}
	return s.iota[:n:n]
}

// step charges n units of work and checks the budget and the context.
func (s *speSolver) step(n int) error {
	before := s.steps
	s.steps = satAdd(s.steps, n)
	if s.steps > s.limit {
		return solve.BudgetExceeded("backward induction", s.limit)
	}
	if before/solve.CheckEvery != s.steps/solve.CheckEvery {
		return s.ctx.Err()
	}
	return nil
}

// decisionNode: player q may take any action whose continuation value is
// best for q given the values chosen in the other subgames, so for each
// child value there is one way, in which every other child takes a value
// no better for q.
func (s *speSolver) decisionNode(x, q int) error {
	kids := s.t.kids[x]
	np := len(s.t.contrib)
	sorted := s.allowed.take(len(kids)) // child's value indices, by q's payoff
	prefix := s.allowed.take(len(kids)) // prefix[j][n]: equilibria of sorted[j][:n]
	candidates := 0
	for j, c := range kids {
		vals := s.values[c]
		candidates += len(vals)
		if sorted[j] = s.indices(len(vals)); len(vals) > 1 {
			sorted[j] = slices.Clone(sorted[j])
			slices.SortStableFunc(sorted[j], func(a, b int) int { return vals[a].vec[q].Cmp(vals[b].vec[q]) })
		}
		prefix[j] = s.ints.take(len(vals) + 1)
		for n, w := range sorted[j] {
			prefix[j][n+1] = satAdd(prefix[j][n], vals[w].count)
		}
	}
	// Each candidate is a search over the other children and may store a
	// payoff vector (of numbers up to t.width words) and a way.
	if err := s.step(satMul(candidates, 2*len(kids)+np*s.t.width)); err != nil {
		return err
	}
	acc := s.newValueSet(x, candidates)
	allowed := make([][]int, len(kids))
	for i, c := range kids {
		for v, cv := range s.values[c] {
			if !s.noBetter(kids, sorted, i, q, cv.vec[q], allowed) {
				continue
			}
			allowed[i] = s.indices(v + 1)[v:]
			n := cv.count
			for j := range kids {
				if j != i {
					n = satMul(n, prefix[j][len(allowed[j])])
				}
			}
			way := speWay{action: i, allowed: s.allowed.take(len(kids))}
			copy(way.allowed, allowed)
			acc.add(cv.vec, way, n)
		}
	}
	s.values[x] = acc.values
	return nil
}

// noBetter fills allowed[j], for every child j but i, with the values of
// child j that give player q at most best, and reports false if some
// child has none.
func (s *speSolver) noBetter(kids []int, sorted [][]int, i, q int, best exact.Int, allowed [][]int) bool {
	for j, d := range kids {
		if j == i {
			continue
		}
		vals := s.values[d]
		n, _ := slices.BinarySearchFunc(sorted[j], best, func(w int, t exact.Int) int {
			if vals[w].vec[q].Cmp(t) <= 0 {
				return -1
			}
			return 1
		})
		if n == 0 {
			return false
		}
		allowed[j] = sorted[j][:n]
	}
	return true
}

// chanceNode: each combination of values of the children reached with
// positive probability gives one value; children of probability zero do
// not change it and may take any value.
func (s *speSolver) chanceNode(x int) error {
	kids, live := s.t.kids[x], s.t.live[x]
	np := len(s.t.contrib)
	totals := s.ints.take(len(kids)) // equilibria of each child's subgame
	for j, c := range kids {
		for _, v := range s.values[c] {
			totals[j] = satAdd(totals[j], v.count)
		}
	}
	acc := s.newValueSet(x, 1)
	digits := make([]int, len(kids))
	sum := make([]exact.Int, np)
	for {
		// A combination may store a payoff vector and a way.
		if err := s.step(1 + np*s.t.width + len(kids)); err != nil {
			return err
		}
		way := speWay{action: -1, allowed: s.allowed.take(len(kids))}
		clear(sum)
		n := 1
		for j, c := range kids {
			if !live[j] {
				way.allowed[j] = s.indices(len(s.values[c]))
				n = satMul(n, totals[j])
				continue
			}
			v := s.values[c][digits[j]]
			way.allowed[j] = s.indices(digits[j] + 1)[digits[j]:]
			n = satMul(n, v.count)
			for p, u := range v.vec {
				sum[p] = sum[p].Add(u)
			}
		}
		acc.add(sum, way, n)
		if !nextLive(digits, kids, live, s.values) {
			break
		}
	}
	s.values[x] = acc.values
	return nil
}

// nextLive advances the counter over the values of the live children.
func nextLive(digits, kids []int, live []bool, values [][]speValue) bool {
	for j := len(kids) - 1; j >= 0; j-- {
		if !live[j] {
			continue
		}
		if digits[j]++; digits[j] < len(values[kids[j]]) {
			return true
		}
		digits[j] = 0
	}
	return false
}

// valueSet gathers the values of a node, merging equal payoff vectors:
// by linear search while there are few, then through a map.
type valueSet struct {
	s      *speSolver
	base   []exact.Int
	values []speValue
	index  map[string]int
	key    []byte
}

const valueSetLinear = 8

func (s *speSolver) newValueSet(x, capacity int) *valueSet {
	return &valueSet{s: s, base: s.contrib(x), values: s.vals.take(min(capacity, valueSetLinear))[:0]}
}

// add records way, whose continuation is worth cont, with n equilibria.
func (vs *valueSet) add(cont []exact.Int, way speWay, n int) {
	vec := vs.s.vecs.take(len(vs.base))
	for p := range vec {
		vec[p] = vs.base[p].Add(cont[p])
	}
	i := vs.find(vec)
	if i < 0 {
		i = len(vs.values)
		vs.values = append(vs.values, speValue{vec: vec})
		if vs.index != nil {
			vs.index[vs.keyOf(vec)] = i
		}
	}
	v := &vs.values[i]
	if v.ways == nil {
		v.ways = vs.s.ways.take(1)[:0]
	}
	v.ways = append(v.ways, way)
	v.count = satAdd(v.count, n)
}

func (vs *valueSet) find(vec []exact.Int) int {
	if vs.index == nil && len(vs.values) < valueSetLinear {
		for i, v := range vs.values {
			if slices.EqualFunc(v.vec, vec, func(a, b exact.Int) bool { return a.Cmp(b) == 0 }) {
				return i
			}
		}
		return -1
	}
	if vs.index == nil {
		vs.index = make(map[string]int, 2*len(vs.values))
		for i, v := range vs.values {
			vs.index[vs.keyOf(v.vec)] = i
		}
	}
	if i, ok := vs.index[vs.keyOf(vec)]; ok {
		return i
	}
	return -1
}

// keyOf encodes vec as a map key.
func (vs *valueSet) keyOf(vec []exact.Int) string {
	vs.key = vs.key[:0]
	for _, v := range vec {
		vs.key = v.AppendKey(vs.key)
	}
	return string(vs.key)
}

// list enumerates the equilibria recorded at the root.
func (s *speSolver) list(total int) ([]PureBehavior, error) {
	s.act = make([]int, len(s.t.player))
	s.out = make([]PureBehavior, 0, total)
	s.tasks = []speTask{{node: 0, allowed: s.indices(len(s.values[0]))}}
	return s.out, s.enumerate()
}

// enumerate expands the pending subgames on the task stack, one node at a
// time, and records a profile when none is left. It backtracks through
// an explicit stack of the tasks it has expanded (frames), so the depth
// of the tree does not bound it by the goroutine's stack.
func (s *speSolver) enumerate() error {
	var frames []speFrame
	for {
		if top := len(s.tasks) - 1; top < 0 {
			s.out = append(s.out, s.profile())
			if len(s.out)%solve.CheckEvery == 0 {
				if err := s.ctx.Err(); err != nil {
					return err
				}
			}
		} else {
			frames = append(frames, speFrame{task: s.tasks[top], top: top, way: -1})
			s.tasks = s.tasks[:top]
		}
		// Take the next way of the innermost frame that has one, undoing
		// the frames that have none left.
		for {
			if len(frames) == 0 {
				return nil
			}
			f := &frames[len(frames)-1]
			s.tasks = s.tasks[:f.top]
			if way, ok := s.nextWay(f); ok {
				s.act[f.task.node] = way.action
				kids := s.t.kids[f.task.node]
				for j := len(kids) - 1; j >= 0; j-- {
					s.tasks = append(s.tasks, speTask{node: kids[j], allowed: way.allowed[j]})
				}
				break
			}
			s.tasks = append(s.tasks, f.task)
			frames = frames[:len(frames)-1]
		}
	}
}

// speFrame is a task being expanded: the task stack's length before it
// was taken, and the way being tried (the way-th of the value allowed[v]).
type speFrame struct {
	task   speTask
	top    int
	v, way int
}

// nextWay advances f to its next way and returns it, or false when f has
// tried them all.
func (s *speSolver) nextWay(f *speFrame) (speWay, bool) {
	vals := s.values[f.task.node]
	f.way++
	for f.v < len(f.task.allowed) {
		if ways := vals[f.task.allowed[f.v]].ways; f.way < len(ways) {
			return ways[f.way], true
		}
		f.v, f.way = f.v+1, 0
	}
	return speWay{}, false
}

// profile returns the actions recorded at the decision nodes.
func (s *speSolver) profile() PureBehavior {
	g := s.t.g
	b := make(PureBehavior, len(g.Infosets))
	for p, sets := range g.Infosets {
		b[p] = make([]int, len(sets))
		for i, set := range sets {
			b[p][i] = s.act[set.Members[0].Index]
		}
	}
	return b
}

// comparePure orders profiles lexicographically.
func comparePure(a, b PureBehavior) int {
	for p := range a {
		if c := slices.Compare(a[p], b[p]); c != 0 {
			return c
		}
	}
	return 0
}

// satAdd returns a+b for non-negative a and b, or MaxInt on overflow.
func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// satMul returns a*b for non-negative a and b, or MaxInt on overflow.
func satMul(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}
