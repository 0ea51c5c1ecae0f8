package analysis

import (
	"errors"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/scenario"
)

func loadSignposts(t testing.TB) *Scenario {
	t.Helper()
	sc, err := Load("../scenario/testdata/signposts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// Observations are canonical (sorted, ids and defaults filled), give the
// run its own hash, and are checked against the scenario.
func TestCanonicalObservations(t *testing.T) {
	sc := loadSignposts(t)
	base, err := DefaultOptions().Canonical(sc)
	if err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	o.Observations = []scenario.Observation{
		{Date: "2025-01-03", Source: "s", Signpost: "rally"},
		{Date: "2025-01-02", Source: "s", Move: []string{"threat = Threaten"}},
	}
	c, err := o.Canonical(sc)
	if err != nil {
		t.Fatal(err)
	}
	if c.Observations[0].Move[0] != "threat=Threaten" || c.Observations[1].ID != "2025-01-03-signpost-rally" || !c.Observations[1].Happened() || c.Observations[1].Occurred == nil {
		t.Fatalf("not canonical: %+v", c.Observations)
	}
	again, err := c.Canonical(sc)
	if err != nil {
		t.Fatal(err)
	}
	h0, _ := Hash(sc, base)
	h1, _ := Hash(sc, c)
	h2, _ := Hash(sc, again)
	if h0 == h1 || h1 != h2 {
		t.Fatalf("hashes: without %s, with %s, canonical again %s", h0, h1, h2)
	}
	o.Observations = append(o.Observations, scenario.Observation{Date: "2025-01-04", Source: "s", Signpost: "coup"})
	_, err = o.Canonical(sc)
	if !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), `observation 2025-01-04-signpost-coup: unknown signpost "coup"`) {
		t.Fatalf("error %v", err)
	}
}
