package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tablero-project/tablero/score"
)

const questionCols = `id, scenario_id, statement, criterion, close_at, options, mapping, created_at, created_by,
	outcome, resolved_at, resolution_note`

func scanQuestion(row rowScanner) (*score.Question, error) {
	q := new(score.Question)
	var options string
	var outcome sql.NullString
	var r score.Resolution
	err := row.Scan(&q.ID, &q.ScenarioID, &q.Statement, &q.Criterion, timeCol{&q.Close}, &options, &q.Mapping,
		timeCol{&q.CreatedAt}, new(string), &outcome, timeCol{&r.At}, &r.Note)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(options), &q.Options); err != nil {
		return nil, fmt.Errorf("question %s: options: %w", q.ID, err)
	}
	if outcome.Valid {
		r.Outcome = outcome.String
		q.Resolution = &r
	}
	return q, nil
}

// PutQuestion stores a question; see Follow.
func (s *db) PutQuestion(ctx context.Context, q *score.Question, by string) (*score.Question, error) {
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("store: put question: %w", err)
	}
	out := *q
	if out.CreatedAt.IsZero() {
		out.CreatedAt = s.stamp()
	}
	options, _ := json.Marshal(q.Options)
	var outcome, at any
	var note string
	if r := q.Resolution; r != nil {
		outcome, at, note = r.Outcome, s.t(r.At), r.Note
	}
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO questions (id, scenario_id, statement, criterion, close_at, options, mapping,
		created_at, created_by, outcome, resolved_at, resolution_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		q.ID, q.ScenarioID, q.Statement, q.Criterion, s.t(q.Close), string(options), q.Mapping, s.t(out.CreatedAt), by,
		outcome, at, note)
	if err != nil {
		if isUniqueViolation(err) {
			err = fmt.Errorf("a question with this id exists: %w", ErrConflict)
		}
		return nil, fmt.Errorf("store: put question %s: %w", q.ID, err)
	}
	return s.GetQuestion(ctx, q.ID)
}

// isUniqueViolation reports whether err is a primary key or unique
// constraint violation, on either backend.
func isUniqueViolation(err error) bool {
	m := err.Error()
	return strings.Contains(m, "UNIQUE constraint failed") || strings.Contains(m, "SQLSTATE 23505")
}

// GetQuestion returns the question with the id, or ErrNotFound.
func (s *db) GetQuestion(ctx context.Context, id string) (*score.Question, error) {
	q, err := s.getQuestion(ctx, s.r, id)
	if err != nil {
		return nil, fmt.Errorf("store: get question %s: %w", id, err)
	}
	return q, nil
}

func (s *db) getQuestion(ctx context.Context, qr querier, id string) (*score.Question, error) {
	q, err := scanQuestion(qr.QueryRowContext(ctx, s.q(`SELECT `+questionCols+` FROM questions WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return q, err
}

// ListQuestions returns the questions of a scenario ("" all), oldest
// first.
func (s *db) ListQuestions(ctx context.Context, scenarioID string) ([]*score.Question, error) {
	query, args := `SELECT `+questionCols+` FROM questions`, []any{}
	if scenarioID != "" {
		query += ` WHERE scenario_id = ?`
		args = append(args, scenarioID)
	}
	rows, err := s.r.QueryContext(ctx, s.q(query+` ORDER BY created_at, id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list questions: %w", err)
	}
	defer rows.Close()
	out := []*score.Question{}
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list questions: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// AddForecast records a forecast checked against its question; see
// Follow.
func (s *db) AddForecast(ctx context.Context, f *score.Forecast) (bool, error) {
	var added bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		q, err := s.getQuestion(ctx, tx, f.QuestionID)
		if err != nil {
			return err
		}
		if _, err := q.Vector(f); err != nil {
			return err
		}
		probs, _ := json.Marshal(f.Probabilities)
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO forecasts (question_id, at, run_id, probabilities) VALUES (?, ?, ?, ?)
			ON CONFLICT (question_id, run_id) WHERE run_id <> '' DO NOTHING`), f.QuestionID, s.t(f.At), f.RunID, string(probs))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		added = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: add forecast of %s: %w", f.QuestionID, err)
	}
	return added, nil
}

// ListForecasts returns the forecasts of a question ("" all), by time.
func (s *db) ListForecasts(ctx context.Context, questionID string) ([]score.Forecast, error) {
	query, args := `SELECT question_id, at, run_id, probabilities FROM forecasts`, []any{}
	if questionID != "" {
		query += ` WHERE question_id = ?`
		args = append(args, questionID)
	}
	rows, err := s.r.QueryContext(ctx, s.q(query+` ORDER BY at, id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list forecasts: %w", err)
	}
	defer rows.Close()
	out := []score.Forecast{}
	for rows.Next() {
		var f score.Forecast
		var probs string
		if err := rows.Scan(&f.QuestionID, timeCol{&f.At}, &f.RunID, &probs); err != nil {
			return nil, fmt.Errorf("store: list forecasts: %w", err)
		}
		if err := json.Unmarshal([]byte(probs), &f.Probabilities); err != nil {
			return nil, fmt.Errorf("store: forecast of %s: %w", f.QuestionID, err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ResolveQuestion records a question's outcome; see Follow.
func (s *db) ResolveQuestion(ctx context.Context, id string, r score.Resolution, by string) (*score.Question, error) {
	var out *score.Question
	err := s.tx(ctx, func(tx *sql.Tx) error {
		q, err := s.getQuestion(ctx, tx, id)
		if err != nil {
			return err
		}
		if q.Resolution != nil {
			if q.Resolution.Outcome != r.Outcome {
				return fmt.Errorf("resolved to %q already, not %q: %w", q.Resolution.Outcome, r.Outcome, ErrConflict)
			}
			out = q
			return nil
		}
		res, err := q.Resolve(r.Outcome, r.At, r.Note)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE questions SET outcome = ?, resolved_at = ?, resolution_note = ?, resolved_by = ? WHERE id = ?`),
			r.Outcome, s.t(res.Resolution.At), r.Note, by, id)
		if err != nil {
			return err
		}
		out, err = s.getQuestion(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: resolve question %s: %w", id, err)
	}
	return out, nil
}
