// Package score scores forecasts of questions once they resolve: the
// multi-category Brier score, the logarithmic score, the time-averaged
// Brier score of a forecast updated over a question's open period (as Good
// Judgment scores it), and calibration (a reliability table by bins).
//
// A Question has a statement, a resolution criterion, a close time and its
// outcome options (for instance the results of a scenario's mapping). A
// Forecast gives a probability to every option at a time, from a run. A
// Resolution names the option that happened. Everything here is a pure
// function of those records; the store keeps them and the server and the
// CLI score them.
//
// Conventions. The Brier score of probabilities p over options with the
// outcome o is Σᵢ (pᵢ − [i = o])², summed over all options (the original
// Brier 1950 convention): 0 is perfect, 2 the worst possible, and an
// uninformed forecast over k options scores 1 − 1/k. The logarithmic score
// is a loss, −ln p(o) (natural log): 0 is perfect; a probability below
// LogFloor counts as LogFloor, so a forecast that called the outcome
// impossible scores −ln LogFloor ≈ 13.8 instead of infinity.
package score

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/tablero-project/tablero/internal/english"
)

// LogFloor is the smallest probability the logarithmic score takes.
const LogFloor = 1e-6

// Limits on one question: its options, and the length of its texts (in
// bytes), so that a hostile import or request cannot make huge records.
const (
	MaxOptions = 1000
	MaxText    = 10_000
)

// SumTolerance is how far from 1 a forecast's probabilities may sum.
const SumTolerance = 1e-6

// ErrInvalid is wrapped by the errors of records that cannot be scored.
var ErrInvalid = errors.New("invalid")

