package game_test

import (
	"encoding/json"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// TestJSONNumbersSets checks the round trip of a tree built in code, whose
// information sets and outcomes carry no numbers (ID 0), as the trees a
// scenario generates: each set and outcome must stay distinct.
func TestJSONNumbersSets(t *testing.T) {
	a, b := set(0, "x", "y"), set(0, "l", "m", "r")
	c1, c2 := chanceSet("1/2", "1/2"), chanceSet("1/3", "2/3")
	g := tree(t, 2, move(c1,
		move(a, move(c2, leaf("1", "0"), leaf("0", "1")), leaf("2", "2")),
		move(b, leaf("3", "0"), leaf("0", "3"), leaf("1", "1"))))
	data, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	var back game.Game
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("round trip: %v\n%s", err, data)
	}
	if len(back.Infosets[0]) != 2 || len(back.ChanceInfosets) != 2 || len(back.Outcomes) != 6 {
		t.Errorf("round trip gives %d sets of player 1, %d chance sets and %d outcomes, want 2, 2 and 6",
			len(back.Infosets[0]), len(back.ChanceInfosets), len(back.Outcomes))
	}
	for i, n := range g.Nodes {
		m := back.Nodes[i]
		if len(n.Children) != len(m.Children) || (n.Outcome == nil) != (m.Outcome == nil) {
			t.Fatalf("node %d differs", i)
		}
		if n.Outcome != nil && n.Outcome.Payoffs[0].Cmp(m.Outcome.Payoffs[0]) != 0 {
			t.Errorf("node %d pays %v, want %v", i, m.Outcome.Payoffs[0], n.Outcome.Payoffs[0])
		}
	}
}
