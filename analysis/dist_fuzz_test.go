package analysis

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/scenario"
)

// FuzzParseDist feeds arbitrary text to ParseDist: an error, or a
// distribution of a known kind with finite parameters that prints back to
// text parsing to the same value.
func FuzzParseDist(f *testing.F) {
	for _, s := range []string{"normal(0.3,0.05)", "normal(0.3, 0.05, 0, 1)", "uniform(0.1,0.5)", "triangular(0,0.2,1)",
		"pert(0,0.2,1)", "lognormal(0,0.5)", "beta(2,5)", "fixed(0.4)", "discrete(0.1:0.25,0.5:0.75)", "discrete()",
		"normal(0.3)", "gamma(1,2)", "normal 0.3,0.05", "uniform(a,1)", "uniform(0,Inf)", "discrete(1,2)", "fixed((1))"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDist(s)
		if err != nil {
			return
		}
		text, err := formatDist(d)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		back, err := ParseDist(text)
		if err != nil || !reflect.DeepEqual(back, d) {
			t.Fatalf("%q printed as %q reads back as %+v, %v", s, text, back, err)
		}
	})
}

// formatDist prints d as ParseDist reads it, checking its kind and that
// its numbers are finite.
func formatDist(d scenario.Distribution) (string, error) {
	var args []string
	num := func(x float64) {
		args = append(args, fmt.Sprint(x))
	}
	if d.Kind == "discrete" {
		if len(d.Values) != len(d.Probs) {
			return "", fmt.Errorf("%d values, %d probabilities", len(d.Values), len(d.Probs))
		}
		for i, v := range d.Values {
			args = append(args, fmt.Sprint(v)+":"+fmt.Sprint(d.Probs[i]))
		}
		return d.Kind + "(" + strings.Join(args, ",") + ")", nil
	}
	names, ok := distArgs[d.Kind]
	if !ok {
		return "", fmt.Errorf("kind %q", d.Kind)
	}
	if d.Kind != "uniform" && d.Kind != "triangular" && d.Kind != "pert" && (d.Low != nil || d.High != nil) {
		names = append(names, "low", "high")
	}
	for _, n := range names {
		p := *distField(&d, n)
		if p == nil || math.IsNaN(*p) || math.IsInf(*p, 0) {
			return "", fmt.Errorf("%s: %v", n, p)
		}
		num(*p)
	}
	return d.Kind + "(" + strings.Join(args, ",") + ")", nil
}
