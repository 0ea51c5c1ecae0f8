package chart

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Tornado shows how an output moves when each input alone swings over its
// range: one row per input, a bar from the output at the base point to the
// output at the input's low end and another to its high end.
type Tornado struct {
	Meta
	// Output names what moves, e.g. "P(Military action)".
	Output string
	Base   float64 // the output at the base point
	Bars   []TornadoBar
	Unit   Unit
}

// TornadoBar is one input's swing.
type TornadoBar struct {
	Label       string
	Low, High   string // the input's values at either end, as text
	YLow, YHigh float64
}

// WriteSVG draws the chart.
func (c *Tornado) WriteSVG(w io.Writer) error {
	var labels []string
	for _, b := range c.Bars {
		labels = append(labels, b.rowLabel())
	}
	lw := labelWidth(labels)
	band := barH + rowGap + 4.0
	top := 62.0
	plotH := band * float64(len(c.Bars))
	lo, hi := c.Base, c.Base
	for _, b := range c.Bars {
		lo, hi = math.Min(lo, math.Min(b.YLow, b.YHigh)), math.Max(hi, math.Max(b.YLow, b.YHigh))
	}
	lo, hi, tks := ticks(lo, hi, 5)
	s := scale{lo: lo, hi: hi, a: lw + 16, b: width - 30}
	var cv canvas
	cv.open(c.Meta, width, top+plotH+56, c.describe())
	cv.legend(20, 44, []string{Blue, Orange}, []string{"input at the low end of its range", "input at the high end"})
	cv.xAxis(s, tks, top+plotH, top, c.Unit.tick, c.Output+" "+c.unitSuffix())
	x0 := s.at(c.Base)
	for i, b := range c.Bars {
		y := top + float64(i)*band + rowGap/2
		cv.text(lw+8, y+barH-3, "end", "", b.clipped(lw))
		for _, end := range []struct {
			v           float64
			colour, tip string
		}{{b.YLow, Blue, b.Label + " = " + b.Low}, {b.YHigh, Orange, b.Label + " = " + b.High}} {
			x := s.at(end.v)
			cv.rect(math.Min(x0, x), y, math.Abs(x-x0), barH, end.colour, `class="bar"`, end.tip+": "+c.Unit.format(end.v))
		}
	}
	cv.line(x0, top-4, x0, top+plotH, Black, 1.5, `stroke-dasharray="4 3"`)
	cv.text(x0, top-6, "middle", `font-size="11"`, "base "+c.Unit.format(c.Base))
	cv.close()
	return cv.writeTo(w)
}

func (c *Tornado) unitSuffix() string {
	if c.Unit.Label == "" {
		return ""
	}
	return "(" + c.Unit.Label + ")"
}

func (b TornadoBar) rowLabel() string {
	return b.Label + b.rangeText()
}

func (b TornadoBar) rangeText() string { return fmt.Sprintf(" (%s → %s)", b.Low, b.High) }

// clipped is the row label fitted to width, shortening the input's label
// rather than its range.
func (b TornadoBar) clipped(width float64) string {
	r := b.rangeText()
	return clip(b.Label, width-textWidth(r, 12), 12) + r
}

func (c *Tornado) describe() string {
	parts := []string{fmt.Sprintf("%s is %s at the base point.", c.Output, c.Unit.format(c.Base))}
	for _, b := range c.Bars {
		parts = append(parts, fmt.Sprintf("%s from %s to %s moves it from %s to %s.", b.Label, b.Low, b.High,
			c.Unit.format(b.YLow), c.Unit.format(b.YHigh)))
	}
	return strings.Join(parts, " ")
}

// Data returns one line per input.
func (c *Tornado) Data() Table {
	t := Table{Header: []string{"input", "low", "high", c.Output + " at low", c.Output + " at high", "swing"}}
	for _, b := range c.Bars {
		t.Rows = append(t.Rows, []string{b.Label, b.Low, b.High, c.Unit.format(b.YLow), c.Unit.format(b.YHigh),
			c.Unit.format(math.Abs(b.YHigh - b.YLow))})
	}
	return t
}
