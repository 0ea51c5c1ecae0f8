package equilibrium

import (
	"encoding/json"
	"testing"
)

// TestDecisionFlattens checks that Move and Margin encode their embedded
// Decision as fields of their own, in the order they had before sharing
// it.
func TestDecisionFlattens(t *testing.T) {
	d := Decision{Actor: "US", Type: "H", TypeLabel: "resolved", Move: "d", MoveLabel: "demand", Knows: []Fact{{Name: "MX", Value: "T"}}, Reach: 0.5}
	for _, c := range []struct {
		name string
		v    any
		want string
	}{
		{"move", Move{Decision: d, Actions: []Prob{{Name: "Hard", Label: "hard", Probability: 1}}},
			`{"actor":"US","type":"H","type_label":"resolved","move":"d","move_label":"demand","knows":[{"name":"MX","value":"T"}],"reach":0.5,` +
				`"actions":[{"name":"Hard","label":"hard","probability":1}]}`},
		{"margin", Margin{Decision: d, OnPath: true, Flips: []Flip{}},
			`{"actor":"US","type":"H","type_label":"resolved","move":"d","move_label":"demand","knows":[{"name":"MX","value":"T"}],"reach":0.5,` +
				`"on_path":true,"plays":{"action":"","label":"","value":0},"next":{"action":"","label":"","value":0},"margin":0,"scale":0,"near_tie":false,"mixed":false,"flips":[]}`},
	} {
		got, err := json.Marshal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

// TestDecisionKey checks that a decision's key names its context, not the
// mover's type, and does not depend on the order of what it knows.
func TestDecisionKey(t *testing.T) {
	a := Decision{Actor: "US", Type: "H", Move: "d", Knows: []Fact{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}}}
	b := Decision{Actor: "US", Type: "S", Move: "d", Knows: []Fact{{Name: "b", Value: "2"}, {Name: "a", Value: "1"}}}
	if a.Key() != b.Key() {
		t.Errorf("keys %q and %q differ", a.Key(), b.Key())
	}
	if c := (Decision{Actor: "US", Move: "d"}); c.Key() == a.Key() {
		t.Errorf("key %q ignores what the mover knows", c.Key())
	}
}
