package forecast

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
)

func TestReadFileFixtures(t *testing.T) {
	tests := []struct {
		file         string
		actors, dims int
		dim0         string
		scale        [2]float64
	}{
		{"testdata/three-actors-ktab.csv", 3, 2, "Tax", [2]float64{0, 100}},
		{"testdata/three-actors.xml", 3, 2, "Tax", [2]float64{0, 100}},
		{"testdata/five-actors-eum.csv", 5, 1, "Position", [2]float64{10, 90}},
		{"testdata/three-actors-decide.tsv", 3, 2, "budget", [2]float64{0, 100}},
		{"../scenarios/us-mexico-2025.yaml", 9, 1, "US military involvement in Mexico (0–100)", [2]float64{0, 100}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			tb, err := ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if len(tb.Actors) != tc.actors || len(tb.Dims) != tc.dims || tb.Dims[0].Name != tc.dim0 ||
				tb.Dims[0].Min != tc.scale[0] || tb.Dims[0].Max != tc.scale[1] {
				t.Errorf("got %d actors, %d dims, first %q on [%g, %g]", len(tb.Actors), len(tb.Dims), tb.Dims[0].Name, tb.Dims[0].Min, tb.Dims[0].Max)
			}
		})
	}
}

func TestReadKTABCSVValues(t *testing.T) {
	tb, err := ReadFile("testdata/three-actors-ktab.csv")
	if err != nil {
		t.Fatal(err)
	}
	a := tb.Actors[2]
	if tb.Name != "Three actors" || a.Name != "Right" || a.Description != "Right party" || a.Capability != 50 ||
		a.Position[0] != 90 || a.Salience[0] != 0.6 || a.Position[1] != 10 || a.Salience[1] != 0.2 {
		t.Errorf("unexpected table: %+v", tb)
	}
	if tb.Accommodation != nil || tb.SMP != nil {
		t.Error("CSV input has no accommodation or parameters")
	}
}

func TestReadKTABXMLValues(t *testing.T) {
	tb, err := ReadFile("testdata/three-actors.xml")
	if err != nil {
		t.Fatal(err)
	}
	o := tb.SMP
	if o == nil || o.Seed != 42 || o.VictoryProbModel != VPMSquare || o.PCEModel != PCEMarkovUniform || o.StateTransitions != Stochastic ||
		o.VotingRule != VRPropBin || o.BigRAdjust != RAHalf || o.BigRRange != RRMax || o.ThirdPartyCommit != FullCommit ||
		o.InterVecBrgn != S1P1 || o.BargnModel != PWCompInterp {
		t.Errorf("parameters: %+v", o)
	}
	acc := tb.Accommodation
	if acc == nil || acc[0][0] != 0.8 || acc[0][1] != 0.1 || acc[1][1] != 1 || acc[2][2] != 1 || acc[1][0] != 0 {
		t.Errorf("accommodation: %v", acc)
	}
}

func TestReadDecideValues(t *testing.T) {
	tb, err := ReadFile("testdata/three-actors-decide.tsv")
	if err != nil {
		t.Fatal(err)
	}
	bob := tb.Actors[1]
	if bob.Name != "Bob" || bob.Capability != 0.4 || !bob.Present(0) || bob.Present(1) || bob.Salience[0] != 0.8 {
		t.Errorf("Bob: %+v", bob)
	}
	b, err := Baselines(tb)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(b[0].Compromise-29.2/0.58) > 1e-12 || b[0].Median != 60 || b[1].N != 2 || math.Abs(b[1].Compromise-20) > 1e-12 || b[1].Median != 0 {
		t.Errorf("baselines: %+v", b)
	}
}

