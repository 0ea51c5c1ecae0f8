package negotiate

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readDocs(t *testing.T, dir string, files ...string) [][]byte {
	t.Helper()
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("testdata", dir, f))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestLoadBytes(t *testing.T) {
	tiny := readDocs(t, "tiny", "tiny_domain.xml", "tiny_buyer.xml", "tiny_seller.xml")
	picnic := readDocs(t, "geniusweb", "picnic_domain.json", "picnic_alice.json", "picnic_bob.json")
	spec := readDocs(t, ".", "crisis-2.6.yaml")[0]
	tests := []struct {
		name     string
		format   string
		domain   []byte
		profiles [][]byte
		opt      LoadOptions
		want     string   // domain name
		parties  []string // profile names
		err      string
	}{
		{"genius named", FormatGenius, tiny[0], tiny[1:], LoadOptions{ProfileNames: []string{"buyer", "seller"}}, "Bike", []string{"buyer", "seller"}, ""},
		{"genius unnamed", FormatGenius, tiny[0], tiny[1:], LoadOptions{}, "Bike", []string{"profile1", "profile2"}, ""},
		{"geniusweb", FormatGeniusWeb, picnic[0], picnic[1:], LoadOptions{ProfileNames: []string{"x", "y"}}, "picnic", []string{"alice", "bob"}, ""},
		{"spec", FormatSpec, spec, nil, LoadOptions{Build: BuildOptions{Types: map[string]string{"MX": "T"}}}, "", []string{"US", "MX"}, ""},
		{"spec with profiles", FormatSpec, spec, tiny[1:], LoadOptions{}, "", nil, "no profile documents"},
		{"no profiles", FormatGenius, tiny[0], nil, LoadOptions{}, "", nil, "no profiles given"},
		{"bad profile", FormatGenius, tiny[0], [][]byte{tiny[1], []byte("<utility_space/>")}, LoadOptions{Sources: []string{"d.xml", "b.xml", "s.xml"}}, "", nil, "s.xml: genius profile"},
		{"bad domain", FormatGeniusWeb, []byte("{"), picnic[1:], LoadOptions{}, "", nil, "domain: geniusweb"},
		{"unknown format", "excel", tiny[0], tiny[1:], LoadOptions{}, "", nil, `unknown negotiation format "excel"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, ps, err := LoadBytes(tc.format, tc.domain, tc.profiles, tc.opt)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, p := range ps {
				names = append(names, p.Name)
			}
			if (tc.want != "" && d.Name != tc.want) || strings.Join(names, ",") != strings.Join(tc.parties, ",") {
				t.Errorf("domain %q, profiles %v; want %q, %v", d.Name, names, tc.want, tc.parties)
			}
		})
	}
}

func tinyDomain(t *testing.T) (*Domain, []*Profile) {
	t.Helper()
	docs := readDocs(t, "tiny", "tiny_domain.xml", "tiny_buyer.xml", "tiny_seller.xml")
	d, ps, err := LoadBytes(FormatGenius, docs[0], docs[1:], LoadOptions{ProfileNames: []string{"buyer", "seller"}})
	if err != nil {
		t.Fatal(err)
	}
	return d, ps
}

func TestAnalyzeDomain(t *testing.T) {
	ctx := context.Background()
	d, ps := tinyDomain(t)
	tests := []struct {
		name   string
		opt    AnalyzeOptions
		convs  []Convention
		search bool
		err    error
	}{
		{"both", AnalyzeOptions{}, []Convention{NegMAS, GENIUS}, false, nil},
		{"genius", AnalyzeOptions{Conventions: []Convention{GENIUS}}, []Convention{GENIUS}, false, nil},
		{"search", AnalyzeOptions{Search: true, Conventions: []Convention{NegMAS}}, []Convention{NegMAS}, true, nil},
		{"too large", AnalyzeOptions{Budget: 3}, nil, false, ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			as, st, err := AnalyzeDomain(ctx, d, ps, tc.opt)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("error %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(as) != len(tc.convs) || (st != nil) != tc.search {
				t.Fatalf("%d analyses, stats %v", len(as), st)
			}
			v := NewDomainAnalysis(d, as)
			for i, a := range v.Analyses {
				if a.Convention != tc.convs[i] || len(a.Pareto) == 0 || len(a.Nash) == 0 || len(a.Nash[0].Outcomes[0]) != len(d.Issues) {
					t.Errorf("analysis %d: %+v", i, a)
				}
				if (a.Opposition == nil) != tc.search {
					t.Errorf("opposition %v with search %v", a.Opposition, tc.search)
				}
			}
			if v.Domain != "Bike" || len(v.Issues) != 3 || v.Size == nil || *v.Size != 24 {
				t.Errorf("document %+v", v)
			}
		})
	}
	if _, _, err := AnalyzeDomain(ctx, d, ps, AnalyzeOptions{Conventions: []Convention{"nash"}}); err == nil {
		t.Error("unknown convention accepted")
	}
}

func TestSimulate(t *testing.T) {
	ctx := context.Background()
	d, ps := tinyDomain(t)
	sim, err := Simulate(ctx, d, ps, SimulateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(sim.Agents, ",") != "Boulware,Conceder" || !sim.Result.Agreed || len(sim.Result.Trace) == 0 {
		t.Fatalf("default simulation %+v", sim)
	}
	v := NewRunView(sim, true)
	last := v.Trace[len(v.Trace)-1]
	if len(v.Agreement) != 3 || v.Profiles[1] != "seller" || len(v.Trace) != len(sim.Result.Trace) || last.Proposer == "" || len(last.Outcome) != 3 {
		t.Errorf("view %+v", v)
	}
	if NewRunView(sim, false).Trace != nil {
		t.Error("trace without asking")
	}
	for _, tc := range []struct {
		opt  SimulateOptions
		want string
	}{
		{SimulateOptions{Agents: []string{"Linear", "Linear", "Linear"}}, "3 agents but only 2 profiles"},
		{SimulateOptions{Agents: []string{"Nobody"}}, "unknown agent"},
		{SimulateOptions{Budget: 2}, "too large"},
	} {
		if _, err := Simulate(ctx, d, ps, tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.opt, err, tc.want)
		}
	}
}

// TestMetricsJSON checks that undefined metrics encode as null and decode
// as NaN.
func TestMetricsJSON(t *testing.T) {
	m := Metrics{Agreed: true, Utilities: []float64{0.5, 0.25}, Advantages: []float64{0, 1}, Welfare: 0.375,
		ParetoDist: math.NaN(), NashOptimality: math.Inf(1), Fairness: math.NaN()}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"pareto_dist":null`, `"nash_optimality":null`, `"fairness":null`, `"welfare":0.375`, `"agreement_reached":true`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
	var back Metrics
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(back.ParetoDist) || !math.IsNaN(back.Fairness) || back.Welfare != 0.375 || back.Utilities[1] != 0.25 {
		t.Errorf("decoded %+v", back)
	}
}
