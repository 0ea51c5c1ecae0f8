package forecast

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxInput caps the bytes a reader accepts (a 10,000-actor table is far
// below it).
const maxInput = 64 << 20

// readAllLimited reads r up to maxInput bytes.
func readAllLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxInput {
		return nil, fmt.Errorf("input larger than %d bytes", maxInput)
	}
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
}

// csvLine is one non-blank line of a comma-separated file.
type csvLine struct {
	num    int // 1-based line number
	fields []string
}

// splitCSV splits data into lines (LF, CRLF or CR) and lines into fields at
// commas, trimming blanks and one pair of surrounding double quotes, as
// KTAB's minicsv reader does. Fields cannot contain commas. A trailing
// empty field (from a final comma) is dropped; blank lines are skipped.
func splitCSV(data []byte) []csvLine {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var lines []csvLine
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		fs := strings.Split(l, ",")
		for k, f := range fs {
			f = strings.TrimSpace(f)
			if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
				f = strings.TrimSpace(f[1 : len(f)-1])
			}
			fs[k] = f
		}
		if len(fs) > 1 && fs[len(fs)-1] == "" {
			fs = fs[:len(fs)-1]
		}
		lines = append(lines, csvLine{num: i + 1, fields: fs})
	}
	return lines
}

// parseNum parses a finite float.
func parseNum(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !finite(v) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// cellError locates an invalid value of an input: its line (0 when
// unknown), its column (or XML element) and its actor.
func cellError(format string, line int, actor, column string, err error) error {
	if line > 0 {
		return fmt.Errorf("%s: line %d: %s, actor %q: %w", format, line, column, actor, err)
	}
	return fmt.Errorf("%s: %s, actor %q: %w", format, column, actor, err)
}

// parseIn parses a finite number in [lo, hi].
func parseIn(s string, lo, hi float64) (float64, error) {
	v, err := parseNum(s)
	if err != nil {
		return 0, err
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("%g is outside [%g, %g]", v, lo, hi)
	}
	return v, nil
}

// parseCapability parses a capability in (0, MaxCapability].
func parseCapability(s string) (float64, error) {
	v, err := parseNum(s)
	if err != nil {
		return 0, err
	}
	return v, checkCapability(v)
}

// ReadKTABCSV reads KTAB's SMP CSV format:
//
//	<scenario name>,<description>,<number of actors>,<number of dimensions>,
//	Actor,Description,Power,<dim 1>,<dim 1 salience>,...
//	<name>,<description>,<capability>,<position 1>,<salience 1>,...
//
// Capabilities are in (0, MaxCapability]. Positions and saliences are on
// 0–100 (saliences of one actor sum to at most 100); the table keeps
// positions on that scale and divides saliences by 100. Errors name the
// line, the actor and the column.
func ReadKTABCSV(r io.Reader) (*Table, error) {
	data, err := readAllLimited(r)
	if err != nil {
		return nil, fmt.Errorf("ktab csv: %w", err)
	}
	lines := splitCSV(data)
	if len(lines) < 2 {
		return nil, errors.New("ktab csv: need a scenario line and a header line")
	}
	t, na, nd, err := ktabHead(lines[0], lines[1])
	if err != nil {
		return nil, err
	}
	rows := lines[2:]
	if len(rows) != na {
		return nil, fmt.Errorf("ktab csv: line %d declares %d actors, found %d actor lines", lines[0].num, na, len(rows))
	}
	for _, l := range rows {
		a, err := ktabActor(l, lines[1], nd)
		if err != nil {
			return nil, err
		}
		t.Actors = append(t.Actors, a)
	}
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("ktab csv: %w", err)
	}
	return t, nil
}

// ktabHead parses the scenario and header lines.
func ktabHead(scen, head csvLine) (*Table, int, int, error) {
	if len(scen.fields) < 4 {
		return nil, 0, 0, fmt.Errorf("ktab csv: line %d: want name,description,actors,dimensions", scen.num)
	}
	na, err1 := strconv.Atoi(scen.fields[2])
	nd, err2 := strconv.Atoi(scen.fields[3])
	if err1 != nil || err2 != nil || na < 1 || nd < 1 {
		return nil, 0, 0, fmt.Errorf("ktab csv: line %d: actor and dimension counts %q, %q must be positive integers", scen.num, scen.fields[2], scen.fields[3])
	}
	if nd > DefaultLimits.MaxDims || na > DefaultLimits.MaxActors {
		return nil, 0, 0, fmt.Errorf("ktab csv: line %d: %w: %d actors × %d dimensions", scen.num, ErrBudget, na, nd)
	}
	if len(head.fields) < 3+2*nd {
		return nil, 0, 0, fmt.Errorf("ktab csv: line %d: header has %d fields, want %d for %d dimensions", head.num, len(head.fields), 3+2*nd, nd)
	}
	t := &Table{Name: scen.fields[0], Description: scen.fields[1]}
	for d := range nd {
		t.Dims = append(t.Dims, Dimension{Name: head.fields[3+2*d], Min: 0, Max: 100})
	}
	return t, na, nd, nil
}

