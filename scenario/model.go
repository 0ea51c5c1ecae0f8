package scenario

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/expr-lang/expr/vm"
	"github.com/tablero-project/tablero/game"
)

// Model is a compiled scenario. Its game tree is generated once; Game fills
// in the numbers for a set of parameter values. A Model is safe for
// concurrent use.
type Model struct {
	Scenario *Scenario

	params   []string // parameter ids, in file order
	defaults []float64
	derived  []*vm.Program

	weights [][][]*vm.Program // [actor][type][attribute]; nil is zero
	priors  [][]*vm.Program   // [actor][type]; nil last is the complement
	terms   [][]*vm.Program   // [actor][term] values
	probs   [][]*vm.Program   // [move][action] for chance moves
	values  [][]*vm.Program   // [outcome][attribute]
	lambda  *vm.Program

	mults      []Multiplier   // groups of literal numbers uncertainty analysis scales
	multIndex  map[string]int // by id
	valueMult  [][]int        // [outcome][attribute]: index into mults, -1 for none
	weightMult [][][]int      // [actor][type][attribute]

	termWhen    [][]*vm.Program
	moveWhen    []*vm.Program
	outcomeWhen []*vm.Program
	mappings    []mapping
	signposts   []signpost

	fixed    map[string]string // actors' types fixed by Complete
	complete bool              // every move observes everything

	template  *game.Game
	chanceSrc []chanceSrc
	leaves    []Leaf
	termUsed  [][][]bool // [actor][term][outcome]: active at some leaf
	infoMove  map[*game.Infoset]infoKey
	infos     [][]InfosetInfo
}

// chanceSrc says what a chance information set draws: an actor's type or a
// chance move's action.
type chanceSrc struct {
	set   *game.Infoset
	actor int // -1 unless a type draw
	move  int // -1 unless a chance move
}

type infoKey struct {
	move int
	seen []string
	h    history
}

// Leaf is a terminal history of the generated game.
type Leaf struct {
	// Node is the leaf's index in Game.Nodes.
	Node int
	// Outcome indexes Scenario.Outcomes.
	Outcome int
	// Types holds each actor's type index (0 for actors without types).
	Types []int
	// History maps each actor to its type and each move played to its action.
	History map[string]string
	// Scenario and Result index Scenario.Scenarios and Scenario.Results,
	// one per mapping.
	Scenario, Result []int
	// Terms[a] lists the indices of actor a's payoff terms active here.
	Terms [][]int

	node *game.Node
}

// InfosetInfo describes a player's information set in scenario terms.
type InfosetInfo struct {
	Move  string            // move id
	Actor string            // actor id
	Known map[string]string // what the mover knows there: types and moves
	Order []string          // keys of Known in play order
}

// EvalError is a failure to evaluate the model at some parameter values,
// with the document location of the expression at fault.
type EvalError struct {
	Path string // e.g. $.actors[0].types
	Err  error
}

func (e *EvalError) Error() string { return e.Err.Error() }
func (e *EvalError) Unwrap() error { return e.Err }

func evalErr(path string, format string, args ...any) error {
	return &EvalError{Path: path, Err: fmt.Errorf(format, args...)}
}

// Values assigns numbers to parameters by id.
type Values map[string]float64

// Defaults returns every parameter at its default.
func (m *Model) Defaults() Values {
	v := make(Values, len(m.params))
	for i, id := range m.params {
		v[id] = m.defaults[i]
	}
	return v
}

// Params returns the parameter ids in file order.
func (m *Model) Params() []string { return append([]string(nil), m.params...) }

// Leaves returns the terminal histories in the order of the tree.
func (m *Model) Leaves() []Leaf { return m.leaves }

// Infosets returns, per player, what each information set of the game
// stands for (same order as Game.Infosets).
func (m *Model) Infosets() [][]InfosetInfo { return m.infos }

// Mapping returns the index of the mapping with the given id; the empty id
// selects the default (first) mapping.
func (m *Model) Mapping(id string) (int, error) {
	if id == "" {
		return 0, nil
	}
	var ids []string
	for i, mp := range m.mappings {
		if mp.id == id {
			return i, nil
		}
		ids = append(ids, mp.id)
	}
	return 0, fmt.Errorf("scenario: unknown mapping %q (mappings: %s)", id, strings.Join(ids, ", "))
}

