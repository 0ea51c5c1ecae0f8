package server

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/scenario"
)

// RunTree is the game tree of a run, for drawing: the scenario's tree at
// the run's parameter values (defaults and overrides), each node with the
// run's equilibrium probabilities on its actions. The brief has the
// behaviour by information set but not the tree; this joins them.
type RunTree struct {
	RunID   string   `json:"run_id"`
	Mapping string   `json:"mapping"`
	Players []string `json:"players"`
	// Nodes lists the tree in depth-first pre-order, the root first.
	Nodes []TreeNode `json:"nodes"`
}

// TreeNode is a node of a RunTree.
type TreeNode struct {
	ID     int `json:"id"`
	Parent int `json:"parent"` // -1 at the root
	// Action is the index of the parent's action leading here (-1 at the
	// root).
	Action int `json:"action"`
	// Player is the mover's label, "chance" for a chance node, empty at
	// a terminal node.
	Player string `json:"player,omitempty"`
	// Infoset names the information set ("US:3": the player's third), so
	// members of one set can be joined as Gambit draws them.
	Infoset      string       `json:"infoset,omitempty"`
	InfosetLabel string       `json:"infoset_label,omitempty"`
	Actions      []TreeAction `json:"actions,omitempty"`
	// Outcome, Scenario and Result classify a terminal node under the
	// run's mapping.
	Outcome  string `json:"outcome,omitempty"`
	Scenario string `json:"scenario,omitempty"`
	Result   string `json:"result,omitempty"`
}

// TreeAction is an action with its probability: the chance probability
// at chance nodes, the equilibrium behaviour elsewhere.
type TreeAction struct {
	Label       string  `json:"label"`
	Probability float64 `json:"probability"`
}

func (s *Server) runTree(w http.ResponseWriter, r *http.Request) error {
	run, err := s.succeeded(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	sc, err := s.storedScenario(r, run.ScenarioID)
	if err != nil {
		return err
	}
	var res struct {
		Behaviour []equilibrium.Move `json:"behaviour"`
	}
	var o analysis.Options
	if err := json.Unmarshal(run.Result, &res); err != nil {
		return fmt.Errorf("run %s: result: %w", run.ID, err)
	}
	if err := json.Unmarshal(run.Options, &o); err != nil {
		return fmt.Errorf("run %s: options: %w", run.ID, err)
	}
	t, err := buildTree(sc, o, res.Behaviour)
	if err != nil {
		return fmt.Errorf("run %s: %w", run.ID, err)
	}
	t.RunID = run.ID
	return writeJSON(w, http.StatusOK, t)
}

// buildTree evaluates sc's tree under o and puts behaviour on it. The
// brief lists behaviour by player, then by information set in the game's
// order, which is the order used here.
func buildTree(sc *analysis.Scenario, o analysis.Options, behaviour []equilibrium.Move) (*RunTree, error) {
	mi, err := sc.Model.Mapping(o.Mapping)
	if err != nil {
		return nil, err
	}
	in, err := sc.Model.Game(scenario.Values(o.Overrides))
	if err != nil {
		return nil, err
	}
	g := in.Game
	first := make([]int, len(g.Infosets)) // index in behaviour of each player's first set
	n := 0
	for p, sets := range g.Infosets {
		first[p] = n
		n += len(sets)
	}
	if n != len(behaviour) {
		return nil, fmt.Errorf("the result has %d behaviour entries, the tree %d information sets", len(behaviour), n)
	}
	doc := sc.Doc
	t := &RunTree{Mapping: doc.Mappings[mi].ID, Players: g.Players, Nodes: make([]TreeNode, len(g.Nodes))}
	for i, nd := range g.Nodes {
		tn := TreeNode{ID: i, Parent: -1, Action: -1}
		if nd.Parent != nil {
			tn.Parent, tn.Action = nd.Parent.Index, nd.Action
		}
		if set := nd.Infoset; set != nil {
			tn.InfosetLabel = set.Label
			if set.Player == game.Chance {
				tn.Player, tn.Infoset = "chance", fmt.Sprintf("chance:%d", set.Index+1)
			} else {
				tn.Player, tn.Infoset = g.Players[set.Player], fmt.Sprintf("%s:%d", g.Players[set.Player], set.Index+1)
			}
			for a, act := range set.Actions {
				ta := TreeAction{Label: act.Label}
				if set.Player == game.Chance {
					ta.Probability, _ = act.Prob.Float64()
				} else if mv := behaviour[first[set.Player]+set.Index]; a < len(mv.Actions) {
					ta.Probability = mv.Actions[a].Probability
				}
				tn.Actions = append(tn.Actions, ta)
			}
		}
		t.Nodes[i] = tn
	}
	for _, lf := range sc.Model.Leaves() {
		tn := &t.Nodes[lf.Node]
		tn.Outcome = doc.Outcomes[lf.Outcome].ID
		if k := lf.Scenario[mi]; k >= 0 && k < len(doc.Scenarios) {
			tn.Scenario = doc.Scenarios[k].ID
		}
		if k := lf.Result[mi]; k >= 0 && k < len(doc.Results) {
			tn.Result = doc.Results[k].ID
		}
	}
	return t, nil
}
