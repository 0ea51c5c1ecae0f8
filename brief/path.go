package brief

import (
	"fmt"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/scenario"
)

// path lists the decisions taken with certainty at the decision nodes play
// reaches, in the order of the tree, and chance events with their odds:
// "d=Hard", "leaked: Yes 40%".
func path(m *scenario.Model, in *scenario.Instance, prof game.Behavior, reach []float64) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range in.Game.Nodes {
		s := n.Infoset
		if s == nil || reach[n.Index] <= 0 {
			continue
		}
		var step string
		if s.Player == game.Chance {
			step = chanceStep(s, reach[n.Index])
		} else {
			info := m.Infosets()[s.Player][s.Index]
			for a, p := range prof[s.Player][s.Index] {
				if p > 0 {
					step = fmt.Sprintf("%s=%s", info.Move, s.Actions[a].Label)
				}
			}
			if reach[n.Index] < 1-1e-12 {
				step += fmt.Sprintf(" (with probability %.0f%%)", 100*reach[n.Index])
			}
		}
		if !seen[step] {
			seen[step] = true
			out = append(out, step)
		}
	}
	return out
}

func chanceStep(s *game.Infoset, reach float64) string {
	step := s.Label + ":"
	for _, a := range s.Actions {
		f, _ := a.Prob.Float64()
		step += fmt.Sprintf(" %s %.0f%%", a.Label, 100*f)
	}
	if reach < 1-1e-12 {
		step += fmt.Sprintf(" (reached with probability %.0f%%)", 100*reach)
	}
	return step
}
