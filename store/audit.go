package store

import (
	"context"
	"fmt"
)

// Audit appends e to the audit trail, setting e.ID and, when zero, e.At.
func (s *db) Audit(ctx context.Context, e *AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.stamp()
	} else {
		e.At = micro(e.At)
	}
	err := s.w.QueryRowContext(ctx, s.q(`INSERT INTO audit (at, actor, action, object, detail, remote)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		s.t(e.At), e.Actor, e.Action, e.Object, e.Detail, e.Remote).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("store: audit %s %s: %w", e.Action, e.Object, err)
	}
	return nil
}

// ListAudit returns the newest limit entries, newest first.
func (s *db) ListAudit(ctx context.Context, n int) ([]*AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT id, at, actor, action, object, detail, remote
		FROM audit ORDER BY id DESC LIMIT ?`), limit(n))
	if err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	out := []*AuditEntry{}
	for rows.Next() {
		e := new(AuditEntry)
		err := rows.Scan(&e.ID, timeCol{&e.At}, &e.Actor, &e.Action, &e.Object, &e.Detail, &e.Remote)
		if err != nil {
			return nil, fmt.Errorf("store: list audit: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	return out, nil
}
