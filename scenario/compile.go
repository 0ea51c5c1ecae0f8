package scenario

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/expr-lang/expr/vm"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/negotiate"
)

// MaxNodes is the largest game tree Compile generates.
const MaxNodes = 1_000_000

// reserved names cannot be used as identifiers in a scenario.
var reserved = map[string]bool{
	"outcome": true, "type": true, "true": true, "false": true, "nil": true,
	"in": true, "not": true, "and": true, "or": true, "matches": true,
	"contains": true, "startsWith": true, "endsWith": true, "let": true,
}

// identRE matches identifiers; compiled on first use, not at start-up.
var identRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) })

// compiler holds the state of one compilation.
type compiler struct {
	s    *Scenario
	m    *Model
	errs ErrorList

	claims   map[string]bool
	nums     []string // parameters and derived values, in order
	attrs    map[string]int
	actors   map[string]int
	moves    map[string]int
	scens    map[string]int
	results  map[string]int
	outcomes map[string]int
	conds    []string // names usable in conditions
	self     *Actor   // the actor whose payoff terms are being compiled: what `type` stands for
}

// Compile checks a scenario and compiles it into a Model. All problems found
// are returned together as an ErrorList.
func Compile(s *Scenario) (*Model, error) {
	m, err := compile(s, nil, false)
	if err != nil {
		return nil, err
	}
	in, err := m.Game(m.Defaults())
	if err == nil && s.Negotiation != nil {
		if _, _, _, nerr := s.Negotiation.Build(negotiate.BuildOptions{Values: in.Env, Types: modalTypes(s, in.Prior)}); nerr != nil {
			err = &EvalError{Path: "$.negotiation", Err: nerr}
		}
	}
	if err != nil {
		return nil, evalError(s, "at the default parameter values", err)
	}
	// The uncertainty analysis evaluates every uncertain parameter at the
	// ends of its uncertainty, and one failure aborts it: check them here.
	points, what := s.swings()
	for _, x := range m.mults {
		points = append(points, Values{x.ID: x.Low()}, Values{x.ID: x.High()})
		what = append(what, fmt.Sprintf("with %s = %s (literal numbers at the low end of their uncertainty)", x.ID, num(x.Low())),
			fmt.Sprintf("with %s = %s (literal numbers at the high end of their uncertainty)", x.ID, num(x.High())))
	}
	for i, v := range points {
		if _, err := m.Numbers(v); err != nil {
			return nil, evalError(s, what[i], err)
		}
	}
	return m, nil
}

// modalTypes maps every actor with private types to its likeliest type:
// the types the brief analyses the negotiation at.
func modalTypes(s *Scenario, prior [][]float64) map[string]string {
	types := map[string]string{}
	for a, actor := range s.Actors {
		if len(actor.Types) > 1 {
			best := 0
			for t, p := range prior[a] {
				if p > prior[a][best] {
					best = t
				}
			}
			types[actor.ID] = actor.Types[best].ID
		}
	}
	return types
}

// evalError locates an error of evaluating the model at some parameter
// values (where) in the scenario's file.
func evalError(s *Scenario, where string, err error) error {
	var ee *EvalError
	if errors.As(err, &ee) {
		return ErrorList{s.errorAt(ee.Path, "%s: %v", where, ee.Err)}
	}
	return fmt.Errorf("%s: %s: %w", s.name(), where, err)
}

// compile runs every check and generates the tree; fixed and complete
// select the complete-information variant (see Model.Complete).
func compile(s *Scenario, fixed map[string]string, complete bool) (*Model, error) {
	c := &compiler{s: s, m: &Model{Scenario: s, fixed: fixed, complete: complete, infoMove: map[*game.Infoset]infoKey{}}}
	c.header()
	c.symbols()
	c.parameters()
	c.actorsAndWeights()
	c.moveSpecs()
	c.outcomeSpecs()
	c.literalUncertainty()
	c.labels()
	c.solution()
	c.stakeholders()
	c.negotiation()
	c.signpostSpecs()
	if len(c.errs) == 0 {
		c.mappingSpecs()
	}
	if len(c.errs) == 0 {
		c.tree()
	}
	if len(c.errs) == 0 {
		c.signpostLeaves()
	}
	if len(c.errs) == 0 && !complete {
		c.scenarioObservations()
	}
	if len(c.errs) > 0 {
		return nil, c.errs.sorted()
	}
	return c.m, nil
}

