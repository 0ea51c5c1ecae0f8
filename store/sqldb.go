package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// db implements Store over database/sql for both backends. The SQL is
// shared: it is written with ? placeholders, which q rebinds to $n for
// PostgreSQL, and it never contains a ? inside a literal.
type db struct {
	kind string  // "sqlite" or "postgres"
	w    *sql.DB // writes and transactions
	r    *sql.DB // reads outside transactions; w itself on PostgreSQL
	now  func() time.Time
}

// querier is what both *sql.DB and *sql.Tx offer, so that one reading
// function serves inside and outside transactions.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Kind returns "sqlite" or "postgres".
func (s *db) Kind() string { return s.kind }

// Close closes the connection pools.
func (s *db) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	if err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

func (s *db) postgres() bool { return s.kind == "postgres" }

// q returns query with its placeholders in the backend's syntax.
func (s *db) q(query string) string {
	if !s.postgres() {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			b.WriteByte(query[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// tx runs fn in a write transaction (BEGIN IMMEDIATE on SQLite) and commits
// it, or rolls it back if fn fails.
func (s *db) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Advisory lock classes on PostgreSQL: pg_advisory_xact_lock(class,
// hashtext(key)) serialises the transactions that take the same one.
const (
	lockMigrate int32 = 0x7462_0001 // applying migrations
	lockQueue   int32 = 0x7462_0002 // counting the queue and inserting into it
	lockHash    int32 = 0x7462_0003 // looking up and inserting runs of one hash
)

// lock takes a transaction-scoped advisory lock on PostgreSQL. On SQLite it
// does nothing: write transactions begin IMMEDIATE, so they are serial.
func (s *db) lock(ctx context.Context, tx *sql.Tx, class int32, key string) error {
	if !s.postgres() {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1::int4, hashtext($2::text))", class, key)
	if err != nil {
		return fmt.Errorf("advisory lock: %w", err)
	}
	return nil
}

// stamp returns the current time as the store keeps it: UTC, to the
// microsecond.
func (s *db) stamp() time.Time { return micro(s.now()) }

// micro truncates t to the microsecond, in UTC.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ceilMicro rounds t up to the microsecond, so that a stored time is
// strictly before t exactly when it is strictly before ceilMicro(t).
func ceilMicro(t time.Time) time.Time {
	m := micro(t)
	if m.Before(t) {
		m = m.Add(time.Microsecond)
	}
	return m
}

// t returns the argument that stores t: NULL for the zero time, else
// microseconds since the epoch on SQLite (an INTEGER column) or t itself
// on PostgreSQL (a timestamptz column, which keeps microseconds).
func (s *db) t(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if s.postgres() {
		return micro(t)
	}
	return t.UnixMicro()
}

// timeCol scans a time column of either backend into a UTC time.Time, zero
// for NULL.
type timeCol struct{ t *time.Time }

// Scan implements sql.Scanner.
func (c timeCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.t = time.Time{}
	case int64:
		*c.t = time.UnixMicro(v).UTC()
	case time.Time:
		*c.t = v.UTC()
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	return nil
}

// blob returns the argument that stores b, NULL for nil.
func blob(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

// limit returns the number of records a list with limit n returns.
func limit(n int) int {
	if n <= 0 {
		return DefaultLimit
	}
	return min(n, MaxLimit)
}

// placeholders returns n placeholders separated by commas.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// normLabels returns labels sorted, without duplicates or empty strings,
// never nil.
func normLabels(labels []string) []string {
	out := make([]string, 0, len(labels))
	for _, l := range labels {
		if l != "" {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
