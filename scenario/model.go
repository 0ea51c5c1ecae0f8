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

	termWhen    [][]*vm.Program
	moveWhen    []*vm.Program
	outcomeWhen []*vm.Program
	mappings    []mapping

	fixed    map[string]string // actors' types fixed by Complete
	complete bool              // every move observes everything

	template  *game.Game
	chanceSrc []chanceSrc
	leaves    []Leaf
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

	terms [][]int // active payoff terms per actor
	node  *game.Node
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

// Instance is a scenario's game at one set of parameter values, with the
// numbers behind its payoffs.
type Instance struct {
	Game   *game.Game
	Lambda float64
	// Attr[o][k] is outcome o's value on attribute k.
	Attr [][]float64
	// Weight[a][t][k] is the weight of attribute k for actor a of type t.
	Weight [][][]float64
	// Prior[a][t] is the prior probability of type t of actor a.
	Prior [][]float64
	// Env holds every parameter and derived value.
	Env map[string]float64
}

// Game evaluates the model at v (parameters missing from v take their
// defaults) and returns the game.
func (m *Model) Game(v Values) (*Instance, error) {
	env, err := m.env(v)
	if err != nil {
		return nil, err
	}
	in := &Instance{Lambda: 1, Env: map[string]float64{}}
	for k, x := range env {
		in.Env[k] = x.(float64)
	}
	if m.lambda != nil {
		if in.Lambda, err = runNum(m.lambda, env); err != nil {
			return nil, evalErr("$.solution.lambda", "solution.lambda: %w", err)
		}
		if in.Lambda < 0 {
			return nil, evalErr("$.solution.lambda", "solution.lambda: precision %v is negative", in.Lambda)
		}
	}
	if err := m.numbers(in, env); err != nil {
		return nil, err
	}
	g := m.template.Clone()
	if err := m.fillChance(g, in, env); err != nil {
		return nil, err
	}
	if err := m.fillPayoffs(g, in, env); err != nil {
		return nil, err
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	in.Game = g
	return in, nil
}

// env evaluates parameters and derived values.
func (m *Model) env(v Values) (map[string]any, error) {
	env := make(map[string]any, len(m.params)+len(m.derived)+len(m.Scenario.Attributes))
	for i, id := range m.params {
		env[id] = m.defaults[i]
	}
	for id, x := range v {
		if _, ok := env[id]; !ok {
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
func (m *Model) numbers(in *Instance, env map[string]any) error {
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

func (m *Model) fillChance(g *game.Game, in *Instance, env map[string]any) error {
	for _, src := range m.chanceSrc {
		var p []float64
		var err error
		if src.actor >= 0 {
			p = in.Prior[src.actor]
		} else if p, err = distribution(m.probs[src.move], env); err != nil {
			return evalErr(fmt.Sprintf("$.moves[%d].actions", src.move), "chance move %s: %w", m.Scenario.Moves[src.move].ID, err)
		}
		rats, err := exactProbs(p)
		if err != nil {
			return err
		}
		set := g.ChanceInfosets[src.set.Index]
		for i := range set.Actions {
			set.Actions[i].Prob = rats[i]
		}
	}
	return nil
}

func (m *Model) fillPayoffs(g *game.Game, in *Instance, env map[string]any) error {
	s := m.Scenario
	tenv := make(map[string]any, len(env)+len(s.Attributes))
	for k, v := range env {
		tenv[k] = v
	}
	for _, lf := range m.leaves {
		x := in.Attr[lf.Outcome]
		for k, a := range s.Attributes {
			tenv[a.ID] = x[k]
		}
		o := g.Nodes[lf.Node].Outcome
		for a := range s.Actors {
			u := dot(in.Weight[a][lf.Types[a]], x)
			for _, j := range lf.terms[a] {
				t, err := runNum(m.terms[a][j], tenv)
				if err != nil {
					return evalErr(fmt.Sprintf("$.actors[%d].terms[%d].value", a, j), "term %q of %s: %w", s.Actors[a].Terms[j].Label, s.Actors[a].ID, err)
				}
				u += t
			}
			r, err := game.Rat(u)
			if err != nil {
				return err
			}
			o.Payoffs[a] = r
		}
	}
	return nil
}

func dot(w, x []float64) float64 {
	s := 0.0
	for i := range w {
		s += w[i] * x[i]
	}
	return s
}

// TermContribution returns, for leaf lf and actor a, the value of each of the
// actor's structural terms active there (term index to value).
func (m *Model) TermContribution(in *Instance, lf Leaf, a int) (map[int]float64, error) {
	s := m.Scenario
	env := make(map[string]any, len(in.Env)+len(s.Attributes))
	for k, v := range in.Env {
		env[k] = v
	}
	for k, at := range s.Attributes {
		env[at.ID] = in.Attr[lf.Outcome][k]
	}
	out := map[int]float64{}
	for _, j := range lf.terms[a] {
		t, err := runNum(m.terms[a][j], env)
		if err != nil {
			return nil, err
		}
		out[j] = t
	}
	return out, nil
}
