package negotiate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

func addFileSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		for _, fn := range files {
			if b, err := os.ReadFile(fn); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
}

// exercise evaluates small results, so that a reader that accepts an input
// also produces something the engine can use without panicking.
func exercise(d *Domain, ps []*Profile) {
	if n, ok := d.Count(4096); ok && n > 0 {
		s, err := Evaluate(context.Background(), d, ps, 4096)
		if err == nil {
			Analyze(context.Background(), s, NegMAS, AnalysisOptions{})
			Analyze(context.Background(), s, GENIUS, AnalysisOptions{})
		}
	}
	var b bytes.Buffer
	WriteDomainXML(&b, d)
	for _, p := range ps {
		WriteProfileXML(&b, d, p)
	}
}

func FuzzReadDomainXML(f *testing.F) {
	addFileSeeds(f, "testdata/tiny/*.xml", filepath.Join(peerDir, "domains", "*", "*.xml"))
	f.Add([]byte(semDomain))
	f.Add([]byte(`<objective><issue name="a" type="integer" lowerbound="1" upperbound="3"/></objective>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ReadDomainXML(bytes.NewReader(b), XMLOptions{})
		if err != nil {
			return
		}
		if d.Validate() != nil {
			t.Fatal("reader returned an invalid domain")
		}
		exercise(d, nil)
	})
}

func FuzzReadProfileXML(f *testing.F) {
	addFileSeeds(f, "testdata/tiny/tiny_*er.xml", filepath.Join(peerDir, "domains", "Laptop", "*utility.xml"), filepath.Join(peerDir, "domains", "Nonlinear10issues", "profile-1.xml"))
	f.Add([]byte(semProfile))
	f.Add([]byte(`<utility_space type="nonlinear"><objective><utility maxutility="0"><ufun><hyperRectangle utility="1"><INCLUDES index="1" min="0" max="1"/></hyperRectangle></ufun></utility></objective></utility_space>`))
	doms := []*Domain{}
	for _, src := range []string{semDomain, `<objective><issue index="1" name="x" type="integer" lowerbound="0" upperbound="9"/><issue index="2" name="y" type="integer" lowerbound="0" upperbound="9"/></objective>`} {
		d, err := ReadDomainXML(bytes.NewReader([]byte(src)), XMLOptions{})
		if err != nil {
			f.Fatal(err)
		}
		doms = append(doms, d)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, d := range doms {
			p, err := ReadProfileXML(bytes.NewReader(b), d, XMLOptions{})
			if err != nil {
				continue
			}
			if p.Validate(d) != nil {
				t.Fatal("reader returned an invalid profile")
			}
			exercise(d, []*Profile{p, p})
		}
	})
}

func FuzzGeniusWeb(f *testing.F) {
	f.Add([]byte(`{"name": "d", "issuesValues": {"a": {"values": ["x", "y"]}, "n": {"range": {"low": 0, "high": 3, "step": 1}}}}`))
	f.Add([]byte(`{"LinearAdditiveUtilitySpace": {"domain": {"name": "d", "issuesValues": {"a": {"values": ["x", 2]}}}, "issueUtilities": {"a": {"discreteutils": {"valueUtilities": {"x": 0.5, "2": 1}}}}, "issueWeights": {"a": 1}, "reservationBid": {"issuevalues": {"a": "x"}}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := ReadGeniusWebDomain(bytes.NewReader(b)); err == nil {
			if d.Validate() != nil {
				t.Fatal("invalid domain")
			}
			exercise(d, nil)
		}
		if p, d, err := ReadGeniusWebProfile(bytes.NewReader(b), nil); err == nil {
			if p.Validate(d) != nil {
				t.Fatal("invalid profile")
			}
			exercise(d, []*Profile{p, p})
		}
	})
}

func FuzzParseSpec(f *testing.F) {
	addFileSeeds(f, "testdata/*.yaml")
	f.Add([]byte("issues: [{id: a, label: A, options: [{id: x}]}]\nparties: []\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSpec(b, "fuzz.yaml")
		if err != nil {
			return
		}
		d := s.Domain()
		if n, ok := d.Count(2048); !ok || n == 0 {
			return
		}
		if _, err := LinkageAnalysis(context.Background(), s, ReportOptions{Budget: 2048, NoTypeTable: true}); err != nil {
			return
		}
	})
}
