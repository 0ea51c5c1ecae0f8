package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// runCols are the columns of a listed run; a fetched one adds result, last.
const runCols = `id, scenario_id, kind, hash, options, status, stage, done, total, error,
	cancel_requested, worker, submitted_by, created_at, started_at, finished_at, heartbeat_at`

// rowScanner is what *sql.Row and *sql.Rows offer.
type rowScanner interface{ Scan(dest ...any) error }

// scanRun scans a row of runCols, followed by result if withResult.
func scanRun(row rowScanner, withResult bool) (*Run, error) {
	r := new(Run)
	var status string
	dest := []any{&r.ID, &r.ScenarioID, &r.Kind, &r.Hash, &r.Options, &status, &r.Stage,
		&r.Done, &r.Total, &r.Error, &r.CancelRequested, &r.Worker, &r.SubmittedBy,
		timeCol{&r.CreatedAt}, timeCol{&r.StartedAt}, timeCol{&r.FinishedAt}, timeCol{&r.HeartbeatAt}}
	if withResult {
		dest = append(dest, &r.Result)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	r.Status = Status(status)
	return r, nil
}

// GetRun returns the run with the id, or ErrNotFound.
func (s *db) GetRun(ctx context.Context, id string) (*Run, error) {
	r, err := s.getRun(ctx, s.r, id, true)
	if err != nil {
		return nil, fmt.Errorf("store: get run %s: %w", id, err)
	}
	return r, nil
}

// FindRun returns the newest reusable run with the hash; see Store.
func (s *db) FindRun(ctx context.Context, hash string) (*Run, error) {
	if hash == "" {
		return nil, fmt.Errorf("store: find run: empty hash: %w", ErrNotFound)
	}
	row := s.r.QueryRowContext(ctx, s.q(`SELECT `+runCols+`, result FROM runs WHERE hash = ? AND status IN (?, ?, ?)
		ORDER BY created_at DESC, id DESC LIMIT 1`), hash, string(Queued), string(Running), string(Succeeded))
	r, err := scanRun(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find run %s: %w", hash, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find run %s: %w", hash, err)
	}
	return r, nil
}

// getRun returns run id, with its result if withResult.
func (s *db) getRun(ctx context.Context, q querier, id string, withResult bool) (*Run, error) {
	cols := runCols
	if withResult {
		cols += ", result"
	}
	row := q.QueryRowContext(ctx, s.q(`SELECT `+cols+` FROM runs WHERE id = ?`), id)
	r, err := scanRun(row, withResult)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return r, err
}

// ListRuns returns the runs f selects, newest first, without results.
func (s *db) ListRuns(ctx context.Context, f RunFilter) ([]*Run, error) {
	var where []string
	var args []any
	if f.ScenarioID != "" {
		where = append(where, "scenario_id = ?")
		args = append(args, f.ScenarioID)
	}
	if f.Status != "" {
		where = append(where, "status = ?")
		args = append(args, string(f.Status))
	}
	if !f.Before.IsZero() {
		where = append(where, "created_at < ?")
		args = append(args, s.t(ceilMicro(f.Before)))
	}
	args = append(args, limit(f.Limit))
	out, err := s.listRuns(ctx, `SELECT `+runCols+` FROM runs`+whereClause(where)+
		` ORDER BY created_at DESC, id DESC LIMIT ?`, args)
	if err != nil {
		return nil, fmt.Errorf("store: list runs: %w", err)
	}
	return out, nil
}

