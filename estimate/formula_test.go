package estimate

import (
	"slices"
	"testing"
)

func TestParseFormula(t *testing.T) {
	cases := []struct {
		text      string
		responses []string
		eqs       []Equation
	}{
		{"esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2", []string{"esc", "war"}, []Equation{
			{Terms: []string{"s_wt_re1", "revis1"}, Intercept: true}, {}, {Terms: []string{"regime1"}, Intercept: true}, {Terms: []string{"balanc", "regime2"}, Intercept: true}}},
		{"y ~ 1 | x - 1 | x + 0 | 0 + x | -1 + x", []string{"y"}, []Equation{
			{Intercept: true}, {Terms: []string{"x"}}, {Terms: []string{"x"}}, {Terms: []string{"x"}}, {Terms: []string{"x"}}}},
		{"y ~ a + a + b", []string{"y"}, []Equation{{Terms: []string{"a", "b"}, Intercept: true}}},
	}
	for _, c := range cases {
		f, err := ParseFormula(c.text)
		if err != nil {
			t.Fatalf("%s: %v", c.text, err)
		}
		if !slices.Equal(f.Responses, c.responses) {
			t.Errorf("%s: responses %v", c.text, f.Responses)
		}
		if len(f.Equations) != len(c.eqs) {
			t.Fatalf("%s: %d equations", c.text, len(f.Equations))
		}
		for i, e := range f.Equations {
			if e.Intercept != c.eqs[i].Intercept || !slices.Equal(e.Terms, c.eqs[i].Terms) {
				t.Errorf("%s: equation %d = %+v, want %+v", c.text, i+1, e, c.eqs[i])
			}
		}
	}
	for _, bad := range []string{"y ~", "~ x", "y ~ x | | z", "y ~ x - z", "y ~ log(x)", "y ~ x x", "1y ~ x", "y ~ - 0"} {
		if _, err := ParseFormula(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
