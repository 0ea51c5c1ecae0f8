package estimate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fixture(t *testing.T, name string) *Data {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := ReadCSV(f, name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestErrors: bad input gets a clear error naming the column, the row or
// the problem, never a wrong answer.
func TestErrors(t *testing.T) {
	cases := []struct {
		name    string
		data    string
		spec    Spec
		opts    Options
		want    string
		wantErr error
	}{
		{"unknown column", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | nosuch | z"}, Options{}, `small.csv: unknown column "nosuch"`, nil},
		{"unknown response", "small.csv", Spec{Model: "egame12", Formula: "esc + fight ~ x | 0 | 1 | z"}, Options{}, `unknown column "fight"`, nil},
		{"missing value, fail", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | 1 | z", NA: "fail"}, Options{}, `small.csv:6 (row 5), column "x": missing value (1 rows have one)`, nil},
		{"non-binary outcome", "nonbinary.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | 1 | z"}, Options{}, `nonbinary.csv:11 (row 10): response "war" has the value "2"; a move indicator must be 0 or 1`, nil},
		{"wrong number of outcomes", "small.csv", Spec{Model: "egame122", Formula: "esc ~ x | 0 | 1 | 0 | z | 1"}, Options{}, `response "esc" has 2 distinct values [0 1]; the model has 4 outcomes`, nil},
		{"move never varies", "constant.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | 1 | z"}, Options{}, `all 40 observations reaching player 2's move at node 3 chose action 2 ("R")`, ErrSeparation},
		{"separating regressor", "separated.csv", Spec{Model: "egame12", Formula: "esc + war ~ d | 0 | 1 | z"}, Options{}, `predicted with probability`, ErrSeparation},
		{"not converged", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | grp | z"}, Options{MaxIter: 2}, `did not converge after 2 iterations`, ErrNotConverged},
		{"not converged, vmmin", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | grp | z"}, Options{Method: "vmmin", MaxIter: 2}, `did not converge`, ErrNotConverged},
		{"identification", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | x | x + z | z"}, Options{}, `(Intercept), x appear in every utility of player 1`, ErrIdentification},
		{"equations count", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | z"}, Options{}, `has 3 equations; egame12 needs 4`, nil},
		{"logit private", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | 1 | z", Link: Logit, Noise: Private}, Options{}, `logit link cannot be used with private values`, nil},
		{"formula syntax", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x + | 0 | 1 | z"}, Options{}, `dangling "+"`, nil},
		{"interaction", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x:z | 0 | 1 | z"}, Options{}, `interactions`, nil},
		{"no tilde", "small.csv", Spec{Model: "egame12", Formula: "esc + war"}, Options{}, `no '~'`, nil},
		{"unknown model", "small.csv", Spec{Model: "egame99", Formula: "esc ~ x"}, Options{}, `unknown model "egame99"`, nil},
		{"unknown method", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | 1 | z"}, Options{Method: "simplex"}, `unknown method "simplex"`, nil},
		{"subset error", "small.csv", Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | 1 | z", Subset: "x >"}, Options{}, `subset "x >"`, nil},
		{"non-numeric offer", "small.csv", Spec{Model: "ultimatum", Formula: "grp + esc ~ x | 1", MaxOffer: 5}, Options{}, `small.csv:2 (row 1): column "grp" has the non-numeric value "c"`, nil},
		{"offer out of range", "small.csv", Spec{Model: "ultimatum", Formula: "z + esc ~ x | 1", MaxOffer: 1}, Options{}, `small.csv:3 (row 2): offer -1.09 lies outside [0, 1]`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Estimate(context.Background(), c.spec, fixture(t, c.data), c.opts)
			if err == nil {
				t.Fatalf("no error; want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q\nwant it to contain %q", err, c.want)
			}
			if c.wantErr != nil && !errors.Is(err, c.wantErr) {
				t.Errorf("error %q does not wrap %v", err, c.wantErr)
			}
		})
	}
}

// TestMissingOmitted: by default rows with missing values are left out,
// as games does, and a warning says how many and which.
func TestMissingOmitted(t *testing.T) {
	fit, err := Estimate(context.Background(), Spec{Model: "egame12", Formula: "esc + war ~ x | 0 | 1 | z"}, fixture(t, "small.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if fit.N != 59 || fit.Dropped != 1 || len(fit.Warnings) == 0 || !strings.Contains(fit.Warnings[0], `row 5), column "x"`) {
		t.Errorf("N %d, dropped %d, warnings %q", fit.N, fit.Dropped, fit.Warnings)
	}
}

func TestReadCSVErrors(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"ragged", "", "ragged.csv"},
		{"empty", "", "empty file"},
		{"header only", "a,b\n", "no rows below the header"},
		{"duplicate column", "a,a\n1,2\n", `column "a" appears twice`},
		{"unnamed column", "a,\n1,2\n", "column 2 has no name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			if c.name == "ragged" {
				f, _ := os.Open(filepath.Join("testdata", "ragged.csv"))
				defer f.Close()
				_, err = ReadCSV(f, "ragged.csv")
			} else {
				_, err = ReadCSV(strings.NewReader(c.text), "in.csv")
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v; want %q", err, c.want)
			}
		})
	}
}