func (s *db) listRuns(ctx context.Context, query string, args []any) ([]*Run, error) {
	rows, err := s.r.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Run{}
	for rows.Next() {
		r, err := scanRun(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SubmitRun queues r unless an identical run is queued, running or
// succeeded; see Store.
func (s *db) SubmitRun(ctx context.Context, r *Run, maxQueued int) (*Run, bool, error) {
	if r.ID == "" {
		return nil, false, errors.New("store: submit run: empty id")
	}
	q := *r
	q.Status, q.Stage, q.Done, q.Total = Queued, "", 0, 0
	q.Result, q.Error, q.CancelRequested, q.Worker = nil, "", false, ""
	q.StartedAt, q.FinishedAt, q.HeartbeatAt = time.Time{}, time.Time{}, time.Time{}
	var out *Run
	var isNew bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if maxQueued > 0 {
			if err := s.lock(ctx, tx, lockQueue, ""); err != nil {
				return err
			}
		}
		var err error
		out, err = s.sameRun(ctx, tx, r.Hash, Queued, Running, Succeeded)
		if out != nil || err != nil {
			return err
		}
		if maxQueued > 0 {
			var n int
			err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM runs WHERE status = ?`), string(Queued)).Scan(&n)
			if err != nil {
				return err
			}
			if n >= maxQueued {
				return ErrQueueFull
			}
		}
		out, err = s.insertRun(ctx, tx, &q)
		isNew = err == nil
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: submit run %s: %w", r.ID, err)
	}
	return out, isNew, nil
}

// RecordRun inserts a run that ran elsewhere unless a succeeded run with
// the same hash exists; see Store.
func (s *db) RecordRun(ctx context.Context, r *Run) (*Run, bool, error) {
	if r.ID == "" {
		return nil, false, errors.New("store: record run: empty id")
	}
	if !r.Status.Done() {
		return nil, false, fmt.Errorf("store: record run %s: status %q is not final", r.ID, r.Status)
	}
	q := *r
	if q.FinishedAt.IsZero() {
		q.FinishedAt = s.stamp()
	}
	var out *Run
	var isNew bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.sameRun(ctx, tx, r.Hash, Succeeded)
		if out != nil || err != nil {
			return err
		}
		out, err = s.insertRun(ctx, tx, &q)
		isNew = err == nil
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: record run %s: %w", r.ID, err)
	}
	return out, isNew, nil
}

// sameRun locks hash (on PostgreSQL) and returns the newest run with the
// hash and one of the statuses, or nil. An empty hash matches nothing.
func (s *db) sameRun(ctx context.Context, tx *sql.Tx, hash string, statuses ...Status) (*Run, error) {
	if hash == "" {
		return nil, nil
	}
	if err := s.lock(ctx, tx, lockHash, hash); err != nil {
		return nil, err
	}
	args := []any{hash}
	for _, st := range statuses {
		args = append(args, string(st))
	}
	var id string
	err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM runs WHERE hash = ? AND status IN (`+
		placeholders(len(statuses))+`) ORDER BY created_at DESC, id DESC LIMIT 1`), args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.getRun(ctx, tx, id, true)
}

// insertRun inserts r, whose scenario must exist (else ErrNotFound), and
// returns it as stored. A zero CreatedAt becomes now.
func (s *db) insertRun(ctx context.Context, tx *sql.Tx, r *Run) (*Run, error) {
	var one int
	err := tx.QueryRowContext(ctx, s.q(`SELECT 1 FROM scenarios WHERE id = ?`), r.ScenarioID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("scenario %q: %w", r.ScenarioID, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	created := r.CreatedAt
	if created.IsZero() {
		created = s.stamp()
	}
	_, err = tx.ExecContext(ctx, s.q(`INSERT INTO runs (id, scenario_id, kind, hash, options, status,
		stage, done, total, error, cancel_requested, worker, submitted_by,
		created_at, started_at, finished_at, heartbeat_at, result)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		r.ID, r.ScenarioID, r.Kind, r.Hash, blob(r.Options), string(r.Status),
		r.Stage, r.Done, r.Total, r.Error, r.CancelRequested, r.Worker, r.SubmittedBy,
		s.t(created), s.t(r.StartedAt), s.t(r.FinishedAt), s.t(r.HeartbeatAt), blob(r.Result))
	if err != nil {
		return nil, err
	}
	// The stored record, but for the result, which is not read back.
	out, err := s.getRun(ctx, tx, r.ID, false)
	if err != nil {
		return nil, err
	}
	out.Result = r.Result
	return out, nil
}

// ClaimRun marks the oldest queued run running under worker; see Store.
func (s *db) ClaimRun(ctx context.Context, worker string) (*Run, error) {
	skipLocked := ""
	if s.postgres() {
		skipLocked = " FOR UPDATE SKIP LOCKED"
	}
	now := s.t(s.stamp())
	row := s.w.QueryRowContext(ctx, s.q(`UPDATE runs
		SET status = ?, worker = ?, started_at = ?, heartbeat_at = ?, stage = '', done = 0, total = 0
		WHERE status = ? AND id = (SELECT id FROM runs WHERE status = ?
			ORDER BY created_at, id LIMIT 1`+skipLocked+`)
		RETURNING `+runCols+`, result`),
		string(Running), worker, now, now, string(Queued), string(Queued))
	r, err := scanRun(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: claim run for %s: %w", worker, err)
	}
	return r, nil
}

// Progress records the progress of a run running under worker; see Store.
func (s *db) Progress(ctx context.Context, id, worker, stage string, done, total int64) (bool, error) {
	var cancel bool
	err := s.w.QueryRowContext(ctx, s.q(`UPDATE runs SET stage = ?, done = ?, total = ?, heartbeat_at = ?
		WHERE id = ? AND worker = ? AND status = ? RETURNING cancel_requested`),
		stage, done, total, s.t(s.stamp()), id, worker, string(Running)).Scan(&cancel)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotOwner
	}
	if err != nil {
		return false, fmt.Errorf("store: progress of run %s under %s: %w", id, worker, err)
	}
	return cancel, nil
}

// Finish ends a run running under worker; see Store.
func (s *db) Finish(ctx context.Context, id, worker string, status Status, result []byte, errText string) error {
	if !status.Done() {
		return fmt.Errorf("store: finish run %s: status %q is not final", id, status)
	}
	now := s.t(s.stamp())
	res, err := s.w.ExecContext(ctx, s.q(`UPDATE runs SET status = ?, result = ?, error = ?, finished_at = ?, heartbeat_at = ?
		WHERE id = ? AND worker = ? AND status = ?`),
		string(status), blob(result), errText, now, now, id, worker, string(Running))
	if err == nil {
		err = affected(res, ErrNotOwner)
	}
	if err != nil {
		return fmt.Errorf("store: finish run %s under %s: %w", id, worker, err)
	}
	return nil
}

// affected returns errNone if res affected no row.
func affected(res sql.Result, errNone error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errNone
	}
	return nil
}

// Cancel cancels a queued run or asks a running one to stop; see Store.
func (s *db) Cancel(ctx context.Context, id, reason string) (*Run, error) {
	var out *Run
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`UPDATE runs SET status = ?, error = ?, cancel_requested = ?, finished_at = ?
			WHERE id = ? AND status = ?`),
			string(Cancelled), reason, true, s.t(s.stamp()), id, string(Queued))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE runs SET error = ?, cancel_requested = ?
			WHERE id = ? AND status = ?`),
			reason, true, id, string(Running))
		if err != nil {
			return err
		}
		out, err = s.getRun(ctx, tx, id, true)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: cancel run %s: %w", id, err)
	}
	return out, nil
}

// Heartbeat records that worker is alive; see Store.
func (s *db) Heartbeat(ctx context.Context, worker string) error {
	now := s.t(s.stamp())
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO workers (name, started_at, heartbeat_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`), worker, now, now)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE runs SET heartbeat_at = ? WHERE worker = ? AND status = ?`),
			now, worker, string(Running))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: heartbeat of %s: %w", worker, err)
	}
	return nil
}

// Reap fails the running runs whose heartbeat is older than before; see
// Store.
func (s *db) Reap(ctx context.Context, before time.Time, reason string) (int, error) {
	res, err := s.w.ExecContext(ctx, s.q(`UPDATE runs SET status = ?, error = ?, finished_at = ?
		WHERE status = ? AND heartbeat_at < ?`),
		string(Failed), reason, s.t(s.stamp()), string(Running), s.t(ceilMicro(before)))
	if err != nil {
		return 0, fmt.Errorf("store: reap runs: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: reap runs: %w", err)
	}
	return int(n), nil
}

// Counts returns how many runs have each status; see Store.
func (s *db) Counts(ctx context.Context) (map[Status]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT status, COUNT(*) FROM runs GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("store: count runs: %w", err)
	}
	defer rows.Close()
	out := make(map[Status]int, len(Statuses))
	for _, st := range Statuses {
		out[st] = 0
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: count runs: %w", err)
		}
		out[Status(st)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: count runs: %w", err)
	}
	return out, nil
}
