package server

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tablero-project/tablero/score"
	"github.com/tablero-project/tablero/store"
)

// QuestionView is a question with its forecasts.
type QuestionView struct {
	score.Question
	Forecasts []score.Forecast `json:"forecasts"`
}

// QuestionList is the stored questions, oldest first.
type QuestionList struct {
	Questions []score.Question `json:"questions"`
}

// QuestionForecastRequest records a forecast of a question: from a succeeded run
// (its result probabilities of the question's options, at the time the run
// finished), or given by hand.
type QuestionForecastRequest struct {
	RunID         string             `json:"run_id,omitempty"`
	At            *time.Time         `json:"at,omitempty"` // by hand: when (default now)
	Probabilities map[string]float64 `json:"probabilities,omitempty"`
}

// ResolveRequest records a question's outcome.
type ResolveRequest struct {
	Outcome string     `json:"outcome"`
	At      *time.Time `json:"at,omitempty"` // when it was known (default now)
	Note    string     `json:"note,omitempty"`
}

func newQuestionID() string {
	var b [10]byte
	rand.Read(b[:])
	return "q_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// invalidRecord answers a question or forecast that cannot be scored.
func invalidRecord(err error) error {
	if errors.Is(err, score.ErrInvalid) {
		return &httpError{p: problem(http.StatusUnprocessableEntity, "invalid-question", "Invalid question or forecast", err.Error()), err: err}
	}
	if errors.Is(err, store.ErrConflict) {
		return &httpError{p: problem(http.StatusConflict, "conflict", "Conflict", err.Error()), err: err}
	}
	return err
}

// postQuestion stores a question. With a scenario and no options, the
// options are the results of the scenario's mapping (the question's, else
// the first).
func (s *Server) postQuestion(w http.ResponseWriter, r *http.Request) error {
	var q score.Question
	if err := decodeJSON(r, &q); err != nil {
		return err
	}
	if q.ID == "" {
		q.ID = newQuestionID()
	}
	q.CreatedAt = time.Time{}
	if q.ScenarioID != "" {
		sc, err := s.scenarioByID(r.Context(), q.ScenarioID)
		if err != nil {
			return err
		}
		mi, err := sc.Model.Mapping(q.Mapping)
		if err != nil {
			return &httpError{p: problem(http.StatusUnprocessableEntity, "invalid-question", "Invalid question", err.Error()), err: err}
		}
		q.Mapping = sc.Doc.Mappings[mi].ID
		if len(q.Options) == 0 {
			for _, res := range sc.Doc.Results {
				q.Options = append(q.Options, res.ID)
			}
		}
	}
	stored, err := s.st.PutQuestion(r.Context(), &q, actor(r))
	if err != nil {
		return invalidRecord(err)
	}
	s.audit(r, "question.create", stored.ID, stored.Statement)
	w.Header().Set("Location", "/v1/questions/"+stored.ID)
	return writeJSON(w, http.StatusCreated, QuestionView{Question: *stored, Forecasts: []score.Forecast{}})
}

func (s *Server) listQuestions(w http.ResponseWriter, r *http.Request) error {
	qs, err := s.st.ListQuestions(r.Context(), r.URL.Query().Get("scenario"))
	if err != nil {
		return err
	}
	out := QuestionList{Questions: []score.Question{}}
	for _, q := range qs {
		out.Questions = append(out.Questions, *q)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getQuestion(w http.ResponseWriter, r *http.Request) error {
	q, err := s.st.GetQuestion(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	fs, err := s.st.ListForecasts(r.Context(), q.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, QuestionView{Question: *q, Forecasts: fs})
}

// postQuestionForecast records a forecast of a question from a run or by hand.
func (s *Server) postQuestionForecast(w http.ResponseWriter, r *http.Request) error {
	var req QuestionForecastRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	q, err := s.st.GetQuestion(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var f *score.Forecast
	switch {
	case req.RunID != "" && req.Probabilities != nil:
		return badRequest("invalid-forecast", "give run_id or probabilities, not both")
	case req.RunID != "":
		run, err := s.st.GetRun(r.Context(), req.RunID)
		if err != nil {
			return err
		}
		if run.Status != store.Succeeded {
			return invalidRecord(fmt.Errorf("%w forecast: run %s is %s: it has no result", score.ErrInvalid, run.ID, run.Status))
		}
		if f, err = score.RunForecast(q, run.ID, run.FinishedAt, run.Result); err != nil {
			return invalidRecord(err)
		}
	case req.Probabilities != nil:
		f = &score.Forecast{QuestionID: q.ID, At: time.Now().UTC(), Probabilities: req.Probabilities}
		if req.At != nil {
			f.At = req.At.UTC()
		}
	default:
		return badRequest("invalid-forecast", "give run_id (a succeeded run) or probabilities")
	}
	added, err := s.st.AddForecast(r.Context(), f)
	if err != nil {
		return invalidRecord(err)
	}
	status := http.StatusOK
	if added {
		status = http.StatusCreated
		s.audit(r, "question.forecast", q.ID, "run "+f.RunID)
	}
	return writeJSON(w, status, f)
}

// postResolution records a question's outcome.
func (s *Server) postResolution(w http.ResponseWriter, r *http.Request) error {
	var req ResolveRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	res := score.Resolution{Outcome: req.Outcome, At: time.Now().UTC(), Note: req.Note}
	if req.At != nil {
		res.At = req.At.UTC()
	}
	q, err := s.st.ResolveQuestion(r.Context(), r.PathValue("id"), res, actor(r))
	if err != nil {
		return invalidRecord(err)
	}
	s.audit(r, "question.resolve", q.ID, "outcome "+q.Resolution.Outcome)
	return writeJSON(w, http.StatusOK, q)
}

// getScores scores the stored questions (of a scenario, with ?scenario).
func (s *Server) getScores(w http.ResponseWriter, r *http.Request) error {
	bins := score.DefaultBins
	if v := r.URL.Query().Get("bins"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return badRequest("invalid-parameter", "bins %q: expected a whole number from 1 to 100", v)
		}
		bins = n
	}
	rep, err := scores(r.Context(), s.st, r.URL.Query().Get("scenario"), bins)
	if err != nil {
		return invalidRecord(err)
	}
	return writeJSON(w, http.StatusOK, rep)
}

// scores evaluates the stored questions of a scenario ("" all) with their
// forecasts.
func scores(ctx context.Context, st store.Store, scenarioID string, bins int) (*score.Report, error) {
	qs, err := st.ListQuestions(ctx, scenarioID)
	if err != nil {
		return nil, err
	}
	var questions []score.Question
	var forecasts []score.Forecast
	for _, q := range qs {
		questions = append(questions, *q)
		fs, err := st.ListForecasts(ctx, q.ID)
		if err != nil {
			return nil, err
		}
		forecasts = append(forecasts, fs...)
	}
	return score.Evaluate(questions, forecasts, bins)
}
