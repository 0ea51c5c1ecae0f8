package chart

import (
	"bytes"
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"testing"
)

// node is a parsed SVG element.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []node     `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// all returns the elements under n (n included) with the given tag and,
// if class is not empty, that class.
func (n *node) all(tag, class string) []*node {
	var out []*node
	if n.XMLName.Local == tag && (class == "" || n.attr("class") == class) {
		out = append(out, n)
	}
	for i := range n.Children {
		out = append(out, n.Children[i].all(tag, class)...)
	}
	return out
}

// parse renders c, checks that it is well-formed, accessible and
// deterministic, and returns its tree.
func parse(t *testing.T, c Chart) *node {
	t.Helper()
	svg := SVG(c)
	if !bytes.Equal(svg, SVG(c)) {
		t.Fatal("two renderings differ")
	}
	var root node
	if err := xml.Unmarshal(svg, &root); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, svg)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root element %v", root.XMLName)
	}
	if root.attr("role") != "img" {
		t.Error(`no role="img"`)
	}
	for _, id := range strings.Fields(root.attr("aria-labelledby")) {
		found := false
		for _, tag := range []string{"title", "desc"} {
			for _, e := range root.all(tag, "") {
				if e.attr("id") == id {
					found = strings.TrimSpace(e.Text) != ""
				}
			}
		}
		if !found {
			t.Errorf("aria-labelledby names %q, which is not a non-empty title or desc", id)
		}
	}
	if strings.Contains(string(svg), "http://") && strings.Count(string(svg), "http://") != 1 {
		t.Error("a URL besides the SVG namespace")
	}
	return &root
}

func ptr(x float64) *float64 { return &x }

func TestBarsWhiskersMatchIntervals(t *testing.T) {
	c := &Bars{Meta: Meta{ID: "r", Title: "Results <&> \"quoted\""}, Unit: Unit{Label: "Probability (%)", Percent: true}, Max: 1,
		Rows: []BarRow{
			{Label: "A & B", Values: []Value{{V: 0.5, Low: ptr(0.45), High: ptr(0.55)}}},
			{Label: "C", Values: []Value{{V: 0.3, Low: ptr(0.1), High: ptr(0.42)}}},
			{Label: "D", Values: []Value{{V: 0.2}}},
		}}
	root := parse(t, c)
	bars, whiskers := root.all("rect", "bar"), root.all("line", "whisker")
	if len(bars) != 3 || len(whiskers) != 2 {
		t.Fatalf("%d bars and %d whiskers, want 3 and 2", len(bars), len(whiskers))
	}
	for i, w := range whiskers {
		v := c.Rows[i].Values[0]
		x0, width := bars[i].num(t, "x"), bars[i].num(t, "width")
		k := width / v.V // pixels per unit
		for _, end := range []struct {
			attr string
			v    float64
		}{{"x1", *v.Low}, {"x2", *v.High}} {
			if got, want := w.num(t, end.attr), x0+end.v*k; math.Abs(got-want) > 0.2 {
				t.Errorf("row %d: whisker %s at %g, want %g", i, end.attr, got, want)
			}
		}
	}
	if n := len(root.all("title", "")); n < 4 {
		t.Errorf("%d titles: want the chart's and one per bar", n)
	}
}

func TestBarsSeriesAndNegative(t *testing.T) {
	c := &Bars{Meta: Meta{Title: "Sobol"}, Series: []string{"S1", "ST"}, Unit: Unit{Label: "Share", Digits: 2},
		Rows: []BarRow{{Label: "x", Values: []Value{{V: -0.1}, {V: 0.8}}}, {Label: "y", Values: []Value{{V: 0.2}, {V: 0.3}}}}}
	root := parse(t, c)
	bars := root.all("rect", "bar")
	if len(bars) != 4 {
		t.Fatalf("%d bars, want 4", len(bars))
	}
	// The negative bar ends where the positive ones start.
	if neg, pos := bars[0].num(t, "x")+bars[0].num(t, "width"), bars[1].num(t, "x"); math.Abs(neg-pos) > 0.2 {
		t.Errorf("negative bar ends at %g, positive starts at %g", neg, pos)
	}
	if bars[0].attr("fill") == bars[1].attr("fill") {
		t.Error("two series share a colour")
	}
	if got := c.Data().Header; len(got) != 5 {
		t.Errorf("data header %v", got)
	}
}

