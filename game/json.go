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

type jsonTree struct {
	Title   string    `json:"title"`
	Comment string    `json:"comment,omitempty"`
	Players []string  `json:"players"`
	Root    *jsonNode `json:"root"`
}

type jsonNode struct {
	Label        string       `json:"label,omitempty"`
	Player       *int         `json:"player,omitempty"` // 1-based; 0 is chance; absent at terminal nodes
	Infoset      int          `json:"infoset,omitempty"`
	InfosetLabel string       `json:"infoset_label,omitempty"`
	Actions      []jsonAction `json:"actions,omitempty"`
	Outcome      *jsonOutcome `json:"outcome,omitempty"`
	Children     []*jsonNode  `json:"children,omitempty"`
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
// outcomes as FileNumbers does.
func (g *Game) MarshalJSON() ([]byte, error) {
	if g.Root == nil || len(g.Nodes) == 0 || g.Nodes[0] != g.Root {
		return nil, fmt.Errorf("game: only a validated tree can be written as JSON (call Validate)")
	}
	setID, outID := FileNumbers(g.Nodes)
	var enc func(n *Node) *jsonNode
	enc = func(n *Node) *jsonNode {
		j := &jsonNode{Label: n.Label}
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
			for _, c := range n.Children {
				j.Children = append(j.Children, enc(c))
			}
		}
		return j
	}
	return json.Marshal(jsonTree{Title: g.Title, Comment: g.Comment, Players: g.Players, Root: enc(g.Root)})
}

// UnmarshalJSON decodes a tree and validates it.
func (g *Game) UnmarshalJSON(data []byte) error {
	var j jsonTree
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	if j.Root == nil {
		return fmt.Errorf("game: JSON tree without a root")
	}
	*g = Game{Title: j.Title, Comment: j.Comment, Players: j.Players}
	d := decoder{g: g, sets: map[[2]int]*Infoset{}, outcomes: map[int]*Outcome{}}
	root, err := d.node(j.Root)
	if err != nil {
		return err
	}
	g.Root = root
	return g.Validate()
}

type decoder struct {
	g        *Game
	sets     map[[2]int]*Infoset
	outcomes map[int]*Outcome
}

func (d *decoder) node(j *jsonNode) (*Node, error) {
	n := &Node{Label: j.Label}
	if j.Outcome != nil {
		o, err := d.outcome(j.Outcome)
		if err != nil {
			return nil, err
		}
		n.Outcome = o
	}
	if j.Player == nil {
		if len(j.Children) > 0 {
			return nil, fmt.Errorf("game: JSON node %q has children but no player", j.Label)
		}
		return n, nil
	}
	s, err := d.infoset(j)
	if err != nil {
		return nil, err
	}
	n.Infoset = s
	for _, c := range j.Children {
		child, err := d.node(c)
		if err != nil {
			return nil, err
		}
		n.Children = append(n.Children, child)
	}
	return n, nil
}

func (d *decoder) infoset(j *jsonNode) (*Infoset, error) {
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