// ktabActor parses one actor line; head is the header line, which names
// the columns.
func ktabActor(l, head csvLine, nd int) (Actor, error) {
	f := l.fields
	if len(f) < 3+2*nd {
		return Actor{}, fmt.Errorf("ktab csv: line %d: %d fields, want %d", l.num, len(f), 3+2*nd)
	}
	a := Actor{Name: f[0], Description: f[1], Position: make([]float64, nd), Salience: make([]float64, nd)}
	bad := func(what string, k int, err error) error {
		return cellError("ktab csv", l.num, a.Name, fmt.Sprintf("%s (column %d, %q)", what, k+1, head.fields[k]), err)
	}
	var err error
	if a.Capability, err = parseCapability(f[2]); err != nil {
		return a, bad("capability", 2, err)
	}
	total := 0.0
	for d := range nd {
		p, err := parseIn(f[3+2*d], 0, 100)
		if err != nil {
			return a, bad(fmt.Sprintf("position %d", d+1), 3+2*d, err)
		}
		s, err := parseIn(f[4+2*d], 0, 100)
		if err != nil {
			return a, bad(fmt.Sprintf("salience %d", d+1), 4+2*d, err)
		}
		total += s
		a.Position[d] = p
		a.Salience[d] = s / 100
	}
	if total > 100 {
		return a, fmt.Errorf("ktab csv: line %d: saliences of %q sum to %g > 100", l.num, a.Name, total)
	}
	return a, nil
}

// xmlScenario mirrors KTAB's smpSchema.xsd.
type xmlScenario struct {
	XMLName xml.Name `xml:"Scenario"`
	Name    string   `xml:"name"`
	Desc    string   `xml:"desc"`
	Seed    string   `xml:"prngSeed"`
	Params  *struct {
		VictoryProbModel string `xml:"VictoryProbModel"`
		PCEModel         string `xml:"PCEModel"`
		StateTransitions string `xml:"StateTransitions"`
		VotingRule       string `xml:"VotingRule"`
		BigRAdjust       string `xml:"BigRAdjust"`
		BigRRange        string `xml:"BigRRange"`
		ThirdPartyCommit string `xml:"ThirdPartyCommit"`
		InterVecBrgn     string `xml:"InterVecBrgn"`
		BargnModel       string `xml:"BargnModel"`
	} `xml:"ModelParameters"`
	Dims   []string `xml:"Dimensions>dName"`
	Actors []struct {
		Name        string   `xml:"name"`
		Description string   `xml:"description"`
		Capability  string   `xml:"capability"`
		Position    []string `xml:"Position>dCoord"`
		Salience    []string `xml:"Salience>dSal"`
	} `xml:"Actors>Actor"`
	Adjust []struct {
		Ideal  string `xml:"adjustingIdeal"`
		Ref    string `xml:"referencePos"`
		Adjust string `xml:"adjust"`
	} `xml:"IdealAdjustment>iaPair"`
}

// ReadKTABXML reads KTAB's SMP XML scenario format (smpSchema.xsd): name,
// description, PRNG seed, model parameters, dimensions, actors with
// capability (in (0, MaxCapability]), positions and saliences on 0–100, and
// the optional ideal-adjustment pairs. Errors in an actor's numbers name the
// line, the actor and the element. The model parameters and seed are returned in
// Table.SMP.
func ReadKTABXML(r io.Reader) (*Table, error) {
	data, err := readAllLimited(r)
	if err != nil {
		return nil, fmt.Errorf("ktab xml: %w", err)
	}
	var x xmlScenario
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	if err := dec.Decode(&x); err != nil {
		return nil, fmt.Errorf("ktab xml: %w", err)
	}
	if len(x.Dims) > DefaultLimits.MaxDims || len(x.Actors) > DefaultLimits.MaxActors {
		return nil, fmt.Errorf("ktab xml: %w: %d actors × %d dimensions", ErrBudget, len(x.Actors), len(x.Dims))
	}
	t := &Table{Name: strings.TrimSpace(x.Name), Description: strings.TrimSpace(x.Desc)}
	for _, n := range x.Dims {
		t.Dims = append(t.Dims, Dimension{Name: strings.TrimSpace(n), Min: 0, Max: 100})
	}
	if err := xmlActors(t, &x, data); err != nil {
		return nil, err
	}
	if err := xmlAccommodation(t, &x); err != nil {
		return nil, err
	}
	if err := xmlParams(t, &x); err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("ktab xml: %w", err)
	}
	return t, nil
}