func TestTornado(t *testing.T) {
	c := &Tornado{Meta: Meta{ID: "t", Title: "Tornado"}, Output: "P(war)", Base: 0.3, Unit: Unit{Label: "%", Percent: true},
		Bars: []TornadoBar{{Label: "resolve", Low: "0.1", High: "0.9", YLow: 0.1, YHigh: 0.6}, {Label: "cost", Low: "1", High: "5", YLow: 0.35, YHigh: 0.25}}}
	root := parse(t, c)
	bars := root.all("rect", "bar")
	if len(bars) != 4 {
		t.Fatalf("%d bars, want two per input", len(bars))
	}
	// Every bar touches the base line.
	base := root.all("line", "")[len(root.all("line", ""))-1].num(t, "x1")
	for i, b := range bars {
		l, r := b.num(t, "x"), b.num(t, "x")+b.num(t, "width")
		if math.Abs(l-base) > 0.2 && math.Abs(r-base) > 0.2 {
			t.Errorf("bar %d spans %g–%g, away from the base at %g", i, l, r, base)
		}
	}
	if d := c.Data(); len(d.Rows) != 2 || d.Rows[0][5] != "50%" {
		t.Errorf("data %v", d)
	}
}

func TestBoxes(t *testing.T) {
	c := &Boxes{Meta: Meta{Title: "Spread"}, Unit: Unit{Label: "Probability (%)", Percent: true}, Max: 1,
		Rows: []Box{{Label: "A", Min: 0, P05: 0.1, P25: 0.2, P50: 0.3, P75: 0.5, P95: 0.8, Max: 0.9, Mean: 0.35}}}
	root := parse(t, c)
	boxes, medians := root.all("rect", "box"), root.all("line", "median")
	if len(boxes) != 1 || len(medians) != 1 || len(root.all("path", "mean")) != 1 {
		t.Fatalf("%d boxes, %d medians", len(boxes), len(medians))
	}
	x, w, m := boxes[0].num(t, "x"), boxes[0].num(t, "width"), medians[0].num(t, "x1")
	if !(x < m && m < x+w) {
		t.Errorf("median at %g outside the box %g–%g", m, x, x+w)
	}
	// The median splits the box in the ratio of the quartile gaps: 1:2.
	if r := (m - x) / w; math.Abs(r-1.0/3) > 0.01 {
		t.Errorf("median at %.3f of the box, want 1/3", r)
	}
}

func TestHeatMap(t *testing.T) {
	c := &HeatMap{Meta: Meta{Title: "Costs"}, Rows: []string{"US", "MX"}, Columns: []string{"a", "b", "c"},
		Cells: [][]float64{{1, -2, 0}, {4, 0, -4}}, Unit: Unit{Digits: 1}, Positive: "gain", Negative: "cost"}
	root := parse(t, c)
	cells := root.all("rect", "cell")
	if len(cells) != 6 {
		t.Fatalf("%d cells, want 6", len(cells))
	}
	for i, want := range []string{"#BFDCEC", "#EAAF80", "#FFFFFF", "#0072B2", "#FFFFFF", "#D55E00"} {
		if got := cells[i].attr("fill"); got != want {
			t.Errorf("cell %d: fill %s, want %s", i, got, want)
		}
	}
	if d := c.Data(); len(d.Rows) != 2 || d.Rows[1][3] != "-4" {
		t.Errorf("data %v", d)
	}
}

func TestScatter(t *testing.T) {
	c := &Scatter{Meta: Meta{Title: "Space"}, X: Unit{Label: "u1", Digits: 2}, Y: Unit{Label: "u2", Digits: 2}, Max: 1,
		Points: []Point{{Label: "Nash", X: 0.7, Y: 0.6}, {Label: "Nash ratified", X: 0.7, Y: 0.6, Kind: 1}, {Label: "KS", X: 0.6, Y: 0.7, Kind: 2}},
		Lines:  []RefLine{{Label: "r1", Vertical: true, At: 0.4}, {Label: "r2", At: 0.3}}}
	root := parse(t, c)
	if n := len(root.all("circle", "point")) + len(root.all("path", "point")) + len(root.all("rect", "point")); n != 2 {
		t.Errorf("%d points drawn, want 2 (two coincide)", n)
	}
	lines := root.all("line", "refline")
	if len(lines) != 2 || lines[0].attr("x1") != lines[0].attr("x2") || lines[1].attr("y1") != lines[1].attr("y2") {
		t.Errorf("reference lines %v", lines)
	}
	if len(c.Data().Rows) != 5 {
		t.Errorf("data rows %v", c.Data().Rows)
	}
}

