package game

import (
	"encoding/json"
	"fmt"
	"math/big"
)

// The JSON forms of games mirror Gambit's files: a tree is nested nodes,
// each naming its player (1-based, 0 for chance) and information set (an id
// within the player); numbers are exact rationals written as strings
// ("1/3", "-2").
//
// A tree deeper than maxNestedDepth is written flat instead, since JSON
// decoders limit nesting (encoding/json to 10000 levels): "nodes" lists
// the nodes in pre-order, the root first, each with the indices of its
// children in that list. Both forms are read.

// maxNestedDepth is the deepest tree written as nested nodes.
const maxNestedDepth = 1000

type jsonTree struct {
	Title   string    `json:"title"`
	Comment string    `json:"comment,omitempty"`
	Players []string  `json:"players"`
	Root    *jsonNode `json:"root,omitempty"`
	// Nodes is the flat form: nodes in pre-order, the root first.
	Nodes []*jsonFlatNode `json:"nodes,omitempty"`
}

// jsonMove is what a node says of itself, in both forms.
type jsonMove struct {
	Label        string       `json:"label,omitempty"`
	Player       *int         `json:"player,omitempty"` // 1-based; 0 is chance; absent at terminal nodes
	Infoset      int          `json:"infoset,omitempty"`
	InfosetLabel string       `json:"infoset_label,omitempty"`
	Actions      []jsonAction `json:"actions,omitempty"`
	Outcome      *jsonOutcome `json:"outcome,omitempty"`
}

type jsonNode struct {
	jsonMove
	Children []*jsonNode `json:"children,omitempty"`
}

// jsonFlatNode is a node of the flat form: its children are indices in
// the node list.
type jsonFlatNode struct {
	jsonMove
	Children []int `json:"children,omitempty"`
}

type jsonAction struct {
	Label string `json:"label"`
	Prob  string `json:"prob,omitempty"`
}

type jsonOutcome struct {
	ID      int      `json:"id"`
	Label   string   `json:"label,omitempty"`
	Payoffs []string `json:"payoffs"`
}

// MarshalJSON encodes a validated tree, numbering information sets and
// outcomes as FileNumbers does: nested, or flat if the tree is deeper than
// maxNestedDepth.
func (g *Game) MarshalJSON() ([]byte, error) {
	if g.Root == nil || len(g.Nodes) == 0 || g.Nodes[0] != g.Root {
		return nil, fmt.Errorf("game: only a validated tree can be written as JSON (call Validate)")
	}
	setID, outID := FileNumbers(g.Nodes)
	j := jsonTree{Title: g.Title, Comment: g.Comment, Players: g.Players}
	moves := make([]jsonMove, len(g.Nodes))
	for i, n := range g.Nodes {
		moves[i] = encodeMove(n, setID, outID)
	}
	if depth(g.Nodes) > maxNestedDepth {
		j.Nodes = make([]*jsonFlatNode, len(g.Nodes))
		for i, n := range g.Nodes {
			f := &jsonFlatNode{jsonMove: moves[i]}
			for _, c := range n.Children {
				f.Children = append(f.Children, c.Index)
			}
			j.Nodes[i] = f
		}
		return json.Marshal(j)
	}
	nested := make([]*jsonNode, len(g.Nodes))
	for i := len(g.Nodes) - 1; i >= 0; i-- { // children before parents
		nested[i] = &jsonNode{jsonMove: moves[i]}
		for _, c := range g.Nodes[i].Children {
			nested[i].Children = append(nested[i].Children, nested[c.Index])
		}
	}
	j.Root = nested[0]
	return json.Marshal(j)
}

// depth returns the largest number of nodes on a path of a validated
// tree whose nodes are listed in pre-order.
func depth(nodes []*Node) int {
	d := make([]int, len(nodes))
	deepest := 0
	for i, n := range nodes {
		d[i] = 1
		if n.Parent != nil {
			d[i] = d[n.Parent.Index] + 1
		}
		deepest = max(deepest, d[i])
	}
	return deepest
}

