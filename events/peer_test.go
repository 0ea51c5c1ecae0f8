package events

// Tests on the real sample files and GDELT's lookup tables in
// ../shared/peers/events (skipped when absent): every row parsed or
// reported, Goldstein values against the built-in scales, and the
// built-in tables against the published ones.

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/peertest"
)

const peerDir = "../../shared/peers/events"

func peer(t *testing.T, rel string) string {
	t.Helper()
	return peertest.Need(t, filepath.Join(peerDir, rel))
}

func TestPeerSamples(t *testing.T) {
	for _, tc := range []struct {
		file   string
		events int64
		format Format
		scale  *Scale
	}{
		{"gdelt-samples/gdelt1.sample_events.tsv", 710, GDELT1, GDELTScale},
		{"gdelt-samples/gdelt1.small.export.txt", 10, GDELT1, GDELTScale},
		{"gdelt-samples/gdelt2.20191024143000.export.CSV", 2111, GDELT2, GDELTScale},
		{"icews/events.2018.sample.tab", 3705, ICEWS, ICEWSScale},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			evs, reps := readAll(t, peer(t, tc.file), Options{})
			r := reps[0]
			if r.Events != tc.events || r.Bad != 0 || r.Format != tc.format {
				t.Fatalf("report %+v: want %d %s events, none bad", r, tc.events, tc.format)
			}
			for _, e := range evs {
				if v, ok := tc.scale.Value(e.Code); !ok || v != e.Goldstein {
					t.Errorf("line %d: code %s has Goldstein %v; scale %s says %v (%v)", e.Line, e.Code, e.Goldstein, tc.scale.Name, v, ok)
				}
				if e.Quad != RootQuad(e.Root) {
					t.Errorf("line %d: quad %d for root %s", e.Line, e.Quad, e.Root)
				}
			}
		})
	}
}

// TestPeerGDELT1Backfile: 509 daily rows (58 columns) and 201 backfile
// rows (57, no SOURCEURL); one USA→MEX event (061, +6.4).
func TestPeerGDELT1Backfile(t *testing.T) {
	evs, _ := readAll(t, peer(t, "gdelt-samples/gdelt1.sample_events.tsv"), Options{})
	withURL, usaMex, usa, mex := 0, 0, 0, 0
	for _, e := range evs {
		if e.URL != "" {
			withURL++
		}
		if e.Source.Country == "USA" && e.Target.Country == "MEX" {
			usaMex++
			if e.Code != "061" || e.Goldstein != 6.4 {
				t.Errorf("USA→MEX event %s %v", e.Code, e.Goldstein)
			}
		}
		if e.Source.Country == "USA" || e.Target.Country == "USA" {
			usa++
		}
		if e.Source.Country == "MEX" || e.Target.Country == "MEX" {
			mex++
		}
	}
	if withURL != 509 || usaMex != 1 || usa != 239 || mex != 7 {
		t.Errorf("%d rows with SOURCEURL (want 509), %d USA→MEX (1), %d with USA (239), %d with MEX (7)", withURL, usaMex, usa, mex)
	}
	f := Filter{Source: []string{"MEX"}, Target: []string{"USA"}}
	fu := f
	fu.Undirected = true
	n, nu := 0, 0
	for i := range evs {
		if f.Match(&evs[i]) {
			n++
		}
		if fu.Match(&evs[i]) {
			nu++
		}
	}
	if n != 0 || nu != 1 {
		t.Errorf("MEX→USA: %d directed (want 0), %d undirected (want 1)", n, nu)
	}
}

// TestPeerICEWSDyads: 766 rows mention the United States (740 as an
// actor's country, the others as the place), 21 Mexico, 6 are US–Mexico
// dyads.
func TestPeerICEWSDyads(t *testing.T) {
	evs, _ := readAll(t, peer(t, "icews/events.2018.sample.tab"), Options{})
	usa, usaActor, mex := 0, 0, 0
	f := Filter{Source: []string{"USA"}, Target: []string{"MEX"}, Undirected: true}
	ab, ba := Filter{Source: []string{"USA"}, Target: []string{"MEX"}}, Filter{Source: []string{"MEX"}, Target: []string{"USA"}}
	dyad, nab, nba := 0, 0, 0
	for i := range evs {
		e := &evs[i]
		if e.Source.Country == "USA" || e.Target.Country == "USA" {
			usaActor++
		}
		if e.Source.Country == "USA" || e.Target.Country == "USA" || e.ActionCountry == "United States" {
			usa++
		}
		if e.Source.Country == "MEX" || e.Target.Country == "MEX" || e.ActionCountry == "Mexico" {
			mex++
		}
		if f.Match(e) {
			dyad++
		}
		if ab.Match(e) {
			nab++
		}
		if ba.Match(e) {
			nba++
		}
	}
	if usa != 766 || usaActor != 740 || mex != 21 || dyad != 6 || nab != 5 || nba != 1 {
		t.Errorf("%d with the United States (766), %d as an actor (740), %d with Mexico (21), %d US–Mexico (6) = %d USA→MEX (5) + %d MEX→USA (1)",
			usa, usaActor, mex, dyad, nab, nba)
	}
}

