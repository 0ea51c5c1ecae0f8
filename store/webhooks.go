package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

const webhookCols = `id, scenario_id, url, threshold, secret, created_at, created_by`

func scanWebhook(row rowScanner) (*Webhook, error) {
	w := new(Webhook)
	err := row.Scan(&w.ID, &w.ScenarioID, &w.URL, &w.Threshold, &w.Secret, timeCol{&w.CreatedAt}, &w.CreatedBy)
	return w, err
}

// PutWebhook stores a subscription; see Follow.
func (s *db) PutWebhook(ctx context.Context, w *Webhook) (*Webhook, error) {
	if w.ID == "" {
		return nil, errors.New("store: put webhook: empty id")
	}
	out := *w
	if out.CreatedAt.IsZero() {
		out.CreatedAt = s.stamp()
	}
	out.CreatedAt = micro(out.CreatedAt)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, s.q(`SELECT 1 FROM scenarios WHERE id = ?`), w.ScenarioID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("scenario %q: %w", w.ScenarioID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO webhooks (`+webhookCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			out.ID, out.ScenarioID, out.URL, out.Threshold, out.Secret, s.t(out.CreatedAt), out.CreatedBy)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: put webhook %s: %w", w.ID, err)
	}
	return &out, nil
}

// GetWebhook returns the subscription with the id, or ErrNotFound.
func (s *db) GetWebhook(ctx context.Context, id string) (*Webhook, error) {
	w, err := scanWebhook(s.r.QueryRowContext(ctx, s.q(`SELECT `+webhookCols+` FROM webhooks WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: get webhook %s: %w", id, err)
	}
	return w, nil
}

// ListWebhooks returns the subscriptions of a scenario ("" all).
func (s *db) ListWebhooks(ctx context.Context, scenarioID string) ([]*Webhook, error) {
	out, err := s.listWebhooks(ctx, s.r, scenarioID)
	if err != nil {
		return nil, fmt.Errorf("store: list webhooks: %w", err)
	}
	return out, nil
}

func (s *db) listWebhooks(ctx context.Context, q querier, scenarioID string) ([]*Webhook, error) {
	query, args := `SELECT `+webhookCols+` FROM webhooks`, []any{}
	if scenarioID != "" {
		query += ` WHERE scenario_id = ?`
		args = append(args, scenarioID)
	}
	rows, err := q.QueryContext(ctx, s.q(query+` ORDER BY created_at, id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Webhook{}
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// DeleteWebhook removes a subscription with its outbox and log.
func (s *db) DeleteWebhook(ctx context.Context, id string) error {
	res, err := s.w.ExecContext(ctx, s.q(`DELETE FROM webhooks WHERE id = ?`), id)
	if err == nil {
		err = affected(res, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: delete webhook %s: %w", id, err)
	}
	return nil
}

const deliveryCols = `id, webhook_id, event_id, type, body, status, attempts, next_at, last_error, created_at, delivered_at`

func scanDelivery(row rowScanner) (*Delivery, error) {
	d := new(Delivery)
	var status string
	err := row.Scan(&d.ID, &d.WebhookID, &d.Event.ID, &d.Event.Type, &d.Event.Body, &status, &d.Attempts, timeCol{&d.NextAt},
		&d.LastError, timeCol{&d.CreatedAt}, timeCol{&d.DeliveredAt})
	d.Status = DeliveryStatus(status)
	return d, err
}

// ClaimDeliveries leases due deliveries to worker; see Follow.
func (s *db) ClaimDeliveries(ctx context.Context, worker string, n int, lease time.Duration) ([]*Delivery, error) {
	skipLocked := ""
	if s.postgres() {
		skipLocked = " FOR UPDATE SKIP LOCKED"
	}
	now := s.stamp()
	rows, err := s.w.QueryContext(ctx, s.q(`UPDATE outbox SET lease_until = ?, leased_by = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM outbox WHERE status = ? AND next_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
			ORDER BY next_at, id LIMIT ?`+skipLocked+`)
		RETURNING `+deliveryCols),
		s.t(now.Add(lease)), worker, string(Pending), s.t(now), s.t(now), max(n, 1))
	if err != nil {
		return nil, fmt.Errorf("store: claim deliveries for %s: %w", worker, err)
	}
	out, err := scanDeliveries(rows)
	if err != nil {
		return nil, fmt.Errorf("store: claim deliveries for %s: %w", worker, err)
	}
	hooks := map[string]*Webhook{}
	for _, d := range out {
		h := hooks[d.WebhookID]
		if h == nil {
			if h, err = s.GetWebhook(ctx, d.WebhookID); err != nil {
				return nil, fmt.Errorf("store: claim deliveries for %s: %w", worker, err)
			}
			hooks[d.WebhookID] = h
		}
		d.URL, d.Secret = h.URL, h.Secret
	}
	return out, nil
}

func scanDeliveries(rows *sql.Rows) ([]*Delivery, error) {
	defer rows.Close()
	out := []*Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// RETURNING gives no order; the oldest due first.
	slices.SortFunc(out, func(a, b *Delivery) int {
		return cmp.Or(a.NextAt.Compare(b.NextAt), cmp.Compare(a.ID, b.ID))
	})
	return out, rows.Close()
}

// RecordAttempt logs an attempt and ends the lease; see Follow.
func (s *db) RecordAttempt(ctx context.Context, worker string, a *Attempt) error {
	switch a.Outcome {
	case Delivered, Pending, GaveUp:
	default:
		return fmt.Errorf("store: record attempt of delivery %d: outcome %q", a.DeliveryID, a.Outcome)
	}
	at := a.At
	if at.IsZero() {
		at = s.stamp()
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.q(`SELECT webhook_id, event_id, attempts FROM outbox WHERE id = ? AND leased_by = ? AND status = ?`),
			a.DeliveryID, worker, string(Pending)).Scan(&a.WebhookID, &a.EventID, &a.Attempt)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotOwner
		}
		if err != nil {
			return err
		}
		var delivered, next any
		next = s.t(at)
		switch a.Outcome {
		case Delivered:
			delivered = s.t(at)
		case Pending:
			next = s.t(a.NextAt)
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE outbox SET status = ?, next_at = ?, lease_until = NULL, leased_by = '',
			last_error = ?, delivered_at = ? WHERE id = ?`), string(a.Outcome), next, a.Error, delivered, a.DeliveryID)
		if err != nil {
			return err
		}
		outcome := "retry"
		if a.Outcome != Pending {
			outcome = string(a.Outcome)
		}
		return tx.QueryRowContext(ctx, s.q(`INSERT INTO delivery_attempts (outbox_id, webhook_id, event_id, attempt, at, status_code, error, duration_us, outcome)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), a.DeliveryID, a.WebhookID, a.EventID, a.Attempt, s.t(at),
			a.StatusCode, a.Error, a.Duration.Microseconds(), outcome).Scan(&a.ID)
	})
	if err != nil {
		return fmt.Errorf("store: record attempt of delivery %d under %s: %w", a.DeliveryID, worker, err)
	}
	a.At = micro(at)
	return nil
}

// ListDeliveries returns the newest deliveries of a webhook.
func (s *db) ListDeliveries(ctx context.Context, webhookID string, n int) ([]*Delivery, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT `+deliveryCols+` FROM outbox WHERE webhook_id = ? ORDER BY id DESC LIMIT ?`), webhookID, limit(n))
	if err != nil {
		return nil, fmt.Errorf("store: list deliveries of %s: %w", webhookID, err)
	}
	defer rows.Close()
	out := []*Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list deliveries of %s: %w", webhookID, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ListAttempts returns the delivery log of a webhook, newest first.
func (s *db) ListAttempts(ctx context.Context, webhookID string, n int) ([]*Attempt, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT id, outbox_id, webhook_id, event_id, attempt, at, status_code, error, duration_us, outcome
		FROM delivery_attempts WHERE webhook_id = ? ORDER BY id DESC LIMIT ?`), webhookID, limit(n))
	if err != nil {
		return nil, fmt.Errorf("store: list attempts of %s: %w", webhookID, err)
	}
	defer rows.Close()
	out := []*Attempt{}
	for rows.Next() {
		a := new(Attempt)
		var us int64
		var outcome string
		if err := rows.Scan(&a.ID, &a.DeliveryID, &a.WebhookID, &a.EventID, &a.Attempt, timeCol{&a.At}, &a.StatusCode, &a.Error, &us, &outcome); err != nil {
			return nil, fmt.Errorf("store: list attempts of %s: %w", webhookID, err)
		}
		a.Duration = time.Duration(us) * time.Microsecond
		a.Outcome = DeliveryStatus(outcome)
		if outcome == "retry" {
			a.Outcome = Pending
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