// encodeMove returns what the JSON forms say of n itself.
func encodeMove(n *Node, setID map[*Infoset]int, outID map[*Outcome]int) jsonMove {
	j := jsonMove{Label: n.Label}
	if o := n.Outcome; o != nil {
		j.Outcome = &jsonOutcome{ID: outID[o], Label: o.Label, Payoffs: ratStrings(o.Payoffs)}
	}
	if s := n.Infoset; s != nil {
		p := s.Player + 1
		j.Player, j.Infoset, j.InfosetLabel = &p, setID[s], s.Label
		for _, a := range s.Actions {
			ja := jsonAction{Label: a.Label}
			if a.Prob != nil {
				ja.Prob = a.Prob.RatString()
			}
			j.Actions = append(j.Actions, ja)
		}
	}
	return j
}

// UnmarshalJSON decodes a tree, nested or flat, and validates it.
func (g *Game) UnmarshalJSON(data []byte) error {
	var j jsonTree
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	if j.Root == nil && len(j.Nodes) == 0 {
		return fmt.Errorf("game: JSON tree without a root (or a node list)")
	}
	if j.Root != nil && len(j.Nodes) > 0 {
		return fmt.Errorf("game: JSON tree with both a root and a node list")
	}
	*g = Game{Title: j.Title, Comment: j.Comment, Players: j.Players}
	d := decoder{g: g, sets: map[[2]int]*Infoset{}, outcomes: map[int]*Outcome{}}
	var err error
	if j.Root != nil {
		g.Root, err = d.nested(j.Root)
	} else {
		g.Root, err = d.flat(j.Nodes)
	}
	if err != nil {
		return err
	}
	return g.Validate()
}

type decoder struct {
	g        *Game
	sets     map[[2]int]*Infoset
	outcomes map[int]*Outcome
}

