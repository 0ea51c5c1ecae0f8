package estimate

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzReadCSV feeds arbitrary bytes to ReadCSV: an error naming the source,
// or a table whose columns all have one value per row, numeric columns
// finite or NaN exactly where missing, and rows on increasing lines.
func FuzzReadCSV(f *testing.F) {
	files, err := filepath.Glob("testdata/*.csv")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"", "a,b\n", "a,a\n1,2\n", "a,\n1,2\n", "\ufeffa,b\n1,NA\n.,x\n", "a\n\"1\n2\"\n", "a,b\n1,\"x\"y\n", "a\r\n1e999\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadCSV(bytes.NewReader(data), "in.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "in.csv:") {
				t.Fatalf("error without the source: %v", err)
			}
			return
		}
		checkData(t, d)
	})
}

func checkData(t *testing.T, d *Data) {
	t.Helper()
	if len(d.Columns) == 0 || d.Rows() == 0 {
		t.Fatalf("%d columns, %d rows accepted", len(d.Columns), d.Rows())
	}
	for i := 1; i < d.Rows(); i++ {
		if d.Lines[i] <= d.Lines[i-1] {
			t.Fatalf("row %d on line %d after line %d", i+1, d.Lines[i], d.Lines[i-1])
		}
	}
	names := map[string]bool{}
	for _, c := range d.Columns {
		if c.Name == "" || names[c.Name] {
			t.Fatalf("column name %q empty or repeated", c.Name)
		}
		names[c.Name] = true
		if len(c.Str) != d.Rows() || len(c.Missing) != d.Rows() {
			t.Fatalf("column %q: %d values, %d missing flags for %d rows", c.Name, len(c.Str), len(c.Missing), d.Rows())
		}
		if c.Factor != (c.Num == nil) || !c.Factor && len(c.Num) != d.Rows() {
			t.Fatalf("column %q: factor %v with %d numbers", c.Name, c.Factor, len(c.Num))
		}
		for i, v := range c.Num {
			if c.Missing[i] != math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("column %q row %d: %v, missing %v", c.Name, i+1, v, c.Missing[i])
			}
		}
		if got := c.Levels(allRows(d.Rows())); !slices.IsSorted(got) && c.Factor {
			t.Fatalf("column %q: levels %q not sorted", c.Name, got)
		}
	}
}

func allRows(n int) []int {
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// FuzzParseFormula feeds arbitrary text to ParseFormula and ParseEquations:
// an error, or equations of column names without repeats that print back
// to text parsing to the same value.
func FuzzParseFormula(f *testing.F) {
	for _, s := range []string{
		"esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2",
		"y ~ 1 | x - 1 | x + 0 | 0 + x | -1 + x", "y ~ a + a + b", "~ balanc - 1",
		"y ~", "~ x", "y ~ x | | z", "y ~ x - z", "y ~ log(x)", "y ~ x x", "1y ~ x", "y ~ - 0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if fm, err := ParseFormula(text); err == nil {
			if len(fm.Responses) == 0 || slices.ContainsFunc(fm.Responses, func(s string) bool { return !isName(s) }) {
				t.Fatalf("%q: responses %q", text, fm.Responses)
			}
			checkEquations(t, text, fm.Equations)
			back, err := ParseFormula(formatFormula(fm))
			if err != nil || !slices.Equal(back.Responses, fm.Responses) || !equalEquations(back.Equations, fm.Equations) {
				t.Fatalf("%q printed as %q reads back as %+v, %v", text, formatFormula(fm), back, err)
			}
		}
		if eqs, err := ParseEquations(text); err == nil {
			checkEquations(t, text, eqs)
			back, err := ParseEquations(formatEquations(eqs))
			if err != nil || !equalEquations(back, eqs) {
				t.Fatalf("%q printed as %q reads back as %+v, %v", text, formatEquations(eqs), back, err)
			}
		}
	})
}

func checkEquations(t *testing.T, text string, eqs []Equation) {
	t.Helper()
	if len(eqs) == 0 {
		t.Fatalf("%q: no equations", text)
	}
	for i, eq := range eqs {
		for j, term := range eq.Terms {
			if !isName(term) || slices.Contains(eq.Terms[:j], term) {
				t.Fatalf("%q: equation %d has the term %q (not a name, or repeated)", text, i+1, term)
			}
		}
	}
}

// formatEquations prints equations in the notation ParseEquations reads.
func formatEquations(eqs []Equation) string {
	parts := make([]string, len(eqs))
	for i, eq := range eqs {
		terms := slices.Clone(eq.Terms)
		switch {
		case !eq.Intercept:
			terms = append(terms, "0")
		case len(terms) == 0:
			terms = append(terms, "1")
		}
		parts[i] = strings.Join(terms, " + ")
	}
	return strings.Join(parts, " | ")
}

func formatFormula(f Formula) string {
	return strings.Join(f.Responses, " + ") + " ~ " + formatEquations(f.Equations)
}

func equalEquations(a, b []Equation) bool {
	return slices.EqualFunc(a, b, func(x, y Equation) bool {
		return x.Intercept == y.Intercept && slices.Equal(x.Terms, y.Terms)
	})
}
