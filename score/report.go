package score

import (
	"cmp"
	"fmt"
	"slices"
)

// Convention states how this package scores, for reports to carry.
const Convention = "Brier: sum over options of (p − outcome)², 0 perfect, 2 worst; " +
	"log: −ln p(outcome), 0 perfect, p floored at 1e-6; " +
	"time-averaged Brier: mean over the UTC days from the first forecast to the last open day of each day's standing forecast's Brier; " +
	"final scores use the last forecast before the question's close or resolution"

// QuestionScore is how a resolved question's forecasts scored.
type QuestionScore struct {
	QuestionID string `json:"question_id"`
	ScenarioID string `json:"scenario_id,omitempty"`
	Outcome    string `json:"outcome"`
	// Forecasts is the number of forecasts made before the question's
	// end, Days the days of its time average.
	Forecasts int `json:"forecasts"`
	Days      int `json:"days"`
	// Brier and Log score the final standing forecast (the last one before
	// the end); TimeAveragedBrier every day's.
	Brier             float64 `json:"brier"`
	Log               float64 `json:"log"`
	TimeAveragedBrier float64 `json:"time_averaged_brier"`
}

// Summary is the mean of the scores of some questions.
type Summary struct {
	Questions         int     `json:"questions"`
	Brier             float64 `json:"brier"`
	Log               float64 `json:"log"`
	TimeAveragedBrier float64 `json:"time_averaged_brier"`
}

// Group is the summary of the questions of one scenario.
type Group struct {
	ScenarioID string `json:"scenario_id"`
	Summary
}

// Unscored is a question left out of the scores, and why.
type Unscored struct {
	QuestionID string `json:"question_id"`
	Reason     string `json:"reason"`
}

// Report scores a set of questions: each resolved question with a
// forecast before its end, the mean per scenario and over all, and the
// calibration of the final forecasts.
type Report struct {
	Convention  string          `json:"convention"`
	Questions   []QuestionScore `json:"questions"`
	Scenarios   []Group         `json:"scenarios"`
	Overall     Summary         `json:"overall"`
	Calibration Calibration     `json:"calibration"`
	Unscored    []Unscored      `json:"unscored"`
}

// Evaluate scores questions from forecasts, with calibration in bins
// equal-width bins (< 1: DefaultBins). Questions are reported in the
// given order, scenarios by id. Unresolved questions and questions without
// a forecast before their end are listed as unscored. An invalid question
// or forecast, or a forecast of no listed question, is an error.
func Evaluate(questions []Question, forecasts []Forecast, bins int) (*Report, error) {
	known := make(map[string]bool, len(questions))
	for i := range questions {
		if err := questions[i].Validate(); err != nil {
			return nil, err
		}
		if known[questions[i].ID] {
			return nil, fmt.Errorf("%w: question %s appears twice", ErrInvalid, questions[i].ID)
		}
		known[questions[i].ID] = true
	}
	byQuestion := map[string][]Forecast{}
	for _, f := range forecasts {
		if !known[f.QuestionID] {
			return nil, fmt.Errorf("%w forecast at %s: unknown question %q", ErrInvalid, f.At.Format("2006-01-02T15:04:05Z07:00"), f.QuestionID)
		}
		byQuestion[f.QuestionID] = append(byQuestion[f.QuestionID], f)
	}
	rep := &Report{Convention: Convention, Questions: []QuestionScore{}, Scenarios: []Group{}, Unscored: []Unscored{}}
	groups := map[string]*Group{}
	var events []Event
	for i := range questions {
		q := &questions[i]
		qs, ev, why, err := scoreQuestion(q, byQuestion[q.ID])
		if err != nil {
			return nil, err
		}
		if why != "" {
			rep.Unscored = append(rep.Unscored, Unscored{QuestionID: q.ID, Reason: why})
			continue
		}
		rep.Questions = append(rep.Questions, qs)
		events = append(events, ev...)
		add(&rep.Overall, qs)
		g := groups[q.ScenarioID]
		if g == nil {
			g = &Group{ScenarioID: q.ScenarioID}
			groups[q.ScenarioID] = g
		}
		add(&g.Summary, qs)
	}
	mean(&rep.Overall)
	for _, g := range groups {
		mean(&g.Summary)
		rep.Scenarios = append(rep.Scenarios, *g)
	}
	slices.SortFunc(rep.Scenarios, func(a, b Group) int { return cmp.Compare(a.ScenarioID, b.ScenarioID) })
	rep.Calibration = Calibrate(events, bins)
	return rep, nil
}

// scoreQuestion scores q, or says why it is not scored.
func scoreQuestion(q *Question, forecasts []Forecast) (QuestionScore, []Event, string, error) {
	st, err := q.Standings(forecasts)
	if err != nil {
		return QuestionScore{}, nil, "", err
	}
	if q.Resolution == nil {
		return QuestionScore{}, nil, "not resolved", nil
	}
	if len(st.Forecasts) == 0 {
		return QuestionScore{}, nil, "no forecast before its close or resolution", nil
	}
	o, err := q.outcomeIndex()
	if err != nil {
		return QuestionScore{}, nil, "", err
	}
	p := st.Final()
	ta, days := st.TimeAveraged(o)
	qs := QuestionScore{QuestionID: q.ID, ScenarioID: q.ScenarioID, Outcome: q.Resolution.Outcome,
		Forecasts: len(st.Forecasts), Days: days, Brier: Brier(p, o), Log: Log(p, o), TimeAveragedBrier: ta}
	return qs, Events(p, o), "", nil
}

func add(s *Summary, q QuestionScore) {
	s.Questions++
	s.Brier += q.Brier
	s.Log += q.Log
	s.TimeAveragedBrier += q.TimeAveragedBrier
}

func mean(s *Summary) {
	if s.Questions == 0 {
		return
	}
	n := float64(s.Questions)
	s.Brier, s.Log, s.TimeAveragedBrier = s.Brier/n, s.Log/n, s.TimeAveragedBrier/n
}
