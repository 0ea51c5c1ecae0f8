package score

import (
	"fmt"
	"slices"
	"time"
)

// Standing is a question's forecasts that count, oldest first: those
// made before the question's end (its close, or its resolution if
// earlier), with their probability vectors.
type Standing struct {
	End       time.Time
	Forecasts []Forecast
	Vectors   [][]float64
}

// End returns when q stopped taking forecasts: its close, or the time of
// its resolution when that came first.
func (q *Question) End() time.Time {
	if r := q.Resolution; r != nil && r.At.Before(q.Close) {
		return r.At
	}
	return q.Close
}

// Standings returns the forecasts of q that count, oldest first (a stable
// sort, so of two forecasts made at the same time the later in fs stands),
// checking each. Forecasts of other questions are skipped.
func (q *Question) Standings(fs []Forecast) (*Standing, error) {
	type standing struct {
		f Forecast
		p []float64
	}
	var in []standing
	end := q.End()
	for i := range fs {
		if fs[i].QuestionID != q.ID {
			continue
		}
		p, err := q.Vector(&fs[i])
		if err != nil {
			return nil, err
		}
		if fs[i].At.Before(end) {
			in = append(in, standing{fs[i], p})
		}
	}
	slices.SortStableFunc(in, func(a, b standing) int { return a.f.At.Compare(b.f.At) })
	st := &Standing{End: end}
	for _, s := range in {
		st.Forecasts = append(st.Forecasts, s.f)
		st.Vectors = append(st.Vectors, s.p)
	}
	return st, nil
}

// day returns the start of t's UTC calendar day.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// TimeAveraged returns the time-averaged Brier score of the standing
// forecasts when option outcome happened, and the number of days it
// averages, as Good Judgment scores a forecaster's question:
//
//   - the open period runs over UTC calendar days, from the day of the
//     first forecast to the last day the question was open (the day of
//     End − 1 ns: a question closing at midnight is not open that day);
//   - each day's standing forecast is the latest one made before the end
//     of that day (and before End), so the last forecast of a day stands
//     for that whole day, and a forecast stands until it is replaced;
//   - the score is the mean of the days' Brier scores.
//
// It returns 0 days (and score 0) when no forecast counts.
func (st *Standing) TimeAveraged(outcome int) (float64, int) {
	if len(st.Forecasts) == 0 {
		return 0, 0
	}
	first := day(st.Forecasts[0].At)
	last := day(st.End.Add(-time.Nanosecond))
	sum, days, k := 0.0, 0, 0
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		next := d.AddDate(0, 0, 1)
		for k+1 < len(st.Forecasts) && st.Forecasts[k+1].At.Before(next) {
			k++
		}
		sum += Brier(st.Vectors[k], outcome)
		days++
	}
	return sum / float64(days), days
}

// Final returns the last standing forecast's vector, nil when none counts.
func (st *Standing) Final() []float64 {
	if len(st.Vectors) == 0 {
		return nil
	}
	return st.Vectors[len(st.Vectors)-1]
}

// outcomeIndex returns the index of q's resolved outcome.
func (q *Question) outcomeIndex() (int, error) {
	if q.Resolution == nil {
		return -1, fmt.Errorf("question %s is not resolved", q.ID)
	}
	i := slices.Index(q.Options, q.Resolution.Outcome)
	if i < 0 {
		return -1, q.checkResolution(q.Resolution)
	}
	return i, nil
}