func TestReaderErrors(t *testing.T) {
	tests := []struct {
		name, format, input, want string
	}{
		{"ktab empty", FormatKTABCSV, "", "need a scenario line"},
		{"ktab counts", FormatKTABCSV, "S,D,x,1\nActor,Desc,Power,P,S\n", "must be positive integers"},
		{"ktab header", FormatKTABCSV, "S,D,1,2\nActor,Desc,Power,P,S\na,b,1,2,3\n", "header has 5 fields, want 7"},
		{"ktab actor count", FormatKTABCSV, "S,D,2,1\nActor,Desc,Power,P,S\na,b,1,2,3\n", "declares 2 actors, found 1"},
		{"ktab position", FormatKTABCSV, "S,D,2,1\nActor,Desc,Power,P,S\na,b,1,200,3\nc,d,1,2,3\n", "line 3: position 1"},
		{"ktab salience sum", FormatKTABCSV, "S,D,2,2\nA,D,P,X,SX,Y,SY\na,b,1,2,60,3,50\nc,d,1,2,3,4,5\n", "sum to 110 > 100"},
		{"ktab capability", FormatKTABCSV, "S,D,2,1\nActor,Desc,Power,P,S\na,b,-1,2,3\nc,d,1,2,3\n", "capability -1 must be positive"},
		{"ktab short line", FormatKTABCSV, "S,D,2,1\nActor,Desc,Power,P,S\na,b,1\nc,d,1,2,3\n", "line 3: 3 fields, want 5"},
		{"ktab duplicate", FormatKTABCSV, "S,D,2,1\nActor,Desc,Power,P,S\na,b,1,2,3\na,d,1,2,3\n", `actor "a" appears twice`},
		{"ktab budget", FormatKTABCSV, "S,D,100000,1\nActor,Desc,Power,P,S\n", "size budget"},
		{"xml syntax", FormatKTABXML, "<Scenario><name>x</name>", "ktab xml"},
		{"xml coords", FormatKTABXML, "<Scenario><Dimensions><dName>a</dName></Dimensions><Actors><Actor><name>x</name><capability>1</capability><Position></Position><Salience><dSal>1</dSal></Salience></Actor></Actors></Scenario>", "0 coordinates and 1 saliences"},
		{"xml empty coord", FormatKTABXML, "<Scenario><Dimensions><dName>a</dName></Dimensions><Actors><Actor><name>x</name><capability>1</capability><Position><dCoord></dCoord></Position><Salience><dSal>1</dSal></Salience></Actor></Actors></Scenario>", `dCoord 1, actor "x": "" is not a number`},
		{"xml param", FormatKTABXML, "<Scenario><ModelParameters><VotingRule>Loud</VotingRule></ModelParameters><Dimensions><dName>a</dName></Dimensions><Actors><Actor><name>x</name><capability>1</capability><Position><dCoord>1</dCoord></Position><Salience><dSal>1</dSal></Salience></Actor></Actors></Scenario>", `unknown value "Loud"`},
		{"xml pair", FormatKTABXML, "<Scenario><Dimensions><dName>a</dName></Dimensions><Actors><Actor><name>x</name><capability>1</capability><Position><dCoord>1</dCoord></Position><Salience><dSal>1</dSal></Salience></Actor></Actors><IdealAdjustment><iaPair><adjustingIdeal>x</adjustingIdeal><referencePos>y</referencePos><adjust>1</adjust></iaPair></IdealAdjustment></Scenario>", `unknown actor`},
		{"xml no dims", FormatKTABXML, "<Scenario><Actors><Actor><name>x</name><capability>1</capability></Actor></Actors></Scenario>", "no dimensions"},
		{"eum header", FormatEUMCSV, "Actor,Power,Salience\na,1,2\n", "no position column"},
		{"eum number", FormatEUMCSV, "Actor,Capability,Position,Salience\na,1,x,0.5\n", "line 2: position"},
		{"eum missing", FormatEUMCSV, "Actor,Capability,Position,Salience\na,1,2\n", "missing salience"},
		{"eum only header", FormatEUMCSV, "Actor,Capability,Position,Salience\n", "at least one actor"},
		{"eum salience", FormatEUMCSV, "Actor,Capability,Position,Salience\na,1,2,-5\nb,1,3,0.5\n", "outside [0, 1]"},
		{"decide tag", FormatDecide, "'#X'\t'a'\n", "unknown row type"},
		{"decide short", FormatDecide, "'#D'\t'a'\t'i'\t1\n", "needs actor, issue"},
		{"decide power", FormatDecide, "'#D'\t'a'\t'i'\t1\t0.5\t1\n'#D'\t'a'\t'j'\t1\t0.5\t2\n", "one capability per actor"},
		{"decide twice", FormatDecide, "'#D'\t'a'\t'i'\t1\t0.5\t1\n'#D'\t'a'\t'i'\t1\t0.5\t1\n", "two #D rows"},
		{"decide empty", FormatDecide, "'#A'\t'a'\n", "no #D rows"},
		{"decide issue", FormatDecide, "'#P'\t'i'\n'#P'\t'j'\n'#D'\t'a'\t'i'\t1\t0.5\t1\n", `issue "j" has no #D rows`},
		{"yaml", FormatYAML, "stakeholders:\n  dimensions: []\n", "no dimensions"},
		{"format", "excel", "x", "unknown input format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.input), tc.format)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestReadBudget(t *testing.T) {
	_, err := Read(strings.NewReader("S,D,5000,1\nActor,Desc,Power,P,S\n"), FormatKTABCSV)
	if !errors.Is(err, ErrBudget) {
		t.Errorf("error %v, want ErrBudget", err)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct{ input, want string }{
		{"\xef\xbb\xbf<?xml version='1.0'?><Scenario/>", FormatKTABXML},
		{"'#A'\t'x'\n", FormatDecide},
		{"#A\tx\n", FormatDecide},
		{"Name,Desc, 3, 2,\nActor,...", FormatKTABCSV},
		{"Actor,Capability,Position,Salience\n", FormatEUMCSV},
		{"Stakeholder,Resources,Position,Salience\rZ,1,2,3", FormatEUMCSV},
		{"stakeholders:\n  title: x\n", FormatYAML},
		{"---\ntitle: x\n", FormatYAML},
	}
	for _, tc := range tests {
		if got := DetectFormat([]byte(tc.input)); got != tc.want {
			t.Errorf("DetectFormat(%q) = %s, want %s", tc.input, got, tc.want)
		}
	}
}

func TestReadCRLineEndings(t *testing.T) {
	in := "Stakeholder,Resources,Position,Salience\rA,1,0,50\rB,2,10,80\r"
	tb, err := Read(strings.NewReader(in), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Actors) != 2 || tb.Actors[1].Salience[0] != 0.8 || tb.Dims[0].Max != 10 {
		t.Errorf("table %+v", tb)
	}
}

func TestReadFileMissing(t *testing.T) {
	if _, err := ReadFile("testdata/nope.csv"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v", err)
	}
}
