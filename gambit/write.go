package gambit

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/tablero-project/tablero/game"
)

// WriteEFG writes g in Gambit's .efg format (version 2). Every node lists
// its information set in full and every outcome its label and payoffs, as
// Gambit itself writes; numbers are written exactly as integers or p/q.
// The comment line is written only if the comment is not empty.
//
// Information-set and outcome numbers are kept when they are positive and
// unique (per player for information sets); otherwise that player's sets,
// or all outcomes, are numbered 1, 2, ... in order of first visit in a
// pre-order walk. Outcomes that no node uses cannot be written. The game
// is not modified; it need not have been validated, but its tree must be
// well formed (as Validate checks) and its texts writable (see the
// package documentation on quoted text). Nothing is written if the game
// cannot be.
func WriteEFG(w io.Writer, g *game.Game) error {
	if g == nil || g.Root == nil {
		return fmt.Errorf("gambit: cannot write a game without a tree")
	}
	if len(g.Players) == 0 {
		return fmt.Errorf("gambit: cannot write a game without players")
	}
	nodes, err := preorder(g)
	if err != nil {
		return err
	}
	setID, outID := game.FileNumbers(nodes)
	ew := &efgWriter{g: g, setID: setID, outID: outID}
	if err := ew.header(); err != nil {
		return err
	}
	for _, n := range nodes {
		if err := ew.node(n); err != nil {
			return err
		}
	}
	_, err = w.Write(ew.buf.Bytes())
	return err
}

// efgWriter renders a game into buf.
type efgWriter struct {
	buf   bytes.Buffer
	g     *game.Game
	setID map[*game.Infoset]int
	outID map[*game.Outcome]int
}

// header writes the first line, the comment and a blank line.
func (ew *efgWriter) header() error {
	title, err := quote(ew.g.Title, "the title")
	if err != nil {
		return err
	}
	players, err := quoteAll(ew.g.Players, "player")
	if err != nil {
		return err
	}
	fmt.Fprintf(&ew.buf, "EFG 2 R %s { %s }\n", title, strings.Join(players, " "))
	if ew.g.Comment != "" {
		comment, err := quote(ew.g.Comment, "the comment")
		if err != nil {
			return err
		}
		ew.buf.WriteString(comment + "\n")
	}
	ew.buf.WriteString("\n")
	return nil
}

// node writes one line for n.
func (ew *efgWriter) node(n *game.Node) error {
	label, err := quote(n.Label, "the label of "+nodeName(n))
	if err != nil {
		return err
	}
	s := n.Infoset
	switch {
	case s == nil:
		fmt.Fprintf(&ew.buf, "t %s ", label)
	case s.Player == game.Chance:
		fmt.Fprintf(&ew.buf, "c %s %d ", label, ew.setID[s])
	default:
		fmt.Fprintf(&ew.buf, "p %s %d %d ", label, s.Player+1, ew.setID[s])
	}
	if s != nil {
		if err := ew.infoset(s); err != nil {
			return err
		}
	}
	if err := ew.outcome(n.Outcome); err != nil {
		return err
	}
	ew.buf.WriteString("\n")
	return nil
}

// infoset writes the label and actions of s.
func (ew *efgWriter) infoset(s *game.Infoset) error {
	label, err := quote(s.Label, "an information-set label")
	if err != nil {
		return err
	}
	ew.buf.WriteString(label + " {")
	for _, a := range s.Actions {
		act, err := quote(a.Label, "an action label")
		if err != nil {
			return err
		}
		ew.buf.WriteString(" " + act)
		if s.Player == game.Chance {
			ew.buf.WriteString(" " + a.Prob.RatString())
		}
	}
	ew.buf.WriteString(" } ")
	return nil
}

// outcome writes the outcome number of a node, with its label and payoffs.
func (ew *efgWriter) outcome(o *game.Outcome) error {
	if o == nil {
		ew.buf.WriteString("0")
		return nil
	}
	label, err := quote(o.Label, "an outcome label")
	if err != nil {
		return err
	}
	fmt.Fprintf(&ew.buf, "%d %s { %s }", ew.outID[o], label, joinRats(o.Payoffs, ", "))
	return nil
}

// nodeName names n for error messages, before Validate has numbered it.
func nodeName(n *game.Node) string {
	if n.Label != "" {
		return fmt.Sprintf("node %q", n.Label)
	}
	return "a node"
}

