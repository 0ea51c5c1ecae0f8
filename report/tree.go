package report

import (
	"encoding/json"
	"fmt"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/chart"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/scenario"
)

// MinReach is the probability below which the tree chart collapses a
// subtree into one line: the flagship's 231 nodes would not fit a page.
const MinReach = 0.01

// tree draws the game of m at the run's parameter values with the
// equilibrium behaviour of the brief on its branches. It recomputes
// nothing: the behaviour comes from the result, the structure and the
// chance probabilities from the model.
func tree(m *scenario.Model, r *analysis.Result) (chart.Chart, error) {
	var o analysis.Options
	if len(r.Run.Options) > 0 {
		if err := json.Unmarshal(r.Run.Options, &o); err != nil {
			return nil, fmt.Errorf("report: the run's options: %w", err)
		}
	}
	in, err := m.Game(scenario.Values(o.Overrides))
	if err != nil {
		return nil, err
	}
	g := in.Game
	beh, err := behaviour(g, r)
	if err != nil {
		return nil, err
	}
	labels := map[int]string{}
	for _, lf := range m.Leaves() {
		labels[lf.Node] = m.Scenario.Outcomes[lf.Outcome].Label
	}
	c := &chart.Tree{Meta: chart.Meta{ID: "tree", Title: "Game tree with equilibrium probabilities",
		Desc: fmt.Sprintf("Subtrees reached with probability under %s are collapsed into one line.", chart.Percent(MinReach))},
		Players: g.Players}
	var walk func(n *game.Node, parent int, prob, reach float64)
	walk = func(n *game.Node, parent int, prob, reach float64) {
		nd := chart.TreeNode{Parent: parent, Prob: prob, Player: n.Player(), Label: labels[n.Index]}
		if n.Parent != nil {
			nd.Action = n.Parent.Infoset.Actions[n.Action].Label
		}
		switch {
		case n.IsTerminal():
			nd.Player = chart.TerminalNode
		case n.Player() == game.Chance:
			nd.Player = chart.ChanceNode
		default:
			nd.Infoset = fmt.Sprintf("%s:%d", g.Players[n.Player()], n.Infoset.Index+1)
		}
		if !n.IsTerminal() && parent >= 0 && reach < MinReach {
			nd.Player, nd.Infoset = chart.TerminalNode, ""
			nd.Label = fmt.Sprintf("… %d nodes below, reached with %s", subtree(n)-1, chart.Percent(reach))
			c.Nodes = append(c.Nodes, nd)
			return
		}
		c.Nodes = append(c.Nodes, nd)
		at := len(c.Nodes) - 1
		for a, k := range n.Children {
			p := branchProb(n, a, beh)
			walk(k, at, p, reach*p)
		}
	}
	walk(g.Root, -1, 1, 1)
	return c, nil
}

// behaviour returns the brief's equilibrium behaviour as a profile of g:
// the brief lists every player's information sets in g's order.
func behaviour(g *game.Game, r *analysis.Result) ([][][]float64, error) {
	out := make([][][]float64, len(g.Infosets))
	k := 0
	for p, sets := range g.Infosets {
		for _, set := range sets {
			if k >= len(r.Behaviour) || len(r.Behaviour[k].Actions) != len(set.Actions) {
				return nil, fmt.Errorf("report: the result's behaviour does not fit the scenario's game (information set %d of %s)", set.ID, g.Players[p])
			}
			var probs []float64
			for _, a := range r.Behaviour[k].Actions {
				probs = append(probs, a.Probability)
			}
			out[p] = append(out[p], probs)
			k++
		}
	}
	if k != len(r.Behaviour) {
		return nil, fmt.Errorf("report: the result has %d behaviours, the game %d information sets", len(r.Behaviour), k)
	}
	return out, nil
}

func branchProb(n *game.Node, a int, beh [][][]float64) float64 {
	set := n.Infoset
	if set.Player == game.Chance {
		f, _ := set.Actions[a].Prob.Float64()
		return f
	}
	return beh[set.Player][set.Index][a]
}

// subtree counts the nodes under n, n included.
func subtree(n *game.Node) int {
	c := 1
	for _, k := range n.Children {
		c += subtree(k)
	}
	return c
}
