package gambit

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// FormatRats formats an exact profile as a line of Gambit's CSV output:
// the tag, then the values as reduced fractions without spaces, e.g.
// FormatRats("NE", ...) gives "NE,1,0,1/2". An empty tag is left out; a
// nil value is written as 0. Without values the result is the tag alone.
func FormatRats(tag string, v []*big.Rat) string {
	s := make([]string, len(v))
	for i, r := range v {
		if r == nil {
			s[i] = "0"
			continue
		}
		s[i] = r.RatString()
	}
	return joinTag(tag, s)
}

// FormatFloats formats a profile as Gambit's floating-point tools print it
// with -d decimals: fixed-point with that many digits after the point,
// e.g. "NE,0.5000000000" for 10 decimals. A negative count means 6, the
// tools' default. Infinities and NaN are written "inf", "-inf" and "nan",
// as C++ does.
func FormatFloats(tag string, v []float64, decimals int) string {
	if decimals < 0 {
		decimals = 6
	}
	s := make([]string, len(v))
	for i, x := range v {
		if str, ok := nonFinite(x); ok {
			s[i] = str
			continue
		}
		s[i] = strconv.FormatFloat(x, 'f', decimals, 64)
	}
	return joinTag(tag, s)
}

// FormatGeneral formats a profile as gambit-logit prints probabilities:
// C++'s default (general) notation with the given number of significant
// digits, which is %g in C: "1.385935149e-08", "0.5". A count of 0 means
// 1, a negative count 6.
func FormatGeneral(tag string, v []float64, decimals int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = formatG(x, decimals)
	}
	return joinTag(tag, s)
}

// formatG formats x like C's printf("%.*g", prec, x).
func formatG(x float64, prec int) string {
	if str, ok := nonFinite(x); ok {
		return str
	}
	switch {
	case prec < 0:
		prec = 6
	case prec == 0:
		prec = 1
	}
	e := strconv.FormatFloat(x, 'e', prec-1, 64)
	exp, _ := strconv.Atoi(e[strings.LastIndexByte(e, 'e')+1:])
	if exp < -4 || exp >= prec {
		mant, tail, _ := strings.Cut(e, "e")
		return trimZeros(mant) + "e" + tail
	}
	return trimZeros(strconv.FormatFloat(x, 'f', prec-1-exp, 64))
}

// trimZeros removes trailing zeros after a decimal point, and the point
// itself if nothing follows it.
func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// nonFinite spells infinities and NaN as C++ streams do.
func nonFinite(x float64) (string, bool) {
	switch {
	case math.IsNaN(x):
		return "nan", true
	case math.IsInf(x, 1):
		return "inf", true
	case math.IsInf(x, -1):
		return "-inf", true
	}
	return "", false
}

// joinTag joins the tag and the values with commas; without values it
// returns the tag alone, as Gambit prints a profile of a game in which no
// player moves.
func joinTag(tag string, values []string) string {
	switch {
	case len(values) == 0:
		return tag
	case tag == "":
		return strings.Join(values, ",")
	}
	return tag + "," + strings.Join(values, ",")
}
