package brief

import (
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/scenario"
)

// Move is the equilibrium behaviour of one actor-type at one information
// set, with what the actor knows there and believes about the others.
type Move struct {
	Actor     string   `json:"actor"`
	Type      string   `json:"type,omitempty"`
	TypeLabel string   `json:"type_label,omitempty"`
	Move      string   `json:"move"`
	MoveLabel string   `json:"move_label"`
	Knows     []Fact   `json:"knows"`
	Reach     float64  `json:"reach"`
	Actions   []Prob   `json:"actions"`
	Beliefs   []Belief `json:"beliefs,omitempty"`
}

// Fact is something an actor knows: a move's action or its own type.
type Fact struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Belief is the posterior probability of another actor's type at an
// information set, by Bayes' rule on the equilibrium.
type Belief struct {
	Actor       string  `json:"actor"`
	Type        string  `json:"type"`
	Probability float64 `json:"probability"`
}

func behaviour(m *scenario.Model, in *scenario.Instance, prof game.Behavior, reach []float64) []Move {
	s := m.Scenario
	types := nodeTypes(m, in.Game)
	var out []Move
	for p, sets := range in.Game.Infosets {
		for i, set := range sets {
			info := m.Infosets()[p][i]
			mv := Move{Actor: info.Actor, Move: info.Move, Reach: clean(reachOf(set, reach))}
			mv.Type = info.Known[info.Actor]
			mv.TypeLabel = typeLabel(s, p, mv.Type)
			mi := moveIndex(s, info.Move)
			mv.MoveLabel = s.Moves[mi].Label
			for _, k := range info.Order {
				if k != info.Actor && info.Known[k] != "" {
					mv.Knows = append(mv.Knows, Fact{Name: k, Value: info.Known[k]})
				}
			}
			for a, act := range s.Moves[mi].Actions {
				mv.Actions = append(mv.Actions, Prob{Name: act.ID, Label: act.Label, Probability: clean(prof[p][i][a])})
			}
			mv.Beliefs = beliefs(s, p, set, reach, types)
			out = append(out, mv)
		}
	}
	return out
}

func moveIndex(s *scenario.Scenario, id string) int {
	for i, mv := range s.Moves {
		if mv.ID == id {
			return i
		}
	}
	return -1
}

// nodeTypes gives every node the actors' type indices of the plays through
// it (types are drawn before any move, so all plays through a node agree).
func nodeTypes(m *scenario.Model, g *game.Game) [][]int {
	types := make([][]int, len(g.Nodes))
	for _, lf := range m.Leaves() {
		for n := g.Nodes[lf.Node]; n != nil && types[n.Index] == nil; n = n.Parent {
			types[n.Index] = lf.Types
		}
	}
	return types
}

// beliefs returns the posterior over the types of every other actor with
// private types at set; none when the set is never reached.
func beliefs(s *scenario.Scenario, p int, set *game.Infoset, reach []float64, types [][]int) []Belief {
	total := reachOf(set, reach)
	if total <= 0 {
		return nil
	}
	var out []Belief
	for a, actor := range s.Actors {
		if a == p || len(actor.Types) < 2 {
			continue
		}
		post := make([]float64, len(actor.Types))
		for _, n := range set.Members {
			post[types[n.Index][a]] += reach[n.Index] / total
		}
		for t, typ := range actor.Types {
			out = append(out, Belief{Actor: actor.ID, Type: typ.ID, Probability: clean(post[t])})
		}
	}
	return out
}
