package scenario

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/expr-lang/expr/vm"
	"github.com/tablero-project/tablero/game"
)

// mapping is a compiled Mapping: its own rules followed by its parents'.
type mapping struct {
	id    string
	rules []rule
}

type rule struct {
	outcomes map[int]bool // nil matches every outcome
	when     *vm.Program
	scenario int // index into Scenario.Scenarios, -1 when unset
	result   int
}

func (c *compiler) mappingSpecs() {
	if len(c.s.Mappings) == 0 {
		c.errorf("$", "missing mappings: declare at least one mapping of outcomes to scenarios and results")
		return
	}
	byID := map[string]int{}
	for i, mp := range c.s.Mappings {
		if mp.ID == "" {
			c.errorf(fmt.Sprintf("$.mappings[%d]", i), "mapping needs an id")
		}
		if _, dup := byID[mp.ID]; dup {
			c.errorf(fmt.Sprintf("$.mappings[%d].id", i), "duplicate mapping id %q", mp.ID)
		}
		byID[mp.ID] = i
	}
	own := make([][]rule, len(c.s.Mappings))
	for i, mp := range c.s.Mappings {
		own[i] = c.rules(mp, fmt.Sprintf("$.mappings[%d]", i))
	}
	for i, mp := range c.s.Mappings {
		m := mapping{id: mp.ID}
		seen := map[int]bool{}
		for j := i; j >= 0; {
			if seen[j] {
				c.errorf(fmt.Sprintf("$.mappings[%d].extends", i), "mapping %q extends itself through a cycle", mp.ID)
				break
			}
			seen[j] = true
			m.rules = append(m.rules, own[j]...)
			parent := c.s.Mappings[j].Extends
			if parent == "" {
				break
			}
			k, ok := byID[parent]
			if !ok {
				c.errorf(fmt.Sprintf("$.mappings[%d].extends", j), "mapping %q extends unknown mapping %q", c.s.Mappings[j].ID, parent)
				break
			}
			j = k
		}
		c.m.mappings = append(c.m.mappings, m)
	}
}

func (c *compiler) rules(mp Mapping, path string) []rule {
	c.refs(mp.Refs, path)
	all := c.historyNames(false)
	all["outcome"] = true
	var out []rule
	for j, r := range mp.Rules {
		rp := fmt.Sprintf("%s.rules[%d]", path, j)
		ru := rule{scenario: -1, result: -1}
		if len(r.Outcomes) > 0 {
			ru.outcomes = map[int]bool{}
		}
		for k, o := range r.Outcomes {
			if c.outcomes[o] == 0 {
				c.errorf(fmt.Sprintf("%s.outcomes[%d]", rp, k), "unknown outcome %q", o)
			}
			ru.outcomes[c.outcomes[o]-1] = true
		}
		ru.when = c.cond(r.When, rp+".when", all, "a mapping rule")
		ru.scenario = c.lookup(c.scens, r.Scenario, rp+".scenario", "scenario")
		ru.result = c.lookup(c.results, r.Result, rp+".result", "result")
		if ru.scenario < 0 && ru.result < 0 {
			c.errorf(rp, "rule sets neither a scenario nor a result")
		}
		out = append(out, ru)
	}
	return out
}

func (c *compiler) lookup(m map[string]int, id, path, kind string) int {
	if id == "" {
		return -1
	}
	i, ok := m[id]
	if !ok {
		c.errorf(path, "unknown %s %q", kind, id)
		return -1
	}
	return i
}

// builder generates the game tree from the moves.
type builder struct {
	c        *compiler
	g        *game.Game
	sets     map[string]*game.Infoset // player information sets by key
	numbered []int                    // information sets numbered so far, by player
	chance   map[int]*game.Infoset    // chance sets by move (types: -1 - actor)
	nodes    int
	failed   bool
	typeIdx  []map[string]int
	outcomes []*game.Outcome
}

// history is the state of play: the action (or type) taken by each move
// and actor so far.
type history map[string]string

func (h history) with(k, v string) history {
	n := make(history, len(h)+1)
	for a, b := range h {
		n[a] = b
	}
	n[k] = v
	return n
}

func (c *compiler) tree() {
	players := make([]string, len(c.s.Actors))
	for i, a := range c.s.Actors {
		players[i] = a.ID
	}
	b := &builder{c: c, g: &game.Game{Title: c.s.Title, Players: players},
		sets: map[string]*game.Infoset{}, chance: map[int]*game.Infoset{}, numbered: make([]int, len(players))}
	for _, a := range c.s.Actors {
		idx := map[string]int{}
		for j, t := range a.Types {
			idx[t.ID] = j
		}
		b.typeIdx = append(b.typeIdx, idx)
	}
	b.g.Root = b.types(0, history{})
	if b.failed {
		return
	}
	if err := b.g.Validate(); err != nil {
		c.errorf("$.moves", "generated game is invalid: %v", err)
		return
	}
	if err := b.g.PerfectRecall(); err != nil {
		c.errorf("$.moves", "generated game lacks perfect recall (check observes): %v", err)
		return
	}
	c.m.template = b.g
	c.m.infoLabels(b.g)
	c.m.markTerms()
}

