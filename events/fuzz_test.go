package events

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
)

// FuzzScan feeds arbitrary bytes to the readers: no panic, and every line
// accounted for.
func FuzzScan(f *testing.F) {
	for _, name := range []string{"gdelt1.tsv", "gdelt2.export.CSV", "cr-only.tsv", "icews.tab", "gdelt2.export.CSV.zip"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("Event ID\tEvent Date\n1\t2\n"))
	f.Add([]byte("\r\r\n\n\t\t\t"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reps, err := ScanBytes(context.Background(), data, "fuzz", Options{}, func(e *Event) error {
			if e.Quad < 1 || e.Quad > 4 || len(e.Code) < 2 || e.Goldstein < -10 || e.Goldstein > 10 {
				t.Fatalf("event read with %+v", e)
			}
			return nil
		})
		if err != nil {
			return // a broken archive or header is an error, not a panic
		}
		for _, r := range reps {
			if r.Lines != r.Blank+r.Header+r.Events+r.Bad {
				t.Fatalf("report %+v does not account for every line", r)
			}
		}
	})
}

// FuzzParseMapping feeds arbitrary bytes to ParseMapping: an error naming
// the file, or a mapping that checks and reads back unchanged from its
// YAML and JSON encodings.
func FuzzParseMapping(f *testing.F) {
	data, err := os.ReadFile("testdata/mapping.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	for _, s := range []string{"scenario: s\nrules: []\n", "scenario: s\nextra: 1\n", "{\"scenario\": \"s\", \"keep\": -1, \"rules\": [{\"signpost\": \"a\"}]}",
		"scenario: s\nrules:\n  - signpost: a\n    source: [USA]\n    target: [XXX]\n    codes: [\"19*\"]\n",
		"scenario: s\nrules:\n  - signpost: a\n    source: [USA]\n    target: [MEX]\n    codes: [\"1a\"]\n    window_days: 400\n", "&a [*a]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMapping(data, "in.yaml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "in.yaml: ") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		if err := m.Check(); err != nil {
			t.Fatalf("accepted a mapping that does not check: %v", err)
		}
		for _, enc := range []func(any) ([]byte, error){yaml.Marshal, json.Marshal} {
			b, err := enc(m)
			if err != nil {
				t.Fatalf("cannot encode %+v: %v", m, err)
			}
			back, err := ParseMapping(b, "back")
			if err != nil || !reflect.DeepEqual(back, m) {
				t.Fatalf("round trip through\n%s\nchanged %+v to %+v (%v)", b, m, back, err)
			}
		}
	})
}

// FuzzReadCodebook feeds arbitrary bytes to ReadCodebook: an error naming
// the file, or entries with CAMEO codes, Goldstein values in [-10, 10] and
// valid UTF-8 text; DecodeText always returns valid UTF-8.
func FuzzReadCodebook(f *testing.F) {
	head := "code,name,goldstein,description\n"
	for _, s := range []string{head + "01,MAKE PUBLIC STATEMENT,0,\"All public statements\"\n010,Make statement,NA,Moscow\x82\xc4\xf4s\n",
		head + "01,a,0,\xe9\n19,Fight,-10,\"Moscow‚Äôs will\"\n", head + "1a,x,0,\n", head + "01,x,11,\n", "code,name\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if s := DecodeText(data); !utf8.ValidString(s) {
			t.Fatalf("DecodeText(%q) = %q, not UTF-8", data, s)
		}
		book, err := ReadCodebook(bytes.NewReader(data), "in.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "in.csv:") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		for _, e := range book {
			if !validCode([]byte(e.Code)) || !(e.Goldstein >= -10 && e.Goldstein <= 10) ||
				!utf8.ValidString(e.Name) || !utf8.ValidString(e.Description) {
				t.Fatalf("entry %+v accepted", e)
			}
		}
	})
}

// FuzzParsePatterns feeds arbitrary text to ParsePatterns: an error, or
// patterns of 1 to 4 digits (2 to 4 without *) that match the codes they
// name and read back unchanged from their comma-separated list.
func FuzzParsePatterns(f *testing.F) {
	for _, s := range []string{"057,061", "19*", " 08* , 0871,", "*", "1", "12345", "1a", "0*1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParsePatterns(s)
		if err != nil {
			return
		}
		for _, p := range ps {
			digits := strings.TrimSuffix(p, "*")
			if len(digits) < 1 || len(digits) > 4 || len(digits) < 2 && digits == p || !ps.Match(digits+"1"[:len(p)-len(digits)]) {
				t.Fatalf("%q: pattern %q", s, p)
			}
		}
		back, err := ParsePatterns(strings.Join(ps, ","))
		if err != nil || !reflect.DeepEqual(back, ps) {
			t.Fatalf("%q: %q reads back as %q, %v", s, ps, back, err)
		}
	})
}

// FuzzParsePeriod feeds arbitrary text to ParsePeriod: an error, or day or
// week, which reads back unchanged.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"", "day", "Daily", "WEEK", "weekly", "month", "\u0130"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		if back, err := ParsePeriod(string(p)); (p != Daily && p != Weekly) || err != nil || back != p {
			t.Fatalf("%q: period %q reads back as %q, %v", s, p, back, err)
		}
	})
}
