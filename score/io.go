package score

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Set is a collection of questions and their forecasts: the JSON document
// of an export, and what an import reads.
type Set struct {
	Questions []Question `json:"questions"`
	Forecasts []Forecast `json:"forecasts"`
}

// Validate checks every question and forecast of the set.
func (s *Set) Validate() error {
	byID := make(map[string]*Question, len(s.Questions))
	for i := range s.Questions {
		q := &s.Questions[i]
		if err := q.Validate(); err != nil {
			return err
		}
		if byID[q.ID] != nil {
			return fmt.Errorf("%w: question %s appears twice", ErrInvalid, q.ID)
		}
		byID[q.ID] = q
	}
	for i := range s.Forecasts {
		f := &s.Forecasts[i]
		q := byID[f.QuestionID]
		if q == nil {
			return fmt.Errorf("%w forecast %d: unknown question %q", ErrInvalid, i+1, f.QuestionID)
		}
		if _, err := q.Vector(f); err != nil {
			return fmt.Errorf("forecast %d: %w", i+1, err)
		}
	}
	return nil
}

// WriteJSON writes s as an indented JSON document.
func WriteJSON(w io.Writer, s *Set) error {
	out := *s
	if out.Questions == nil {
		out.Questions = []Question{}
	}
	if out.Forecasts == nil {
		out.Forecasts = []Forecast{}
	}
	b, err := json.MarshalIndent(&out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadJSON reads a set from the JSON document data of file name, strictly
// (unknown keys are errors), and validates it.
func ReadJSON(name string, data []byte) (*Set, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Set
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w", name, jsonError(data, err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: more than one JSON value", name)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &s, nil
}

// jsonError locates a decoding error by line.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err
	}
	return fmt.Errorf("line %d: %w", 1+bytes.Count(data[:off], []byte("\n")), err)
}

// The CSV columns of questions and of forecasts.
var (
	QuestionColumns = []string{"id", "scenario_id", "statement", "criterion", "close", "options", "mapping", "created_at", "outcome", "resolved_at", "note"}
	ForecastColumns = []string{"question_id", "at", "run_id", "option", "probability"}
)

// OptionSeparator joins a question's options in its CSV column.
const OptionSeparator = "|"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// WriteQuestionsCSV writes questions as CSV with QuestionColumns, options
// joined by OptionSeparator (an option containing it is an error).
func WriteQuestionsCSV(w io.Writer, qs []Question) error {
	cw := csv.NewWriter(w)
	cw.Write(QuestionColumns)
	for _, q := range qs {
		for _, o := range q.Options {
			if strings.Contains(o, OptionSeparator) {
				return fmt.Errorf("question %s: option %q contains %q, which the CSV format reserves", q.ID, o, OptionSeparator)
			}
		}
		var outcome, at, note string
		if r := q.Resolution; r != nil {
			outcome, at, note = r.Outcome, formatTime(r.At), r.Note
		}
		cw.Write([]string{q.ID, q.ScenarioID, q.Statement, q.Criterion, formatTime(q.Close),
			strings.Join(q.Options, OptionSeparator), q.Mapping, formatTime(q.CreatedAt), outcome, at, note})
	}
	cw.Flush()
	return cw.Error()
}

// WriteForecastsCSV writes forecasts as CSV with ForecastColumns, one row
// per option, options in name order.
func WriteForecastsCSV(w io.Writer, fs []Forecast) error {
	cw := csv.NewWriter(w)
	cw.Write(ForecastColumns)
	for _, f := range fs {
		names := make([]string, 0, len(f.Probabilities))
		for n := range f.Probabilities {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			cw.Write([]string{f.QuestionID, formatTime(f.At), f.RunID, n, strconv.FormatFloat(f.Probabilities[n], 'g', -1, 64)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRows reads a CSV document whose header must be columns, calling row
// with each record and its line.
func csvRows(name string, r io.Reader, columns []string, row func(rec []string, line int) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: empty file: expected the header %s", name, strings.Join(columns, ","))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !slices.Equal(head, columns) {
		return fmt.Errorf("%s:1: header %s: expected %s", name, strings.Join(head, ","), strings.Join(columns, ","))
	}
	cr.FieldsPerRecord = len(columns)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if err := row(rec, line); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
}

// parseTime reads an RFC 3339 time or a date; a required time may be
// neither empty nor the zero time (which the writers leave empty).
func parseTime(col, v string, required bool) (time.Time, error) {
	if v == "" {
		if required {
			return time.Time{}, fmt.Errorf("%s: empty", col)
		}
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		var err2 error
		if t, err2 = time.Parse(time.DateOnly, v); err2 != nil {
			return time.Time{}, fmt.Errorf("%s %q: not an RFC 3339 time or a date (2006-01-02)", col, v)
		}
	}
	t = t.UTC()
	if required && t.IsZero() {
		return time.Time{}, fmt.Errorf("%s %q: the zero time, which stands for no time", col, v)
	}
	return t, nil
}

// ReadQuestionsCSV reads questions written by WriteQuestionsCSV (times as
// RFC 3339 or dates), validating each; errors name file:line.
func ReadQuestionsCSV(name string, r io.Reader) ([]Question, error) {
	out := []Question{}
	seen := map[string]bool{}
	err := csvRows(name, r, QuestionColumns, func(rec []string, line int) error {
		q := Question{ID: rec[0], ScenarioID: rec[1], Statement: rec[2], Criterion: rec[3], Mapping: rec[6]}
		var err error
		if q.Close, err = parseTime("close", rec[4], true); err != nil {
			return err
		}
		if rec[5] != "" {
			q.Options = strings.Split(rec[5], OptionSeparator)
		}
		if q.CreatedAt, err = parseTime("created_at", rec[7], false); err != nil {
			return err
		}
		if rec[8] != "" || rec[9] != "" {
			at, err := parseTime("resolved_at", rec[9], true)
			if err != nil {
				return err
			}
			q.Resolution = &Resolution{Outcome: rec[8], At: at, Note: rec[10]}
		}
		if err := q.Validate(); err != nil {
			return err
		}
		if seen[q.ID] {
			return fmt.Errorf("question %s appears twice", q.ID)
		}
		seen[q.ID] = true
		out = append(out, q)
		return nil
	})
	return out, err
}

// ReadForecastsCSV reads forecasts written by WriteForecastsCSV:
// consecutive rows with the same question, time and run make one
// forecast. It checks the numbers but not the options (which need the
// questions: see Set.Validate).
func ReadForecastsCSV(name string, r io.Reader) ([]Forecast, error) {
	out := []Forecast{}
	err := csvRows(name, r, ForecastColumns, func(rec []string, line int) error {
		at, err := parseTime("at", rec[1], true)
		if err != nil {
			return err
		}
		p, err := strconv.ParseFloat(rec[4], 64)
		if err != nil || !(p >= 0 && p <= 1) {
			return fmt.Errorf("probability %q: not a number in [0, 1]", rec[4])
		}
		if rec[0] == "" || rec[3] == "" {
			return errors.New("empty question_id or option")
		}
		if n := len(out); n > 0 && out[n-1].QuestionID == rec[0] && out[n-1].At.Equal(at) && out[n-1].RunID == rec[2] {
			if _, dup := out[n-1].Probabilities[rec[3]]; dup {
				return fmt.Errorf("option %q given twice in one forecast", rec[3])
			}
			out[n-1].Probabilities[rec[3]] = p
			return nil
		}
		out = append(out, Forecast{QuestionID: rec[0], At: at, RunID: rec[2], Probabilities: map[string]float64{rec[3]: p}})
		return nil
	})
	return out, err
}