func (s *Scenario) name() string {
	if s.src != nil {
		return s.src.name
	}
	return "scenario"
}

func (c *compiler) errorf(path, format string, args ...any) {
	c.errs = append(c.errs, c.s.errorAt(path, format, args...))
}

func (c *compiler) exprErrorf(x Expr, path, format string, args ...any) {
	c.errs = append(c.errs, c.s.exprError(x, path, format, args...))
}

func (c *compiler) header() {
	if c.s.ID == "" {
		c.errorf("$", "missing id: every scenario needs a short identifier")
	}
	if c.s.Title == "" {
		c.errorf("$", "missing title")
	}
	c.claims = map[string]bool{}
	for i, cl := range c.s.Claims {
		p := fmt.Sprintf("$.claims[%d]", i)
		if cl.ID == "" || cl.Text == "" {
			c.errorf(p, "a claim needs an id and a text")
		}
		if c.claims[cl.ID] {
			c.errorf(p+".id", "duplicate claim id %q", cl.ID)
		}
		c.claims[cl.ID] = true
	}
}

// refs checks that every reference names a claim.
func (c *compiler) refs(refs []string, path string) {
	for i, r := range refs {
		if !c.claims[r] {
			c.errorf(fmt.Sprintf("%s.refs[%d]", path, i), "reference %q is not a claim id (claims: %s)", r, c.claimList())
		}
	}
}

func (c *compiler) claimList() string {
	if len(c.s.Claims) == 0 {
		return "none declared"
	}
	ids := make([]string, len(c.s.Claims))
	for i, cl := range c.s.Claims {
		ids[i] = cl.ID
	}
	return strings.Join(ids, ", ")
}

// symbols registers every identifier and checks that names are unique.
func (c *compiler) symbols() {
	taken := map[string]string{}
	add := func(id, kind, path string) bool {
		switch {
		case id == "":
			c.errorf(path, "missing id of %s", kind)
			return false
		case !identRE().MatchString(id):
			c.errorf(path+".id", "%s id %q must be an identifier (letters, digits, _; not starting with a digit)", kind, id)
			return false
		case reserved[id]:
			c.errorf(path+".id", "%s id %q is a reserved word", kind, id)
			return false
		case taken[id] != "":
			c.errorf(path+".id", "%s id %q is already used by a %s", kind, id, taken[id])
			return false
		}
		taken[id] = kind
		return true
	}
	c.attrs = map[string]int{}
	for i, a := range c.s.Attributes {
		path := fmt.Sprintf("$.attributes[%d]", i)
		if add(a.ID, "attribute", path) {
			c.attrs[a.ID] = i
		}
		c.provenance(a.Provenance, a.Uncertainty, path, "attribute "+a.ID)
		c.uncertaintyDist(a.Uncertainty, a.UncertaintyDistribution, path, "attribute "+a.ID)
		if a.Kind != "" && a.Kind != "cost" && a.Kind != "benefit" {
			c.errorf(path+".kind", "unknown kind %q: expected cost or benefit", a.Kind)
		}
	}
	if len(c.s.Attributes) == 0 {
		c.errorf("$", "missing attributes: declare at least one cost dimension")
	}
	for i, p := range c.s.Parameters {
		if add(p.ID, "parameter", fmt.Sprintf("$.parameters[%d]", i)) {
			c.nums = append(c.nums, p.ID)
		}
	}
	for i, d := range c.s.Derived {
		add(d.ID, "derived value", fmt.Sprintf("$.derived[%d]", i))
	}
	c.actors = map[string]int{}
	for i, a := range c.s.Actors {
		if add(a.ID, "actor", fmt.Sprintf("$.actors[%d]", i)) {
			c.actors[a.ID] = i
			c.conds = append(c.conds, a.ID)
		}
	}
	if len(c.s.Actors) == 0 {
		c.errorf("$", "missing actors: a game needs at least one")
	}
	c.moves = map[string]int{}
	for i, mv := range c.s.Moves {
		if add(mv.ID, "move", fmt.Sprintf("$.moves[%d]", i)) {
			c.moves[mv.ID] = i
			c.conds = append(c.conds, mv.ID)
		}
	}
	if len(c.s.Moves) == 0 {
		c.errorf("$", "missing moves: a game needs at least one")
	}
	c.conds = append(c.conds, "outcome", "type")
}