func xmlActors(t *Table, x *xmlScenario, data []byte) error {
	nd := len(t.Dims)
	for i, xa := range x.Actors {
		a := Actor{Name: strings.TrimSpace(xa.Name), Description: strings.TrimSpace(xa.Description)}
		where := fmt.Sprintf("ktab xml: actor %d (%q)", i+1, a.Name)
		if len(xa.Position) != nd || len(xa.Salience) != nd {
			return fmt.Errorf("%s: %d coordinates and %d saliences for %d dimensions", where, len(xa.Position), len(xa.Salience), nd)
		}
		// bad locates an error in element elem (k-th of its kind) of this actor.
		bad := func(elem string, k int, err error) error {
			line, name := xmlLine(data, i, elem, k), elem
			if elem != "capability" {
				name = fmt.Sprintf("%s %d", elem, k+1)
			}
			return cellError("ktab xml", line, a.Name, name, err)
		}
		var err error
		if a.Capability, err = parseCapability(xa.Capability); err != nil {
			return bad("capability", 0, err)
		}
		total := 0.0
		for d := range nd {
			p, err := parseIn(xa.Position[d], 0, 100)
			if err != nil {
				return bad("dCoord", d, err)
			}
			s, err := parseIn(xa.Salience[d], 0, 100)
			if err != nil {
				return bad("dSal", d, err)
			}
			total += s
			a.Position = append(a.Position, p)
			a.Salience = append(a.Salience, s/100)
		}
		if total > 100 {
			return fmt.Errorf("%s: saliences sum to %g > 100", where, total)
		}
		t.Actors = append(t.Actors, a)
	}
	return nil
}

// xmlLine returns the line of the k-th element elem (capability, dCoord or
// dSal) of actor i of a KTAB XML scenario, or 0 if it cannot be found. It
// scans the input again: it is only called to report an error.
func xmlLine(data []byte, i int, elem string, k int) int {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	var stack []string
	actor, seen := -1, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return 0
		}
		switch e := tok.(type) {
		case xml.StartElement:
			stack = append(stack, e.Name.Local)
			switch strings.Join(stack, ">") {
			case "Scenario>Actors>Actor":
				actor, seen = actor+1, 0
			case "Scenario>Actors>Actor>capability", "Scenario>Actors>Actor>Position>dCoord", "Scenario>Actors>Actor>Salience>dSal":
				if actor == i && e.Name.Local == elem {
					if seen == k {
						line, _ := dec.InputPos()
						return line
					}
					seen++
				}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// xmlAccommodation builds the accommodation matrix: the identity, with the
// listed pairs overriding entries (as KTAB does).
func xmlAccommodation(t *Table, x *xmlScenario) error {
	if len(x.Adjust) == 0 {
		return nil
	}
	n := len(t.Actors)
	index := make(map[string]int, n)
	for i, a := range t.Actors {
		index[a.Name] = i
	}
	acc := make([][]float64, n)
	for i := range acc {
		acc[i] = make([]float64, n)
		acc[i][i] = 1
	}
	for k, p := range x.Adjust {
		i, ok1 := index[strings.TrimSpace(p.Ideal)]
		j, ok2 := index[strings.TrimSpace(p.Ref)]
		if !ok1 || !ok2 {
			return fmt.Errorf("ktab xml: iaPair %d: unknown actor %q or %q", k+1, p.Ideal, p.Ref)
		}
		v, err := parseNum(p.Adjust)
		if err != nil {
			return fmt.Errorf("ktab xml: iaPair %d: adjust: %w", k+1, err)
		}
		acc[i][j] = v
	}
	t.Accommodation = acc
	return nil
}

func xmlParams(t *Table, x *xmlScenario) error {
	o := DefaultSMPOptions()
	if s := strings.TrimSpace(x.Seed); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("ktab xml: prngSeed %q: %w", s, err)
		}
		o.Seed = seed
	}
	if p := x.Params; p != nil {
		pairs := []struct{ name, value string }{
			{"VictoryProbModel", p.VictoryProbModel}, {"PCEModel", p.PCEModel},
			{"StateTransitions", p.StateTransitions}, {"VotingRule", p.VotingRule},
			{"BigRAdjust", p.BigRAdjust}, {"BigRRange", p.BigRRange},
			{"ThirdPartyCommit", p.ThirdPartyCommit}, {"InterVecBrgn", p.InterVecBrgn},
			{"BargnModel", p.BargnModel},
		}
		for _, kv := range pairs {
			if strings.TrimSpace(kv.value) == "" {
				continue // missing: KTAB's default
			}
			if err := o.Set(kv.name, strings.TrimSpace(kv.value)); err != nil {
				return fmt.Errorf("ktab xml: ModelParameters: %w", err)
			}
		}
	}
	t.SMP = &o
	return nil
}
