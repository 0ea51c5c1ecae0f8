package forecast

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// addSeeds adds the files matching the patterns as fuzz seeds.
func addSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil && len(data) < 1<<16 {
				f.Add(data)
			}
		}
	}
}

// exercise checks a table a reader accepted: it validates, and every
// model runs on it (briefly) without panicking.
func exercise(t *testing.T, tb *Table, err error) {
	if err != nil {
		return
	}
	if err := tb.Validate(); err != nil {
		t.Fatalf("reader returned an invalid table: %v", err)
	}
	if len(tb.Actors) > 12 || len(tb.Dims) > 4 {
		return
	}
	ctx := context.Background()
	lim := Limits{MaxRounds: 3}
	for _, m := range []string{ModelCompromise, ModelMedian, ModelCondorcet} {
		if _, err := Run(ctx, tb, Options{Model: m}); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
	}
	eum := EUMPresets["scholz-code"]
	eum.Rounds = 3
	_, _ = Run(ctx, tb, Options{Model: ModelEUM, EUM: eum, Limits: lim})
	_, _ = Run(ctx, tb, Options{Model: ModelSMP, SMP: SMPOptions{MaxTurns: 3}, Limits: lim})
	if tb.SMP != nil {
		o := *tb.SMP
		o.MaxTurns = 3
		_, _ = Run(ctx, tb, Options{Model: ModelSMP, SMP: o, Limits: lim})
	}
}

func FuzzReadKTABCSV(f *testing.F) {
	addSeeds(f, "testdata/*ktab*.csv", peerDir+"/ktab/input/dummyData_3Dim*.csv", peerDir+"/ktab/input/SOE-Pol-Comp.csv")
	f.Add([]byte("S,D,2,1\nActor,Desc,Power,P,S\na,b,1,0,0\nc,d,1,100,0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ReadKTABCSV(bytes.NewReader(data))
		exercise(t, tb, err)
	})
}

func FuzzReadKTABXML(f *testing.F) {
	addSeeds(f, "testdata/*.xml", peerDir+"/ktab/input/*.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ReadKTABXML(bytes.NewReader(data))
		exercise(t, tb, err)
	})
}

func FuzzReadEUMCSV(f *testing.F) {
	addSeeds(f, "testdata/*eum*.csv", peerDir+"/eum/input/emission*.csv", peerDir+"/eum/input/honduras*.csv")
	f.Add([]byte("Actor,Capability,Position,Salience\na,1,5,0\nb,1,5,0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ReadEUMCSV(bytes.NewReader(data))
		exercise(t, tb, err)
	})
}

func FuzzReadDecide(f *testing.F) {
	addSeeds(f, "testdata/*.tsv")
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ReadDecide(bytes.NewReader(data))
		exercise(t, tb, err)
	})
}

func FuzzParseSpec(f *testing.F) {
	addSeeds(f, "testdata/*.yaml")
	f.Add([]byte(miniSpec))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpec(data)
		if err != nil {
			return
		}
		tb, err := s.Table()
		if err != nil {
			t.Fatalf("valid spec, invalid table: %v", err)
		}
		exercise(t, tb, nil)
	})
}

// FuzzParse feeds arbitrary bytes to Parse with each format, detected or
// named: an error, or a valid table (with a specification exactly for
// YAML); a detected format reads as the named one does.
func FuzzParse(f *testing.F) {
	addSeeds(f, "testdata/*.csv", "testdata/*.tsv", "testdata/*.xml", "testdata/*.yaml")
	f.Add([]byte(miniSpec))
	formats := []string{"", FormatKTABCSV, FormatKTABXML, FormatEUMCSV, FormatDecide, FormatYAML, "bogus"}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range formats {
			tb, spec, err := Parse(format, data)
			if err != nil {
				continue
			}
			if err := tb.Validate(); err != nil {
				t.Fatalf("%q: invalid table: %v", format, err)
			}
			yaml := format == FormatYAML || format == "" && DetectFormat(data) == FormatYAML
			if (spec != nil) != yaml {
				t.Fatalf("%q: specification %v for YAML %v", format, spec != nil, yaml)
			}
		}
		t1, _, err1 := Parse("", data)
		t2, _, err2 := Parse(DetectFormat(data), data)
		if (err1 == nil) != (err2 == nil) || err1 == nil && len(t1.Actors) != len(t2.Actors) {
			t.Fatalf("detected %q: %v, named: %v", DetectFormat(data), err1, err2)
		}
	})
}