// parameters checks parameters and compiles derived values.
func (c *compiler) parameters() {
	for i, p := range c.s.Parameters {
		c.param(p, fmt.Sprintf("$.parameters[%d]", i))
	}
	for i, d := range c.s.Derived {
		path := fmt.Sprintf("$.derived[%d]", i)
		if d.Label == "" {
			c.errorf(path, "derived value %q needs a label", d.ID)
		}
		c.refs(d.Refs, path)
		var prog *vm.Program
		if !c.derivedOrder(i, path+".formula") {
			prog = c.num(d.Formula, path+".formula", c.nums, true)
		}
		c.m.derived = append(c.m.derived, prog)
		c.nums = append(c.nums, d.ID)
	}
}

func (c *compiler) param(p Param, path string) {
	if p.Label == "" {
		c.errorf(path, "parameter %q needs a label", p.ID)
	}
	if p.Unit == "" {
		c.errorf(path, "parameter %q needs a unit (e.g. probability, utility)", p.ID)
	}
	switch p.Provenance {
	case "assumption":
		if p.Range == nil && p.Distribution == nil {
			c.errorf(path, "assumption %q needs a range or a distribution to express its uncertainty", p.ID)
		}
	case "claim":
		if len(p.Refs) == 0 {
			c.errorf(path, "parameter %q has provenance claim but no refs naming the claim", p.ID)
		}
	case "literature":
		if p.Reference == "" {
			c.errorf(path, "parameter %q has provenance literature but no reference", p.ID)
		}
	case "":
		c.errorf(path, "parameter %q needs a provenance: assumption, claim or literature", p.ID)
	default:
		c.errorf(path+".provenance", "unknown provenance %q: expected assumption, claim or literature", p.Provenance)
	}
	c.refs(p.Refs, path)
	if p.Range != nil {
		if len(p.Range) != 2 || p.Range[0] > p.Range[1] {
			c.errorf(path+".range", "range must be [low, high] with low <= high")
		} else if p.Default < p.Range[0] || p.Default > p.Range[1] {
			c.errorf(path+".default", "default %v lies outside the range [%v, %v]", p.Default, p.Range[0], p.Range[1])
		}
	}
	if d := p.Distribution; d != nil {
		if _, err := p.Dist(); err != nil {
			c.errorf(path+".distribution", "%v", err)
		} else if d.Kind == "fixed" && *d.Value != p.Default {
			// Uncertainty analysis holds a fixed parameter at its default.
			c.errorf(path+".distribution", "fixed(%v) differs from the default of %q, %v, at which uncertainty analysis holds a fixed parameter: set the default to %v, or pin the value with --set or overrides",
				*d.Value, p.ID, p.Default, *d.Value)
		}
	}
	c.m.params = append(c.m.params, p.ID)
	c.m.defaults = append(c.m.defaults, p.Default)
}

// num compiles a numeric expression over names; empty is an error when
// required and a nil program otherwise.
func (c *compiler) num(x Expr, path string, names []string, required bool) *vm.Program {
	if strings.TrimSpace(x.Src) == "" {
		if required {
			c.exprErrorf(x, path, "missing expression")
		}
		return nil
	}
	p, err := compileNum(x.Src, names)
	if err != nil {
		c.exprErrorf(x, path, "in expression %q: %v", x.Src, err)
		return nil
	}
	return p
}

// cond compiles a condition that may read only the allowed names.
func (c *compiler) cond(x Expr, path string, allowed map[string]bool, what string) *vm.Program {
	if strings.TrimSpace(x.Src) == "" {
		return nil
	}
	p, err := compileCond(x.Src, c.conds)
	if err != nil {
		c.exprErrorf(x, path, "in condition %q: %v", x.Src, err)
		return nil
	}
	known := map[string]bool{}
	for _, n := range c.conds {
		known[n] = true
	}
	for _, id := range identifiers(p, known) {
		if !allowed[id] {
			c.exprErrorf(x, path, "condition %q reads %q, which %s cannot see", x.Src, id, what)
		}
	}
	c.checkLiterals(x, path, c.self)
	return p
}

