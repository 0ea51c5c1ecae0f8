package brief

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/scenario"
)

// The given observed move of the threat game is plausible under its noisy
// QRE (λ = 0.2) but all but impossible under the refined equilibrium: the
// brief says so first, in Markdown and in JSON.
func TestBriefWarnsOfANegligibleHistory(t *testing.T) {
	s, err := scenario.Load("../evidence/testdata/threat.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(context.Background(), m, Options{Observations: s.WithGiven(nil)})
	if err != nil {
		t.Fatal(err)
	}
	ps := b.Evidence.Plausibility
	if len(ps) != 2 || ps[0].Negligible || !ps[1].Negligible {
		t.Fatalf("plausibility %+v: want the QRE plausible and the refined equilibrium negligible", ps)
	}
	var md bytes.Buffer
	if err := b.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	warn := "**Warning: the observed history has probability "
	if i := strings.Index(md.String(), warn); i < 0 || i > strings.Index(md.String(), "## Results") {
		t.Errorf("the Markdown brief does not open with the warning:\n%s", md.String())
	}
	if !strings.Contains(md.String(), "under the model (refined equilibrium, λ = ") || !strings.Contains(md.String(), "a sign of misspecification, not a forecast") {
		t.Errorf("the warning does not name the solution and say what it means:\n%s", md.String())
	}
	js, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(js, []byte(`"negligible":true`)) || !bytes.Contains(js, []byte(`"warning":"the observed history has probability`)) {
		t.Errorf("the JSON brief lacks the flagged plausibility: %s", js)
	}
}
