// Package chart draws the headline charts of a brief as static SVG:
// probabilities as bars with interval whiskers, the tornado, box plots of
// distributions, a heat map, a scatter of utilities and a game tree.
//
// It takes plain data (labels and numbers), never a solver or a brief, and
// uses only the standard library. The output is deterministic: the same
// chart gives the same bytes. Every chart is accessible: role="img", a
// <title> and a <desc> that states every number, a colour-blind-safe
// palette (Okabe–Ito) with shapes or labels besides colour, and Data for a
// table fallback.
package chart

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
)

// Okabe–Ito colours, safe for the common colour-vision deficiencies.
const (
	Black     = "#000000"
	Orange    = "#E69F00"
	SkyBlue   = "#56B4E9"
	Green     = "#009E73"
	Yellow    = "#F0E442"
	Blue      = "#0072B2"
	Vermilion = "#D55E00"
	Purple    = "#CC79A7"
	grey      = "#767676" // axes and grid: 4.5:1 on white
	light     = "#DDDDDD"
)

// Palette is the order series take their colours in.
var Palette = []string{Blue, Orange, Green, Vermilion, SkyBlue, Purple, Yellow, Black}

// Chart is something drawn as an SVG document.
type Chart interface {
	// WriteSVG writes the chart as a standalone SVG document (no XML
	// declaration, so it can also be inlined in HTML).
	WriteSVG(w io.Writer) error
	// Data returns the numbers drawn, for a table next to the chart.
	Data() Table
}

// Table is a chart's data as text: a header and rows of cells.
type Table struct {
	Header []string
	Rows   [][]string
}

// SVG renders c to bytes.
func SVG(c Chart) []byte {
	var b bytes.Buffer
	c.WriteSVG(&b) // a bytes.Buffer does not fail
	return b.Bytes()
}

// Meta are the fields every chart has.
type Meta struct {
	// ID makes the ids inside the SVG unique within an HTML page; it
	// should be a short identifier ("results").
	ID    string
	Title string
	// Desc is prepended to the generated description of the data.
	Desc string
}

// canvas accumulates an SVG document.
type canvas struct {
	b    bytes.Buffer
	w, h float64
}

// open starts the document, with title and desc as text alternative.
func (c *canvas) open(m Meta, w, h float64, desc string) {
	c.w, c.h = w, h
	id := m.ID
	if id == "" {
		id = "chart"
	}
	id = esc(id)
	if m.Title == "" {
		m.Title = "Chart"
	}
	c.f(`<svg xmlns="http://www.w3.org/2000/svg" role="img" width="%s" height="%s" viewBox="0 0 %s %s" aria-labelledby="%s-title %s-desc" font-family="sans-serif" font-size="12">`+"\n",
		num(w), num(h), num(w), num(h), id, id)
	c.f(`<title id="%s-title">%s</title>`+"\n", id, esc(m.Title))
	c.f(`<desc id="%s-desc">%s</desc>`+"\n", id, esc(strings.TrimSpace(m.Desc+" "+desc)))
	c.f(`<rect width="100%%" height="100%%" fill="#FFFFFF"/>` + "\n")
	c.text(w/2, 20, "middle", `font-size="15" font-weight="bold"`, m.Title)
}

func (c *canvas) close() { c.f("</svg>\n") }

func (c *canvas) f(format string, args ...any) { fmt.Fprintf(&c.b, format, args...) }

// text writes a text element; attrs are extra attributes, already safe.
func (c *canvas) text(x, y float64, anchor, attrs, s string) {
	if attrs != "" {
		attrs = " " + attrs
	}
	c.f(`<text x="%s" y="%s" text-anchor="%s"%s>%s</text>`+"\n", num(x), num(y), anchor, attrs, esc(s))
}

func (c *canvas) line(x1, y1, x2, y2 float64, stroke string, width float64, attrs string) {
	if attrs != "" {
		attrs = " " + attrs
	}
	c.f(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`+"\n",
		num(x1), num(y1), num(x2), num(y2), stroke, num(width), attrs)
}

// rect writes a rectangle with a tooltip.
func (c *canvas) rect(x, y, w, h float64, fill, attrs, tip string) {
	if attrs != "" {
		attrs = " " + attrs
	}
	c.f(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s>`, num(x), num(y), num(w), num(h), fill, attrs)
	if tip != "" {
		c.f(`<title>%s</title>`, esc(tip))
	}
	c.f("</rect>\n")
}