// nested decodes a tree of nested nodes in pre-order (the order that
// numbers outcomes and sets), with an explicit stack.
func (d *decoder) nested(root *jsonNode) (*Node, error) {
	type item struct {
		j      *jsonNode
		parent *Node
		action int
	}
	var r *Node
	stack := []item{{root, nil, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.j == nil {
			return nil, fmt.Errorf("game: JSON node %q: child %d is null", it.parent.Label, it.action+1)
		}
		n, err := d.node(it.j.jsonMove, len(it.j.Children))
		if err != nil {
			return nil, err
		}
		if it.parent == nil {
			r = n
		} else {
			it.parent.Children[it.action] = n
		}
		for i := len(it.j.Children) - 1; i >= 0; i-- {
			stack = append(stack, item{it.j.Children[i], n, i})
		}
	}
	return r, nil
}

// flat decodes the flat form: every node but the first must be the child
// of exactly one node listed before it.
func (d *decoder) flat(list []*jsonFlatNode) (*Node, error) {
	nodes := make([]*Node, len(list))
	for i, j := range list {
		if j == nil {
			return nil, fmt.Errorf("game: JSON node %d is null", i)
		}
		n, err := d.node(j.jsonMove, len(j.Children))
		if err != nil {
			return nil, err
		}
		nodes[i] = n
	}
	hasParent := make([]bool, len(list))
	for i, j := range list {
		for k, c := range j.Children {
			switch {
			case c <= i || c >= len(list):
				return nil, fmt.Errorf("game: JSON node %d: child %d is node %d, which is not a node listed after it", i, k+1, c)
			case hasParent[c]:
				return nil, fmt.Errorf("game: JSON node %d: child %d is node %d, which has another parent", i, k+1, c)
			}
			hasParent[c] = true
			nodes[i].Children[k] = nodes[c]
		}
	}
	for i := 1; i < len(list); i++ {
		if !hasParent[i] {
			return nil, fmt.Errorf("game: JSON node %d is no node's child", i)
		}
	}
	return nodes[0], nil
}

// node decodes what j says of a node with the given number of children,
// leaving the children to fill.
func (d *decoder) node(j jsonMove, children int) (*Node, error) {
	n := &Node{Label: j.Label}
	if j.Outcome != nil {
		o, err := d.outcome(j.Outcome)
		if err != nil {
			return nil, err
		}
		n.Outcome = o
	}
	if j.Player == nil {
		if children > 0 {
			return nil, fmt.Errorf("game: JSON node %q has children but no player", j.Label)
		}
		return n, nil
	}
	s, err := d.infoset(j)
	if err != nil {
		return nil, err
	}
	n.Infoset = s
	if children > 0 {
		n.Children = make([]*Node, children)
	}
	return n, nil
}

func (d *decoder) infoset(j jsonMove) (*Infoset, error) {
	key := [2]int{*j.Player, j.Infoset}
	if s, ok := d.sets[key]; ok {
		return s, nil
	}
	if *j.Player < 0 || *j.Player > len(d.g.Players) {
		return nil, fmt.Errorf("game: JSON node %q: player %d does not exist", j.Label, *j.Player)
	}
	s := &Infoset{Label: j.InfosetLabel, Player: *j.Player - 1, ID: j.Infoset}
	if *j.Player == 0 {
		s.Player = Chance
	}
	for _, a := range j.Actions {
		act := Action{Label: a.Label}
		if s.Player == Chance {
			r, ok := new(big.Rat).SetString(a.Prob)
			if !ok {
				return nil, fmt.Errorf("game: JSON chance action %q: probability %q is not a number", a.Label, a.Prob)
			}
			act.Prob = r
		}
		s.Actions = append(s.Actions, act)
	}
	d.sets[key] = s
	return s, nil
}

func (d *decoder) outcome(j *jsonOutcome) (*Outcome, error) {
	if o, ok := d.outcomes[j.ID]; ok && j.ID != 0 {
		return o, nil
	}
	o := &Outcome{ID: j.ID, Label: j.Label}
	for _, p := range j.Payoffs {
		r, ok := new(big.Rat).SetString(p)
		if !ok {
			return nil, fmt.Errorf("game: JSON outcome %q: payoff %q is not a number", j.Label, p)
		}
		o.Payoffs = append(o.Payoffs, r)
	}
	d.outcomes[j.ID] = o
	d.g.Outcomes = append(d.g.Outcomes, o)
	return o, nil
}

func ratStrings(v []*big.Rat) []string {
	out := make([]string, len(v))
	for i, r := range v {
		out[i] = r.RatString()
	}
	return out
}

type jsonNormal struct {
	Title      string     `json:"title"`
	Comment    string     `json:"comment,omitempty"`
	Players    []string   `json:"players"`
	Strategies [][]string `json:"strategies"`
	// Payoffs has one entry per pure profile, player 1's strategy varying
	// fastest, each with one payoff per player.
	Payoffs [][]string `json:"payoffs"`
}

// MarshalJSON encodes a strategic game with its payoffs per profile.
func (n *Normal) MarshalJSON() ([]byte, error) {
	j := jsonNormal{Title: n.Title, Comment: n.Comment, Players: n.Players, Strategies: n.Strategies}
	for idx := range n.Cells {
		row := make([]string, len(n.Players))
		for p := range row {
			row[p] = n.Payoff(idx, p).RatString()
		}
		j.Payoffs = append(j.Payoffs, row)
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes a strategic game and validates it.
func (n *Normal) UnmarshalJSON(data []byte) error {
	var j jsonNormal
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*n = Normal{Title: j.Title, Comment: j.Comment, Players: j.Players, Strategies: j.Strategies}
	for i, row := range j.Payoffs {
		o := &Outcome{ID: i + 1}
		for _, p := range row {
			r, ok := new(big.Rat).SetString(p)
			if !ok {
				return fmt.Errorf("game: JSON profile %d: payoff %q is not a number", i+1, p)
			}
			o.Payoffs = append(o.Payoffs, r)
		}
		n.Cells = append(n.Cells, o)
		n.Outcomes = append(n.Outcomes, o)
	}
	return n.Validate()
}
