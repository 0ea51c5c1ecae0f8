package draws

import (
	"context"
	"fmt"
	"github.com/tablero-project/tablero/brief/internal/actor"
	"math"

	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve/logit"
)

// Drawer evaluates a scenario at many sets of parameter values: the inner
// loop of Monte Carlo and sensitivity analysis. It solves the game in
// floating point on a structure prepared once (see logit.QRE), without
// building exact games; a draw's result depends only on its values.
//
// A Drawer is not safe for concurrent use; Clone gives each worker its own.
type Drawer struct {
	m       *scenario.Model
	mapping int
	lambda  float64 // override, when positive
	q       *logit.QRE
	chance  [][]int // member nodes of each chance information set
	reach   []float64
	names   []string
	plays   *plays // shared by clones; nil: solve every draw
}

// Solver says how each draw is solved: the outcome mapping (empty: the
// default), the base parameter values, which each draw's values override,
// the QRE precision when positive (else the scenario's), and the solver
// budget (0: solve.DefaultBudget).
type Solver struct {
	Mapping string
	Values  scenario.Values
	Lambda  float64
	Budget  int
}

// NewDrawer prepares a Drawer for m.
func NewDrawer(m *scenario.Model, opt Solver) (*Drawer, error) {
	mi, err := m.Mapping(opt.Mapping)
	if err != nil {
		return nil, err
	}
	in, err := m.Game(opt.Values)
	if err != nil {
		return nil, err
	}
	q, err := logit.NewQRE(in.Game, opt.Budget)
	if err != nil {
		return nil, err
	}
	d := &Drawer{m: m, mapping: mi, lambda: opt.Lambda, q: q, reach: make([]float64, len(in.Game.Nodes))}
	for _, set := range in.Game.ChanceInfosets {
		var nodes []int
		for _, n := range set.Members {
			nodes = append(nodes, n.Index)
		}
		d.chance = append(d.chance, nodes)
	}
	d.names = outputNames(m)
	return d, nil
}

// outputNames lists what Eval writes: scenario and result probabilities,
// then each actor-type's expected payoff by dimension and in total, then
// the hidden share of each result (when some outcome is hidden).
func outputNames(m *scenario.Model) []string {
	s := m.Scenario
	var names []string
	for _, l := range s.Scenarios {
		names = append(names, "scenario:"+l.ID)
	}
	for _, l := range s.Results {
		names = append(names, "result:"+l.ID)
	}
	for _, a := range s.Actors {
		for _, t := range typeIDs(a) {
			who := actor.TypeName(a.ID, t)
			for _, at := range s.Attributes {
				names = append(names, "cost:"+who+":"+at.ID)
			}
			names = append(names, "payoff:"+who)
		}
	}
	return append(names, hiddenNames(m)...)
}

// hiddenNames names the Monte Carlo outputs of the hidden shares,
// "hidden:R2", one per result; none when no outcome is hidden.
func hiddenNames(m *scenario.Model) []string {
	if len(equilibrium.HiddenOutcomes(m)) == 0 {
		return nil
	}
	var names []string
	for _, r := range m.Scenario.Results {
		names = append(names, "hidden:"+r.ID)
	}
	return names
}

func typeIDs(a scenario.Actor) []string {
	if len(a.Types) == 0 {
		return []string{""}
	}
	ids := make([]string, len(a.Types))
	for i, t := range a.Types {
		ids[i] = t.ID
	}
	return ids
}

// Outputs names the values Eval writes, in order: "scenario:S1",
// "result:R3", "cost:US=H:sov" (expected weight × score, conditional on the
// type), "payoff:US=H" and "hidden:R2".
func (d *Drawer) Outputs() []string { return d.names }

// Clone returns an independent Drawer.
func (d *Drawer) Clone() *Drawer {
	c := *d
	c.q = d.q.Clone()
	c.reach = make([]float64, len(d.reach))
	return &c
}

// Eval solves the scenario at v and writes the outputs into out.
func (d *Drawer) Eval(ctx context.Context, v scenario.Values, out []float64) error {
	nums, err := d.solve(ctx, v)
	if err != nil {
		return err
	}
	return d.write(nums, d.reach, out)
}

// solve solves the game at v, leaving the play's realisation probabilities
// in d.reach.
func (d *Drawer) solve(ctx context.Context, v scenario.Values) (*scenario.Numbers, error) {
	nums, err := d.m.Numbers(v)
	if err != nil {
		return nil, err
	}
	for i, lf := range d.m.Leaves() {
		d.q.SetPlay(lf.Node, nums.Payoffs[i])
	}
	for i, nodes := range d.chance {
		for _, k := range nodes {
			d.q.SetChance(k, nums.Chance[i])
		}
	}
	if d.plays.get(v, d.reach) {
		return nums, nil
	}
	lambda := nums.Lambda
	if d.lambda > 0 {
		lambda = d.lambda
	}
	if err := d.q.SolveReach(ctx, lambda, d.reach); err != nil {
		return nil, err
	}
	d.plays.put(v, d.reach)
	return nums, nil
}

// write fills out from the realisation probabilities.
func (d *Drawer) write(nums *scenario.Numbers, reach []float64, out []float64) error {
	if len(out) != len(d.names) {
		return fmt.Errorf("brief: Eval needs %d outputs, got %d", len(d.names), len(out))
	}
	scenarios, results, _ := equilibrium.Events(d.m, d.mapping, reach)
	k := 0
	for _, p := range append(scenarios, results...) {
		out[k] = p.Probability
		k++
	}
	for _, ac := range equilibrium.CostsOf(d.m, nums, reach).Actors {
		for _, c := range ac.ByDimension {
			out[k] = c
			k++
		}
		out[k] = ac.Total
		k++
	}
	if len(equilibrium.HiddenOutcomes(d.m)) > 0 {
		k += copy(out[k:], equilibrium.HiddenProbs(d.m, d.mapping, reach))
	}
	for _, x := range out {
		if math.IsNaN(x) {
			return fmt.Errorf("brief: the equilibrium gave NaN")
		}
	}
	return nil
}
