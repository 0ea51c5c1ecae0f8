package estimate

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// MaxRows bounds the rows ReadCSV accepts, so a runaway file fails with a
// clear error instead of exhausting memory.
const MaxRows = 1 << 21

// Data is a table of observations read from CSV: numeric columns and
// categorical (factor) columns, with missing values marked.
type Data struct {
	// Name identifies the source (a file name) in error messages.
	Name    string
	Columns []*Column
	// Lines[i] is the line of the file holding row i (for errors).
	Lines []int
}

// Column is one variable. A column is numeric when every present value
// parses as a number, categorical otherwise.
type Column struct {
	Name string
	// Num holds the values of a numeric column, NaN where missing.
	Num []float64
	// Str holds the raw text of every value ("" where missing).
	Str []string
	// Missing marks absent values ("", "NA", "NaN", ".").
	Missing []bool
	// Factor is true for a categorical column.
	Factor bool
}

// Rows returns the number of observations.
func (d *Data) Rows() int { return len(d.Lines) }

// Column returns the named column, or an error listing the known names.
func (d *Data) Column(name string) (*Column, error) {
	for _, c := range d.Columns {
		if c.Name == name {
			return c, nil
		}
	}
	names := make([]string, len(d.Columns))
	for i, c := range d.Columns {
		names[i] = c.Name
	}
	return nil, fmt.Errorf("%s: unknown column %q (columns: %s)", d.Name, name, strings.Join(names, ", "))
}

// Levels returns the sorted distinct present values of a categorical
// column (numerically for numbers, as R's factor does).
func (c *Column) Levels(rows []int) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rows {
		if !c.Missing[r] && !seen[c.Str[r]] {
			seen[c.Str[r]] = true
			out = append(out, c.Str[r])
		}
	}
	if c.Factor {
		slices.Sort(out)
		return out
	}
	slices.SortFunc(out, func(a, b string) int {
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	return out
}

func isMissing(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "NA", "NaN", ".":
		return true
	}
	return false
}

// ReadCSV reads a table with a header row. Errors name the source and line.
func ReadCSV(r io.Reader, name string) (*Data, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file: a header row naming the columns is needed", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d := &Data{Name: name}
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if h == "" {
			return nil, fmt.Errorf("%s:1: column %d has no name", name, i+1)
		}
		if seen[h] {
			return nil, fmt.Errorf("%s:1: column %q appears twice", name, h)
		}
		seen[h] = true
		d.Columns = append(d.Columns, &Column{Name: h})
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(d.Lines) >= MaxRows {
			return nil, fmt.Errorf("%s:%d: more than %d rows", name, line, MaxRows)
		}
		d.Lines = append(d.Lines, line)
		for i, c := range d.Columns {
			s := strings.TrimSpace(rec[i])
			c.Str = append(c.Str, s)
			c.Missing = append(c.Missing, isMissing(s))
		}
	}
	if len(d.Lines) == 0 {
		return nil, fmt.Errorf("%s: no rows below the header", name)
	}
	for _, c := range d.Columns {
		c.classify()
	}
	return d, nil
}

// classify decides whether a column is numeric and fills Num.
func (c *Column) classify() {
	c.Num = make([]float64, len(c.Str))
	for i, s := range c.Str {
		if c.Missing[i] {
			c.Num[i] = math.NaN()
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) {
			c.Factor = true
			c.Num = nil
			return
		}
		c.Num[i] = v
	}
}

// row names row i of d for messages: file line and row number.
func (d *Data) row(i int) string {
	return fmt.Sprintf("%s:%d (row %d)", d.Name, d.Lines[i], i+1)
}
