package equilibrium

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve/logit"
)

// Refined is the sequential equilibrium selected as the limit of the logit
// QRE as precision grows: behaviour and beliefs at every information set,
// the scenarios and results it implies, and how each private type's signals
// separate.
type Refined struct {
	Lambda    float64  `json:"lambda"`
	Regret    float64  `json:"regret"` // relative agent regret of the approximation
	Scenarios []Prob   `json:"scenarios"`
	Results   []Prob   `json:"results"`
	Behaviour []Move   `json:"behaviour"`
	Signals   []Signal `json:"signals"`
	// Paths decompose each result's probability into the paths of play
	// that produce it.
	Paths []ResultPaths `json:"paths"`
	// OffPath says what would follow other choices at the first decisions
	// on the path.
	OffPath []Deviation `json:"off_path"`

	assess *logit.Assessment
	model  *scenario.Model // the model solved, and its play (for the
	reach  []float64       // probability of the evidence under it)
}

// Signal classifies what a move by an actor with private types reveals in
// one context: pooling (every type acts alike), separating (types choose
// disjoint actions) or semi-separating.
type Signal struct {
	Actor  string `json:"actor"`
	Move   string `json:"move"`
	Knows  []Fact `json:"knows"`
	Kind   string `json:"kind"`
	ByType []Move `json:"by_type"`
}

// Refine selects the sequential equilibrium of instance in of m as the
// limit of the logit QRE (solver work capped by budget) and describes it
// under mapping mi.
func Refine(ctx context.Context, m *scenario.Model, in *scenario.Instance, mi, budget int) (*Refined, error) {
	a, err := logit.Sequential(ctx, in.Game, logit.LogitOptions{Budget: budget})
	if err != nil {
		return nil, fmt.Errorf("brief: selecting a sequential equilibrium: %w", err)
	}
	reach := in.Game.Realization(a.Profile)
	r := &Refined{Lambda: a.Lambda, Regret: a.Regret, Paths: Paths(m, in, a.Profile, mi), assess: a, model: m, reach: reach}
	r.Scenarios, r.Results, _ = Events(m, mi, reach)
	weight := func(p, i, k int) float64 { return a.Beliefs[p][i][k] }
	r.Behaviour = behaviour(m, in, a.Profile, reach, weight)
	r.Signals = signals(m, r.Behaviour)
	r.OffPath = deviations(m, in, a.Profile, mi, r.Behaviour, r.Results)
	return r, nil
}

// Play returns the model solved and the refined equilibrium's realisation
// probabilities on its game's nodes.
func (r *Refined) Play() (*scenario.Model, []float64) { return r.model, r.reach }

// signals groups the moves of actors with private types by what else the
// mover knows, and classifies how the types' choices differ.
func signals(m *scenario.Model, moves []Move) []Signal {
	private := map[string]int{}
	for _, a := range m.Scenario.Actors {
		private[a.ID] = len(a.Types)
	}
	groups := map[string]*Signal{}
	var order []string
	for _, mv := range moves {
		if private[mv.Actor] < 2 || mv.Reach == 0 && len(mv.Knows) > 0 {
			continue
		}
		key := mv.Key()
		g, ok := groups[key]
		if !ok {
			g = &Signal{Actor: mv.Actor, Move: mv.Move, Knows: mv.Knows}
			groups[key] = g
			order = append(order, key)
		}
		g.ByType = append(g.ByType, mv)
	}
	var out []Signal
	for _, key := range order {
		g := groups[key]
		if len(g.ByType) < private[g.Actor] {
			continue // some type never gets here
		}
		g.Kind = classify(g.ByType)
		out = append(out, *g)
	}
	return out
}

// Key identifies the context of a decision: the actor, the move and what
// the mover knows there (not its type).
func (d Decision) Key() string { return d.Actor + "|" + d.Move + "|" + factKey(d.Knows) }

func factKey(fs []Fact) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Name + "=" + f.Value
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// classify compares the types' action distributions: pooling when they
// coincide, separating when their supports are disjoint.
func classify(byType []Move) string {
	const tol = 1e-4
	pooling, separating := true, true
	for i := range byType {
		for j := i + 1; j < len(byType); j++ {
			for a := range byType[i].Actions {
				p, q := byType[i].Actions[a].Probability, byType[j].Actions[a].Probability
				if math.Abs(p-q) > tol {
					pooling = false
				}
				if p > tol && q > tol {
					separating = false
				}
			}
		}
	}
	switch {
	case pooling:
		return "pooling"
	case separating:
		return "separating"
	}
	return "semi-separating"
}
