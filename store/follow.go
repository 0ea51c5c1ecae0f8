package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tablero-project/tablero/score"
)

// ErrConflict is returned when a record with the same id exists with other
// content (an observation id used twice in a scenario, a question resolved
// to another outcome).
var ErrConflict = errors.New("store: conflict")

// Follow keeps what following a scenario needs: its timeline of
// observations, questions with their forecasts and resolutions, webhook
// subscriptions, and the persistent outbox of webhook deliveries with the
// log of their attempts. Every Store implements it.
type Follow interface {
	// AddObservation stores o as the next observation of its scenario
	// (setting o.Seq, and CreatedAt when zero) together with the run r it
	// triggers, and queues ev for every webhook of the scenario, in one
	// transaction: all of it is stored or nothing. When a run with r's
	// hash is queued, running or succeeded the observation references it
	// instead of queueing r. ErrConflict when the scenario has an
	// observation with o.ID, or when o.Seq is set and is not the next
	// number (another observation came in since the caller checked its
	// timeline); ErrQueueFull as SubmitRun. It returns the
	// stored observation and its run.
	AddObservation(ctx context.Context, o *Observation, r *Run, ev *Event, maxQueued int) (*Observation, *Run, error)
	// ListObservations returns a scenario's observations by Seq.
	ListObservations(ctx context.Context, scenarioID string) ([]*Observation, error)
	// Unannounced returns up to limit observations not yet announced
	// whose run has ended, oldest first.
	Unannounced(ctx context.Context, limit int) ([]*Observation, error)
	// Announce marks an observation announced and queues the deliveries,
	// in one transaction; a delivery queued before (same webhook and
	// event id) is not queued again.
	Announce(ctx context.Context, scenarioID string, seq int64, ds []Delivery) error

	// PutQuestion stores q (CreatedAt set when zero); ErrConflict when a
	// question with its id exists.
	PutQuestion(ctx context.Context, q *score.Question, by string) (*score.Question, error)
	// GetQuestion returns the question with the id, or ErrNotFound.
	GetQuestion(ctx context.Context, id string) (*score.Question, error)
	// ListQuestions returns the questions of a scenario ("" all), oldest
	// first.
	ListQuestions(ctx context.Context, scenarioID string) ([]*score.Question, error)
	// AddForecast records a forecast of a stored question, checked against
	// it. A forecast of the same run was recorded already: false.
	AddForecast(ctx context.Context, f *score.Forecast) (bool, error)
	// ListForecasts returns the forecasts of a question ("" all), by time.
	ListForecasts(ctx context.Context, questionID string) ([]score.Forecast, error)
	// ResolveQuestion records a question's outcome. Resolving again to the
	// same outcome returns the question as stored; to another one is
	// ErrConflict.
	ResolveQuestion(ctx context.Context, id string, r score.Resolution, by string) (*score.Question, error)

	// PutWebhook stores a subscription (CreatedAt set when zero); its
	// scenario must exist.
	PutWebhook(ctx context.Context, w *Webhook) (*Webhook, error)
	// GetWebhook returns the subscription with the id, or ErrNotFound.
	GetWebhook(ctx context.Context, id string) (*Webhook, error)
	// ListWebhooks returns the subscriptions of a scenario ("" all),
	// oldest first.
	ListWebhooks(ctx context.Context, scenarioID string) ([]*Webhook, error)
	// DeleteWebhook removes a subscription with its outbox and log.
	DeleteWebhook(ctx context.Context, id string) error
	// ClaimDeliveries leases up to n pending deliveries due now to worker
	// for lease, counting an attempt for each, oldest due first. A
	// delivery leased by a worker that died is due again when its lease
	// ends. Safe across processes.
	ClaimDeliveries(ctx context.Context, worker string, n int, lease time.Duration) ([]*Delivery, error)
	// RecordAttempt logs an attempt of a delivery leased by worker and
	// ends the lease: delivered, retried at a.NextAt, or failed for good.
	// ErrNotOwner when worker no longer holds the lease.
	RecordAttempt(ctx context.Context, worker string, a *Attempt) error
	// ListDeliveries returns the newest limit deliveries of a webhook.
	ListDeliveries(ctx context.Context, webhookID string, limit int) ([]*Delivery, error)
	// ListAttempts returns the newest limit attempts of a webhook: its
	// delivery log.
	ListAttempts(ctx context.Context, webhookID string, limit int) ([]*Attempt, error)
}

