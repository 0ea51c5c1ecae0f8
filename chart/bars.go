package chart

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Bars is a horizontal bar chart: one row per category, one bar per
// series in each row, each bar with an optional interval drawn as a
// whisker.
type Bars struct {
	Meta
	// Series name the bars of a row (one name: no legend).
	Series []string
	Rows   []BarRow
	Unit   Unit
	// Min and Max fix the axis; with Min = Max it spans the data and 0.
	Min, Max float64
	// Interval names the whiskers in the description ("95% interval").
	Interval string
}

// BarRow is a category with one value per series.
type BarRow struct {
	Label  string
	Values []Value
}

// Value is a number with an optional interval [Low, High].
type Value struct {
	V         float64
	Low, High *float64
}

// Layout of the bar charts, in pixels.
const (
	width    = 760
	barH     = 14
	rowGap   = 12
	maxLabel = 340
)

// domain returns the axis interval: [Min, Max] if set, else the data's
// extent including 0.
func (c *Bars) domain() (float64, float64) {
	if c.Min != c.Max {
		return c.Min, c.Max
	}
	lo, hi := 0.0, 0.0
	for _, r := range c.Rows {
		for _, v := range r.Values {
			lo, hi = math.Min(lo, v.V), math.Max(hi, v.V)
			if v.Low != nil {
				lo = math.Min(lo, *v.Low)
			}
			if v.High != nil {
				hi = math.Max(hi, *v.High)
			}
		}
	}
	return lo, hi
}

// labelWidth is the width of the label column of rows labelled labels.
func labelWidth(labels []string) float64 {
	w := 60.0
	for _, l := range labels {
		w = math.Max(w, textWidth(l, 12))
	}
	return math.Min(w+8, maxLabel)
}

// WriteSVG draws the chart.
func (c *Bars) WriteSVG(w io.Writer) error {
	var labels []string
	for _, r := range c.Rows {
		labels = append(labels, r.Label)
	}
	lw := labelWidth(labels)
	ns := max(len(c.Series), 1)
	band := float64(ns)*(barH+2) + rowGap
	top := 40.0
	if len(c.Series) > 1 {
		top = 60
	}
	plotH := band * float64(len(c.Rows))
	h := top + plotH + 50
	lo, hi := c.domain()
	lo, hi, tks := ticks(lo, hi, 5)
	if c.Min != c.Max {
		lo, hi = c.Min, c.Max
	}
	s := scale{lo: lo, hi: hi, a: lw + 16, b: width - 70}
	var cv canvas
	cv.open(c.Meta, width, h, c.describe())
	if len(c.Series) > 1 {
		cv.legend(s.a, 44, Palette, c.Series)
	}
	cv.xAxis(s, tks, top+plotH, top, c.Unit.tick, c.Unit.Label)
	zero := s.at(math.Max(lo, math.Min(0, hi)))
	for i, r := range c.Rows {
		y := top + float64(i)*band + rowGap/2
		cv.text(lw+8, y+band/2-rowGap/2+4, "end", "", clip(r.Label, lw, 12))
		for j, v := range r.Values {
			by := y + float64(j)*(barH+2)
			x := s.at(v.V)
			name := r.Label
			if len(c.Series) > 1 {
				name += ", " + c.Series[j]
			}
			cv.rect(math.Min(zero, x), by, math.Abs(x-zero), barH, Palette[j%len(Palette)], `class="bar"`, name+": "+c.valueText(v))
			end := x
			if v.Low != nil && v.High != nil {
				c.whisker(&cv, s, by+barH/2, *v.Low, *v.High)
				end = math.Max(x, s.at(*v.High))
			}
			cv.text(end+4, by+barH-3, "start", `font-size="11"`, c.Unit.format(v.V))
		}
	}
	cv.close()
	return cv.writeTo(w)
}

// whisker draws an interval as a line with end caps.
func (c *Bars) whisker(cv *canvas, s scale, y, low, high float64) {
	x1, x2 := s.at(low), s.at(high)
	cv.line(x1, y, x2, y, Black, 1.5, `class="whisker"`)
	cv.line(x1, y-5, x1, y+5, Black, 1.5, "")
	cv.line(x2, y-5, x2, y+5, Black, 1.5, "")
}

func (c *Bars) valueText(v Value) string {
	s := c.Unit.format(v.V)
	if v.Low != nil && v.High != nil {
		s += fmt.Sprintf(" (%s %s–%s)", c.intervalName(), c.Unit.format(*v.Low), c.Unit.format(*v.High))
	}
	return s
}

func (c *Bars) intervalName() string {
	if c.Interval == "" {
		return "interval"
	}
	return c.Interval
}

// describe states every value, for the text alternative.
func (c *Bars) describe() string {
	var parts []string
	for _, r := range c.Rows {
		var vs []string
		for j, v := range r.Values {
			s := c.valueText(v)
			if len(c.Series) > 1 {
				s = c.Series[j] + " " + s
			}
			vs = append(vs, s)
		}
		parts = append(parts, r.Label+": "+strings.Join(vs, ", "))
	}
	return strings.Join(parts, "; ") + "."
}

// Data returns one line per row, with value and interval per series.
func (c *Bars) Data() Table {
	t := Table{Header: []string{""}}
	series := c.Series
	if len(series) == 0 {
		series = []string{"value"}
	}
	for _, s := range series {
		t.Header = append(t.Header, s, c.intervalName())
	}
	for _, r := range c.Rows {
		row := []string{r.Label}
		for _, v := range r.Values {
			iv := ""
			if v.Low != nil && v.High != nil {
				iv = c.Unit.format(*v.Low) + "–" + c.Unit.format(*v.High)
			}
			row = append(row, c.Unit.format(v.V), iv)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