// preorder lists the nodes of g in pre-order, checking what the writer
// relies on: a proper tree, one child per action, valid players, chance
// probabilities and payoff vectors.
func preorder(g *game.Game) ([]*game.Node, error) {
	var nodes []*game.Node
	seen := map[*game.Node]bool{}
	checked := map[*game.Infoset]bool{}
	stack := []*game.Node{g.Root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil {
			return nil, fmt.Errorf("gambit: the tree has a missing (nil) child")
		}
		if seen[n] {
			return nil, fmt.Errorf("gambit: %s appears twice in the tree", nodeName(n))
		}
		seen[n] = true
		nodes = append(nodes, n)
		if err := checkNode(g, n, checked); err != nil {
			return nil, err
		}
		for i := len(n.Children) - 1; i >= 0; i-- {
			stack = append(stack, n.Children[i])
		}
	}
	return nodes, nil
}

// checkNode checks n's move and outcome; checked records the information
// sets already checked.
func checkNode(g *game.Game, n *game.Node, checked map[*game.Infoset]bool) error {
	if o := n.Outcome; o != nil {
		if len(o.Payoffs) != len(g.Players) {
			return fmt.Errorf("gambit: %s: outcome %q has %d payoffs for %d players", nodeName(n), o.Label, len(o.Payoffs), len(g.Players))
		}
		for i, v := range o.Payoffs {
			if v == nil {
				return fmt.Errorf("gambit: %s: outcome %q lacks the payoff of player %d", nodeName(n), o.Label, i+1)
			}
		}
	}
	s := n.Infoset
	if s == nil {
		if len(n.Children) != 0 {
			return fmt.Errorf("gambit: %s has children but no information set", nodeName(n))
		}
		return nil
	}
	if len(n.Children) != len(s.Actions) || len(s.Actions) == 0 {
		return fmt.Errorf("gambit: %s has %d children for the %d actions of information set %q", nodeName(n), len(n.Children), len(s.Actions), s.Label)
	}
	if checked[s] {
		return nil
	}
	checked[s] = true
	return checkInfoset(g, s)
}

// checkInfoset checks the player of s and, for chance, its probabilities.
func checkInfoset(g *game.Game, s *game.Infoset) error {
	if s.Player != game.Chance {
		if s.Player < 0 || s.Player >= len(g.Players) {
			return fmt.Errorf("gambit: information set %q belongs to player %d, but the game has %d players", s.Label, s.Player+1, len(g.Players))
		}
		return nil
	}
	sum := new(big.Rat)
	for _, a := range s.Actions {
		if a.Prob == nil || a.Prob.Sign() < 0 {
			return fmt.Errorf("gambit: chance action %q of information set %q needs a non-negative probability", a.Label, s.Label)
		}
		sum.Add(sum, a.Prob)
	}
	if sum.Cmp(big.NewRat(1, 1)) != 0 {
		return fmt.Errorf("gambit: the probabilities of chance information set %q sum to %s, not 1", s.Label, sum.RatString())
	}
	return nil
}

