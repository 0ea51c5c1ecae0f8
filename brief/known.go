package brief

import (
	"context"
	"fmt"

	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve/pure"
)

// Known is the subgame-perfect benchmark for one profile of types: the game
// played as if every type were common knowledge and every move observed.
type Known struct {
	Types      []equilibrium.Fact `json:"types"`
	Equilibria int                `json:"equilibria"` // number of pure subgame-perfect equilibria
	Path       []string           `json:"path"`       // decisions on the path of play of the first one
	Scenarios  []Prob             `json:"scenarios"`
	Results    []Prob             `json:"results"`
	Payoffs    []float64          `json:"payoffs"`   // expected payoff of each actor
	Agree      bool               `json:"all_agree"` // every equilibrium gives the same scenario and result probabilities
}

// maxKnown caps the number of equilibria examined per type profile.
const maxKnown = 1000

func known(ctx context.Context, m *scenario.Model, opt Options, mi int) ([]Known, error) {
	var out []Known
	for _, types := range typeProfiles(m.Scenario) {
		cm, err := m.Complete(types)
		if err != nil {
			return nil, err
		}
		in, err := cm.Game(opt.Values)
		if err != nil {
			return nil, err
		}
		spes, err := pure.SPE(ctx, in.Game, opt.Budget)
		if err != nil {
			return nil, fmt.Errorf("brief: subgame-perfect equilibria with types %v: %w", types, err)
		}
		k := Known{Equilibria: len(spes), Agree: true}
		for _, a := range m.Scenario.Actors {
			if len(a.Types) > 1 {
				k.Types = append(k.Types, equilibrium.Fact{Name: a.ID, Value: types[a.ID]})
			}
		}
		for i, spe := range spes {
			if i == maxKnown {
				break
			}
			prof := spe.Behavior(in.Game)
			reach := in.Game.Realization(prof)
			var b Brief
			b.events(cm, mi, reach)
			if i == 0 {
				k.Scenarios, k.Results = nonzero(b.Scenarios), nonzero(b.Results)
				k.Path = path(cm, in, prof, reach)
				k.Payoffs = in.Game.Payoffs(prof)
			} else if !sameProbs(nonzero(b.Scenarios), k.Scenarios) || !sameProbs(nonzero(b.Results), k.Results) {
				k.Agree = false
			}
		}
		out = append(out, k)
	}
	return out, nil
}

// typeProfiles lists every combination of the actors' private types.
func typeProfiles(s *scenario.Scenario) []map[string]string {
	profiles := []map[string]string{{}}
	for _, a := range s.Actors {
		if len(a.Types) < 2 {
			continue
		}
		var next []map[string]string
		for _, p := range profiles {
			for _, t := range a.Types {
				q := map[string]string{a.ID: t.ID}
				for k, v := range p {
					q[k] = v
				}
				next = append(next, q)
			}
		}
		profiles = next
	}
	return profiles
}

func nonzero(ps []Prob) []Prob {
	var out []Prob
	for _, p := range ps {
		if p.Probability > 1e-12 {
			out = append(out, p)
		}
	}
	return out
}

func sameProbs(a, b []Prob) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || abs(a[i].Probability-b[i].Probability) > 1e-9 {
			return false
		}
	}
	return true
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
