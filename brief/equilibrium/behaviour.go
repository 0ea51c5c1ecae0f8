package equilibrium

import (
	"github.com/tablero-project/tablero/brief/internal/num"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/scenario"
)

// Decision is one actor-type's decision at one information set: who
// moves, which move, what the mover knows there and how likely play is to
// reach it.
type Decision struct {
	Actor     string  `json:"actor"`
	Type      string  `json:"type,omitempty"`
	TypeLabel string  `json:"type_label,omitempty"`
	Move      string  `json:"move"`
	MoveLabel string  `json:"move_label"`
	Knows     []Fact  `json:"knows"`
	Reach     float64 `json:"reach"`
}

// Move is the equilibrium behaviour of one actor-type at one information
// set, with what the actor knows there and believes about the others.
type Move struct {
	Decision
	Actions []Prob   `json:"actions"`
	Beliefs []Belief `json:"beliefs,omitempty"`
}

// Belief is the posterior probability of another actor's type at an
// information set, by Bayes' rule on the equilibrium.
type Belief struct {
	Actor       string  `json:"actor"`
	Type        string  `json:"type"`
	Probability float64 `json:"probability"`
}

// memberWeight gives the weight of the m-th member node of player p's i-th
// information set in the beliefs there (unnormalised).
type memberWeight func(p, i, m int) float64

// reachWeights weighs members by their realisation probability: Bayes'
// rule on the profile.
func reachWeights(g *game.Game, reach []float64) memberWeight {
	return func(p, i, m int) float64 { return reach[g.Infosets[p][i].Members[m].Index] }
}

// Behaviour describes profile prof of instance in of m, with realisation
// probabilities reach: every actor-type's behaviour at every information
// set, in the game's order, with its beliefs there by Bayes' rule.
func Behaviour(m *scenario.Model, in *scenario.Instance, prof game.Behavior, reach []float64) []Move {
	return behaviour(m, in, prof, reach, reachWeights(in.Game, reach))
}

// behaviour describes prof with beliefs weighed by weight.
func behaviour(m *scenario.Model, in *scenario.Instance, prof game.Behavior, reach []float64, weight memberWeight) []Move {
	s := m.Scenario
	types := nodeTypes(m, in.Game)
	var out []Move
	for p, sets := range in.Game.Infosets {
		for i, set := range sets {
			info := m.Infosets()[p][i]
			mv := Move{Decision: Decision{Actor: info.Actor, Move: info.Move, Reach: num.Clean(reachOf(set, reach))}}
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
				mv.Actions = append(mv.Actions, Prob{Name: act.ID, Label: act.Label, Probability: num.Clean(prof[p][i][a])})
			}
			mv.Beliefs = beliefs(s, p, i, set, weight, types)
			out = append(out, mv)
		}
	}
	return out
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
// private types at player p's i-th information set; none when the weights
// are all zero (a set never reached).
func beliefs(s *scenario.Scenario, p, i int, set *game.Infoset, weight memberWeight, types [][]int) []Belief {
	total := 0.0
	for m := range set.Members {
		total += weight(p, i, m)
	}
	if total <= 0 {
		return nil
	}
	var out []Belief
	for a, actor := range s.Actors {
		if a == p || len(actor.Types) < 2 {
			continue
		}
		post := make([]float64, len(actor.Types))
		for m, n := range set.Members {
			post[types[n.Index][a]] += weight(p, i, m) / total
		}
		for t, typ := range actor.Types {
			out = append(out, Belief{Actor: actor.ID, Type: typ.ID, Probability: num.Clean(post[t])})
		}
	}
	return out
}