// Complete compiles the complete-information variant of the scenario in
// which every actor's type is fixed as given (actor id to type id) and every
// move observes all earlier moves: the game whose subgame-perfect
// equilibria show what happens "if we knew" the types.
func (m *Model) Complete(types map[string]string) (*Model, error) {
	for _, a := range m.Scenario.Actors {
		if len(a.Types) > 1 && types[a.ID] == "" {
			return nil, fmt.Errorf("scenario: complete information needs a type for actor %s", a.ID)
		}
	}
	return compile(m.Scenario, types, true)
}

// markTerms records which terms are active at some leaf of each outcome.
func (m *Model) markTerms() {
	s := m.Scenario
	m.termUsed = make([][][]bool, len(s.Actors))
	for a, actor := range s.Actors {
		m.termUsed[a] = make([][]bool, len(actor.Terms))
		for j := range actor.Terms {
			m.termUsed[a][j] = make([]bool, len(s.Outcomes))
		}
	}
	for _, lf := range m.leaves {
		for a, js := range lf.Terms {
			for _, j := range js {
				m.termUsed[a][j][lf.Outcome] = true
			}
		}
	}
}

func (m *Model) infoLabels(g *game.Game) {
	m.infos = make([][]InfosetInfo, len(g.Players))
	for p, sets := range g.Infosets {
		for _, set := range sets {
			k := m.infoMove[set]
			info := InfosetInfo{Move: m.Scenario.Moves[k.move].ID, Actor: g.Players[p], Known: map[string]string{}, Order: k.seen}
			for _, name := range k.seen {
				info.Known[name] = k.h[name]
			}
			m.infos[p] = append(m.infos[p], info)
		}
	}
	for i := range m.leaves {
		m.leaves[i].Node = m.leaves[i].node.Index
	}
}

// Numbers are the model's numbers at one set of parameter values, in
// floating point: everything Game turns into exact rationals, and what a
// Monte Carlo draw needs without building a game.
type Numbers struct {
	Lambda float64
	// Attr[o][k] is outcome o's value on attribute k.
	Attr [][]float64
	// Weight[a][t][k] is the weight of attribute k for actor a of type t.
	Weight [][][]float64
	// Prior[a][t] is the prior probability of type t of actor a.
	Prior [][]float64
	// Payoffs[i][a] is actor a's payoff at the i-th leaf (see Leaves).
	Payoffs [][]float64
	// Chance[i] holds the action probabilities of the i-th chance
	// information set (Game.ChanceInfosets order).
	Chance [][]float64
	// Terms[o][a][j] is the value of actor a's j-th payoff term at outcome
	// o (zero where the term is active at no leaf of o).
	Terms [][][]float64
	// Env holds every parameter and derived value.
	Env map[string]float64
}

// Instance is a scenario's game at one set of parameter values, with the
// numbers behind it.
type Instance struct {
	*Numbers
	Game *game.Game
}

