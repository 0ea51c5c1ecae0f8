package analysis

import (
	"testing"
)

// A scenario's given observations (what had already happened) are part of
// every run's options, asked or not, and asking for the scenario's whole
// list applies them once.
func TestGivenObservationsApplyToEveryRun(t *testing.T) {
	sc, err := Load("../evidence/testdata/threat.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, asked := range map[string]Options{"none asked": {}, "the whole list asked": {Observations: sc.Doc.Observations}} {
		c, err := asked.Canonical(sc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(c.Observations) != 1 || c.Observations[0].ID != "threat-made" {
			t.Errorf("%s: observations %+v, want the given threat-made once", name, c.Observations)
		}
	}
}
