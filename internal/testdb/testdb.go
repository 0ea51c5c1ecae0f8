// Package testdb gives tests fresh, empty databases of every kind the
// store supports: SQLite in a temporary directory, and PostgreSQL at
// $TABLERO_TEST_POSTGRES, in a schema of its own dropped at cleanup.
//
// Without $TABLERO_TEST_POSTGRES the PostgreSQL backend skips, saying how
// to run it, except in CI (CI=true), which must exercise it: there it
// fails. `.ci/run` sources `.ci/postgres.sh`, which starts a throw-away
// server and sets the variable.
package testdb

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Env names the environment variable holding the test PostgreSQL's URL.
const Env = "TABLERO_TEST_POSTGRES"

// A Backend makes fresh, empty databases of one kind.
type Backend struct {
	Name string
	// DSN returns the DSN of a fresh database, removed at cleanup.
	DSN func(tb testing.TB) string
}

// Backends returns SQLite and PostgreSQL.
func Backends() []Backend {
	return []Backend{{"sqlite", SQLite}, {"postgres", Postgres}}
}

// SQLite returns the DSN of a fresh SQLite database in a temporary
// directory.
func SQLite(tb testing.TB) string {
	return "sqlite:" + filepath.Join(tb.TempDir(), "data", "tablero.db")
}

// Postgres returns the URL of a fresh schema in the test PostgreSQL,
// dropped at cleanup.
func Postgres(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(Env)
	if base == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is not set: CI must test PostgreSQL (.ci/run sources .ci/postgres.sh)", Env)
		}
		tb.Skipf("%s is not set: run `source .ci/postgres.sh` first to test PostgreSQL too", Env)
	}
	schema := "test_" + randomHex(8)
	if err := exec(base, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if err := exec(base, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func exec(dsn, stmt string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(stmt)
	return err
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
