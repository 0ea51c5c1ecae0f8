package events

import (
	"testing"

	"github.com/tablero-project/tablero/scenario"
)

// TestFlagshipMapping reads the flagship scenario's mapping.
func TestFlagshipMapping(t *testing.T) {
	m, err := ReadMapping("../scenarios/us-mexico-2025.events.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Load(ScenarioBeside("../scenarios/us-mexico-2025.events.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.CheckScenario(s); err != nil {
		t.Error(err)
	}
	if len(m.Signposts()) != len(s.Signposts) {
		t.Errorf("the mapping covers %v of the scenario's %d signposts", m.Signposts(), len(s.Signposts))
	}
	if m.Scenario != "us-mexico-2025" {
		t.Errorf("scenario %q, signposts %v", m.Scenario, m.Signposts())
	}
	countries := map[string]bool{}
	for _, r := range m.Rules {
		for _, c := range append(append([]string{}, r.Source...), r.Target...) {
			countries[c] = true
		}
	}
	for _, c := range []string{"USA", "MEX", "CAN"} {
		if !countries[c] {
			t.Errorf("no rule involves %s", c)
		}
	}
}
