package estimate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Design is one equation's regressors over the rows in use: a row-major
// n×k matrix with R's model.matrix column names ("(Intercept)", "x",
// "regime1dem" for a level of a categorical column).
type Design struct {
	Names []string
	X     []float64 // X[i*k+j]
	N     int
}

// K returns the number of columns.
func (d *Design) K() int { return len(d.Names) }

// Row returns row i.
func (d *Design) Row(i int) []float64 { k := len(d.Names); return d.X[i*k : (i+1)*k] }

// Dot returns row i times b.
func (d *Design) Dot(i int, b []float64) float64 {
	s := 0.0
	for j, x := range d.Row(i) {
		s += x * b[j]
	}
	return s
}

// Subset returns the design restricted to rows idx (which may repeat, as a
// bootstrap sample does).
func (d *Design) Subset(idx []int) *Design {
	k := len(d.Names)
	out := &Design{Names: d.Names, N: len(idx), X: make([]float64, 0, len(idx)*k)}
	for _, i := range idx {
		out.X = append(out.X, d.Row(i)...)
	}
	return out
}

// frame is the part of a Data a model uses: the rows kept after the subset
// and the removal of rows with missing values, and the factor levels seen
// in those rows (unused levels dropped, as model.frame does).
type frame struct {
	data   *Data
	rows   []int
	levels map[string][]string
	// dropped counts the rows left out for a missing value; firstMissing
	// names the first.
	dropped      int
	firstMissing string
}

// newFrame keeps the rows of d that pass keep (nil keeps all) and have no
// missing value in any of vars. It fails if a variable is unknown or no row
// is left.
func newFrame(d *Data, vars []string, keep func(row int) (bool, error)) (*frame, int, error) {
	cols := make([]*Column, len(vars))
	for i, v := range vars {
		c, err := d.Column(v)
		if err != nil {
			return nil, 0, err
		}
		cols[i] = c
	}
	f := &frame{data: d, levels: map[string][]string{}}
	dropped := 0
	for r := 0; r < d.Rows(); r++ {
		if keep != nil {
			ok, err := keep(r)
			if err != nil {
				return nil, 0, fmt.Errorf("%s: subset: %w", d.row(r), err)
			}
			if !ok {
				continue
			}
		}
		complete := true
		for _, c := range cols {
			if c.Missing[r] {
				if complete && dropped == 0 {
					f.firstMissing = fmt.Sprintf("%s, column %q", d.row(r), c.Name)
				}
				complete = false
				break
			}
		}
		if !complete {
			dropped++
			continue
		}
		f.rows = append(f.rows, r)
	}
	if len(f.rows) == 0 {
		return nil, 0, fmt.Errorf("%s: no complete observations left (%d rows had missing values in %v)", d.Name, dropped, vars)
	}
	for _, c := range cols {
		if c.Factor {
			f.levels[c.Name] = c.Levels(f.rows)
		}
	}
	f.dropped = dropped
	return f, dropped, nil
}

// design builds the regressors of eq over the frame's rows, coding a
// categorical variable with treatment contrasts (a dummy per level but the
// first) when the equation has a constant or an earlier categorical term,
// and with a dummy per level otherwise, as R's model.matrix does.
func (f *frame) design(eq Equation) (*Design, error) {
	type colFn func(r int) float64
	var names []string
	var fns []colFn
	if eq.Intercept {
		names = append(names, "(Intercept)")
		fns = append(fns, func(int) float64 { return 1 })
	}
	full := !eq.Intercept
	for _, t := range eq.Terms {
		c, err := f.data.Column(t)
		if err != nil {
			return nil, err
		}
		if !c.Factor {
			names = append(names, t)
			fns = append(fns, func(r int) float64 { return c.Num[r] })
			continue
		}
		levs := f.levels[t]
		start := 1
		if full {
			start, full = 0, false
		}
		for _, l := range levs[start:] {
			names = append(names, t+l)
			fns = append(fns, func(r int) float64 {
				if c.Str[r] == l {
					return 1
				}
				return 0
			})
		}
	}
	d := &Design{Names: names, N: len(f.rows), X: make([]float64, 0, len(f.rows)*len(names))}
	for _, r := range f.rows {
		for _, fn := range fns {
			d.X = append(d.X, fn(r))
		}
	}
	return d, nil
}

// response holds the observed outcome of every row in use, as the index of
// a terminal of the model, and the labels of the terminals.
type response struct {
	y      []int
	labels []string
}

// factorResponse reads a single response column whose distinct values (in
// R's factor order) correspond to the model's k outcomes, left to right.
func (f *frame) factorResponse(name string, k int) (response, error) {
	c, err := f.data.Column(name)
	if err != nil {
		return response{}, err
	}
	levs := c.Levels(f.rows)
	if len(levs) != k {
		return response{}, fmt.Errorf("%s: response %q has %d distinct values %v; the model has %d outcomes (give %d values, or dummy variables for the moves)", f.data.Name, name, len(levs), levs, k, k)
	}
	y := make([]int, len(f.rows))
	for i, r := range f.rows {
		y[i] = slices.Index(levs, c.Str[r])
	}
	return response{y: y, labels: levs}, nil
}

// binary returns the 0/1 values of column name over the frame, failing at
// the first row with another value.
func (f *frame) binary(name string) ([]int, error) {
	c, err := f.data.Column(name)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(f.rows))
	for i, r := range f.rows {
		v := math.NaN()
		if !c.Factor {
			v = c.Num[r]
		}
		switch v {
		case 0, 1:
			out[i] = int(v)
		default:
			return nil, fmt.Errorf("%s: response %q has the value %q; a move indicator must be 0 or 1", f.data.row(r), name, c.Str[r])
		}
	}
	return out, nil
}

// numeric returns a numeric column over the frame, failing at the first
// row whose value is not a number.
func (f *frame) numeric(name string) ([]float64, error) {
	c, err := f.data.Column(name)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(f.rows))
	for i, r := range f.rows {
		v, err := strconv.ParseFloat(c.Str[r], 64)
		if err != nil {
			return nil, fmt.Errorf("%s: column %q has the non-numeric value %q", f.data.row(r), name, c.Str[r])
		}
		out[i] = v
	}
	return out, nil
}
