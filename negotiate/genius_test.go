package negotiate

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"
)

func mustDomain(t *testing.T, src string) *Domain {
	t.Helper()
	d, err := ReadDomainXML(strings.NewReader(src), XMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestReadDomainXML(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		issues []string
		kinds  []IssueKind
		cards  []int
		size   float64
	}{
		{"plain", `<negotiation_template><utility_space><objective index="0" name="X">
			<issue index="1" name="a" type="discrete"><item index="1" value="x"/><item index="2" value="y"/></issue>
			<issue index="2" name="b" type="integer" lowerbound="-2" upperbound="2"/>
			<issue index="3" name="c" type="real"><range lowerbound="0" upperbound="1"/></issue>
			</objective></utility_space></negotiation_template>`,
			[]string{"a", "b", "c"}, []IssueKind{Discrete, Integer, Real}, []int{2, 5, 21}, 210},
		{"quirks: late declaration, bare &, indices from 2 with a gap, no type", `
			<negotiation_template><?xml version="1.0"?><utility_space><objective index="0" name="R&D">
			<issue index="5" name="late"><item value="p & q"/><item value="r"/></issue>
			<issue index="2" name="early" vtype="discrete"><item value="s"/></issue>
			</objective></utility_space></negotiation_template>`,
			[]string{"early", "late"}, []IssueKind{Discrete, Discrete}, []int{1, 2}, 2},
		{"bare objective root, BOM, Latin-1", "\xef\xbb\xbf<objective index=\"0\" name=\"n\"><issue index=\"1\" name=\"caf\xe9\"><item value=\"1\"/></issue></objective>",
			[]string{"caf\u00e9"}, []IssueKind{Discrete}, []int{1}, 1},
		{"integer inferred from bounds, real from range", `<objective><issue index="1" name="i" lowerbound="1" upperbound="3"/><issue index="2" name="r"><range lowerbound="1" upperbound="2"/></issue></objective>`,
			[]string{"i", "r"}, []IssueKind{Integer, Real}, []int{3, 21}, 63},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := mustDomain(t, tc.src)
			if len(d.Issues) != len(tc.issues) {
				t.Fatalf("%d issues, want %d", len(d.Issues), len(tc.issues))
			}
			for i := range tc.issues {
				if d.Issues[i].Name != tc.issues[i] || d.Issues[i].Kind != tc.kinds[i] || d.Issues[i].Card() != tc.cards[i] {
					t.Errorf("issue %d = %q %v %d", i, d.Issues[i].Name, d.Issues[i].Kind, d.Issues[i].Card())
				}
			}
			if d.Size() != tc.size {
				t.Errorf("size %g, want %g", d.Size(), tc.size)
			}
		})
	}
	bad := []string{
		``,
		`<objective/>`,
		`<objective><issue name="a" type="integer" lowerbound="3" upperbound="1"/></objective>`,
		`<objective><issue name="a" type="discrete"/></objective>`,
		`<objective><issue name="a" type="real"><range lowerbound="x" upperbound="1"/></issue></objective>`,
		`<objective><issue name="a" type="integer" lowerbound="0" upperbound="1e12"/></objective>`,
	}
	for _, src := range bad {
		if _, err := ReadDomainXML(strings.NewReader(src), XMLOptions{}); err == nil {
			t.Errorf("no error for %q", src)
		}
	}
}

const semDomain = `<negotiation_template><utility_space><objective index="0" name="S">
<issue index="1" name="d" type="discrete"><item value="a"/><item value="b"/><item value="c"/></issue>
<issue index="2" name="i" type="integer" lowerbound="10" upperbound="14"/>
<issue index="3" name="r" type="real"><range lowerbound="0" upperbound="10"/></issue>
</objective></utility_space></negotiation_template>`

const semProfile = `<utility_space><objective index="0" name="S">
<issue index="1" name="d" type="discrete"><item value="a" evaluation="2"/><item value="b" evaluation="8"/><item value="c"/></issue>
<issue index="2" name="i" type="integer" lowerbound="10" upperbound="14"><evaluator ftype="linear" slope="0.4" offset="-0.2"/></issue>
<issue index="3" name="r" type="real"><range lowerbound="0" upperbound="10"/><evaluator ftype="linear" parameter0="1.2" parameter1="-0.1"/></issue>
<weight index="1" value="0.5"/><weight index="2" value="0.3"/><weight index="3" value="0.4"/>
</objective><discount_factor value="0.5"/><reservation value="0.25"/></utility_space>`

