package negotiate

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadDomainXMLStrict checks that malformed structure and identities
// are errors located at the element, not silently different domains.
func TestReadDomainXMLStrict(t *testing.T) {
	wrap := func(issues string) string {
		return `<negotiation_template><utility_space><objective index="0" name="X">` + "\n" + issues + "\n</objective></utility_space></negotiation_template>"
	}
	a := `<issue index="1" name="a" type="discrete"><item value="x"/></issue>`
	b := `<issue index="2" name="b" type="discrete"><item value="y"/></issue>`
	c := `<issue index="3" name="c" type="discrete"><item value="z"/></issue>`
	tests := []struct {
		name, src, want string
	}{
		// The lenient decoder used to nest b and c inside a: one issue.
		{"missing </issue>", wrap(`<issue index="1" name="a" type="discrete"><item value="x"/>` + "\n" + b + "\n" + c),
			"line 5:1: </objective> where line 2:1 <issue> (not closed) ends"},
		{"unclosed at the end", `<negotiation_template><utility_space><objective index="0" name="X">` + a, "ends inside line 1:38 <objective>"},
		{"stray end tag", wrap(a + `</item>`), "line 2:68: </item> where line 1:38 <objective>"},
		{"duplicate name", wrap(a + "\n" + strings.Replace(b, `"b"`, `"a"`, 1)), `line 3:1 <issue>: issue name "a" is already that of the issue at line 2:1 <issue>`},
		{"duplicate index", wrap(a + "\n" + strings.Replace(b, `"2"`, `"1"`, 1)), "line 3:1 <issue>: index 1 is already that of the issue at line 2:1"},
		{"index not a number", wrap(strings.Replace(a, `"1"`, `"abc"`, 1)), `line 2:1 <issue>: index="abc" is not an integer`},
		{"good", wrap(a + b + c), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ReadDomainXML(strings.NewReader(tc.src), XMLOptions{})
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("ReadDomainXML: %v", err)
			case tc.want == "" && len(d.Issues) != 3:
				t.Fatalf("ReadDomainXML read %d issues, want 3", len(d.Issues))
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("ReadDomainXML: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestReadProfileXMLStrict checks that a profile must fit its domain:
// known issues and items, weights of known issues and not negative, a
// reservation value in [0, 1].
func TestReadProfileXMLStrict(t *testing.T) {
	d := mustDomain(t, semDomain)
	tests := []struct {
		name, old, new, want string
	}{
		{"good", "", "", ""},
		{"item not in the domain", `value="b" evaluation="8"`, `value="q" evaluation="8"`, `line 2:75 <item>: value "q" is not an item`},
		{"issue not in the domain", `<issue index="2" name="i"`, `<issue index="7" name="zz"`, `line 3:1 <issue>: issue "zz" (index "7") is not in domain`},
		{"issue index not a number", `<issue index="2" name="i"`, `<issue index="abc" name="i"`, `index="abc" is not an integer`},
		{"negative weight", `<weight index="2" value="0.3"/>`, `<weight index="2" value="-0.3"/>`, "<weight>: weight -0.3 of issue index 2 is negative"},
		{"weight of an unknown issue", `<weight index="3" value="0.4"/>`, `<weight index="9" value="0.4"/>`, "weight of issue index 9, which domain"},
		{"negative evaluation", `evaluation="2"`, `evaluation="-2"`, "evaluation -2 of \"a\" is negative"},
		{"reservation 2", `<reservation value="0.25"/>`, `<reservation value="2"/>`, "<reservation>: reservation value 2 is outside [0, 1]"},
		{"reservation negative", `<reservation value="0.25"/>`, `<reservation value="-0.1"/>`, "reservation value -0.1 is outside [0, 1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(semProfile, tc.old, tc.new, 1)
			_, err := ReadProfileXML(strings.NewReader(src), d, XMLOptions{})
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("ReadProfileXML: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("ReadProfileXML: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestPeerGeniusFilesStrict reads every GENIUS domain and profile of the
// peers' corpus with the strict reader.
func TestPeerGeniusFilesStrict(t *testing.T) {
	needPeers(t)
	for _, pd := range peerIndex(t) {
		dir := filepath.Join(peerDir, "domains", pd.Name)
		d, err := ReadDomainXMLFile(filepath.Join(dir, pd.DomainFile), XMLOptions{})
		if err != nil {
			t.Errorf("%s: %v", pd.Name, err)
			continue
		}
		for _, f := range pd.Profiles {
			if _, err := ReadProfileXMLFile(filepath.Join(dir, f), d, XMLOptions{}); err != nil {
				t.Errorf("%s: %v", pd.Name, err)
			}
		}
	}
}

// TestReadDomainXMLCancelled checks that XMLOptions.Context stops the
// parse of a large document.
func TestReadDomainXMLCancelled(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<negotiation_template><utility_space><objective index="0" name="X">`)
	for i := range 10_000 {
		fmt.Fprintf(&b, `<issue index="%d" name="i%d" type="discrete"><item value="a"/><item value="b"/></issue>`, i+1, i)
	}
	b.WriteString(`</objective></utility_space></negotiation_template>`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadDomainXML(strings.NewReader(b.String()), XMLOptions{Context: ctx}); !errors.Is(err, context.Canceled) {
		t.Fatalf("ReadDomainXML with a cancelled context: %v, want context.Canceled", err)
	}
	if d, err := ReadDomainXML(strings.NewReader(b.String()), XMLOptions{}); err != nil || len(d.Issues) != 10_000 {
		t.Fatalf("ReadDomainXML: %v", err)
	}
}
