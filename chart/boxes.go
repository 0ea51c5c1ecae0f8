package chart

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Boxes shows distributions as box plots, one row each: a thin line from
// the minimum to the maximum, a thick one from the 5th to the 95th
// percentile, a box from the 25th to the 75th, a bar at the median and a
// diamond at the mean.
type Boxes struct {
	Meta
	Rows     []Box
	Unit     Unit
	Min, Max float64 // the axis; with Min = Max it spans the data
}

// Box summarises one distribution.
type Box struct {
	Label                             string
	Min, P05, P25, P50, P75, P95, Max float64
	Mean                              float64
}

// WriteSVG draws the chart.
func (c *Boxes) WriteSVG(w io.Writer) error {
	var labels []string
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, b := range c.Rows {
		labels = append(labels, b.Label)
		lo, hi = math.Min(lo, b.Min), math.Max(hi, b.Max)
	}
	if c.Min != c.Max || len(c.Rows) == 0 {
		lo, hi = c.Min, c.Max
	}
	lo, hi, tks := ticks(lo, hi, 5)
	if c.Min != c.Max {
		lo, hi = c.Min, c.Max
	}
	lw := labelWidth(labels)
	band := 30.0
	top := 62.0
	plotH := band * float64(len(c.Rows))
	s := scale{lo: lo, hi: hi, a: lw + 16, b: width - 30}
	var cv canvas
	cv.open(c.Meta, width, top+plotH+56, c.describe())
	cv.text(s.a, 44, "start", `font-size="11" fill="#333333"`, "thin line: min–max · thick: 5th–95th percentile · box: 25th–75th · bar: median · ◆ mean")
	cv.xAxis(s, tks, top+plotH, top, c.Unit.tick, c.Unit.Label)
	for i, b := range c.Rows {
		y := top + float64(i)*band + band/2
		cv.text(lw+8, y+4, "end", "", clip(b.Label, lw, 12))
		cv.line(s.at(b.Min), y, s.at(b.Max), y, grey, 1, `class="range"`)
		cv.line(s.at(b.P05), y, s.at(b.P95), y, Blue, 3, `class="spread"`)
		cv.rect(s.at(b.P25), y-8, s.at(b.P75)-s.at(b.P25), 16, SkyBlue, `class="box" stroke="#0072B2"`, b.Label+": "+c.summary(b))
		cv.line(s.at(b.P50), y-8, s.at(b.P50), y+8, Black, 2, `class="median"`)
		x := s.at(b.Mean)
		cv.f(`<path class="mean" d="M%s %sl5 5l-5 5l-5 -5z" fill="%s" stroke="#FFFFFF"/>`+"\n", num(x), num(y-5), Vermilion)
	}
	cv.close()
	return cv.writeTo(w)
}

func (c *Boxes) summary(b Box) string {
	f := c.Unit.format
	return fmt.Sprintf("mean %s, median %s, 25th–75th percentile %s–%s, 5th–95th %s–%s, range %s–%s",
		f(b.Mean), f(b.P50), f(b.P25), f(b.P75), f(b.P05), f(b.P95), f(b.Min), f(b.Max))
}

func (c *Boxes) describe() string {
	var parts []string
	for _, b := range c.Rows {
		parts = append(parts, b.Label+": "+c.summary(b))
	}
	return strings.Join(parts, "; ") + "."
}

// Data returns one line per distribution.
func (c *Boxes) Data() Table {
	t := Table{Header: []string{"", "min", "5th", "25th", "median", "75th", "95th", "max", "mean"}}
	f := c.Unit.format
	for _, b := range c.Rows {
		t.Rows = append(t.Rows, []string{b.Label, f(b.Min), f(b.P05), f(b.P25), f(b.P50), f(b.P75), f(b.P95), f(b.Max), f(b.Mean)})
	}
	return t
}
