package uncertain

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// WriteRowsCSV writes the kept rows (RunOptions.KeepRows) as CSV: a header
// "draw", the parameter names and the output names, then one line per
// successful draw in index order, numbers in their shortest exact form.
func (p *Partial) WriteRowsCSV(w io.Writer) error {
	if !p.keepRows {
		return fmt.Errorf("write rows: the run did not keep rows")
	}
	cw := csv.NewWriter(w)
	header := append([]string{"draw"}, p.design.Params...)
	for _, o := range p.outputs {
		header = append(header, o.Name)
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write rows: %w", err)
	}
	rec := make([]string, len(header))
	for _, r := range p.st.rows {
		rec = rec[:0]
		rec = append(rec, strconv.Itoa(r.K))
		for _, v := range r.X {
			rec = append(rec, ftoa(v))
		}
		for _, v := range r.Y {
			rec = append(rec, ftoa(v))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write rows: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write rows: %w", err)
	}
	return nil
}
