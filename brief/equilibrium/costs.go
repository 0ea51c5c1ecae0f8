package equilibrium

import (
	"github.com/tablero-project/tablero/brief/internal/num"
	"github.com/tablero-project/tablero/scenario"
)

// Costs reports expected scores and payoffs by dimension.
type Costs struct {
	Dimensions []Dimension  `json:"dimensions"`
	Actors     []ActorCosts `json:"actors"`
}

// Dimension is an attribute with its expected score over the equilibrium
// play.
type Dimension struct {
	ID       string  `json:"id"`
	Label    string  `json:"label"`
	Kind     string  `json:"kind"`
	Expected float64 `json:"expected_score"`
}

// ActorCosts is an actor-type's expected payoff, split by dimension
// (weight × score, negative for costs) and by structural term, conditional
// on the type.
type ActorCosts struct {
	Actor       string      `json:"actor"`
	Type        string      `json:"type,omitempty"`
	Prior       float64     `json:"prior"`
	ByDimension []float64   `json:"by_dimension"`
	Terms       []TermValue `json:"terms"`
	Total       float64     `json:"expected_payoff"`
}

// TermValue is the expected contribution of a structural payoff term.
type TermValue struct {
	Label    string  `json:"label"`
	Expected float64 `json:"expected"`
}

// CostsOf computes the expected costs of the play with realisation
// probabilities reach, at numbers in of m.
func CostsOf(m *scenario.Model, in *scenario.Numbers, reach []float64) Costs {
	s := m.Scenario
	var c Costs
	for k, a := range s.Attributes {
		kind := a.Kind
		if kind == "" {
			kind = "cost"
		}
		d := Dimension{ID: a.ID, Label: a.Label, Kind: kind}
		for _, lf := range m.Leaves() {
			d.Expected += reach[lf.Node] * in.Attr[lf.Outcome][k]
		}
		d.Expected = num.Clean(d.Expected)
		c.Dimensions = append(c.Dimensions, d)
	}
	for a, actor := range s.Actors {
		n := max(len(actor.Types), 1)
		for t := 0; t < n; t++ {
			c.Actors = append(c.Actors, actorCosts(m, in, reach, a, t))
		}
	}
	return c
}

func actorCosts(m *scenario.Model, in *scenario.Numbers, reach []float64, a, t int) ActorCosts {
	s := m.Scenario
	actor := s.Actors[a]
	ac := ActorCosts{Actor: actor.ID, ByDimension: make([]float64, len(s.Attributes))}
	if len(actor.Types) > 0 {
		ac.Type = actor.Types[t].ID
	}
	terms := make([]float64, len(actor.Terms))
	w := in.Weight[a][t]
	for _, lf := range m.Leaves() {
		if lf.Types[a] != t {
			continue
		}
		p := reach[lf.Node]
		ac.Prior += p
		for k := range s.Attributes {
			ac.ByDimension[k] += p * w[k] * in.Attr[lf.Outcome][k]
		}
		for _, j := range lf.Terms[a] {
			terms[j] += p * in.Terms[lf.Outcome][a][j]
		}
	}
	if ac.Prior <= 0 {
		return ac
	}
	for k := range ac.ByDimension {
		ac.ByDimension[k] = num.Clean(ac.ByDimension[k] / ac.Prior)
		ac.Total += ac.ByDimension[k]
	}
	for j, term := range actor.Terms {
		v := num.Clean(terms[j] / ac.Prior)
		ac.Terms = append(ac.Terms, TermValue{Label: term.Label, Expected: v})
		ac.Total += v
	}
	ac.Prior = num.Clean(ac.Prior)
	return ac
}