// TestGeniusSemantics checks GENIUS's utility semantics: per-issue max
// normalisation, the integer lower-bound shift, clipping, the cap at 1 and
// discounting d^t.
func TestGeniusSemantics(t *testing.T) {
	d := mustDomain(t, semDomain)
	p, err := ReadProfileXML(strings.NewReader(semProfile), d, XMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Reservation != 0.25 || p.DiscountFactor() != 0.5 || !p.Cap {
		t.Fatalf("reservation %g discount %g cap %v", p.Reservation, p.Discount, p.Cap)
	}
	u, err := Compile(d, p)
	if err != nil {
		t.Fatal(err)
	}
	clip := func(x float64) float64 { return math.Max(0, math.Min(1, x)) }
	tests := []struct {
		o    []int
		want float64
	}{
		// d: a → 2/8; i=10 → clip(-0.2) = 0; r=0 → clip(1.2) = 1
		{[]int{0, 0, 0}, 0.5*0.25 + 0 + 0.4*1},
		// d: b → 1; i=12 → 0.4·2 − 0.2 = 0.6; r=5 (grid 10) → 0.7; sum 1.06 capped
		{[]int{1, 2, 10}, math.Min(1, 0.5+0.3*0.6+0.4*0.7)},
		// d: c (no evaluation) → 0; i=14 → clip(1.4) = 1; r=10 → 0.2
		{[]int{2, 4, 20}, 0.3 + 0.4*clip(0.2)},
	}
	for _, tc := range tests {
		if got := u.Eval(tc.o); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("U(%v) = %v, want %v", tc.o, got, tc.want)
		}
	}
	if got := p.Discounted(0.8, 1); math.Abs(got-0.4) > 1e-12 {
		t.Errorf("discounted = %v", got)
	}
	if got := p.Discounted(0.8, 0.5); math.Abs(got-0.8*math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("discounted at t=0.5 = %v", got)
	}
	for _, df := range []float64{0, -1, 1.5, 1} {
		q := Profile{Discount: df}
		if q.DiscountFactor() != 1 {
			t.Errorf("discount %g should mean none", df)
		}
	}
	p2, _ := ReadProfileXML(strings.NewReader(semProfile), d, XMLOptions{NoCap: true})
	u2, _ := Compile(d, p2)
	if got := u2.Eval([]int{1, 2, 10}); math.Abs(got-(0.5+0.3*0.6+0.4*0.7)) > 1e-12 {
		t.Errorf("uncapped = %v", got)
	}
	// evaluating the whole space gives the same numbers as Eval
	s, err := Evaluate(context.Background(), d, []*Profile{p, p2}, 0)
	if err != nil {
		t.Fatal(err)
	}
	o := make([]int, 3)
	for id := 0; id < s.N; id++ {
		d.Decode(int64(id), o)
		if s.U[0][id] != u.Eval(o) || s.U[1][id] != u2.Eval(o) {
			t.Fatalf("outcome %d: %v %v vs %v %v", id, s.U[0][id], s.U[1][id], u.Eval(o), u2.Eval(o))
		}
		if d.Encode(o) != int64(id) {
			t.Fatalf("encode(decode(%d)) = %d", id, d.Encode(o))
		}
	}
}

func TestNonlinearProfileXML(t *testing.T) {
	d := mustDomain(t, `<objective><issue index="1" name="x" type="integer" lowerbound="0" upperbound="9"/><issue index="2" name="y" type="integer" lowerbound="0" upperbound="9"/></objective>`)
	p, err := ReadProfileXML(strings.NewReader(`<utility_space type="nonlinear"><objective index="0" name="root">
		<utility maxutility="10"><ufun type="PlainUfun" weight="1" aggregation="sum">
		<hyperRectangle utility="4"><INCLUDES index="1" min="2" max="5"/></hyperRectangle>
		<hyperRectangle utility="6"><INCLUDES index="1" min="0" max="3"/><INCLUDES index="2" min="7" max="9"/></hyperRectangle>
		<hyperRectangle utility="1"><EXCLUDES index="2" min="0" max="8"/></hyperRectangle>
		</ufun></utility></objective></utility_space>`), d, XMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := Compile(d, p)
	tests := []struct {
		o    []int
		want float64
	}{
		{[]int{0, 0}, 0},
		{[]int{2, 0}, 0.4},
		{[]int{3, 8}, 1.0},
		{[]int{3, 9}, 1.1},
		{[]int{9, 9}, 0.1},
	}
	for _, tc := range tests {
		if got := u.Eval(tc.o); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("U(%v) = %v, want %v", tc.o, got, tc.want)
		}
	}
	// round trip
	var buf bytes.Buffer
	if err := WriteProfileXML(&buf, d, p); err != nil {
		t.Fatal(err)
	}
	q, err := ReadProfileXML(&buf, d, XMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	uq, _ := Compile(d, q)
	for _, tc := range tests {
		if got := uq.Eval(tc.o); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("round trip U(%v) = %v, want %v", tc.o, got, tc.want)
		}
	}
}