// legend draws colour swatches with labels in a row starting at x, y.
func (c *canvas) legend(x, y float64, colours, labels []string) {
	for i, l := range labels {
		c.rect(x, y-10, 12, 12, colours[i], `stroke="#767676"`, "")
		c.text(x+16, y, "start", "", l)
		x += 16 + textWidth(l, 12) + 18
	}
}

// writeTo copies the document to w.
func (c *canvas) writeTo(w io.Writer) error {
	_, err := w.Write(c.b.Bytes())
	return err
}

// esc escapes text for XML content and attributes.
func esc(s string) string { return html.EscapeString(s) }

// num formats a coordinate with one decimal, without trailing zeros.
func num(x float64) string {
	x = math.Round(x*10) / 10
	if x == 0 {
		x = 0 // no "-0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// charWidth is the average width of a character relative to the font size.
const charWidth = 0.55

// textWidth estimates the width of s in a sans-serif font of size px.
func textWidth(s string, px float64) float64 {
	return float64(len([]rune(s))) * px * charWidth
}

// clip shortens s to fit width at size px, ending it with "…".
func clip(s string, width, px float64) string {
	r := []rune(s)
	n := int(width / (px * charWidth))
	if len(r) <= n || n < 2 {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// Percent formats a probability as a percentage: "42%", "0.3%", "<0.1%".
func Percent(p float64) string {
	v := p * 100
	switch {
	case v == 0:
		return "0%"
	case math.Abs(v) < 0.1:
		return "<0.1%"
	case math.Abs(v) < 9.95:
		return strconv.FormatFloat(v, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + "%"
}

// Number formats x with up to digits decimals.
func Number(x float64, digits int) string {
	s := strconv.FormatFloat(x, 'f', digits, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// scale maps the data interval [lo, hi] to pixels [a, b].
type scale struct{ lo, hi, a, b float64 }

func (s scale) at(v float64) float64 {
	if s.hi == s.lo {
		return s.a
	}
	return s.a + (v-s.lo)/(s.hi-s.lo)*(s.b-s.a)
}

// ticks returns about n round values covering [lo, hi], and widens the
// interval to the outer ticks.
func ticks(lo, hi float64, n int) (float64, float64, []float64) {
	if math.IsNaN(lo) || math.IsInf(lo, 0) || math.IsNaN(hi) || math.IsInf(hi, 0) {
		lo, hi = 0, 1 // no data
	}
	if hi <= lo {
		hi = lo + 1
	}
	step := niceStep((hi - lo) / float64(n))
	lo = math.Floor(lo/step+1e-9) * step
	hi = math.Ceil(hi/step-1e-9) * step
	var out []float64
	for k := 0; k <= 4*n; k++ {
		v := lo + float64(k)*step
		if v > hi+step/2 {
			break
		}
		out = append(out, math.Round(v/step)*step)
	}
	return lo, hi, out
}

// niceStep rounds a raw step to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / p; {
	case f <= 1:
		return p
	case f <= 2:
		return 2 * p
	case f <= 5:
		return 5 * p
	}
	return 10 * p
}

// xAxis draws a horizontal axis at y with gridlines up to top, tick
// labels formatted by format, and a label below.
func (c *canvas) xAxis(s scale, tks []float64, y, top float64, format func(float64) string, label string) {
	for _, t := range tks {
		x := s.at(t)
		c.line(x, top, x, y, light, 1, "")
		c.line(x, y, x, y+4, grey, 1, "")
		c.text(x, y+16, "middle", `fill="#333333"`, format(t))
	}
	c.line(s.a, y, s.b, y, grey, 1, "")
	c.text((s.a+s.b)/2, y+34, "middle", "", label)
}

// Unit names the unit of an axis and formats its values.
type Unit struct {
	// Label is the axis label with its unit, e.g. "Probability (%)".
	Label string
	// Percent formats values (probabilities in [0, 1]) as percentages.
	Percent bool
	// Digits are the decimals of other values.
	Digits int
}

func (u Unit) format(v float64) string {
	if u.Percent {
		return Percent(v)
	}
	return Number(v, u.Digits)
}

// tick formats an axis tick: percentages without decimals.
func (u Unit) tick(v float64) string {
	if u.Percent {
		return Number(v*100, 1) + "%"
	}
	return Number(v, max(u.Digits, 3))
}