// Question is something that will resolve to exactly one of its options.
type Question struct {
	ID string `json:"id"`
	// ScenarioID is the scenario the question is about ("" for none).
	ScenarioID string `json:"scenario_id,omitempty"`
	Statement  string `json:"statement"`
	// Criterion says how the question resolves: what counts as each
	// option, and the source that settles it.
	Criterion string `json:"criterion"`
	// Close is when the question stops taking forecasts: forecasts at or
	// after it are not scored.
	Close time.Time `json:"close"`
	// Options are the possible outcomes, by name (for instance a
	// mapping's results); exactly one happens.
	Options []string `json:"options"`
	// Mapping is the scenario mapping whose results are the options
	// ("" when the options are not a mapping's).
	Mapping    string      `json:"mapping,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
	Resolution *Resolution `json:"resolution,omitempty"`
}

// Resolution is the outcome of a question.
type Resolution struct {
	Outcome string    `json:"outcome"` // one of the question's options
	At      time.Time `json:"at"`      // when it was known
	Note    string    `json:"note,omitempty"`
}

// Forecast is one forecast of a question: a probability for every option,
// made at a time, by a run (or by hand: RunID "").
type Forecast struct {
	QuestionID    string             `json:"question_id"`
	At            time.Time          `json:"at"`
	RunID         string             `json:"run_id,omitempty"`
	Probabilities map[string]float64 `json:"probabilities"`
}

// Validate checks that q can be forecast and scored.
func (q *Question) Validate() error {
	switch {
	case strings.TrimSpace(q.ID) == "":
		return fmt.Errorf("%w question: empty id", ErrInvalid)
	case strings.TrimSpace(q.Statement) == "":
		return fmt.Errorf("%w question %s: empty statement", ErrInvalid, q.ID)
	case q.Close.IsZero():
		return fmt.Errorf("%w question %s: no close time", ErrInvalid, q.ID)
	case len(q.Options) < 2:
		return fmt.Errorf("%w question %s: %s; a question needs at least 2", ErrInvalid, q.ID, english.Count(len(q.Options), "option"))
	case len(q.Options) > MaxOptions:
		return fmt.Errorf("%w question %s: %d options; the limit is %d", ErrInvalid, q.ID, len(q.Options), MaxOptions)
	}
	for name, text := range map[string]string{"id": q.ID, "statement": q.Statement, "criterion": q.Criterion, "scenario_id": q.ScenarioID, "mapping": q.Mapping} {
		if len(text) > MaxText {
			return fmt.Errorf("%w question %.40s: %s has %d bytes; the limit is %d", ErrInvalid, q.ID, name, len(text), MaxText)
		}
	}
	for i, o := range q.Options {
		if strings.TrimSpace(o) == "" || len(o) > MaxText {
			return fmt.Errorf("%w question %s: option %d is empty or longer than %d bytes", ErrInvalid, q.ID, i+1, MaxText)
		}
		if slices.Contains(q.Options[:i], o) {
			return fmt.Errorf("%w question %s: option %q appears twice", ErrInvalid, q.ID, o)
		}
	}
	if r := q.Resolution; r != nil {
		if err := q.checkResolution(r); err != nil {
			return err
		}
	}
	return nil
}

func (q *Question) checkResolution(r *Resolution) error {
	if !slices.Contains(q.Options, r.Outcome) {
		return fmt.Errorf("%w question %s: outcome %q is not one of its options %s", ErrInvalid, q.ID, r.Outcome, strings.Join(q.Options, ", "))
	}
	if r.At.IsZero() {
		return fmt.Errorf("%w question %s: resolution without a time", ErrInvalid, q.ID)
	}
	return nil
}

// Resolve returns q resolved to outcome at a time, after checking them.
func (q Question) Resolve(outcome string, at time.Time, note string) (Question, error) {
	r := &Resolution{Outcome: outcome, At: at.UTC(), Note: note}
	if err := q.checkResolution(r); err != nil {
		return q, err
	}
	q.Resolution = r
	return q, nil
}

// Vector returns f's probabilities in the order of q's options, after
// checking that f gives exactly q's options probabilities in [0, 1] that
// sum to 1 (within SumTolerance).
func (q *Question) Vector(f *Forecast) ([]float64, error) {
	if f.QuestionID != q.ID {
		return nil, fmt.Errorf("%w forecast: of question %q, not %q", ErrInvalid, f.QuestionID, q.ID)
	}
	if f.At.IsZero() {
		return nil, fmt.Errorf("%w forecast of %s: no time", ErrInvalid, q.ID)
	}
	for name := range f.Probabilities {
		if !slices.Contains(q.Options, name) {
			return nil, fmt.Errorf("%w forecast of %s: %q is not one of its options %s", ErrInvalid, q.ID, name, strings.Join(q.Options, ", "))
		}
	}
	p := make([]float64, len(q.Options))
	sum := 0.0
	for i, name := range q.Options {
		v, ok := f.Probabilities[name]
		if !ok {
			return nil, fmt.Errorf("%w forecast of %s: no probability for option %q", ErrInvalid, q.ID, name)
		}
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("%w forecast of %s: probability of %q is %g, outside [0, 1]", ErrInvalid, q.ID, name, v)
		}
		p[i] = v
		sum += v
	}
	if math.Abs(sum-1) > SumTolerance {
		return nil, fmt.Errorf("%w forecast of %s: probabilities sum to %g, not 1", ErrInvalid, q.ID, sum)
	}
	return p, nil
}

// Brier returns the multi-category Brier score Σᵢ (pᵢ − [i = outcome])² of
// probabilities p when option outcome happened: 0 is perfect, 2 the worst.
func Brier(p []float64, outcome int) float64 {
	s := 0.0
	for i, v := range p {
		d := v
		if i == outcome {
			d = v - 1
		}
		s += d * d
	}
	return s
}

// Log returns the logarithmic score −ln p[outcome] (a loss: 0 is perfect),
// with probabilities below LogFloor counted as LogFloor.
func Log(p []float64, outcome int) float64 {
	return -math.Log(max(p[outcome], LogFloor))
}