func (c *compiler) actorsAndWeights() {
	for i, a := range c.s.Actors {
		path := fmt.Sprintf("$.actors[%d]", i)
		if a.Name == "" {
			c.errorf(path, "actor %q needs a name", a.ID)
		}
		c.refs(a.Refs, path)
		c.provenance(a.Provenance, a.Uncertainty, path, "the weights of actor "+a.ID)
		c.uncertaintyDist(a.Uncertainty, a.UncertaintyDistribution, path, "the weights of actor "+a.ID)
		c.weightMap(a.Weights, path+".weights")
		var types [][]*vm.Program
		var priors []*vm.Program
		seen := map[string]bool{}
		for j, t := range a.Types {
			tp := fmt.Sprintf("%s.types[%d]", path, j)
			if t.ID == "" || seen[t.ID] {
				c.errorf(tp, "type needs an id unique within actor %q", a.ID)
			} else if !identRE().MatchString(t.ID) {
				c.errorf(tp+".id", "type id %q must be an identifier (letters, digits, _; not starting with a digit)", t.ID)
			}
			seen[t.ID] = true
			c.refs(t.Refs, tp)
			last := j == len(a.Types)-1
			priors = append(priors, c.num(t.Prior, tp+".prior", c.nums, !last))
			c.weightMap(t.Weights, tp+".weights")
			types = append(types, c.weights(a.Weights, t.Weights, tp))
		}
		if len(a.Types) == 0 {
			types = [][]*vm.Program{c.weights(a.Weights, nil, path)}
		}
		c.m.weights = append(c.m.weights, types)
		c.m.priors = append(c.m.priors, priors)
		c.m.terms = append(c.m.terms, c.termValues(a, path))
	}
}

// weightMap checks that weights name attributes.
func (c *compiler) weightMap(w map[string]Expr, path string) {
	for _, k := range sortedKeys(w) {
		if _, ok := c.attrs[k]; !ok {
			c.errorf(path+"."+k, "weight for unknown attribute %q (attributes: %s)", k, c.attrList())
		}
	}
}

func (c *compiler) attrList() string {
	ids := make([]string, len(c.s.Attributes))
	for i, a := range c.s.Attributes {
		ids[i] = a.ID
	}
	return strings.Join(ids, ", ")
}

// weights compiles one weight per attribute: the type's, else the actor's,
// else none (zero).
func (c *compiler) weights(actor, typ map[string]Expr, path string) []*vm.Program {
	out := make([]*vm.Program, len(c.s.Attributes))
	for k, a := range c.s.Attributes {
		if x, ok := typ[a.ID]; ok {
			out[k] = c.num(x, path+".weights."+a.ID, c.nums, true)
		} else if x, ok := actor[a.ID]; ok {
			out[k] = c.num(x, path+".weights."+a.ID, c.nums, true)
		}
	}
	return out
}

func (c *compiler) termValues(a Actor, path string) []*vm.Program {
	names := append(append([]string(nil), c.nums...), attrIDs(c.s.Attributes)...)
	c.self = &a
	defer func() { c.self = nil }()
	var out, when []*vm.Program
	for j, t := range a.Terms {
		tp := fmt.Sprintf("%s.terms[%d]", path, j)
		if t.Label == "" {
			c.errorf(tp, "payoff term needs a label saying what it stands for")
		}
		c.refs(t.Refs, tp)
		out = append(out, c.num(t.Value, tp+".value", names, true))
		when = append(when, c.cond(t.When, tp+".when", c.historyNames(true), "a payoff term"))
	}
	c.m.termWhen = append(c.m.termWhen, when)
	return out
}

func attrIDs(attrs []Attr) []string {
	ids := make([]string, len(attrs))
	for i, a := range attrs {
		ids[i] = a.ID
	}
	return ids
}

