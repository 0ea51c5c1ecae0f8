package gambit

import (
	"context"
	"fmt"
	"math/big"
	"strconv"

	"github.com/tablero-project/tablero/game"
)

// efgParser reads the tree of an .efg file in pre-order.
type efgParser struct {
	*parser
	g *game.Game
	// sets[p+1] maps information-set numbers of player p (sets[0]: chance)
	// to the sets defined so far.
	sets    []map[int]*game.Infoset
	setDefs map[*game.Infoset]pos
	// outcomes maps outcome numbers to the outcomes defined so far.
	outcomes    map[int]*game.Outcome
	outcomeDefs map[*game.Outcome]pos
}

// parseEFG reads an .efg file held in src.
func parseEFG(ctx context.Context, src []byte) (*game.Game, error) {
	base, err := newParser(ctx, src)
	if err != nil {
		return nil, err
	}
	p := &efgParser{
		parser:      base,
		g:           &game.Game{},
		setDefs:     map[*game.Infoset]pos{},
		outcomes:    map[int]*game.Outcome{},
		outcomeDefs: map[*game.Outcome]pos{},
	}
	if p.g.Title, p.g.Players, err = p.header("EFG", "2"); err != nil {
		return nil, err
	}
	p.sets = make([]map[int]*game.Infoset, len(p.g.Players)+1)
	for i := range p.sets {
		p.sets[i] = map[int]*game.Infoset{}
	}
	if p.tok.kind == tokText {
		p.g.Comment = p.tok.text
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	if p.g.Root, err = p.tree(); err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.unexpected("end of file after the game tree")
	}
	if err := p.g.Validate(); err != nil {
		return nil, errorAt(p.tok.pos, "invalid game: %v", err)
	}
	return p.g, nil
}

// tree reads the root node and its subtree in pre-order, with an
// explicit stack of the nodes whose children are still to be read, so
// that deep trees need no deep call stack.
func (p *efgParser) tree() (*game.Node, error) {
	type open struct {
		n    *game.Node
		at   pos
		next int // the next child to read
	}
	root, at, err := p.node(0, func() string { return "the root node ('c', 'p' or 't')" })
	if err != nil {
		return nil, err
	}
	stack := []open{{root, at, 0}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == len(top.n.Children) {
			stack = stack[:len(stack)-1]
			continue
		}
		what := func() string {
			return fmt.Sprintf("child %d of %d of the node at %d:%d ('c', 'p' or 't')", top.next+1, len(top.n.Children), top.at.line, top.at.col)
		}
		c, at, err := p.node(len(stack), what)
		if err != nil {
			return nil, err
		}
		top.n.Children[top.next] = c
		top.next++
		stack = append(stack, open{c, at, 0})
	}
	return root, nil
}

// node reads a node at the given depth, without its children (it leaves
// one empty slot per action); what describes the node for errors (built
// only then). It returns the node's position.
func (p *efgParser) node(depth int, what func() string) (*game.Node, pos, error) {
	start := p.tok
	if start.kind != tokSymbol || (start.text != "c" && start.text != "p" && start.text != "t") {
		return nil, start.pos, p.unexpected(what())
	}
	if depth > maxDepth {
		return nil, start.pos, errorAt(start.pos, "the game tree is deeper than the limit of %d levels", maxDepth)
	}
	if err := p.next(); err != nil {
		return nil, start.pos, err
	}
	n := &game.Node{}
	var err error
	if n.Label, err = p.text("the node label (a quoted text) after '" + start.text + "'"); err != nil {
		return nil, start.pos, err
	}
	switch start.text {
	case "c":
		err = p.move(n, game.Chance)
	case "p":
		err = p.personal(n)
	}
	if err == nil {
		err = p.outcome(n)
	}
	return n, start.pos, err
}

// personal reads the player number of a personal node, then its move.
func (p *efgParser) personal(n *game.Node) error {
	what := fmt.Sprintf("the number of the player who moves (1 to %d)", len(p.g.Players))
	player, t, err := p.integer(1, what)
	if err != nil {
		return err
	}
	if player > len(p.g.Players) {
		return errorAt(t.pos, "player %d does not exist: the game has %d players", player, len(p.g.Players))
	}
	return p.move(n, player-1)
}

