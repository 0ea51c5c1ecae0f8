package game

import "math/big"

// Clone returns a deep copy of a validated game: nodes, information sets,
// actions, outcomes and numbers are all new, so the copy can be changed
// without touching g.
func (g *Game) Clone() *Game {
	c := &Game{Title: g.Title, Comment: g.Comment, Players: append([]string(nil), g.Players...)}
	outcomes := map[*Outcome]*Outcome{}
	for _, o := range g.Outcomes {
		outcomes[o] = cloneOutcome(o)
		c.Outcomes = append(c.Outcomes, outcomes[o])
	}
	sets := map[*Infoset]*Infoset{}
	copyNode := func(n *Node) *Node {
		m := &Node{Label: n.Label}
		if o := n.Outcome; o != nil {
			if outcomes[o] == nil {
				outcomes[o] = cloneOutcome(o)
			}
			m.Outcome = outcomes[o]
		}
		if s := n.Infoset; s != nil {
			if sets[s] == nil {
				sets[s] = cloneInfoset(s)
			}
			m.Infoset = sets[s]
		}
		if len(n.Children) > 0 {
			m.Children = make([]*Node, len(n.Children))
		}
		return m
	}
	// An explicit stack of (original, copy) pairs keeps deep trees off the
	// call stack.
	c.Root = copyNode(g.Root)
	stack := [][2]*Node{{g.Root, c.Root}}
	for len(stack) > 0 {
		pair := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for i, ch := range pair[0].Children {
			pair[1].Children[i] = copyNode(ch)
			stack = append(stack, [2]*Node{ch, pair[1].Children[i]})
		}
	}
	if err := c.Validate(); err != nil {
		panic("game: Clone of an invalid game: " + err.Error())
	}
	return c
}

func cloneOutcome(o *Outcome) *Outcome {
	c := &Outcome{ID: o.ID, Label: o.Label, Payoffs: make([]*big.Rat, len(o.Payoffs))}
	for i, p := range o.Payoffs {
		if p != nil {
			c.Payoffs[i] = new(big.Rat).Set(p)
		}
	}
	return c
}

func cloneInfoset(s *Infoset) *Infoset {
	c := &Infoset{Label: s.Label, Player: s.Player, ID: s.ID, Actions: make([]Action, len(s.Actions))}
	for i, a := range s.Actions {
		c.Actions[i] = Action{Label: a.Label}
		if a.Prob != nil {
			c.Actions[i].Prob = new(big.Rat).Set(a.Prob)
		}
	}
	return c
}