// TestXMLRoundTrip writes a domain and profile and reads them back with the
// same utilities everywhere (a table whose maximum is not 1 is folded into
// the weight).
func TestXMLRoundTrip(t *testing.T) {
	d := mustDomain(t, semDomain)
	p, err := ReadProfileXML(strings.NewReader(semProfile), d, XMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p.Evaluators[0].Table = []float64{0.1, 0.5, 0.25} // max 0.5 ≠ 1
	var db, pb bytes.Buffer
	if err := WriteDomainXML(&db, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteProfileXML(&pb, d, p); err != nil {
		t.Fatal(err)
	}
	d2, err := ReadDomainXML(&db, XMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := ReadProfileXML(&pb, d2, XMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s1, _ := Evaluate(context.Background(), d, []*Profile{p}, 0)
	s2, _ := Evaluate(context.Background(), d2, []*Profile{p2}, 0)
	if s1.N != s2.N {
		t.Fatalf("sizes %d %d", s1.N, s2.N)
	}
	for i := range s1.U[0] {
		if math.Abs(s1.U[0][i]-s2.U[0][i]) > 1e-12 {
			t.Fatalf("outcome %d: %v vs %v", i, s1.U[0][i], s2.U[0][i])
		}
	}
	if p2.Reservation != p.Reservation || p2.Discount != p.Discount {
		t.Errorf("reservation/discount lost")
	}
	// a non-linear table on an integer issue cannot be written
	p.Evaluators[1] = Evaluator{Kind: EvalTable, Table: []float64{0, 1, 0, 1, 0}}
	if err := WriteProfileXML(&bytes.Buffer{}, d, p); err == nil {
		t.Error("expected an error for a non-linear integer table")
	}
}

func TestGeniusWeb(t *testing.T) {
	dom := `{"name": "party", "issuesValues": {"Food": {"values": ["Chips", "Cake"]}, "Guests": {"range": {"low": 10, "high": 12, "step": 1}}, "Budget": {"values": [100, 200]}}}`
	prof := `{"LinearAdditiveUtilitySpace": {"name": "p1", "domain": ` + dom + `,
		"issueUtilities": {"Food": {"discreteutils": {"valueUtilities": {"Chips": 0.2, "Cake": 1}}},
		                   "Guests": {"numberutils": {"lowValue": 10, "lowUtility": 0, "highValue": 12, "highUtility": 1}},
		                   "Budget": {"discreteutils": {"valueUtilities": {"100": 1, "200": 0.5}}}},
		"issueWeights": {"Food": 0.5, "Guests": 0.3, "Budget": 0.2},
		"reservationBid": {"issuevalues": {"Food": "Chips", "Guests": 11, "Budget": "200"}}}}`
	d, err := ReadGeniusWebDomain(strings.NewReader(dom))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Issues) != 3 || d.Issues[0].Name != "Food" || d.Issues[1].Kind != Integer || d.Issues[2].Values[1] != "200" {
		t.Fatalf("domain %+v", d.Issues)
	}
	p, d2, err := ReadGeniusWebProfile(strings.NewReader(prof), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d2.Size() != 12 {
		t.Errorf("embedded domain size %g", d2.Size())
	}
	want := 0.5*0.2 + 0.3*0.5 + 0.2*0.5
	if math.Abs(p.Reservation-want) > 1e-12 {
		t.Errorf("reservation %v, want %v", p.Reservation, want)
	}
	for _, bad := range []string{`[]`, `{"issuesValues": {"a": {}}}`, `{"issuesValues": {"a": {"range": {"low": 1, "high": 0, "step": 1}}}}`, `{`} {
		if _, err := ReadGeniusWebDomain(strings.NewReader(bad)); err == nil {
			t.Errorf("no error for %s", bad)
		}
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