// move reads the information set of a chance (player == game.Chance) or
// personal node: its number, then its definition on first use (optional
// later), and gives n one child slot per action.
func (p *efgParser) move(n *game.Node, player int) error {
	owner := "chance"
	if player != game.Chance {
		owner = "player " + strconv.Itoa(player+1)
	}
	id, idTok, err := p.integer(1, "the information set number of "+owner+" (a positive integer)")
	if err != nil {
		return err
	}
	s := p.sets[player+1][id]
	if p.tok.kind == tokText {
		if s, err = p.infoset(s, player, id, owner); err != nil {
			return err
		}
	} else if s == nil {
		return errorAt(idTok.pos, "information set %d of %s is used before it is defined: expected its label (a quoted text) and actions, found %s", id, owner, p.tok)
	}
	n.Infoset = s
	n.Children = make([]*game.Node, len(s.Actions))
	return nil
}

// infoset reads the definition of information set id of player: a label
// and the action list. It creates the set if old is nil, and otherwise
// checks that the definition repeats old's exactly.
func (p *efgParser) infoset(old *game.Infoset, player, id int, owner string) (*game.Infoset, error) {
	start := p.tok.pos
	s := &game.Infoset{Label: p.tok.text, Player: player, ID: id}
	if err := p.next(); err != nil {
		return nil, err
	}
	var err error
	if s.Actions, err = p.actions(player == game.Chance, id, owner); err != nil {
		return nil, err
	}
	if old != nil {
		return old, p.sameInfoset(old, s, start, owner)
	}
	p.sets[player+1][id] = s
	p.setDefs[s] = start
	return s, nil
}

// sameInfoset checks that a repeated definition s matches old.
func (p *efgParser) sameInfoset(old, s *game.Infoset, at pos, owner string) error {
	def := p.setDefs[old]
	differs := func(what string) error {
		return errorAt(at, "information set %d of %s is defined again with different %s (first defined at %d:%d)", s.ID, owner, what, def.line, def.col)
	}
	if old.Label != s.Label {
		return differs("label")
	}
	if len(old.Actions) != len(s.Actions) {
		return differs("number of actions")
	}
	for i, a := range old.Actions {
		if a.Label != s.Actions[i].Label {
			return differs("action labels")
		}
		if (a.Prob == nil) != (s.Actions[i].Prob == nil) || a.Prob != nil && a.Prob.Cmp(s.Actions[i].Prob) != 0 {
			return differs("probabilities")
		}
	}
	return nil
}

// actions reads { "label" ... } for a personal information set, or
// { "label" prob ... } for a chance one, whose probabilities must be
// non-negative and sum to exactly one.
func (p *efgParser) actions(chance bool, id int, owner string) ([]game.Action, error) {
	what := fmt.Sprintf("information set %d of %s", id, owner)
	open, err := p.expect(tokLBrace, "'{' opening the actions of "+what)
	if err != nil {
		return nil, err
	}
	var acts []game.Action
	sum := newProbSum()
	for p.tok.kind == tokText {
		a := game.Action{Label: p.tok.text}
		if err := p.next(); err != nil {
			return nil, err
		}
		if chance {
			if a.Prob, err = p.probability(a.Label, sum); err != nil {
				return nil, err
			}
		}
		acts = append(acts, a)
	}
	if p.tok.kind == tokRBrace && len(acts) == 0 {
		return nil, errorAt(p.tok.pos, "%s has no actions: expected at least one action label", what)
	}
	if _, err := p.expect(tokRBrace, "an action label or '}' closing the actions of "+what); err != nil {
		return nil, err
	}
	if chance && !sum.isOne() {
		return nil, errorAt(open.pos, "the probabilities of %s sum to %s, not exactly 1", what, shorten(sum.String()))
	}
	return acts, nil
}

