package brief

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/internal/scenariotest"
)

const covert = "testdata/covert.yaml"

// Point 6: the hidden outcome's probability is reported under the result
// the mapping puts it in, at the point and over the draws.
func TestHiddenShare(t *testing.T) {
	m := scenariotest.Model(t, covert)
	b := build(t, m, Options{})
	if b.Hidden == nil || len(b.Hidden.Outcomes) != 1 || b.Hidden.Outcomes[0] != "hidden" {
		t.Fatalf("hidden outcomes %+v", b.Hidden)
	}
	calm, esc := b.Hidden.Results[0], b.Hidden.Results[1]
	if want := prob(b.Outcomes, "hidden"); math.Abs(calm.Probability-want) > 1e-12 || want <= 0 {
		t.Errorf("hidden share of calm %v, want P(hidden outcome) %v", calm.Probability, want)
	}
	if math.Abs(calm.Share-calm.Probability/prob(b.Results, "calm")) > 1e-12 || esc.Probability != 0 {
		t.Errorf("calm share %v, escalation hidden %v", calm.Share, esc.Probability)
	}
	if err := b.Analyse(context.Background(), m, Options{}, draws.Sampling{Draws: 64, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	calm = b.Hidden.Results[0]
	if calm.P05 == nil || calm.P95 == nil || calm.AtDefaults == nil || *calm.P05 >= *calm.P95 || calm.Probability > b.Results[0].Probability {
		t.Errorf("hidden share over the draws %+v (calm %v)", calm, b.Results[0].Probability)
	}
	var md bytes.Buffer
	if err := b.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "**calm** Calm") || !strings.Contains(md.String(), "of which hidden (hidden)") {
		t.Errorf("no hidden line under the results:\n%s", md.String())
	}
}

// Point 4: each result's probability decomposes into the paths that
// produce it, and the executive summary says so first.
func TestPathsAndExecutiveSummary(t *testing.T) {
	m := scenariotest.Model(t, covert)
	b := build(t, m, Options{})
	esc := pathsOf(b.Refined.Paths, "escalation")
	if esc == nil || len(esc.Paths) != 1 {
		t.Fatalf("refined paths to escalation %+v", esc)
	}
	p := esc.Paths[0]
	if len(p.Factors) != 2 || p.Factors[0].Kind != "type" || p.Factors[0].Values[0] != "H" || p.Factors[1].Kind != "chance" || p.Factors[1].Values[0] != "Yes" {
		t.Fatalf("escalation factors %+v", p.Factors)
	}
	if math.Abs(p.Probability-0.3*0.4) > 1e-3 || math.Abs(p.Factors[0].Probability*p.Factors[1].Probability-p.Probability) > 1e-3 {
		t.Errorf("escalation path %v, factors %v × %v; want rho × leak = 0.12", p.Probability, p.Factors[0].Probability, p.Factors[1].Probability)
	}
	calm := pathsOf(b.Refined.Paths, "calm")
	if calm == nil || len(calm.Paths) != 2 || !calm.Paths[1].Hidden {
		t.Fatalf("calm paths %+v", calm)
	}
	for _, rp := range b.Paths { // at the headline, the listed paths and the rest add up
		sum := rp.Other
		for _, p := range rp.Paths {
			sum += p.Probability
		}
		if math.Abs(sum-prob(b.Results, rp.Name)) > 1e-9 {
			t.Errorf("%s: paths add to %v, result %v", rp.Name, sum, prob(b.Results, rp.Name))
		}
	}
	s := Summarize(b)
	if len(s.Sections) < 4 || s.Sections[0].Name != "headline" || s.Sections[1].Name != "mechanism" || len(s.Mechanism) != 2 {
		t.Fatalf("sections %+v", s.Sections)
	}
	for _, want := range []string{"“Escalation” (12%) = A resolved (30%) × it leaks (40%)", "resolved A (H): covert action, instrumental A (D): accept"} {
		if !strings.Contains(strings.Join(s.Mechanism, " "), want) {
			t.Errorf("mechanism lacks %q:\n%s", want, strings.Join(s.Mechanism, "\n"))
		}
	}
	if !strings.Contains(strings.Join(s.Sentences, " "), "had A (type D) chosen “covert action”") {
		t.Errorf("no off-path sentence:\n%s", strings.Join(s.Sentences, "\n"))
	}
	var md bytes.Buffer
	if err := b.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	text := md.String()
	order := []string{"## Executive summary", "**Mechanism.**", "## Results", "## Paths to each result", "## Decision margins", "# Appendix", "## Equilibrium behaviour", "## Assumptions"}
	at := 0
	for _, w := range order {
		i := strings.Index(text[at:], w)
		if i < 0 {
			t.Fatalf("missing or out of order %q in\n%s", w, text)
		}
		at += i
	}
}

// Point 10: a near tie carries its margin and the parameter value where
// it flips, found by bisection and confirmed by re-solving.
func TestNearTieFlip(t *testing.T) {
	b := build(t, scenariotest.Model(t, covert), Options{})
	var mg *equilibrium.Margin
	for i := range b.Margins {
		if b.Margins[i].Move == "m" {
			mg = &b.Margins[i]
		}
	}
	if mg == nil {
		t.Fatalf("no margin at B's reaction: %+v", b.Margins)
	}
	if !mg.OnPath || !mg.NearTie || mg.Plays.Action != "Absorb" || mg.Next.Action != "Retaliate" || math.Abs(mg.Margin-0.05) > 1e-9 {
		t.Errorf("margin %+v; want Absorb over Retaliate by 1 - g = 0.05", mg)
	}
	if len(mg.Flips) != 1 {
		t.Fatalf("flips %+v; want g alone", mg.Flips)
	}
	f := mg.Flips[0]
	if f.Param != "g" || !f.Above || math.Abs(f.Value-1) > 1e-6 || f.To.Action != "Retaliate" || f.Confirmed == nil || !*f.Confirmed {
		t.Errorf("flip %+v; want Retaliate when g > 1, confirmed", f)
	}
	if !strings.Contains(strings.Join(Summarize(b).Changes, " "), "by 0.05 utility (its payoffs span 3.0); it flips to retaliate when g > 1 (now 0.95), confirmed by re-solving") {
		t.Errorf("changes %q", Summarize(b).Changes)
	}
}

// The summary of a brief read back from its JSON document (as the server
// stores it) is the summary of the brief itself.
func TestSummaryFromJSON(t *testing.T) {
	b := build(t, scenariotest.Model(t, covert), Options{})
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var back Brief
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if got, want := Summarize(&back).Sentences, Summarize(b).Sentences; !slices.Equal(got, want) {
		t.Errorf("from JSON:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// BenchmarkExplain times what the executive summary adds to a brief of the
// bilateral flagship: the paths behind each result and the decision
// margins with their flips (and the confirming re-solves).
func BenchmarkExplain(b *testing.B) {
	m := scenariotest.Model(b, flagship)
	br := build(b, m, Options{})
	in, prof, _, err := solvePoint(context.Background(), m, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("paths", func(b *testing.B) {
		for b.Loop() {
			equilibrium.Paths(m, in, prof, 0)
		}
	})
	b.Run("margins", func(b *testing.B) {
		for b.Loop() {
			if _, err := equilibrium.Margins(context.Background(), m, in, br.Refined, nil, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
