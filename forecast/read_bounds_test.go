package forecast

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReaderMagnitudes checks that every reader refuses capabilities,
// saliences and positions outside their format's bounds, and that the error
// names the line, the actor and the column.
func TestReaderMagnitudes(t *testing.T) {
	const (
		eumHead  = "Actor,Capability,Position,Salience\n"
		ktabHead = "S,D,2,1\nActor,Desc,Power,P,S\n"
		decideM  = "'#M'\t'i'\t0\n'#M'\t'i'\t100\n"
	)
	xml := func(capability, coord, sal string) string {
		return "<Scenario>\n<Dimensions><dName>a</dName></Dimensions>\n<Actors>\n<Actor><name>w</name><capability>1</capability><Position><dCoord>1</dCoord></Position><Salience><dSal>1</dSal></Salience></Actor>\n<Actor>\n<name>x</name>\n<capability>" +
			capability + "</capability>\n<Position><dCoord>" + coord + "</dCoord></Position>\n<Salience><dSal>" + sal + "</dSal></Salience>\n</Actor>\n</Actors>\n</Scenario>\n"
	}
	tests := []struct {
		name, format, input string
		want                []string // substrings of the error
	}{
		{"eum huge capability", FormatEUMCSV, eumHead + "a,1,10,50\nb,1e308,20,50\n",
			[]string{`line 3: capability (column 2, "Capability"), actor "b": capability 1e+308 exceeds 1e+12`}},
		{"eum just above the bound", FormatEUMCSV, eumHead + "a,1,10,50\nb,1.0000001e12,20,50\n", []string{"line 3", "exceeds 1e+12"}},
		{"eum zero capability", FormatEUMCSV, eumHead + "a,0,10,50\nb,1,20,50\n", []string{`line 2: capability (column 2, "Capability"), actor "a": capability 0 must be positive`}},
		{"eum negative capability", "", "Stakeholder,Resources,Position,Salience\na,-3,10,50\nb,1,20,50\n", []string{`line 2: capability (column 2, "Resources"), actor "a"`, "must be positive"}},
		{"eum infinite capability", FormatEUMCSV, eumHead + "a,1,10,50\nb,Inf,20,50\n", []string{`line 3: capability (column 2, "Capability"), actor "b": "Inf" is not a number`}},
		{"eum salience above 100", FormatEUMCSV, eumHead + "a,1,10,50\nb,1,20,150\n", []string{`line 3: salience (column 4, "Salience"), actor "b": 150 is outside`}},
		{"eum negative salience", FormatEUMCSV, eumHead + "a,1,10,-0.5\nb,1,20,0.5\n", []string{`line 2: salience (column 4, "Salience"), actor "a": -0.5 is outside [0, 1]`}},
		{"eum huge position", FormatEUMCSV, eumHead + "a,1,10,50\nb,1,-1e300,50\n", []string{`line 3: position (column 3, "Position"), actor "b": -1e+300 is outside`}},
		{"eum NaN position", FormatEUMCSV, eumHead + "a,1,NaN,50\nb,1,1,50\n", []string{`line 2: position (column 3, "Position"), actor "a": "NaN" is not a number`}},
		{"ktab huge capability", FormatKTABCSV, ktabHead + "a,b,1e308,2,3\nc,d,1,2,3\n", []string{`line 3: capability (column 3, "Power"), actor "a": capability 1e+308 exceeds 1e+12`}},
		{"ktab position above 100", FormatKTABCSV, ktabHead + "a,b,1,2,3\nc,d,1,101,3\n", []string{`line 4: position 1 (column 4, "P"), actor "c": 101 is outside [0, 100]`}},
		{"ktab negative salience", FormatKTABCSV, ktabHead + "a,b,1,2,-3\nc,d,1,2,3\n", []string{`line 3: salience 1 (column 5, "S"), actor "a": -3 is outside [0, 100]`}},
		{"ktab salience above 100", FormatKTABCSV, ktabHead + "a,b,1,2,3\nc,d,1,2,1e9\n", []string{`line 4: salience 1 (column 5, "S"), actor "c": 1e+09 is outside [0, 100]`}},
		{"xml huge capability", FormatKTABXML, xml("1e308", "1", "1"), []string{`line 7: capability, actor "x": capability 1e+308 exceeds 1e+12`}},
		{"xml zero capability", FormatKTABXML, xml("0", "1", "1"), []string{`line 7: capability, actor "x": capability 0 must be positive`}},
		{"xml coordinate above 100", FormatKTABXML, xml("1", "100.5", "1"), []string{`line 8: dCoord 1, actor "x": 100.5 is outside [0, 100]`}},
		{"xml salience above 100", FormatKTABXML, xml("1", "1", "200"), []string{`line 9: dSal 1, actor "x": 200 is outside [0, 100]`}},
		{"decide huge power", FormatDecide, decideM + "'#D'\t'a'\t'i'\t10\t0.5\t1e308\n", []string{`line 3: power (column 6) on issue "i", actor "a": capability 1e+308 exceeds 1e+12`}},
		{"decide zero power", FormatDecide, decideM + "'#D'\t'a'\t'i'\t10\t0.5\t0\n", []string{`line 3: power (column 6) on issue "i", actor "a": capability 0 must be positive`}},
		{"decide salience above 1", FormatDecide, decideM + "'#D'\t'a'\t'i'\t10\t50\t1\n", []string{`line 3: salience (column 5) on issue "i", actor "a": 50 is outside [0, 1]`}},
		{"decide position off the scale", FormatDecide, decideM + "'#D'\t'a'\t'i'\t10\t0.5\t1\n'#D'\t'b'\t'i'\t120\t0.5\t1\n",
			[]string{`line 4: position (column 4) on issue "i", actor "b": 120 is outside the scale [0, 100]`}},
		{"decide huge position", FormatDecide, "'#D'\t'a'\t'i'\t1e300\t0.5\t1\n", []string{`line 1: position (column 4) on issue "i", actor "a": 1e+300 is outside`}},
		{"decide huge anchor", FormatDecide, "'#M'\t'i'\t-1e300\n", []string{"line 1: #M value", "outside"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.input), tc.format)
			if err == nil {
				t.Fatalf("accepted; want an error with %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestReaderMagnitudesAccepted checks values at the bounds that the readers
// must keep accepting (the peers' datasets use tiny capabilities, negative
// positions and both salience scales).
func TestReaderMagnitudesAccepted(t *testing.T) {
	tests := []struct{ name, format, input string }{
		{"eum largest capability", FormatEUMCSV, "Actor,Capability,Position,Salience\na,1e12,10,50\nb,1e-300,20,100\n"},
		{"eum negative positions", FormatEUMCSV, "Actor,Capability,Position,Salience\na,1,-100,0\nb,1,100,1\n"},
		{"ktab scale ends", FormatKTABCSV, "S,D,2,1\nActor,Desc,Power,P,S\na,b,0.0001,0,0\nc,d,1e12,100,100\n"},
		{"decide salience ends", FormatDecide, "'#D'\t'a'\t'i'\t-5\t0\t0.013\n'#D'\t'b'\t'i'\t5\t1\t80\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Read(strings.NewReader(tc.input), tc.format); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestValidateMagnitudes checks Table.Validate on tables built in code.
func TestValidateMagnitudes(t *testing.T) {
	base := func() *Table {
		return &Table{Dims: []Dimension{{Name: "x", Min: 0, Max: 10}}, Actors: []Actor{
			{Name: "a", Capability: 1, Position: []float64{2}, Salience: []float64{0.5}},
			{Name: "b", Capability: 2, Position: []float64{8}, Salience: []float64{1}},
		}}
	}
	tests := []struct {
		name string
		edit func(*Table)
		want string
	}{
		{"capability", func(t *Table) { t.Actors[1].Capability = 1e13 }, `actor 2 ("b"): capability 1e+13 exceeds 1e+12`},
		{"position off the scale", func(t *Table) { t.Actors[0].Position[0] = 11 }, `actor 1 ("a"): position 11 on "x" is outside the scale [0, 10]`},
		{"scale", func(t *Table) { t.Dims[0].Max = 1e200 }, "exceeds [-1e+12, 1e+12]"},
		{"absent cell is not checked", func(t *Table) { t.Actors[0].Absent = []bool{true}; t.Actors[0].Position[0] = 1e300 }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tb := base()
			tc.edit(tb)
			err := tb.Validate()
			if tc.want == "" {
				if err != nil {
					t.Error(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestPeerInputsWithinBounds checks that the bounds reject none of the
// peers' own datasets: every input of ../shared/peers/forecast still reads.
func TestPeerInputsWithinBounds(t *testing.T) {
	var files []string
	for _, pattern := range []string{"eum/input/*.csv", "ktab/eum1d_input/*.csv", "ktab/input/*.csv", "ktab/input/*.xml",
		"other/USSR-USA-1948-BdM1998.csv", "other/cop21.csv", "other/copenhagen.csv"} {
		m, err := filepath.Glob(peer(t, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 30 {
		t.Fatalf("found %d peer inputs, want the 30 or more of ../shared", len(files))
	}
	for _, f := range files {
		if filepath.Base(f) == "smpExample.xml" {
			continue // shipped with an empty dCoord, which KTAB rejects too
		}
		if _, err := ReadFile(f); err != nil {
			t.Errorf("%v", err)
		}
	}
}
