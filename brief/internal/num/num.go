// Package num holds the small numeric helpers the brief's packages share:
// how they print a number, round away floating-point dust, pick a mode
// and measure the distance between two distributions.
package num

import (
	"math"
	"strconv"
	"strings"
)

// Format formats x with prec decimals, without a sign on a rounded zero.
func Format(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}

// Sig formats x to four significant digits without an exponent: the
// ends of an uncertainty that may be a distribution's quantile
// (0.658113883 prints 0.6581) or a round number a scenario states (0.1,
// 2500).
func Sig(x float64) string {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	return Format(v, -1)
}

// Clean rounds away floating-point dust for reporting.
func Clean(x float64) float64 {
	if math.Abs(x) < 1e-15 {
		return 0
	}
	return x
}

// Argmax is the index of the first largest entry of x (0 when empty).
func Argmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

// TV is the total-variation distance between two distributions.
func TV(p, q []float64) float64 {
	d := 0.0
	for i := range p {
		d += math.Abs(p[i] - q[i])
	}
	return d / 2
}
