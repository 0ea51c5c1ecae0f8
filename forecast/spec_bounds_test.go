package forecast

import (
	"strings"
	"testing"
)

// TestParseSpecMagnitudes checks the bounds of a Spec's numbers and that
// the error gives the line and column of the offending value, in a bare
// Spec and in a scenario's stakeholders block.
func TestParseSpecMagnitudes(t *testing.T) {
	tests := []struct {
		name, old, new string
		line           string // "[line:" of the value in miniSpec
		want           string
	}{
		{"huge capability", "capability: {value: 20}", "capability: {value: 1e308}", "[15:", "capability: value 1e+308 is outside [0, 1e+12]"},
		{"capability range above the bound", "range: [5, 20], provenance", "range: [5, 2e12], provenance", "[8:", "capability: range [5 2e+12] must be [low, high] within [0, 1e+12]"},
		{"zero capability", "capability: {value: 20}", "capability: {value: 0}", "[15:", "capability 0 must be positive"},
		{"infinite max", "max: 100", "max: .inf", "[4:", `dimension "x": max +Inf is outside`},
		{"huge min", "min: 0", "min: -1e300", "[4:", `dimension "x": min -1e+300 is outside [-1e+12, 1e+12]`},
		{"NaN anchor", "max: 100}", "max: 100, anchors: [{value: .nan, label: n}]}", "[4:", `anchor "n": value NaN is not a number`},
		{"position off the scale", "value: 80", "value: 180", "[17:", "position on x: value 180 is outside [0, 100]"},
		{"salience above 100", "salience: {value: 50}", "salience: {value: 150}", "[12:", "salience on x: value 150 is outside [0, 100]"},
		{"negative salience", "salience: {value: 50}", "salience: {value: -1}", "[12:", "salience on x: value -1 is outside [0, 100]"},
		{"salience sum", "salience: {value: 50}", "salience: {value: 50}\n      - {dimension: y, position: {value: 1}, salience: {value: 60}}", "", "saliences sum to 110 > 100"},
		{"label of another actor", "label: B", "label: A", "[14:", `name "A" is another actor's`},
		{"unknown dimension", "dimension: x,", "dimension: y,", "[17:", `stance on unknown dimension "y"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := strings.Replace(miniSpec, tc.old, tc.new, 1)
			if doc == miniSpec {
				t.Fatalf("%q is not in the spec", tc.old)
			}
			if tc.name == "salience sum" {
				doc = strings.Replace(doc, "min: 0, max: 100}", "min: 0, max: 100}\n  - {id: y, label: Y, min: 0, max: 10}", 1)
				tc.line = "[11:" // the stances, one line down: the added dimension shifts the actors
			}
			_, err := ParseSpec([]byte(doc))
			if err == nil || !strings.HasPrefix(err.Error(), tc.line) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q at %s…]", err, tc.want, tc.line)
			}
			wrapped := "stakeholders:\n" + indent(doc, "  ")
			_, err = ParseSpec([]byte(wrapped))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "[") {
				t.Errorf("wrapped: error %v, want %q with its line", err, tc.want)
			}
		})
	}
}