// Observation is one observation in a scenario's timeline.
type Observation struct {
	ScenarioID string
	Seq        int64  // 1, 2, … in the order added
	ID         string // the observation's own id, unique in the scenario
	Body       []byte // the observation document (JSON)
	RunID      string // the run with every observation up to this one
	CreatedAt  time.Time
	CreatedBy  string
	Announced  bool
}

// Event is something webhooks are told: its id (the webhook-id header,
// the same across retries), type and JSON body.
type Event struct {
	ID   string
	Type string
	Body []byte
}

// Delivery is an event to deliver to a webhook, from the outbox.
type Delivery struct {
	ID          int64
	WebhookID   string
	Event       Event
	Status      DeliveryStatus
	Attempts    int // made so far, counting one in progress
	NextAt      time.Time
	LastError   string
	CreatedAt   time.Time
	DeliveredAt time.Time
	// URL and Secret are the webhook's, filled in by ClaimDeliveries.
	URL, Secret string
}

// DeliveryStatus is the state of a delivery.
type DeliveryStatus string

// A delivery is pending until delivered, or failed after its last attempt.
const (
	Pending   DeliveryStatus = "pending"
	Delivered DeliveryStatus = "delivered"
	GaveUp    DeliveryStatus = "failed"
)

// Attempt is one logged attempt to deliver.
type Attempt struct {
	ID         int64
	DeliveryID int64
	WebhookID  string
	EventID    string
	Attempt    int
	At         time.Time // set by the store when zero
	StatusCode int       // 0: no HTTP response
	Error      string
	Duration   time.Duration
	// Outcome is Delivered, Pending (retry at NextAt) or GaveUp.
	Outcome DeliveryStatus
	NextAt  time.Time
}

// Webhook is a subscription to a scenario's events.
type Webhook struct {
	ID         string
	ScenarioID string
	URL        string
	// Threshold: a forecast.updated event is sent when some result's
	// probability moved by at least this much (0: every update).
	Threshold float64
	Secret    string // whsec_<base64>: the HMAC key of the signatures
	CreatedAt time.Time
	CreatedBy string
}

// AddObservation stores an observation with its run; see Follow.
func (s *db) AddObservation(ctx context.Context, o *Observation, r *Run, ev *Event, maxQueued int) (*Observation, *Run, error) {
	if o.ID == "" || r.ID == "" {
		return nil, nil, errors.New("store: add observation: empty id")
	}
	var outRun *Run
	out := *o
	if out.CreatedAt.IsZero() {
		out.CreatedAt = s.stamp()
	}
	out.CreatedAt = micro(out.CreatedAt)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM observations WHERE scenario_id = ? AND id = ?`), o.ScenarioID, o.ID).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("observation %q: the scenario has one with this id: %w", o.ID, ErrConflict)
		}
		if outRun, err = s.queueRun(ctx, tx, r, maxQueued); err != nil {
			return err
		}
		out.RunID = outRun.ID
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COALESCE(MAX(seq), 0) + 1 FROM observations WHERE scenario_id = ?`),
			o.ScenarioID).Scan(&out.Seq); err != nil {
			return err
		}
		if o.Seq > 0 && o.Seq != out.Seq {
			return fmt.Errorf("observation %q was checked as number %d, but the timeline has %d observations now: %w", o.ID, o.Seq, out.Seq-1, ErrConflict)
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO observations (scenario_id, seq, id, body, run_id, created_at, created_by, announced)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), out.ScenarioID, out.Seq, out.ID, nonNil(out.Body), out.RunID, s.t(out.CreatedAt), out.CreatedBy, false)
		if err != nil {
			return err
		}
		if ev == nil {
			return nil
		}
		hooks, err := s.listWebhooks(ctx, tx, o.ScenarioID)
		if err != nil {
			return err
		}
		for _, h := range hooks {
			if err := s.enqueue(ctx, tx, Delivery{WebhookID: h.ID, Event: *ev}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: add observation %s to %s: %w", o.ID, o.ScenarioID, err)
	}
	return &out, outRun, nil
}

