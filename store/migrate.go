package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// migrationFiles holds the schema migrations of each backend, in
// migrations/<kind>/NNNN_name.sql: version NNNN, applied in increasing
// order, each once. A released migration is never edited; a change of
// schema is a new file, for both backends.
//
//go:embed migrations
var migrationFiles embed.FS

// A migration is one versioned schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the migrations of backend kind, by version.
func migrations(kind string) ([]migration, error) {
	dir := path.Join("migrations", kind)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		m, err := readMigration(dir, e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("two migrations of version %d", ms[i].version)
		}
	}
	return ms, nil
}

// readMigration reads the migration file dir/name, named NNNN_what.sql.
func readMigration(dir, name string) (migration, error) {
	num, _, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
	v, err := strconv.Atoi(num)
	if !ok || !strings.HasSuffix(name, ".sql") || err != nil || v <= 0 {
		return migration{}, fmt.Errorf("migration file %s: not named NNNN_name.sql", name)
	}
	b, err := migrationFiles.ReadFile(path.Join(dir, name))
	if err != nil {
		return migration{}, err
	}
	return migration{version: v, name: name, sql: string(b)}, nil
}

// migrationsTable creates the table recording the applied migrations.
var migrationsTable = map[string]string{
	"sqlite": `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at INTEGER NOT NULL
	) STRICT`,
	"postgres": `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL
	)`,
}

// migrate applies the migrations the database lacks, in one transaction
// that concurrent migrators (replicas starting at once) take in turn: an
// advisory lock on PostgreSQL, the write lock on SQLite. It fails on a
// database migrated by a newer binary.
func (s *db) migrate(ctx context.Context) error {
	ms, err := migrations(s.kind)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lock(ctx, tx, lockMigrate, ""); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrationsTable[s.kind]); err != nil {
			return err
		}
		applied, err := s.appliedMigrations(ctx, tx)
		if err != nil {
			return err
		}
		if n := len(applied); n > 0 && (len(ms) == 0 || applied[n-1] > ms[len(ms)-1].version) {
			return fmt.Errorf("the database has schema version %d, newer than this binary's", applied[n-1])
		}
		for _, m := range ms {
			if _, ok := slices.BinarySearch(applied, m.version); ok {
				continue
			}
			if err := s.apply(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", s.kind, err)
	}
	return nil
}

// appliedMigrations returns the versions applied so far, in order.
func (s *db) appliedMigrations(ctx context.Context, tx *sql.Tx) ([]int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

// apply runs migration m and records it.
func (s *db) apply(ctx context.Context, tx *sql.Tx, m migration) error {
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("%s: %w", m.name, err)
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
		m.version, m.name, s.t(s.stamp()))
	if err != nil {
		return fmt.Errorf("%s: record: %w", m.name, err)
	}
	return nil
}
