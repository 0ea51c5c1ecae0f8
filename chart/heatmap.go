package chart

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// HeatMap shows a matrix of signed values: one row per Rows entry, one
// column per Columns entry, each cell coloured on a diverging scale (blue
// for positive, vermilion for negative, white at zero) and labelled with
// its value, so the colour is never the only cue.
type HeatMap struct {
	Meta
	Rows, Columns []string
	// Cells[i][j] is the value of row i, column j.
	Cells [][]float64
	Unit  Unit
	// Positive and Negative say what the signs mean ("gain", "cost").
	Positive, Negative string
}

// WriteSVG draws the chart.
func (c *HeatMap) WriteSVG(w io.Writer) error {
	lw := labelWidth(c.Rows)
	cell := 52.0
	colH := 170.0 // room for the slanted column labels
	top := 40.0 + colH
	x0 := lw + 12
	wd := math.Max(x0+cell*float64(len(c.Columns))+90, 360)
	h := top + cell*float64(len(c.Rows)) + 60
	m := c.maxAbs()
	var cv canvas
	cv.open(c.Meta, wd, h, c.describe())
	for j, col := range c.Columns {
		x := x0 + cell*float64(j) + cell/2
		cv.f(`<text x="%s" y="%s" text-anchor="start" transform="rotate(-45 %s %s)">%s</text>`+"\n",
			num(x), num(top-6), num(x), num(top-6), esc(clip(col, colH*1.3, 12)))
	}
	for i, row := range c.Rows {
		y := top + cell*float64(i)
		cv.text(x0-6, y+cell/2+4, "end", "", clip(row, lw, 12))
		for j, col := range c.Columns {
			v := c.Cells[i][j]
			fill, ink := diverging(v, m)
			x := x0 + cell*float64(j)
			cv.rect(x, y, cell, cell, fill, `class="cell" stroke="#FFFFFF"`, fmt.Sprintf("%s, %s: %s", row, col, c.Unit.format(v)))
			cv.text(x+cell/2, y+cell/2+4, "middle", `font-size="11" fill="`+ink+`"`, c.Unit.format(v))
		}
	}
	c.key(&cv, x0, top+cell*float64(len(c.Rows))+14, m)
	cv.close()
	return cv.writeTo(w)
}

// key draws the colour scale under the map.
func (c *HeatMap) key(cv *canvas, x, y, m float64) {
	for k := -4; k <= 4; k++ {
		fill, _ := diverging(float64(k)/4*m, m)
		cv.rect(x+float64(k+4)*18, y, 18, 12, fill, "", "")
	}
	cv.text(x, y+26, "start", `font-size="11"`, c.Unit.format(-m)+" "+c.Negative)
	cv.text(x+9*18, y+26, "end", `font-size="11"`, c.Unit.format(m)+" "+c.Positive)
	if c.Unit.Label != "" {
		cv.text(x+9*18+12, y+10, "start", `font-size="11"`, c.Unit.Label)
	}
}

func (c *HeatMap) maxAbs() float64 {
	m := 0.0
	for _, r := range c.Cells {
		for _, v := range r {
			m = math.Max(m, math.Abs(v))
		}
	}
	if m == 0 {
		return 1
	}
	return m
}

// diverging interpolates from white to Blue (v > 0) or Vermilion (v < 0)
// by |v|/m, and picks a legible text colour.
func diverging(v, m float64) (fill, ink string) {
	t := math.Min(math.Abs(v)/m, 1)
	to := [3]float64{0x00, 0x72, 0xB2}
	if v < 0 {
		to = [3]float64{0xD5, 0x5E, 0x00}
	}
	var rgb [3]int
	for k := range rgb {
		rgb[k] = int(math.Round(255 + (to[k]-255)*t))
	}
	ink = Black
	if t > 0.55 {
		ink = "#FFFFFF"
	}
	return fmt.Sprintf("#%02X%02X%02X", rgb[0], rgb[1], rgb[2]), ink
}

func (c *HeatMap) describe() string {
	var parts []string
	for i, row := range c.Rows {
		var vs []string
		for j, col := range c.Columns {
			vs = append(vs, col+" "+c.Unit.format(c.Cells[i][j]))
		}
		parts = append(parts, row+": "+strings.Join(vs, ", "))
	}
	return strings.Join(parts, "; ") + "."
}

// Data returns the matrix with row and column labels.
func (c *HeatMap) Data() Table {
	t := Table{Header: append([]string{""}, c.Columns...)}
	for i, row := range c.Rows {
		r := []string{row}
		for _, v := range c.Cells[i] {
			r = append(r, c.Unit.format(v))
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}