// types adds the chance moves that draw actors' types, from actor i on.
func (b *builder) types(i int, h history) *game.Node {
	if i == len(b.c.s.Actors) {
		return b.moves(0, h)
	}
	a := b.c.s.Actors[i]
	switch len(a.Types) {
	case 0:
		return b.types(i+1, h.with(a.ID, ""))
	case 1:
		return b.types(i+1, h.with(a.ID, a.Types[0].ID))
	}
	if fixed, ok := b.c.m.fixed[a.ID]; ok {
		return b.types(i+1, h.with(a.ID, fixed))
	}
	set, ok := b.chance[-1-i]
	if !ok {
		set = &game.Infoset{Label: a.ID + " type", Player: game.Chance, ID: len(b.chance) + 1}
		for _, t := range a.Types {
			set.Actions = append(set.Actions, game.Action{Label: t.ID, Prob: big.NewRat(1, int64(len(a.Types)))})
		}
		b.chance[-1-i] = set
		b.c.m.chanceSrc = append(b.c.m.chanceSrc, chanceSrc{set: set, actor: i, move: -1})
	}
	n := b.node(set)
	for _, t := range a.Types {
		n.Children = append(n.Children, b.types(i+1, h.with(a.ID, t.ID)))
	}
	return n
}

func (b *builder) node(set *game.Infoset) *game.Node {
	b.nodes++
	if b.nodes > MaxNodes && !b.failed {
		b.failed = true
		b.c.errorf("$.moves", "the game tree exceeds %d nodes", MaxNodes)
	}
	return &game.Node{Infoset: set}
}

// moves adds the first move from index i on whose condition holds, or a
// terminal node when none does.
func (b *builder) moves(i int, h history) *game.Node {
	if b.failed {
		return &game.Node{}
	}
	for ; i < len(b.c.s.Moves); i++ {
		ok, err := runCond(b.c.m.moveWhen[i], b.c.condEnv(h, "", ""))
		if err != nil {
			b.fail(fmt.Sprintf("$.moves[%d].when", i), "at history %s: %v", h.String(b.c.s), err)
			return &game.Node{}
		}
		if ok {
			break
		}
	}
	if i == len(b.c.s.Moves) {
		return b.leaf(h)
	}
	mv := b.c.s.Moves[i]
	n := b.node(b.infoset(i, h))
	for _, a := range mv.Actions {
		n.Children = append(n.Children, b.moves(i+1, h.with(mv.ID, a.ID)))
	}
	return n
}

func (b *builder) fail(path, format string, args ...any) {
	if !b.failed {
		b.failed = true
		b.c.errorf(path, format, args...)
	}
}

// infoset returns the information set of move i at history h: the histories
// that agree on everything the mover observes share it.
func (b *builder) infoset(i int, h history) *game.Infoset {
	mv := b.c.s.Moves[i]
	if mv.Actor == "" {
		if set, ok := b.chance[i]; ok {
			return set
		}
		set := &game.Infoset{Label: mv.ID, Player: game.Chance, ID: len(b.chance) + 1}
		for _, a := range mv.Actions {
			set.Actions = append(set.Actions, game.Action{Label: a.ID, Prob: big.NewRat(1, int64(len(mv.Actions)))})
		}
		b.chance[i] = set
		b.c.m.chanceSrc = append(b.c.m.chanceSrc, chanceSrc{set: set, actor: -1, move: i})
		return set
	}
	seen := b.c.observed(i)
	var parts []string
	for _, k := range seen {
		parts = append(parts, k+"="+h[k])
	}
	key := mv.ID + " | " + strings.Join(parts, ", ")
	if set, ok := b.sets[key]; ok {
		return set
	}
	p := b.c.actors[mv.Actor]
	b.numbered[p]++
	set := &game.Infoset{Label: key, Player: p, ID: b.numbered[p]} // numbered within its player, as in .efg files
	for _, a := range mv.Actions {
		set.Actions = append(set.Actions, game.Action{Label: a.ID})
	}
	b.sets[key] = set
	b.c.m.infoMove[set] = infoKey{move: i, seen: seen, h: h}
	return set
}