// Game evaluates the model at v (parameters missing from v take their
// defaults) and returns the game with exact numbers.
func (m *Model) Game(v Values) (*Instance, error) {
	nums, err := m.Numbers(v)
	if err != nil {
		return nil, err
	}
	g := m.template.Clone()
	for i, set := range g.ChanceInfosets {
		rats, err := exactProbs(nums.Chance[i])
		if err != nil {
			return nil, evalErr("$.moves", "chance %s: %w", set.Label, err)
		}
		for j := range set.Actions {
			set.Actions[j].Prob = rats[j]
		}
	}
	for i, lf := range m.leaves {
		o := g.Nodes[lf.Node].Outcome
		for a, u := range nums.Payoffs[i] {
			if o.Payoffs[a], err = game.Rat(u); err != nil {
				return nil, err
			}
		}
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return &Instance{Numbers: nums, Game: g}, nil
}

// Numbers evaluates the model at v (parameters missing from v take their
// defaults) in floating point. v may also set the multipliers of groups of
// literal numbers by id (see Multipliers); those missing are 1.
func (m *Model) Numbers(v Values) (*Numbers, error) {
	env, err := m.env(v)
	if err != nil {
		return nil, err
	}
	mult, err := m.multiplierValues(v)
	if err != nil {
		return nil, err
	}
	nums := &Numbers{Lambda: 1, Env: make(map[string]float64, len(env))}
	for k, x := range env {
		nums.Env[k] = x.(float64)
	}
	if m.lambda != nil {
		if nums.Lambda, err = runNum(m.lambda, env); err != nil {
			return nil, evalErr("$.solution.lambda", "solution.lambda: %w", err)
		}
		if nums.Lambda < 0 {
			return nil, evalErr("$.solution.lambda", "solution.lambda: precision %v is negative", nums.Lambda)
		}
	}
	if err := m.numbers(nums, env); err != nil {
		return nil, err
	}
	m.scale(nums, mult)
	if err := m.chance(nums, env); err != nil {
		return nil, err
	}
	if err := m.payoffs(nums, env); err != nil {
		return nil, err
	}
	if err := m.checkBounds(nums); err != nil {
		return nil, err
	}
	return nums, nil
}

// env evaluates parameters and derived values.
func (m *Model) env(v Values) (map[string]any, error) {
	env := make(map[string]any, len(m.params)+len(m.derived)+len(m.Scenario.Attributes))
	for i, id := range m.params {
		env[id] = m.defaults[i]
	}
	for id, x := range v {
		if _, ok := env[id]; !ok {
			if _, mult := m.multIndex[id]; mult {
				continue // a multiplier of literal numbers (see Numbers)
			}
			return nil, fmt.Errorf("scenario: unknown parameter %q", id)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("scenario: parameter %s = %v is not a finite number", id, x)
		}
		env[id] = x
	}
	for i, p := range m.derived {
		d := m.Scenario.Derived[i]
		x, err := runNum(p, env)
		if err != nil {
			return nil, evalErr(fmt.Sprintf("$.derived[%d].formula", i), "derived %s = %s: %w", d.ID, d.Formula.Src, err)
		}
		env[d.ID] = x
	}
	return env, nil
}

// numbers evaluates weights, priors and attribute values.
func (m *Model) numbers(in *Numbers, env map[string]any) error {
	s := m.Scenario
	for a, types := range m.weights {
		var wa [][]float64
		for t, progs := range types {
			w, err := evalAll(progs, env)
			if err != nil {
				return evalErr(fmt.Sprintf("$.actors[%d]", a), "weights of %s (type %d): %w", s.Actors[a].ID, t+1, err)
			}
			wa = append(wa, w)
		}
		in.Weight = append(in.Weight, wa)
		pr, err := distribution(m.priors[a], env)
		if err != nil {
			return evalErr(fmt.Sprintf("$.actors[%d].types", a), "priors of %s's types: %w", s.Actors[a].ID, err)
		}
		in.Prior = append(in.Prior, pr)
	}
	for o, progs := range m.values {
		x, err := evalAll(progs, env)
		if err != nil {
			return evalErr(fmt.Sprintf("$.outcomes[%d].values", o), "values of outcome %s: %w", s.Outcomes[o].ID, err)
		}
		in.Attr = append(in.Attr, x)
	}
	return nil
}

func evalAll(progs []*vm.Program, env map[string]any) ([]float64, error) {
	out := make([]float64, len(progs))
	for i, p := range progs {
		if p == nil {
			continue
		}
		x, err := runNum(p, env)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// distribution evaluates probabilities, the last one possibly implied.
func distribution(progs []*vm.Program, env map[string]any) ([]float64, error) {
	out := make([]float64, len(progs))
	sum := 0.0
	for i, p := range progs {
		if p == nil {
			out[i] = 1 - sum
			if out[i] < -1e-12 {
				return nil, fmt.Errorf("the others sum to %v, more than 1", sum)
			}
			out[i] = math.Max(out[i], 0)
			continue
		}
		x, err := runNum(p, env)
		if err != nil {
			return nil, err
		}
		if x < 0 || x > 1 {
			return nil, fmt.Errorf("probability %v outside [0, 1]", x)
		}
		out[i] = x
		sum += x
	}
	if len(out) > 0 && math.Abs(floatSum(out)-1) > 1e-9 {
		return nil, fmt.Errorf("probabilities sum to %v, not 1", floatSum(out))
	}
	return out, nil
}

func floatSum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// exactProbs converts probabilities to rationals that sum to exactly 1: all
// but the last through their shortest decimals, the last as the remainder.
func exactProbs(p []float64) ([]*big.Rat, error) {
	out := make([]*big.Rat, len(p))
	sum := new(big.Rat)
	for i := range p[:len(p)-1] {
		r, err := game.Rat(p[i])
		if err != nil {
			return nil, err
		}
		out[i] = r
		sum.Add(sum, r)
	}
	last := new(big.Rat).Sub(big.NewRat(1, 1), sum)
	if last.Sign() < 0 {
		return nil, fmt.Errorf("probabilities sum to more than 1")
	}
	out[len(p)-1] = last
	return out, nil
}

// chance evaluates the probabilities of every chance information set.
func (m *Model) chance(nums *Numbers, env map[string]any) error {
	nums.Chance = make([][]float64, len(m.chanceSrc))
	for _, src := range m.chanceSrc {
		p := nums.Prior[max(src.actor, 0)]
		if src.actor < 0 {
			var err error
			if p, err = distribution(m.probs[src.move], env); err != nil {
				return evalErr(fmt.Sprintf("$.moves[%d].actions", src.move), "chance move %s: %w", m.Scenario.Moves[src.move].ID, err)
			}
		}
		nums.Chance[src.set.Index] = p
	}
	return nil
}

// payoffs computes every actor's payoff at every leaf. A term's value
// depends on the parameters and the outcome only, so each is evaluated once
// per outcome.
func (m *Model) payoffs(nums *Numbers, env map[string]any) error {
	s := m.Scenario
	tenv := make(map[string]any, len(env)+len(s.Attributes))
	for k, v := range env {
		tenv[k] = v
	}
	terms := make([][][]float64, len(s.Outcomes)) // [outcome][actor][term], nil until needed
	nums.Terms = terms
	nums.Payoffs = make([][]float64, len(m.leaves))
	flat := make([]float64, len(m.leaves)*len(s.Actors))
	for i, lf := range m.leaves {
		x := nums.Attr[lf.Outcome]
		if terms[lf.Outcome] == nil {
			var err error
			if terms[lf.Outcome], err = m.termValues(lf.Outcome, x, tenv); err != nil {
				return err
			}
		}
		u := flat[i*len(s.Actors) : (i+1)*len(s.Actors) : (i+1)*len(s.Actors)]
		for a := range s.Actors {
			u[a] = dot(nums.Weight[a][lf.Types[a]], x)
			for _, j := range lf.Terms[a] {
				u[a] += terms[lf.Outcome][a][j]
			}
		}
		nums.Payoffs[i] = u
	}
	return nil
}

// termValues evaluates every actor's terms at outcome o with scores x.
func (m *Model) termValues(o int, x []float64, env map[string]any) ([][]float64, error) {
	s := m.Scenario
	for k, a := range s.Attributes {
		env[a.ID] = x[k]
	}
	out := make([][]float64, len(s.Actors))
	for a := range s.Actors {
		out[a] = make([]float64, len(m.terms[a]))
		for j, prog := range m.terms[a] {
			if prog == nil || !m.termUsed[a][j][o] {
				continue
			}
			t, err := runNum(prog, env)
			if err != nil {
				return nil, evalErr(fmt.Sprintf("$.actors[%d].terms[%d].value", a, j), "term %q of %s: %w", s.Actors[a].Terms[j].Label, s.Actors[a].ID, err)
			}
			out[a][j] = t
		}
	}
	return out, nil
}

func dot(w, x []float64) float64 {
	s := 0.0
	for i := range w {
		s += w[i] * x[i]
	}
	return s
}
