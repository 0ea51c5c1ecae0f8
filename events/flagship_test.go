package events

import "testing"

// TestFlagshipMapping reads the flagship scenario's mapping.
func TestFlagshipMapping(t *testing.T) {
	m, err := ReadMapping("../scenarios/us-mexico-2025.events.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if m.Scenario != "us-mexico-2025" || len(m.Signposts()) != 9 {
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