func (c *compiler) moveSpecs() {
	for i, mv := range c.s.Moves {
		path := fmt.Sprintf("$.moves[%d]", i)
		c.refs(mv.Refs, path)
		if mv.Label == "" {
			c.errorf(path, "move %q needs a label", mv.ID)
		}
		if mv.Actor != "" {
			if _, ok := c.actors[mv.Actor]; !ok {
				c.errorf(path+".actor", "unknown actor %q (actors: %s)", mv.Actor, c.actorList())
			}
		}
		c.m.probs = append(c.m.probs, c.actions(mv, path))
		earlier := c.visible(i)
		for j, o := range mv.Observes {
			if !earlier[o] {
				c.errorf(fmt.Sprintf("%s.observes[%d]", path, j), "move %q cannot observe %q: only earlier moves and actors' types can be observed", mv.ID, o)
			}
		}
		c.m.moveWhen = append(c.m.moveWhen, c.cond(mv.When, path+".when", earlier, fmt.Sprintf("move %q (it comes before)", mv.ID)))
	}
}

// visible returns the names a condition of move i may read: actors' types
// and earlier moves.
func (c *compiler) visible(i int) map[string]bool {
	v := map[string]bool{}
	for id := range c.actors {
		v[id] = true
	}
	for _, mv := range c.s.Moves[:i] {
		v[mv.ID] = true
	}
	return v
}

func (c *compiler) actorList() string {
	ids := make([]string, len(c.s.Actors))
	for i, a := range c.s.Actors {
		ids[i] = a.ID
	}
	return strings.Join(ids, ", ")
}

// actions checks a move's actions and compiles chance probabilities.
func (c *compiler) actions(mv Move, path string) []*vm.Program {
	if len(mv.Actions) == 0 {
		c.errorf(path, "move %q has no actions", mv.ID)
		return nil
	}
	seen := map[string]bool{}
	var probs []*vm.Program
	for j, a := range mv.Actions {
		ap := fmt.Sprintf("%s.actions[%d]", path, j)
		if a.ID == "" || seen[a.ID] {
			c.errorf(ap, "action needs an id unique within move %q", mv.ID)
		} else if !identRE().MatchString(a.ID) {
			c.errorf(ap+".id", "action id %q must be an identifier (letters, digits, _; not starting with a digit)", a.ID)
		}
		seen[a.ID] = true
		c.refs(a.Refs, ap)
		if mv.Actor != "" {
			if a.Prob.Src != "" {
				c.exprErrorf(a.Prob, ap+".prob", "action %q of a move by %s has a probability: only chance moves (no actor) have them", a.ID, mv.Actor)
			}
			continue
		}
		last := j == len(mv.Actions)-1
		probs = append(probs, c.num(a.Prob, ap+".prob", c.nums, !last))
	}
	return probs
}

func (c *compiler) outcomeSpecs() {
	c.outcomes = map[string]int{}
	all := c.historyNames(false)
	for i, o := range c.s.Outcomes {
		path := fmt.Sprintf("$.outcomes[%d]", i)
		if o.ID == "" || c.outcomes[o.ID] != 0 {
			c.errorf(path, "outcome needs a unique id")
		} else if !identRE().MatchString(o.ID) {
			c.errorf(path+".id", "outcome id %q must be an identifier (letters, digits, _; not starting with a digit)", o.ID)
		}
		c.outcomes[o.ID] = i + 1
		c.refs(o.Refs, path)
		if strings.TrimSpace(o.When.Src) == "" {
			c.errorf(path, "outcome %q needs a when condition selecting its terminal histories", o.ID)
		}
		c.m.outcomeWhen = append(c.m.outcomeWhen, c.cond(o.When, path+".when", all, "an outcome condition"))
		c.m.values = append(c.m.values, c.outcomeValues(o, path))
	}
	if len(c.s.Outcomes) == 0 {
		c.errorf("$", "missing outcomes")
	}
}

func (c *compiler) outcomeValues(o Outcome, path string) []*vm.Program {
	for _, k := range sortedKeys(o.Values) {
		if _, ok := c.attrs[k]; !ok {
			c.errorf(path+".values."+k, "value for unknown attribute %q (attributes: %s)", k, c.attrList())
		}
	}
	out := make([]*vm.Program, len(c.s.Attributes))
	for k, a := range c.s.Attributes {
		x, ok := o.Values[a.ID]
		if !ok {
			c.errorf(path+".values", "outcome %q gives no value for attribute %q", o.ID, a.ID)
			continue
		}
		out[k] = c.num(x, path+".values."+a.ID, c.nums, true)
	}
	return out
}

