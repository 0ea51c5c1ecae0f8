package negotiate

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// flagship is the scenario whose negotiation block is the flagship domain.
const flagship = "../scenarios/us-mexico-2025.yaml"

// flagshipValues returns the flagship scenario's defaults of the parameters
// its negotiation block reads (declared at the scenario's top level), with
// overrides.
func flagshipValues(over map[string]float64) map[string]float64 {
	v := map[string]float64{"mx_poll_help": 0.25, "mx_nationalism": 0.95, "us_polarization": 0.6}
	for k, x := range over {
		v[k] = x
	}
	return v
}

func mustSpec(t *testing.T, path string) *Spec {
	t.Helper()
	s, err := LoadSpec(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCrisisReference checks the linkage analysis against the reference
// results of ../shared/research/crisis.md §2.6 (its domain is
// testdata/crisis-2.6.yaml): 1458 packages; bargaining range 403 with full
// linkage, 210 with Mexico's red line, 12 on the security-only agenda and 1
// with the red line; Nash packages (0.755, 0.768) and (0.615, 0.738); the
// package best for Mexico that still meets the US reservation gives
// (0.615, 0.908).
func TestCrisisReference(t *testing.T) {
	s := mustSpec(t, "testdata/crisis-2.6.yaml")
	r, err := LinkageAnalysis(context.Background(), s, ReportOptions{BuildOptions: BuildOptions{Types: map[string]string{"MX": "T"}}})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want int
	}{
		{"packages", r.Packages, 1458},
		{"linked range", r.Linked.Range, 403},
		{"linked range with the red line", r.Ratified.Range, 210},
		{"security-only range", r.Agendas[0].Range, 12},
		{"security-only range with the red line", r.RatifiedAgendas[0].Range, 1},
		{"security-only packages", r.Agendas[0].Packages, 54},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
	near := func(name string, p *Package, want []float64) {
		t.Helper()
		if p == nil || !closeVec(roundU(p.Utilities), want, 1e-9) {
			t.Errorf("%s: %v, want %v", name, p, want)
		}
	}
	near("linked Nash", r.Linked.Nash, []float64{0.755, 0.768})
	near("ratified Nash", r.Ratified.Nash, []float64{0.755, 0.768})
	near("security-only Nash", r.Agendas[0].Nash, []float64{0.615, 0.738})
	near("security-only ratified Nash", r.RatifiedAgendas[0].Nash, []float64{0.615, 0.738})
	near("best for Mexico within the range", r.Linked.BestFor[1], []float64{0.615, 0.908})
	want := "security=S1_no_presence, intel=deep_access, extraditions=standing_mechanism, judicial=comprehensive, tariffs=none, usmca=conditioned_renewal, migration=maximal"
	if r.Linked.Nash.String() != want {
		t.Errorf("linked Nash package %s", r.Linked.Nash)
	}
	if got := r.Linked.BestFor[1].String(); got != "security=S1_no_presence, intel=deep_access, extraditions=standing_mechanism, judicial=comprehensive, tariffs=none, usmca=smooth_renewal, migration=increased" {
		t.Errorf("best for Mexico %s", got)
	}
	if len(r.ByType) != 2 {
		t.Errorf("type table %d rows", len(r.ByType))
	}
}

func roundU(u []float64) []float64 {
	out := make([]float64, len(u))
	for i, v := range u {
		out[i] = math.Round(v*1000) / 1000
	}
	return out
}

// TestFlagship checks the flagship domain: assumptions carry provenance,
// linkage enlarges the bargaining range, win-sets cut it, and the analysis
// reacts to the poll and polarisation parameters and to game values.
func TestFlagship(t *testing.T) {
	s := mustSpec(t, flagship)
	if len(s.Issues) < 6 || len(s.Issues[0].Options) != 4 {
		t.Fatalf("flagship: %d issues, security ladder of %d", len(s.Issues), len(s.Issues[0].Options))
	}
	for _, p := range s.Parties {
		if p.Provenance == "" || len(p.Refs) == 0 || p.Reservation.Provenance == "" || len(p.Reservation.Range) != 2 {
			t.Errorf("party %s lacks provenance", p.ID)
		}
	}
	ctx := context.Background()
	r, err := LinkageAnalysis(ctx, s, ReportOptions{BuildOptions: BuildOptions{Values: flagshipValues(nil)}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Packages != 4*729 {
		t.Errorf("packages %d", r.Packages)
	}
	if r.Linked.Range == 0 || r.Linked.Nash == nil || r.Linked.KS == nil {
		t.Fatalf("empty linked range: %+v", r.Linked)
	}
	for _, a := range r.Issues {
		if a.Range >= r.Linked.Range {
			t.Errorf("issue %s alone has a range as large as the package", a.ID)
		}
	}
	if r.Ratified.Range >= r.Linked.Range {
		t.Errorf("win-sets do not cut the range: %d vs %d", r.Ratified.Range, r.Linked.Range)
	}
	if r.Linked.MaxJointGain == nil || r.IssueByIssue.JointGain >= *r.Linked.MaxJointGain {
		t.Errorf("issue-by-issue joint gain %v not below the linked maximum %v", r.IssueByIssue.JointGain, r.Linked.MaxJointGain)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("report does not marshal to JSON: %v", err)
	}
	if len(r.ByType) != 4 || len(r.WinSets) != 4 {
		t.Errorf("type table %d, win-sets %d", len(r.ByType), len(r.WinSets))
	}
	// the tight type's red line forbids every option but S1
	if r.Ratified.Nash != nil && r.Ratified.Nash.Options[0].Option != "S1_cooperation" {
		t.Errorf("ratified Nash has %s", r.Ratified.Nash.Options[0].Option)
	}
	md := r.Markdown()
	for _, want := range []string{"bargaining range", "Full package", "Security chips only", "MAGA base", "Issue by issue"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	// a more polarised MAGA base shrinks the ratified range of an
	// instrumental US (reservation 0.55 below the threshold)
	lo, err := LinkageAnalysis(ctx, s, ReportOptions{BuildOptions: BuildOptions{Values: flagshipValues(map[string]float64{"us_polarization": 0.3})}, NoTypeTable: true})
	if err != nil {
		t.Fatal(err)
	}
	hi, err := LinkageAnalysis(ctx, s, ReportOptions{BuildOptions: BuildOptions{Values: flagshipValues(map[string]float64{"us_polarization": 0.9})}, NoTypeTable: true})
	if err != nil {
		t.Fatal(err)
	}
	if hi.Ratified.Range >= lo.Ratified.Range {
		t.Errorf("polarisation: ratified range %d (0.9) vs %d (0.3)", hi.Ratified.Range, lo.Ratified.Range)
	}
	// reservation values from the crisis game
	g, err := LinkageAnalysis(ctx, s, ReportOptions{BuildOptions: BuildOptions{Values: flagshipValues(nil), GameValues: map[string]GameValue{
		"US/D": {Value: 2, Min: -10, Max: 10}, "MX/T": {Value: -5, Min: -10, Max: 10}}}, NoTypeTable: true})
	if err != nil {
		t.Fatal(err)
	}
	if g.Reservations[0].Value != 0.6 || g.Reservations[0].Source != "game US/D" || g.Reservations[1].Value != 0.25 {
		t.Errorf("game reservations %+v", g.Reservations)
	}
}

func TestSpecValidation(t *testing.T) {
	base := `
issues:
  - id: a
    label: A
    options: [{id: x}, {id: y}]
parties:
  - {id: P, name: P, provenance: assumption, weights: {a: 1}, values: {a: {x: 1, y: 0}}, reservation: {value: 0.2}}
  - {id: Q, name: Q, provenance: assumption, weights: {a: 1}, values: {a: {x: 0, y: 1}}, reservation: {value: 0.2}}
`
	if _, err := ParseSpec([]byte(base), "ok.yaml"); err != nil {
		t.Fatalf("valid spec rejected: %v", err)
	}
	if _, err := ParseSpec([]byte("negotiation:\n"+indent(base)), "wrapped.yaml"); err != nil {
		t.Fatalf("wrapped spec rejected: %v", err)
	}
	tests := []struct {
		name, src, want string
	}{
		{"unknown key", base + "bogus: 1\n", "bogus"},
		{"unknown issue in weights", strings.Replace(base, "weights: {a: 1}, values: {a: {x: 1", "weights: {b: 1}, values: {a: {x: 1", 1), `unknown issue "b"`},
		{"unknown option", strings.Replace(base, "{x: 1, y: 0}", "{x: 1, z: 0}", 1), `unknown option "z"`},
		{"one party", strings.SplitAfter(base, "reservation: {value: 0.2}}\n")[0], "at least two parties"},
		{"duplicate option", strings.Replace(base, "[{id: x}, {id: y}]", "[{id: x}, {id: x}]", 1), "duplicate option"},
		{"bad ratification party", base + "ratification: [{party: Z, label: z}]\n", `unknown party "Z"`},
		{"bad agenda issue", base + "agendas: [{id: g, label: g, issues: [q]}]\n", `unknown issue "q"`},
		{"bad status quo", strings.Replace(base, "options: [{id: x}, {id: y}]", "status_quo: w\n    options: [{id: x}, {id: y}]", 1), `unknown option "w"`},
		{"not yaml", "issues: [", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSpec([]byte(tc.src), "bad.yaml")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func indent(s string) string {
	lines := strings.Split(strings.TrimLeft(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}

// TestSpecTerms checks that hyper-rectangle terms of a specification add
// their value exactly where they apply.
func TestSpecTerms(t *testing.T) {
	s := mustSpec(t, flagship)
	d, ps, _, err := s.Build(BuildOptions{Values: flagshipValues(nil)})
	if err != nil {
		t.Fatal(err)
	}
	mx, _ := Compile(d, ps[1])
	base := &Profile{Weights: ps[1].Weights, Evaluators: ps[1].Evaluators}
	plain, _ := Compile(d, base)
	o := make([]int, len(d.Issues))
	for id := int64(0); id < int64(d.Size()); id++ {
		d.Decode(id, o)
		diff := mx.Eval(o) - plain.Eval(o)
		want := 0.0
		if o[1] == 2 && o[0] > 0 { // deep access with foreign forces
			want = -0.05
		}
		if math.Abs(diff-want) > 1e-12 {
			t.Fatalf("package %v: term adds %v, want %v", d.Labels(id), diff, want)
		}
	}
}