// queueRun returns the reusable run with r's hash, or inserts r queued
// (after checking the queue's length when maxQueued > 0).
func (s *db) queueRun(ctx context.Context, tx *sql.Tx, r *Run, maxQueued int) (*Run, error) {
	if maxQueued > 0 {
		if err := s.lock(ctx, tx, lockQueue, ""); err != nil {
			return nil, err
		}
	}
	same, err := s.sameRun(ctx, tx, r.Hash, Queued, Running, Succeeded)
	if same != nil || err != nil {
		return same, err
	}
	if maxQueued > 0 {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM runs WHERE status = ?`), string(Queued)).Scan(&n); err != nil {
			return nil, err
		}
		if n >= maxQueued {
			return nil, ErrQueueFull
		}
	}
	q := Run{ID: r.ID, ScenarioID: r.ScenarioID, Kind: r.Kind, Hash: r.Hash, Options: r.Options, Status: Queued, SubmittedBy: r.SubmittedBy}
	return s.insertRun(ctx, tx, &q)
}

const observationCols = `scenario_id, seq, id, body, run_id, created_at, created_by, announced`

func scanObservation(row rowScanner) (*Observation, error) {
	o := new(Observation)
	err := row.Scan(&o.ScenarioID, &o.Seq, &o.ID, &o.Body, &o.RunID, timeCol{&o.CreatedAt}, &o.CreatedBy, &o.Announced)
	return o, err
}

func (s *db) observations(ctx context.Context, query string, args ...any) ([]*Observation, error) {
	rows, err := s.r.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Observation{}
	for rows.Next() {
		o, err := scanObservation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ListObservations returns a scenario's observations by Seq.
func (s *db) ListObservations(ctx context.Context, scenarioID string) ([]*Observation, error) {
	out, err := s.observations(ctx, `SELECT `+observationCols+` FROM observations WHERE scenario_id = ? ORDER BY seq`, scenarioID)
	if err != nil {
		return nil, fmt.Errorf("store: list observations of %s: %w", scenarioID, err)
	}
	return out, nil
}

// Unannounced returns observations whose run ended and which are not
// announced; see Follow.
func (s *db) Unannounced(ctx context.Context, n int) ([]*Observation, error) {
	out, err := s.observations(ctx, `SELECT o.scenario_id, o.seq, o.id, o.body, o.run_id, o.created_at, o.created_by, o.announced
		FROM observations o JOIN runs r ON r.id = o.run_id
		WHERE o.announced = ? AND r.status IN (?, ?, ?) ORDER BY o.created_at, o.seq LIMIT ?`,
		false, string(Succeeded), string(Failed), string(Cancelled), limit(n))
	if err != nil {
		return nil, fmt.Errorf("store: unannounced observations: %w", err)
	}
	return out, nil
}

// Announce marks an observation announced and queues deliveries; see
// Follow.
func (s *db) Announce(ctx context.Context, scenarioID string, seq int64, ds []Delivery) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE observations SET announced = ? WHERE scenario_id = ? AND seq = ? AND announced = ?`),
			true, scenarioID, seq, false)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // announced by another process: nothing to queue
		}
		for _, d := range ds {
			if err := s.enqueue(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: announce observation %d of %s: %w", seq, scenarioID, err)
	}
	return nil
}

// enqueue queues a pending delivery due now, unless the webhook has the
// event already.
func (s *db) enqueue(ctx context.Context, tx *sql.Tx, d Delivery) error {
	now := s.t(s.stamp())
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO outbox (webhook_id, event_id, type, body, status, attempts, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (webhook_id, event_id) DO NOTHING`),
		d.WebhookID, d.Event.ID, d.Event.Type, nonNil(d.Event.Body), string(Pending), now, now)
	return err
}
