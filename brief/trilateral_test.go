package brief

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/internal/scenariotest"
	"github.com/tablero-project/tablero/scenario"
)

// trilateral is flagship v2: the same crisis with Canada as a player and
// a three-party package negotiation (docs/flagship.md).
const trilateral = "../scenarios/us-mexico-canada-2025.yaml"

// action is the probability actor-type plays action at the decision of
// move whose knowledge includes every fact in knows ("d=Split", ...).
func action(t *testing.T, b *Brief, actor, typ, move, act string, knows ...string) float64 {
	t.Helper()
	for _, mv := range b.Behaviour {
		if mv.Actor != actor || mv.Type != typ || mv.Move != move || !knowsAll(mv.Knows, knows) {
			continue
		}
		if p := prob(mv.Actions, act); p == p {
			return p
		}
	}
	t.Fatalf("no decision %s=%s %s knowing %v with action %s", actor, typ, move, knows, act)
	return 0
}

func knowsAll(facts []equilibrium.Fact, want []string) bool {
	have := map[string]bool{}
	for _, f := range facts {
		have[f.Name+"="+f.Value] = true
	}
	for _, w := range want {
		if !have[w] {
			return false
		}
	}
	return len(facts) == len(want)
}

// hardShare is the prior-weighted probability that the US opens with
// anything but the soft demand.
func hardShare(t *testing.T, b *Brief, m *scenario.Model) float64 {
	t.Helper()
	rho := m.Scenario.Parameters[0]
	if rho.ID != "rho" {
		t.Fatalf("first parameter is %s, want rho", rho.ID)
	}
	return rho.Default*(1-action(t, b, "US", "H", "d", "Soft")) + (1-rho.Default)*(1-action(t, b, "US", "D", "d", "Soft"))
}

// TestTrilateralShape checks that Canada is a player with a private type
// and a move, that the US chooses between bilateral deals and a trilateral
// package, that the negotiation has three parties and that every parameter
// carries provenance and a range.
func TestTrilateralShape(t *testing.T) {
	m := scenariotest.Model(t, trilateral)
	s := m.Scenario
	var ca *scenario.Actor
	for i := range s.Actors {
		if s.Actors[i].ID == "CA" {
			ca = &s.Actors[i]
		}
	}
	if ca == nil || len(ca.Types) != 2 {
		t.Fatalf("Canada is not a player with two types: %+v", ca)
	}
	moves := map[string][]string{}
	for _, mv := range s.Moves {
		for _, a := range mv.Actions {
			moves[mv.ID] = append(moves[mv.ID], a.ID)
		}
	}
	if got := strings.Join(moves["d"], ","); got != "Soft,Hard" {
		t.Errorf("US demands %s, want Soft,Hard", got)
	}
	if got := strings.Join(moves["f"], ","); got != "Split,Tri" {
		t.Errorf("formats of the hard demand %s, want Split,Tri", got)
	}
	if got := strings.Join(moves["c"], ","); got != "Coord,Separate" {
		t.Errorf("Canada's move %s, want Coord,Separate", got)
	}
	if n := len(s.Negotiation.Parties); n != 3 {
		t.Errorf("negotiation has %d parties, want 3", n)
	}
	for _, p := range s.Parameters {
		if p.Provenance == "" || len(p.Range) != 2 && p.Distribution == nil || len(p.Refs) == 0 && p.ID != "qre_lambda" {
			t.Errorf("parameter %s lacks provenance, range or motivating claims", p.ID)
		}
	}
}