// probability reads the probability of the chance action label and adds
// it to sum.
func (p *efgParser) probability(label string, sum *probSum) (*big.Rat, error) {
	r, t, err := p.number(fmt.Sprintf("the probability of chance action %q (a number)", shorten(label)))
	if err != nil {
		return nil, err
	}
	switch {
	case r.Sign() < 0:
		return nil, errorAt(t.pos, "the probability of chance action %q is negative (%s)", shorten(label), r.RatString())
	case r.Cmp(big.NewRat(1, 1)) > 0:
		return nil, errorAt(t.pos, "the probability of chance action %q is greater than 1 (%s)", shorten(label), r.RatString())
	case !sum.add(r):
		return nil, errorAt(t.pos, "the probabilities up to chance action %q have a common denominator of more than %d bits", shorten(label), maxDenBits)
	}
	return r, nil
}

// probSum adds probabilities over their least common denominator. Adding
// a probability with a small denominator then costs time linear in the
// size of the sum, where big.Rat's addition would compute a greatest
// common divisor of two numbers of that size.
type probSum struct{ num, den *big.Int }

func newProbSum() *probSum {
	return &probSum{num: new(big.Int), den: big.NewInt(1)}
}

// add adds r, reporting false if the common denominator would exceed
// maxDenBits.
func (s *probSum) add(r *big.Rat) bool {
	d := r.Denom()
	if d.BitLen() > maxDenBits {
		return false
	}
	g := new(big.Int).GCD(nil, nil, s.den, d)
	up := new(big.Int).Quo(d, g) // the factor the common denominator gains
	s.num.Mul(s.num, up)
	s.den.Mul(s.den, up)
	if s.den.BitLen() > maxDenBits {
		return false
	}
	t := new(big.Int).Quo(s.den, d)
	s.num.Add(s.num, t.Mul(t, r.Num()))
	return true
}

func (s *probSum) isOne() bool { return s.num.Cmp(s.den) == 0 }

// String returns the sum as a reduced fraction.
func (s *probSum) String() string {
	return new(big.Rat).SetFrac(s.num, s.den).RatString()
}

// outcome reads the outcome of a node: its number (0 for none), then its
// label and payoffs on first use (optional later).
func (p *efgParser) outcome(n *game.Node) error {
	id, idTok, err := p.integer(0, "the outcome number (0 for none)")
	if err != nil {
		return err
	}
	o := p.outcomes[id]
	if p.tok.kind != tokText {
		if id != 0 && o == nil {
			return errorAt(idTok.pos, "outcome %d is used before it is defined: expected its label (a quoted text) and payoffs, found %s", id, p.tok)
		}
		n.Outcome = o
		return nil
	}
	if id == 0 {
		return errorAt(p.tok.pos, "outcome 0 is the null outcome: it cannot have a label or payoffs")
	}
	start := p.tok.pos
	def := &game.Outcome{ID: id, Label: p.tok.text}
	if err := p.next(); err != nil {
		return err
	}
	whose := "outcome " + strconv.Itoa(id)
	if _, err := p.expect(tokLBrace, "'{' opening the payoffs of "+whose); err != nil {
		return err
	}
	if def.Payoffs, err = p.payoffs(len(p.g.Players), whose); err != nil {
		return err
	}
	if o == nil {
		p.outcomes[id] = def
		p.outcomeDefs[def] = start
		p.g.Outcomes = append(p.g.Outcomes, def)
		n.Outcome = def
		return nil
	}
	n.Outcome = o
	return p.sameOutcome(o, def, start)
}

// sameOutcome checks that a repeated outcome definition matches old.
func (p *efgParser) sameOutcome(old, o *game.Outcome, at pos) error {
	def := p.outcomeDefs[old]
	what := ""
	switch {
	case old.Label != o.Label:
		what = "label"
	case !sameRats(old.Payoffs, o.Payoffs):
		what = "payoffs"
	default:
		return nil
	}
	return errorAt(at, "outcome %d is defined again with different %s (first defined at %d:%d)", o.ID, what, def.line, def.col)
}
