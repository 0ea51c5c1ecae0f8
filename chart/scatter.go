package chart

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Scatter plots labelled points in two dimensions with optional reference
// lines, e.g. the utilities of two negotiating parties with their
// reservation values. Each point's kind has its own shape and colour.
type Scatter struct {
	Meta
	X, Y   Unit
	Points []Point
	// Lines are vertical (on X) or horizontal (on Y) reference lines.
	Lines []RefLine
	// Min and Max fix both axes; with Min = Max they span the data.
	Min, Max float64
}

// Point is a labelled point; Kind selects its marker (0 to 4).
type Point struct {
	Label string
	X, Y  float64
	Kind  int
}

// RefLine is a dashed line at a value of one axis.
type RefLine struct {
	Label    string
	Vertical bool // at X = At; else at Y = At
	At       float64
}

// WriteSVG draws the chart.
func (c *Scatter) WriteSVG(w io.Writer) error {
	const side, left, top = 420.0, 80.0, 40.0
	lo, hi := c.Min, c.Max
	if lo == hi {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, p := range c.Points {
			lo, hi = math.Min(lo, math.Min(p.X, p.Y)), math.Max(hi, math.Max(p.X, p.Y))
		}
	}
	lo, hi, tks := ticks(lo, hi, 5)
	if c.Min != c.Max {
		lo, hi = c.Min, c.Max
	}
	sx := scale{lo: lo, hi: hi, a: left, b: left + side}
	sy := scale{lo: lo, hi: hi, a: top + side, b: top}
	var cv canvas
	groups := c.groups()
	cv.open(c.Meta, width, top+side+64+18*float64(len(groups)+len(c.Lines)), c.describe())
	cv.xAxis(sx, tks, top+side, top, c.X.tick, c.X.Label)
	for _, t := range tks {
		y := sy.at(t)
		cv.line(left, y, left+side, y, light, 1, "")
		cv.text(left-6, y+4, "end", `fill="#333333"`, c.Y.tick(t))
	}
	cv.line(left, top, left, top+side, grey, 1, "")
	cv.f(`<text x="%s" y="%s" text-anchor="middle" transform="rotate(-90 %s %s)">%s</text>`+"\n",
		num(24), num(top+side/2), num(24), num(top+side/2), esc(c.Y.Label))
	for _, l := range c.Lines {
		if l.Vertical {
			x := sx.at(l.At)
			cv.line(x, top, x, top+side, Black, 1.5, `class="refline" stroke-dasharray="6 4"`)
			cv.text(x+4, top+12, "start", `font-size="11"`, l.Label)
		} else {
			y := sy.at(l.At)
			cv.line(left, y, left+side, y, Black, 1.5, `class="refline" stroke-dasharray="6 4"`)
			cv.text(left+side-4, y-4, "end", `font-size="11"`, l.Label)
		}
	}
	key := top + side + 60
	for i, g := range groups {
		x, y := sx.at(g.X), sy.at(g.Y)
		marker(&cv, x, y, g.Kind, `class="point"`, g.Label+fmt.Sprintf(" (%s, %s)", c.X.format(g.X), c.Y.format(g.Y)))
		cv.text(x+8, y-6, "start", `font-size="11" font-weight="bold"`, fmt.Sprint(i+1))
		ky := key + float64(i)*18
		marker(&cv, left+6, ky-4, g.Kind, `class="key"`, "")
		cv.text(left+20, ky, "start", "", clip(fmt.Sprintf("%d  %s: %s, %s", i+1, g.Label, c.X.format(g.X), c.Y.format(g.Y)), width-left-24, 12))
	}
	for i, l := range c.Lines {
		ky := key + float64(len(groups)+i)*18
		cv.line(left, ky-4, left+12, ky-4, Black, 1.5, `stroke-dasharray="6 4"`)
		cv.text(left+20, ky, "start", "", l.Label+": "+c.X.format(l.At))
	}
	cv.close()
	return cv.writeTo(w)
}

// groups merges points at the same place, joining their labels.
func (c *Scatter) groups() []Point {
	var out []Point
	for _, p := range c.Points {
		i := -1
		for k, q := range out {
			if math.Abs(q.X-p.X) < 1e-9 && math.Abs(q.Y-p.Y) < 1e-9 {
				i = k
			}
		}
		if i < 0 {
			out = append(out, p)
			continue
		}
		out[i].Label += "; " + p.Label
	}
	return out
}

// marker draws a point of kind k: circle, square, triangle, diamond, cross.
func marker(cv *canvas, x, y float64, k int, class, tip string) {
	colour := Palette[k%len(Palette)]
	var shape string
	switch k % 5 {
	case 0:
		shape = fmt.Sprintf(`<circle cx="%s" cy="%s" r="5"`, num(x), num(y))
	case 1:
		shape = fmt.Sprintf(`<rect x="%s" y="%s" width="10" height="10"`, num(x-5), num(y-5))
	case 2:
		shape = fmt.Sprintf(`<path d="M%s %sl6 10h-12z"`, num(x), num(y-6))
	case 3:
		shape = fmt.Sprintf(`<path d="M%s %sl6 6l-6 6l-6 -6z"`, num(x), num(y-6))
	default:
		shape = fmt.Sprintf(`<path d="M%s %sl10 10m0 -10l-10 10" stroke-width="2.5"`, num(x-5), num(y-5))
	}
	if tip != "" {
		tip = "<title>" + esc(tip) + "</title>"
	}
	cv.f(`%s %s fill="%s" stroke="%s">%s</%s>`+"\n", shape, class, colour, colour, tip, tag(shape))
}

func tag(shape string) string {
	name, _, _ := strings.Cut(shape[1:], " ")
	return name
}

func (c *Scatter) describe() string {
	var parts []string
	for _, p := range c.groups() {
		parts = append(parts, fmt.Sprintf("%s at %s %s, %s %s", p.Label, c.X.Label, c.X.format(p.X), c.Y.Label, c.Y.format(p.Y)))
	}
	for _, l := range c.Lines {
		parts = append(parts, fmt.Sprintf("%s at %s", l.Label, c.X.format(l.At)))
	}
	return strings.Join(parts, "; ") + "."
}

// Data returns one line per point, then the reference lines.
func (c *Scatter) Data() Table {
	t := Table{Header: []string{"", c.X.Label, c.Y.Label}}
	for _, p := range c.Points {
		t.Rows = append(t.Rows, []string{p.Label, c.X.format(p.X), c.Y.format(p.Y)})
	}
	for _, l := range c.Lines {
		x, y := "", ""
		if l.Vertical {
			x = c.X.format(l.At)
		} else {
			y = c.Y.format(l.At)
		}
		t.Rows = append(t.Rows, []string{l.Label, x, y})
	}
	return t
}
