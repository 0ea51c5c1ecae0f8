package brief

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
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

// With evidence that measures no parameter (here an observed move), the
// posterior's Monte Carlo reuses every prior draw's play instead of
// re-solving it, and its posterior is still the brute-force one on the
// same draws.
func TestPosteriorDrawsReusePriorPlays(t *testing.T) {
	m := coinModel(t)
	opt := Options{Observations: []scenario.Observation{{Date: "2025-01-02", Source: "test", Move: []string{"a=Up"}}}}
	b, err := Build(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	const draws = 400
	if err := b.Analyse(context.Background(), m, opt, Sampling{Draws: draws, Seed: 5, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	if pl := b.Uncertainty.plays; pl == nil || pl.hits != draws {
		t.Fatalf("the posterior reused %v prior plays, want %d", pl, draws)
	}
	sw, err := newEvidenceSweep(context.Background(), m, opt, Sampling{Draws: draws, Seed: 5}, nil)
	if err != nil {
		t.Fatal(err)
	}
	num, den := 0.0, 0.0
	var x []float64
	for k := 0; k < sw.design.Draws(); k++ {
		x = sw.design.Point(k, x)
		v := scenario.Values{}
		for i, name := range sw.design.Names() {
			v[name] = x[i]
		}
		_, _, reach, err := solvePoint(context.Background(), m, Options{Values: v})
		if err != nil {
			t.Fatal(err)
		}
		u, err := sw.ev.Update(0, reach, sw.ev.Declared())
		if err != nil {
			t.Fatal(err)
		}
		num += u.Evidence * u.Results[1]
		den += u.Evidence
	}
	if got := b.Evidence.Results[1].Posterior; math.Abs(got-num/den) > 1e-9 {
		t.Errorf("P(R2 | a=Up) = %.12g with reused plays, %.12g re-solved", got, num/den)
	}
}