func TestEmptyCharts(t *testing.T) {
	for _, c := range []Chart{&Bars{}, &Tornado{}, &Boxes{}, &HeatMap{}, &Scatter{}, &Tree{}} {
		parse(t, c)
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		p    float64
		want string
	}{{0, "0%"}, {0.0004, "<0.1%"}, {0.0123, "1.2%"}, {0.0996, "10%"}, {0.754, "75%"}, {1, "100%"}} {
		if got := Percent(c.p); got != c.want {
			t.Errorf("Percent(%g) = %q, want %q", c.p, got, c.want)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi  float64
		want    []float64
		wlo, wh float64
	}{
		{0, 1, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}, 0, 1},
		{0.046, 0.194, []float64{0, 0.05, 0.1, 0.15, 0.2}, 0, 0.2},
		{-5.2, 5.2, []float64{-10, -5, 0, 5, 10}, -10, 10},
		{3, 3, []float64{3, 3.2, 3.4, 3.6, 3.8, 4}, 3, 4},
		{math.Inf(1), math.Inf(-1), []float64{0, 0.2, 0.4, 0.6, 0.8, 1}, 0, 1},
		{0, 0.9e300, []float64{0, 2e299, 4e299, 6e299, 8e299, 1e300}, 0, 1e300},
	} {
		lo, hi, got := ticks(c.lo, c.hi, 5)
		near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
		if !near(lo, c.wlo) || !near(hi, c.wh) || len(got) != len(c.want) {
			t.Errorf("ticks(%g, %g) = %g, %g, %v", c.lo, c.hi, lo, hi, got)
			continue
		}
		for i := range got {
			if !near(got[i], c.want[i]) {
				t.Errorf("ticks(%g, %g) = %v, want %v", c.lo, c.hi, got, c.want)
			}
		}
	}
}

// A chance move, then one player's two nodes in one information set.
func TestTree(t *testing.T) {
	c := &Tree{Meta: Meta{Title: "Tree"}, Players: []string{"A"}, Nodes: []TreeNode{
		{Parent: -1, Player: ChanceNode},
		{Parent: 0, Action: "hi", Prob: 0.3, Player: 0, Infoset: "A:1"},
		{Parent: 1, Action: "x", Prob: 1, Player: TerminalNode, Label: "X"},
		{Parent: 1, Action: "y", Prob: 0, Player: TerminalNode, Label: "Y"},
		{Parent: 0, Action: "lo", Prob: 0.7, Player: 0, Infoset: "A:1"},
		{Parent: 4, Action: "x", Prob: 1, Player: TerminalNode, Label: "X"},
		{Parent: 4, Action: "y", Prob: 0, Player: TerminalNode, Label: "Y"},
	}}
	root := parse(t, c)
	if n := len(root.all("path", "branch")); n != 6 {
		t.Errorf("%d branches, want 6", n)
	}
	if n := len(root.all("rect", "leaf")); n != 4 {
		t.Errorf("%d leaves, want 4", n)
	}
	sets := root.all("polyline", "infoset")
	if len(sets) != 1 {
		t.Fatalf("%d information sets drawn, want 1", len(sets))
	}
	// The two members sit in one column, the parent midway between its
	// children's rows.
	xs, ys, depth := c.layout()
	if xs[1] != xs[4] || depth != 2 || ys[1] != 0.5 || ys[4] != 2.5 || ys[0] != 1.5 {
		t.Errorf("layout x %v, y %v, depth %d", xs, ys, depth)
	}
	if d := c.Data(); len(d.Rows) != 6 || d.Rows[1][0] != "hi → x" || d.Rows[1][1] != "A" {
		t.Errorf("data %v", d.Rows)
	}
}