// TestPeerAggregate checks the series sums against an independent
// computation over the raw columns of the GDELT 2.0 sample.
func TestPeerAggregate(t *testing.T) {
	path := peer(t, "gdelt-samples/gdelt2.20191024143000.export.CSV")
	type sums struct {
		n    int
		quad [5]int
		g, m float64
	}
	want := map[Dyad]*sums{}
	for _, line := range readLines(t, path) {
		c := strings.Split(line, "\t")
		if c[7] == "" || c[17] == "" {
			continue
		}
		d := Dyad{c[7], c[17]}
		s := want[d]
		if s == nil {
			s = &sums{}
			want[d] = s
		}
		q, _ := strconv.Atoi(c[29])
		g, _ := strconv.ParseFloat(c[30], 64)
		m, _ := strconv.ParseFloat(c[31], 64)
		s.n++
		s.quad[q]++
		s.g += g
		s.m += m * g
	}
	a := NewAggregator(Daily, 0)
	readAllInto(t, path, a)
	got := a.Series()
	if len(got) != len(want) {
		t.Fatalf("%d dyads, want %d", len(got), len(want))
	}
	for _, s := range got {
		w := want[s.Dyad]
		var n, q1, q2, q3, q4 int
		var g, m float64
		for _, p := range s.Points {
			n += p.Events
			q1, q2, q3, q4 = q1+p.VerbalCoop, q2+p.MaterialCoop, q3+p.VerbalConflict, q4+p.MaterialConflict
			g += p.GoldsteinSum
			m += p.GoldsteinMentionsSum
		}
		if n != w.n || [5]int{0, q1, q2, q3, q4} != w.quad || math.Abs(g-w.g) > 1e-6 || math.Abs(m-w.m) > 1e-6 {
			t.Errorf("%s: %d events %v goldstein %v mentions·goldstein %v; want %d %v %v %v", s.Dyad, n, [4]int{q1, q2, q3, q4}, g, m, w.n, w.quad[1:], w.g, w.m)
		}
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := strings.TrimRight(sc.Text(), "\r"); l != "" {
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPeerTables checks the built-in tables against GDELT's published
// lookup files: the same codes, labels and Goldstein values (with the
// documented repairs: 106 split from 1056's line, 044's quotes, Réunion).
func TestPeerTables(t *testing.T) {
	lookup := func(name string) map[string]string {
		m := map[string]string{}
		data, err := os.ReadFile(peer(t, "gdelt-lookups/"+name))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(string(data))
		for i, line := range strings.Split(text, "\n") {
			k, v, ok := strings.Cut(line, "\t")
			if i == 0 || !ok {
				continue
			}
			m[k] = strings.Join(strings.Fields(v), " ")
		}
		return m
	}
	gs := lookup("CAMEO.goldsteinscale.with-106.txt")
	if len(gs) != GDELTScale.Len() {
		t.Errorf("%d published Goldstein values, %d built in", len(gs), GDELTScale.Len())
	}
	for code, v := range gs {
		if got, ok := GDELTScale.Value(code); !ok || strconv.FormatFloat(got, 'f', 1, 64) != v {
			t.Errorf("Goldstein %s: built in %v, published %s", code, got, v)
		}
	}
	if _, ok := lookup("CAMEO.goldsteinscale.txt")["106"]; ok {
		t.Error("the 2014 Goldstein file was expected to lack 106")
	}
	labels := lookup("CAMEO.eventcodes.txt")
	labels["106"] = "Demand withdrawal"
	labels["1056"] = "Demand de-escalation of military engagement"
	labels["044"] = "Meet at a “third” location"
	for code, label := range labels {
		c, ok := LookupCode(code)
		if !ok || c.Label != label {
			t.Errorf("code %s: built in %q, published %q", code, c.Label, label)
		}
	}
	for name, table := range map[string]func(string) (string, bool){"CAMEO.country.txt": CountryName, "CAMEO.type.txt": TypeName} {
		pub := lookup(name)
		if name == "CAMEO.country.txt" {
			pub["REU"] = strings.Replace(pub["REU"], "Runion", "Réunion", 1)
		}
		for code, label := range pub {
			if got, ok := table(code); !ok || got != label {
				t.Errorf("%s %s: built in %q, published %q", name, code, got, label)
			}
		}
	}
	// The ICEWS scale against the ICEWS codebook, read with its mojibake.
	f, err := os.Open(peer(t, "icews/cameo-codes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	book, err := ReadCodebook(f, "cameo-codes.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(book) != 312 || ICEWSScale.Len() != 312 {
		t.Errorf("codebook %d codes, ICEWS scale %d; want 312", len(book), ICEWSScale.Len())
	}
	mojibake, quotes := 0, 0
	for _, e := range book {
		if strings.ContainsAny(e.Description, "’“”") {
			quotes++
		}
		if v, ok := ICEWSScale.Value(e.Code); !ok || v != e.Goldstein {
			t.Errorf("ICEWS %s: built in %v (%v), codebook %v", e.Code, v, ok, e.Goldstein)
		}
		if strings.Contains(e.Description, "‚Ä") {
			mojibake++
		}
	}
	if mojibake != 0 || quotes == 0 {
		t.Errorf("%d descriptions keep mojibake, %d have typographic quotes", mojibake, quotes)
	}
}
