package report

import (
	"math"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/chart"
)

// The tree carries the brief's behaviour on the branches of decision
// nodes, chance probabilities that sum to one, and joins information sets.
func TestTree(t *testing.T) {
	r, m := deterrence(t, analysis.Options{})
	c, err := tree(m, r)
	if err != nil {
		t.Fatal(err)
	}
	tr := c.(*chart.Tree)
	in, _ := m.Game(nil)
	if len(tr.Nodes) > len(in.Game.Nodes) || len(tr.Nodes) < 3 {
		t.Fatalf("%d nodes drawn of %d", len(tr.Nodes), len(in.Game.Nodes))
	}
	sums := map[int]float64{}
	for _, nd := range tr.Nodes[1:] {
		sums[nd.Parent] += nd.Prob
	}
	for p, s := range sums {
		if math.Abs(s-1) > 1e-9 {
			t.Errorf("branches from node %d sum to %g", p, s)
		}
	}
	// The root's first decision (after chance) plays the brief's first
	// behaviour.
	first := r.Behaviour[0]
	for i, nd := range tr.Nodes {
		if nd.Player < 0 {
			continue
		}
		var got []float64
		for _, k := range tr.Nodes {
			if k.Parent == i {
				got = append(got, k.Prob)
			}
		}
		for a, act := range first.Actions {
			if math.Abs(got[a]-act.Probability) > 1e-12 {
				t.Errorf("first decision: action %s has %g, the brief %g", act.Name, got[a], act.Probability)
			}
		}
		break
	}
	svg := string(chart.SVG(c))
	if n := strings.Count(svg, `class="node"`) + strings.Count(svg, `class="leaf"`); n != len(tr.Nodes) {
		t.Errorf("%d markers for %d nodes", n, len(tr.Nodes))
	}
	if strings.Count(svg, `class="branch"`) != len(tr.Nodes)-1 {
		t.Error("not one branch per non-root node")
	}
	sets := map[string]int{}
	for _, nd := range tr.Nodes {
		if nd.Infoset != "" {
			sets[nd.Infoset]++
		}
	}
	joined := 0
	for _, k := range sets {
		if k > 1 {
			joined++
		}
	}
	if joined == 0 || strings.Count(svg, `class="infoset"`) != joined {
		t.Errorf("%d information sets joined, %d drawn", joined, strings.Count(svg, `class="infoset"`))
	}
}

func TestTreeCollapses(t *testing.T) {
	r, m := flagship(t)
	c, err := tree(m, r)
	if err != nil {
		t.Fatal(err)
	}
	tr := c.(*chart.Tree)
	collapsed := 0
	for _, nd := range tr.Nodes {
		if strings.HasPrefix(nd.Label, "… ") {
			collapsed++
		}
	}
	in, _ := m.Game(nil)
	if collapsed == 0 || len(tr.Nodes) >= len(in.Game.Nodes) {
		t.Errorf("%d of %d nodes drawn, %d collapsed", len(tr.Nodes), len(in.Game.Nodes), collapsed)
	}
}

// A result whose behaviour does not fit the scenario is refused.
func TestTreeMismatch(t *testing.T) {
	r, m := deterrence(t, analysis.Options{})
	r.Behaviour = r.Behaviour[1:]
	if _, err := tree(m, r); err == nil || !strings.Contains(err.Error(), "does not fit") && !strings.Contains(err.Error(), "behaviours") {
		t.Errorf("error %v", err)
	}
}
