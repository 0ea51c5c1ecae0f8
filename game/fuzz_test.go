package game_test

import (
	"encoding/json"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// FuzzGameJSON feeds arbitrary bytes to the JSON reader of trees: no
// panic, and a tree it accepts is written and read back to the same
// shape.
func FuzzGameJSON(f *testing.F) {
	f.Add([]byte(`{"players":["A","B"],"root":{"player":1,"infoset":1,"actions":[{"label":"x"},{"label":"y"}],"children":[{"outcome":{"id":1,"payoffs":["1","0"]}},{"outcome":{"id":2,"payoffs":["0","1/2"]}}]}}`))
	f.Add([]byte(`{"players":["A"],"root":{"player":0,"infoset":1,"actions":[{"label":"h","prob":"1/3"},{"label":"t","prob":"2/3"}],"children":[{},{}]}}`))
	f.Add([]byte(`{"root":{"player":5}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var g game.Game
		if err := json.Unmarshal(data, &g); err != nil {
			return
		}
		out, err := json.Marshal(&g)
		if err != nil {
			t.Fatalf("accepted tree not written: %v", err)
		}
		var back game.Game
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("written tree not read back: %v\n%s", err, out)
		}
		if len(back.Nodes) != len(g.Nodes) || len(back.Infosets) != len(g.Infosets) {
			t.Fatalf("round trip changed the tree: %d nodes → %d", len(g.Nodes), len(back.Nodes))
		}
	})
}