// WriteNFG writes n in Gambit's .nfg format (version 1), with strategies
// listed by label. It writes the payoff version (a plain list of payoffs)
// when every cell has its own unlabelled outcome, in the order of
// n.Outcomes (as the payoff version reads), and the outcome version
// otherwise. So a payoff-version file is written back in the payoff
// version, and an outcome-version file in the outcome version unless its
// outcomes are just one unlabelled outcome per cell, in cell order, which
// the payoff version expresses exactly.
// In the outcome version, outcomes are numbered by their position in
// n.Outcomes; outcomes that cells use but n.Outcomes lacks are appended.
// The comment is written only if not empty. Nothing is written if the game
// is invalid or a text cannot be written (see WriteEFG).
func WriteNFG(w io.Writer, n *game.Normal) error {
	if n == nil {
		return fmt.Errorf("gambit: cannot write a nil game")
	}
	if err := n.Validate(); err != nil {
		return fmt.Errorf("gambit: cannot write an invalid game: %w", err)
	}
	var buf bytes.Buffer
	if err := nfgHeader(&buf, n); err != nil {
		return err
	}
	var err error
	if payoffVersion(n) {
		err = nfgPayoffs(&buf, n)
	} else {
		err = nfgOutcomes(&buf, n)
	}
	if err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// nfgHeader writes the title, players, strategies and comment.
func nfgHeader(buf *bytes.Buffer, n *game.Normal) error {
	title, err := quote(n.Title, "the title")
	if err != nil {
		return err
	}
	players, err := quoteAll(n.Players, "player")
	if err != nil {
		return err
	}
	fmt.Fprintf(buf, "NFG 1 R %s { %s }\n\n{ ", title, strings.Join(players, " "))
	for p, labels := range n.Strategies {
		q, err := quoteAll(labels, fmt.Sprintf("strategy of player %d", p+1))
		if err != nil {
			return err
		}
		if p > 0 {
			buf.WriteString("\n")
		}
		fmt.Fprintf(buf, "{ %s }", strings.Join(q, " "))
	}
	buf.WriteString("\n}\n")
	if n.Comment != "" {
		comment, err := quote(n.Comment, "the comment")
		if err != nil {
			return err
		}
		buf.WriteString(comment + "\n")
	}
	buf.WriteString("\n")
	return nil
}

// payoffVersion reports whether the cells of n are exactly n.Outcomes, in
// order, all unlabelled: the structure the payoff version reads into.
func payoffVersion(n *game.Normal) bool {
	if len(n.Outcomes) != len(n.Cells) {
		return false
	}
	for i, o := range n.Cells {
		if o == nil || o != n.Outcomes[i] || o.Label != "" {
			return false
		}
	}
	return true
}

// nfgPayoffs writes the payoff version body: one line per profile.
func nfgPayoffs(buf *bytes.Buffer, n *game.Normal) error {
	for i, o := range n.Cells {
		if err := checkPayoffs(o, i); err != nil {
			return err
		}
		buf.WriteString(joinRats(o.Payoffs, " ") + "\n")
	}
	return nil
}

// nfgOutcomes writes the outcome version body: the outcome list, then one
// outcome number per profile.
func nfgOutcomes(buf *bytes.Buffer, n *game.Normal) error {
	outs := append([]*game.Outcome(nil), n.Outcomes...)
	index := map[*game.Outcome]int{}
	for i, o := range outs {
		if _, dup := index[o]; !dup {
			index[o] = i + 1
		}
	}
	cells := make([]string, len(n.Cells))
	for i, o := range n.Cells {
		if o == nil {
			cells[i] = "0"
			continue
		}
		if _, ok := index[o]; !ok {
			outs = append(outs, o)
			index[o] = len(outs)
		}
		cells[i] = strconv.Itoa(index[o])
	}
	buf.WriteString("{\n")
	for i, o := range outs {
		if err := checkPayoffs(o, -1); err != nil {
			return err
		}
		if len(o.Payoffs) != len(n.Players) {
			return fmt.Errorf("gambit: outcome %d (%q) has %d payoffs for %d players", i+1, o.Label, len(o.Payoffs), len(n.Players))
		}
		label, err := quote(o.Label, "an outcome label")
		if err != nil {
			return err
		}
		fmt.Fprintf(buf, "{ %s %s }\n", label, joinRats(o.Payoffs, ", "))
	}
	buf.WriteString("}\n" + strings.Join(cells, " ") + "\n")
	return nil
}

// checkPayoffs checks that o has no missing payoff; cell, if not -1, names
// the cell for the error.
func checkPayoffs(o *game.Outcome, cell int) error {
	for p, v := range o.Payoffs {
		if v != nil {
			continue
		}
		if cell >= 0 {
			return fmt.Errorf("gambit: cell %d lacks the payoff of player %d", cell+1, p+1)
		}
		return fmt.Errorf("gambit: outcome %q lacks the payoff of player %d", o.Label, p+1)
	}
	return nil
}

// joinRats writes exact numbers as integers or p/q, joined by sep.
func joinRats(v []*big.Rat, sep string) string {
	s := make([]string, len(v))
	for i, r := range v {
		s[i] = r.RatString()
	}
	return strings.Join(s, sep)
}

// quoteAll quotes every label of a list; what names a list element for
// errors.
func quoteAll(labels []string, what string) ([]string, error) {
	q := make([]string, len(labels))
	for i, l := range labels {
		var err error
		if q[i], err = quote(l, fmt.Sprintf("%s %d", what, i+1)); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// quote returns s as quoted text that Gambit reads back as s. Gambit's
// reader drops the backslash of an escaped quote and keeps every other
// backslash, and a backslash also escapes a following backslash. So a run
// of m backslashes is written as m/2+1 backslashes before a quote (m even)
// and as (m+1)/2 before another character (m odd); the other cases, and a
// text ending in a backslash, cannot be written. what names the text for
// errors.
func quote(s, what string) (string, error) {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		m := 0
		for i < len(s) && s[i] == '\\' {
			m++
			i++
		}
		if i == len(s) {
			if m > 0 {
				return "", unquotable(s, what, "it ends with a backslash")
			}
			break
		}
		c := s[i]
		i++
		switch {
		case c == '"' && m%2 == 1:
			return "", unquotable(s, what, "an odd number of backslashes precedes a quote")
		case c == '"':
			b.WriteString(strings.Repeat(`\`, m/2+1))
		case m > 0 && m%2 == 0:
			return "", unquotable(s, what, "an even number of backslashes precedes a character")
		default:
			b.WriteString(strings.Repeat(`\`, (m+1)/2))
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String(), nil
}

// unquotable reports a text that Gambit's quoting cannot express.
func unquotable(s, what, why string) error {
	return fmt.Errorf("gambit: %s %q cannot be written in a Gambit file: %s", what, shorten(s), why)
}