// TestTrilateralBrief runs the trilateral flagship with a few draws and
// checks that its brief shows Canada's choices, the US choice of format
// and the three-party negotiation.
func TestTrilateralBrief(t *testing.T) {
	m := scenariotest.Model(t, trilateral)
	b := build(t, m, Options{})
	if err := b.Analyse(context.Background(), m, Options{}, draws.Sampling{Draws: 16, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"| CA | A | c | d=Hard, f=Split |", "| CA | S | c | d=Hard, f=Tri |", // Canada's choices by type
		"Soft ", "Split ", "Tri ", // the US choice of format
		"| MX | T | r | d=Hard, f=Split, c=Separate |", // Mexico sees Canada's choice
		"utilities are (US, MX, CA)", "- CA: ",         // the three-party negotiation
		"format=trilateral", "| CA=S, MX=L, US=H |",
		"Over the 16 draws",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
	n := b.Negotiation
	if n == nil || len(n.Parties) != 3 || n.Linked.Range == 0 || n.Linked.Frontier == 0 {
		t.Fatalf("three-party negotiation missing or empty: %+v", n)
	}
	if n.Ratified.Range > n.Linked.Range || n.Ratified.Range == 0 {
		t.Errorf("win-sets give %d packages of %d", n.Ratified.Range, n.Linked.Range)
	}
	if len(n.ByType) != 8 {
		t.Errorf("%d type profiles in the negotiation, want 8", len(n.ByType))
	}
}

// TestBilateralVsTrilateral checks the qualitative differences the
// trilateral model should make (docs/flagship.md explains each):
//
//  1. Canada's private type shows in its play: the aligned type stands
//     with Mexico more often than the deal-seeking type, after either
//     form of hard demand.
//  2. Mexico stands firm less often once Canada has settled separately
//     (isolation, no common front) than when Canada coordinates.
//  3. Divide and rule pays only when the US can split: a larger gain
//     from Canada's separate deal makes the bilateral-deals demand likelier.
//     A likelier aligned Canada makes it less likely (nothing to split).
//  4. With two hard instruments instead of one, the US opens hard more
//     often than in the bilateral game, so softer rhetoric (R1, which
//     needs the status quo or hidden covert action after a firm answer)
//     is less likely.
//  5. Linkage across three parties: Canada's own issues alone leave no
//     bargaining range, the full package does, and its Nash package keeps
//     the trilateral format that Mexico and an aligned Canada ratify.
//  6. Divide and rule at the table: the package best for the US within
//     the bargaining range is separate bilateral deals, and an aligned
//     Canada's win-set removes it (within every win-set the US's best
//     package is trilateral).
func TestBilateralVsTrilateral(t *testing.T) {
	bm, tm := scenariotest.Model(t, flagship), scenariotest.Model(t, trilateral)
	bi, tri := build(t, bm, Options{}), build(t, tm, Options{})
	for _, d := range []string{"f=Split", "f=Tri"} {
		if a, s := action(t, tri, "CA", "A", "c", "Coord", "d=Hard", d), action(t, tri, "CA", "S", "c", "Coord", "d=Hard", d); a <= s+0.3 {
			t.Errorf("after %s aligned Canada coordinates with %.3f, deal-seeking with %.3f", d, a, s)
		}
		for _, ty := range []string{"T", "L"} {
			coord := action(t, tri, "MX", ty, "r", "F", "d=Hard", d, "c=Coord")
			sep := action(t, tri, "MX", ty, "r", "F", "d=Hard", d, "c=Separate")
			if sep >= coord {
				t.Errorf("Mexico %s after %s stands firm with %.3f when Canada settles, %.3f when it coordinates", ty, d, sep, coord)
			}
		}
	}
	split := func(v scenario.Values) float64 {
		b := build(t, tm, Options{Values: v})
		return action(t, b, "US", "D", "f", "Split", "d=Hard")
	}
	if lo, hi := split(scenario.Values{"split_gain": 0.5}), split(scenario.Values{"split_gain": 3}); hi <= lo {
		t.Errorf("P(Split | D) goes %.3f -> %.3f as split_gain rises", lo, hi)
	}
	if lo, hi := split(scenario.Values{"ca_aligned": 0.35}), split(scenario.Values{"ca_aligned": 0.85}); hi >= lo {
		t.Errorf("P(Split | D) goes %.3f -> %.3f as an aligned Canada becomes likelier", lo, hi)
	}
	if hb, ht := hardShare(t, bi, bm), hardShare(t, tri, tm); ht <= hb {
		t.Errorf("US opens hard with %.3f in the trilateral game, %.3f in the bilateral", ht, hb)
	}
	if rb, rt := prob(bi.Results, "R1"), prob(tri.Results, "R1"); rt >= rb {
		t.Errorf("R1 %.3f in the trilateral game, %.3f in the bilateral", rt, rb)
	}
	n := tri.Negotiation
	for _, a := range n.Agendas {
		if a.ID == "canada-track" && a.Range != 0 {
			t.Errorf("Canada's track alone has a range of %d packages", a.Range)
		}
	}
	if n.Linked.Range == 0 || n.Ratified.Nash == nil || !strings.Contains(n.Ratified.Nash.String(), "format=trilateral") {
		t.Errorf("ratified Nash package %v, want one in the trilateral format", n.Ratified.Nash)
	}
	if len(n.Linked.BestFor) != 3 || len(n.Ratified.BestFor) != 3 {
		t.Fatalf("best-for packages: %d and %d, want one per party", len(n.Linked.BestFor), len(n.Ratified.BestFor))
	}
	if us := n.Linked.BestFor[0].String(); !strings.Contains(us, "format=bilateral") {
		t.Errorf("best package for the US in the range is %s, want bilateral deals", us)
	}
	if us := n.Ratified.BestFor[0].String(); !strings.Contains(us, "format=trilateral") {
		t.Errorf("best ratifiable package for the US is %s, want the trilateral format", us)
	}
}
