package equilibrium

import (
	"github.com/tablero-project/tablero/brief/internal/actor"
	"github.com/tablero-project/tablero/brief/internal/num"
	"slices"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/scenario"
)

// Deviation is what the refined equilibrium says would follow if the
// actor, of whatever type, took another action at a decision on the path
// of play: the results play would then end in, everyone else keeping to
// the equilibrium. It describes what the equilibrium rests on off its path.
type Deviation struct {
	Actor string `json:"actor"`
	// Types are the actor's types that deviate together: those that make
	// the same choice in this context; AllTypes is true when that is
	// every type.
	Types       []string `json:"types"`
	AllTypes    bool     `json:"all_types"`
	Move        string   `json:"move"`
	MoveLabel   string   `json:"move_label"`
	Knows       []Fact   `json:"knows"`
	Plays       string   `json:"plays"`
	PlaysLabel  string   `json:"plays_label"`
	Action      string   `json:"action"`
	ActionLabel string   `json:"action_label"`
	Results     []Prob   `json:"results"`
	// Distance is the total-variation distance between these results and
	// the equilibrium's.
	Distance float64 `json:"distance"`
}

// maxDeviations caps the decisions whose deviations are reported.
const maxDeviations = 3

// deviations takes the first on-path decisions (each actor's move in one
// context, all its types together) and, for each, the alternative action
// that would change the results most.
func deviations(m *scenario.Model, in *scenario.Instance, prof game.Behavior, mi int, moves []Move, base []Prob) []Deviation {
	s := m.Scenario
	type group struct {
		key   string
		sets  [][2]int
		types []string
		mv    Move
	}
	var groups []*group
	byKey := map[string]*group{}
	k := 0
	for p, sets := range in.Game.Infosets {
		for i := range sets {
			mv := moves[k]
			k++
			if mv.Reach < OnPathReach {
				continue
			}
			played := num.Argmax(prof[p][i])
			key := mv.Key() + "|" + mv.Actions[played].Name
			g, ok := byKey[key]
			if !ok {
				g = &group{key: key, mv: mv}
				byKey[key] = g
				groups = append(groups, g)
			}
			g.sets = append(g.sets, [2]int{p, i})
			if mv.Type != "" {
				g.types = append(g.types, mv.Type)
			}
		}
	}
	slices.SortStableFunc(groups, func(a, b *group) int { return moveIndex(s, a.mv.Move) - moveIndex(s, b.mv.Move) })
	var out []Deviation
	for _, g := range groups {
		if len(out) == maxDeviations {
			break
		}
		played := num.Argmax(prof[g.sets[0][0]][g.sets[0][1]])
		best := Deviation{Distance: -1}
		for a := range g.mv.Actions {
			if a == played {
				continue
			}
			alt := cloneBehavior(prof)
			for _, ps := range g.sets {
				for b := range alt[ps[0]][ps[1]] {
					alt[ps[0]][ps[1]][b] = 0
				}
				alt[ps[0]][ps[1]][a] = 1
			}
			_, results, _ := Events(m, mi, in.Game.Realization(alt))
			if d := num.TV(probabilities(results), probabilities(base)); d > best.Distance {
				best = Deviation{Actor: g.mv.Actor, Types: g.types, AllTypes: len(g.types) == len(s.Actors[actor.Index(s, g.mv.Actor)].Types), Move: g.mv.Move, MoveLabel: g.mv.MoveLabel, Knows: nonNil(g.mv.Knows),
					Plays: g.mv.Actions[played].Name, PlaysLabel: g.mv.Actions[played].Label, Action: g.mv.Actions[a].Name, ActionLabel: g.mv.Actions[a].Label,
					Results: NonZero(results), Distance: num.Clean(d)}
			}
		}
		if best.Distance >= 0 {
			out = append(out, best)
		}
	}
	return out
}

func cloneBehavior(b game.Behavior) game.Behavior {
	out := make(game.Behavior, len(b))
	for p, sets := range b {
		out[p] = make([][]float64, len(sets))
		for i, x := range sets {
			out[p][i] = slices.Clone(x)
		}
	}
	return out
}

// probabilities lists the probabilities of ps.
func probabilities(ps []Prob) []float64 {
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = p.Probability
	}
	return out
}

func nonNil(fs []Fact) []Fact {
	if fs == nil {
		return []Fact{}
	}
	return fs
}