// observed lists what the mover of move i knows: its own type, its own
// earlier moves, and what the move observes (all, in a complete-information
// model).
func (c *compiler) observed(i int) []string {
	mv := c.s.Moves[i]
	want := map[string]bool{mv.Actor: true}
	for _, o := range mv.Observes {
		want[o] = true
	}
	var out []string
	for _, a := range c.s.Actors {
		if len(a.Types) > 1 && (want[a.ID] || c.m.complete) {
			out = append(out, a.ID)
		}
	}
	for _, e := range c.s.Moves[:i] {
		if want[e.ID] || e.Actor == mv.Actor || c.m.complete {
			out = append(out, e.ID)
		}
	}
	return out
}

// leaf ends play at history h and records its outcome and classification.
func (b *builder) leaf(h history) *game.Node {
	c := b.c
	env := c.condEnv(h, "", "")
	match := -1
	for k, prog := range c.m.outcomeWhen {
		ok, err := runCond(prog, env)
		if err != nil {
			b.fail(fmt.Sprintf("$.outcomes[%d].when", k), "at history %s: %v", h.String(c.s), err)
			return &game.Node{}
		}
		if !ok {
			continue
		}
		if match >= 0 {
			b.fail(fmt.Sprintf("$.outcomes[%d].when", k), "terminal history %s matches both outcome %q and %q", h.String(c.s), c.s.Outcomes[match].ID, c.s.Outcomes[k].ID)
			return &game.Node{}
		}
		match = k
	}
	if match < 0 {
		b.fail("$.outcomes", "terminal history %s matches no outcome", h.String(c.s))
		return &game.Node{}
	}
	n := b.node(nil)
	o := &game.Outcome{ID: len(b.outcomes) + 1, Label: c.s.Outcomes[match].ID, Payoffs: make([]*big.Rat, len(c.s.Actors))}
	for i := range o.Payoffs {
		o.Payoffs[i] = new(big.Rat)
	}
	b.outcomes = append(b.outcomes, o)
	b.g.Outcomes = append(b.g.Outcomes, o)
	n.Outcome = o
	lf := Leaf{Outcome: match, History: h, node: n}
	for i, a := range c.s.Actors {
		lf.Types = append(lf.Types, b.typeIdx[i][h[a.ID]])
		lf.Terms = append(lf.Terms, b.activeTerms(i, h, c.s.Outcomes[match].ID))
	}
	b.classify(&lf)
	c.m.leaves = append(c.m.leaves, lf)
	return n
}

func (b *builder) activeTerms(actor int, h history, outcome string) []int {
	c := b.c
	a := c.s.Actors[actor]
	env := c.condEnv(h, outcome, h[a.ID])
	var active []int
	for j, t := range a.Terms {
		prog := c.m.termWhen[actor][j]
		ok, err := runCond(prog, env)
		if err != nil {
			b.fail(fmt.Sprintf("$.actors[%d].terms[%d].when", actor, j), "at history %s: %v", h.String(c.s), err)
			return nil
		}
		if ok && t.Value.Src != "" {
			active = append(active, j)
		}
	}
	return active
}

// classify assigns the leaf's scenario and result under every mapping.
func (b *builder) classify(lf *Leaf) {
	c := b.c
	env := c.condEnv(lf.History, c.s.Outcomes[lf.Outcome].ID, "")
	for mi, mp := range c.m.mappings {
		scen, res := -1, -1
		for _, r := range mp.rules {
			if r.outcomes != nil && !r.outcomes[lf.Outcome] {
				continue
			}
			ok, err := runCond(r.when, env)
			if err != nil {
				b.fail(fmt.Sprintf("$.mappings[%d]", mi), "at history %s: %v", history(lf.History).String(c.s), err)
				return
			}
			if !ok {
				continue
			}
			if scen < 0 {
				scen = r.scenario
			}
			if res < 0 {
				res = r.result
			}
		}
		if scen < 0 || res < 0 {
			b.fail(fmt.Sprintf("$.mappings[%d]", mi), "mapping %q assigns no %s to terminal history %s (outcome %s)", mp.id, missing(scen, res), history(lf.History).String(c.s), c.s.Outcomes[lf.Outcome].ID)
			return
		}
		lf.Scenario = append(lf.Scenario, scen)
		lf.Result = append(lf.Result, res)
	}
}

func missing(scen, res int) string {
	if scen < 0 {
		return "scenario"
	}
	return "result"
}

// condEnv is the environment of conditions at history h.
func (c *compiler) condEnv(h history, outcome, typ string) map[string]any {
	env := make(map[string]any, len(c.conds))
	for _, n := range c.conds {
		env[n] = h[n]
	}
	env["outcome"] = outcome
	env["type"] = typ
	return env
}

// String shows a history in play order: types, then moves.
func (h history) String(s *Scenario) string {
	var parts []string
	for _, a := range s.Actors {
		if v := h[a.ID]; v != "" {
			parts = append(parts, a.ID+"="+v)
		}
	}
	for _, m := range s.Moves {
		if v, ok := h[m.ID]; ok {
			parts = append(parts, m.ID+"="+v)
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
