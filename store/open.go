package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Open opens the store a DSN names: "postgres://…" or "postgresql://…" for
// PostgreSQL; "sqlite:PATH", "file:PATH" or a plain file path for SQLite
// (the parent directory is created, mode 0700); "" for DefaultPath.
func Open(ctx context.Context, dsn string) (Store, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return OpenPostgres(ctx, dsn)
	case strings.HasPrefix(dsn, "sqlite:"):
		p := strings.TrimPrefix(dsn, "sqlite:")
		return OpenSQLite(ctx, strings.TrimPrefix(p, "//")) // sqlite:///abs/path too
	case strings.HasPrefix(dsn, "file:"):
		return OpenSQLite(ctx, strings.TrimPrefix(dsn, "file:"))
	case dsn == "":
		p, err := DefaultPath()
		if err != nil {
			return nil, err
		}
		return OpenSQLite(ctx, p)
	}
	return OpenSQLite(ctx, dsn)
}

// SQLite connection settings: WAL so that readers never wait for the
// writer, a busy timeout so that writers of other processes wait for each
// other instead of failing, foreign keys enforced, and transactions that
// take the write lock when they begin (BEGIN IMMEDIATE), since a deferred
// one upgrading to a writer can fail with SQLITE_BUSY without waiting.
const (
	sqliteCommon = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	sqliteWriter = sqliteCommon + "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	sqliteReader = sqliteCommon + "&_pragma=query_only(1)"
)

// OpenSQLite opens (creating if need be) the SQLite store in the file at
// path and migrates it. It uses one connection for writes, so that writes
// of this process queue in Go rather than in SQLite, and a pool of
// read-only connections.
func OpenSQLite(ctx context.Context, path string) (Store, error) {
	if path == "" || path == ":memory:" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("store: sqlite: unusable path %q (a file path without ? or #)", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	w, err := sql.Open("sqlite", abs+"?"+sqliteWriter)
	if err != nil {
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s := &db{kind: "sqlite", w: w, r: w, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", abs+"?"+sqliteReader)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.r = r
	return s, nil
}

// defaultPoolSize is the most connections a PostgreSQL store opens, unless
// its URL sets pool_max_conns.
const defaultPoolSize = 20

// OpenPostgres opens the PostgreSQL store at url and migrates it. The URL
// is libpq's (with pgx's additions); its parameter pool_max_conns, which
// is not sent to the server, bounds the connections (default 20), so that
// replicas leave the server connections to spare.
func OpenPostgres(ctx context.Context, url string) (Store, error) {
	dsn, pool, err := poolSize(url)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	d := stdlib.OpenDB(*cfg)
	d.SetMaxOpenConns(pool)
	d.SetMaxIdleConns(pool)
	d.SetConnMaxIdleTime(5 * time.Minute)
	s := &db{kind: "postgres", w: d, r: d, now: time.Now}
	if err := d.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("store: postgres %s@%s:%d/%s: %w", cfg.User, cfg.Host, cfg.Port, cfg.Database, err)
	}
	if err := s.migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return s, nil
}

// poolSize removes the parameter pool_max_conns from a postgres:// URL and
// returns the URL left and the pool size, defaultPoolSize if unset.
func poolSize(dsn string) (string, int, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return dsn, defaultPoolSize, nil // not a URL: pgx says what is wrong
	}
	q := u.Query()
	v := q.Get("pool_max_conns")
	if v == "" {
		return dsn, defaultPoolSize, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return "", 0, fmt.Errorf("pool_max_conns=%q: not a positive integer", v)
	}
	q.Del("pool_max_conns")
	u.RawQuery = q.Encode()
	return u.String(), n, nil
}

// DefaultDataDir returns tablero's data directory: $TABLERO_DATA if set,
// else $XDG_DATA_HOME/tablero, else the OS convention
// (~/.local/share/tablero on Linux and other Unix systems,
// ~/Library/Application Support/tablero on macOS, %AppData%\tablero on
// Windows). It does not create it.
func DefaultDataDir() (string, error) {
	if d := os.Getenv("TABLERO_DATA"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "tablero"), nil
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("AppData"); d != "" {
			return filepath.Join(d, "tablero"), nil
		}
		return "", errors.New("store: data directory: %AppData% is not set")
	case "darwin", "ios":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("store: data directory: %w", err)
		}
		return filepath.Join(home, "Library", "Application Support", "tablero"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("store: data directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "tablero"), nil
}

// DefaultPath is DefaultDataDir()/tablero.db, the SQLite store used when
// no DSN is given.
func DefaultPath() (string, error) {
	d, err := DefaultDataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "tablero.db"), nil
}