func (c *compiler) labels() {
	c.scens = c.labelSet(c.s.Scenarios, "$.scenarios", "scenario")
	c.results = c.labelSet(c.s.Results, "$.results", "result")
}

func (c *compiler) labelSet(ls []Label, path, kind string) map[string]int {
	m := map[string]int{}
	if len(ls) == 0 {
		c.errorf("$", "missing %ss: name at least one", kind)
	}
	for i, l := range ls {
		p := fmt.Sprintf("%s[%d]", path, i)
		if l.ID == "" || l.Label == "" {
			c.errorf(p, "a %s needs an id and a label", kind)
		}
		if _, dup := m[l.ID]; dup {
			c.errorf(p+".id", "duplicate %s id %q", kind, l.ID)
		}
		m[l.ID] = i
		c.refs(l.Refs, p)
	}
	return m
}

func (c *compiler) solution() {
	c.m.lambda = c.num(c.s.Solution.Lambda, "$.solution.lambda", c.nums, false)
	if f := c.s.Solution.Focus; f != "" {
		_, isResult := c.results[f]
		_, isScenario := c.scens[f]
		if !isResult && !isScenario {
			c.errorf("$.solution.focus", "focus %q is neither a result nor a scenario", f)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// historyNames returns the names conditions over complete histories may
// read: actors' types, moves and, with outcome, the outcome and own type.
func (c *compiler) historyNames(outcome bool) map[string]bool {
	all := map[string]bool{}
	for id := range c.actors {
		all[id] = true
	}
	for id := range c.moves {
		all[id] = true
	}
	if outcome {
		all["outcome"], all["type"] = true, true
	}
	return all
}

// provenance checks the provenance and relative uncertainty of a group of
// literal numbers (attribute scores, weights).
func (c *compiler) provenance(kind string, unc float64, path, what string) {
	switch kind {
	case "assumption", "claim", "literature":
	case "":
		c.errorf(path, "%s needs a provenance: assumption, claim or literature", what)
	default:
		c.errorf(path+".provenance", "unknown provenance %q: expected assumption, claim or literature", kind)
	}
	if unc < 0 || unc > 10 {
		c.errorf(path+".uncertainty", "uncertainty %v must be a relative half-width in [0, 10]", unc)
	}
}

// uncertaintyDist checks the distribution d a group of literal numbers
// declares for its multiplier instead of a relative half-width unc.
func (c *compiler) uncertaintyDist(unc float64, d *Distribution, path, what string) {
	if d == nil {
		return
	}
	if unc != 0 {
		c.errorf(path+".uncertainty_distribution", "%s declares both uncertainty (a relative half-width, drawn uniformly) and uncertainty_distribution: give one", what)
	}
	if _, err := d.MultiplierDist(); err != nil {
		c.errorf(path+".uncertainty_distribution", "the multiplier of %s: %v", what, err)
	}
}

// stakeholders checks the stakeholder table and that its references name
// claims.
func (c *compiler) stakeholders() {
	sp := c.s.Stakeholders
	if sp == nil {
		return
	}
	if err := sp.Validate(); err != nil {
		c.errorf("$.stakeholders", "%v", err)
	}
	c.refsIn(reflect.ValueOf(sp).Elem(), "$.stakeholders")
}

// negotiation checks the negotiation block and that its references name
// claims; its parameters are checked when the model is evaluated.
func (c *compiler) negotiation() {
	sp := c.s.Negotiation
	if sp == nil {
		return
	}
	if err := sp.Validate(); err != nil {
		c.errorf("$.negotiation", "%v", err)
	}
	c.refsIn(reflect.ValueOf(sp).Elem(), "$.negotiation")
}

// refsIn checks every Refs field found in v, recursively.
func (c *compiler) refsIn(v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			c.refsIn(v.Elem(), path)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			c.refsIn(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			key := yamlKey(f)
			if key == "" {
				continue
			}
			if f.Name == "Refs" {
				c.refs(v.Field(i).Interface().([]string), path)
				continue
			}
			c.refsIn(v.Field(i), path+"."+key)
		}
	}
}
