package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/tablero-project/tablero/runner"
	"github.com/tablero-project/tablero/server"
	"github.com/tablero-project/tablero/store"
	"github.com/tablero-project/tablero/webhook"
)

// storeFlags select the store: a data directory (SQLite) or a database
// URL (PostgreSQL).
type storeFlags struct {
	data, db string
}

func (f *storeFlags) add(cmd *cobra.Command) { f.addTo(cmd.Flags()) }

func (f *storeFlags) addTo(fl *pflag.FlagSet) {
	fl.StringVar(&f.data, "data", "", "data directory of the embedded SQLite store (default: $TABLERO_DATA, else the user's data directory)")
	fl.StringVar(&f.db, "db", "", "database URL instead of --data, e.g. postgres://user@host/db (also $TABLERO_DB)")
}

// dsn returns the store's DSN.
func (f *storeFlags) dsn() (string, error) {
	if f.db == "" {
		f.db = os.Getenv("TABLERO_DB")
	}
	if f.db != "" {
		if f.data != "" {
			return "", errors.New("--data and --db are exclusive")
		}
		return f.db, nil
	}
	dir := f.data
	if dir == "" {
		var err error
		if dir, err = store.DefaultDataDir(); err != nil {
			return "", err
		}
	}
	return filepath.Join(dir, "tablero.db"), nil
}

func (f *storeFlags) open(ctx context.Context) (store.Store, string, error) {
	dsn, err := f.dsn()
	if err != nil {
		return nil, "", err
	}
	st, err := store.Open(ctx, dsn)
	return st, dsn, err
}

type serveFlags struct {
	storeFlags
	addr, tokenFile, logFormat string
	workers, maxQueued         int
	maxBody                    int64
	grace, stale               time.Duration
	webhookAllow               string
	webhookBackoff             time.Duration
	events                     eventPollFlags
}

func newServe() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API: stored scenarios, reproducible runs, the engines",
		Long: `serve runs tablero's HTTP API (see /openapi.json). With no flags it listens
on 127.0.0.1:8080 and keeps scenarios and runs in an embedded SQLite database
under the user's data directory; --db postgres://… shares one PostgreSQL
database between several replicas.

Writes need Authorization: Bearer <token> when tokens are configured
(--token-file, one "name:token" or "token" per line, or $TABLERO_TOKEN);
serve refuses to listen beyond loopback without one.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return serve(cmd.Context(), f)
		},
	}
	f.storeFlags.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fl.StringVar(&f.tokenFile, "token-file", "", "file of bearer tokens for writes")
	fl.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fl.IntVar(&f.workers, "workers", 2, "runs executed at once")
	fl.IntVar(&f.maxQueued, "max-queued", 64, "longest run queue (beyond it: 429)")
	fl.Int64Var(&f.maxBody, "max-body", 16<<20, "largest request body, in bytes")
	fl.DurationVar(&f.grace, "shutdown-timeout", 30*time.Second, "how long a shutdown waits for running runs")
	fl.DurationVar(&f.stale, "stale", 30*time.Second, "PostgreSQL: a running run whose heartbeat is older is marked failed")
	fl.StringVar(&f.webhookAllow, "webhook-allow", "", "non-public networks webhooks may post to, comma-separated CIDRs, e.g. 127.0.0.0/8 (SSRF risk: see docs/follow.md)")
	fl.DurationVar(&f.webhookBackoff, "webhook-backoff", 5*time.Second, "delay before the first retry of a failed webhook delivery (doubling to 1h, with jitter)")
	f.events.add(fl)
	return cmd
}

func serve(ctx context.Context, f serveFlags) error {
	log := newLogger(f.logFormat)
	tokens, err := loadTokens(f.tokenFile)
	if err != nil {
		return err
	}
	policy, err := webhook.ParseAllow(f.webhookAllow)
	if err != nil {
		return fmt.Errorf("--webhook-allow: %w", err)
	}
	if len(tokens) == 0 && !loopback(f.addr) {
		return fmt.Errorf("refusing to listen on %s without a token: set --token-file or TABLERO_TOKEN, or listen on 127.0.0.1", f.addr)
	}
	st, dsn, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	reapBefore := time.Now().Add(-f.stale)
	if st.Kind() == "sqlite" {
		unlock, err := lockData(dsn)
		if err != nil {
			return err
		}
		defer unlock()
		reapBefore = time.Now() // this process holds the database alone
	}
	run := runner.New(runner.Config{Store: st, Workers: f.workers, Stale: f.stale, Logger: log})
	if err := run.Start(ctx, reapBefore); err != nil {
		return err
	}
	var stopping atomic.Bool
	api := server.New(server.Config{Store: st, Runner: run, Tokens: tokens, Logger: log, MaxBody: f.maxBody,
		MaxQueued: f.maxQueued, Ready: func() bool { return !stopping.Load() },
		Follow: server.FollowConfig{Policy: policy, Backoff: webhook.Backoff{Base: f.webhookBackoff}, Lease: 15 * time.Second}})
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		run.Shutdown(context.Background())
		return err
	}
	base, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	waitFollow := api.Start(base) // timeline announcements and webhook deliveries
	defer func() { cancelBase(); waitFollow() }()
	if err := f.events.start(base, st, api, log); err != nil {
		run.Shutdown(context.Background())
		return err
	}
	srv := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext: func(net.Listener) context.Context { return base }}
	log.Info("tablero serve listening", "url", "http://"+ln.Addr().String(), "store", st.Kind(), "dsn", redact(dsn), "auth", len(tokens) > 0)
	fmt.Fprintf(os.Stderr, "tablero: serving on http://%s (store: %s %s)\n", ln.Addr(), st.Kind(), redact(dsn))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		run.Shutdown(context.Background())
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: no new requests; waiting for running runs", "timeout", f.grace)
	stopping.Store(true)
	sctx, cancel := context.WithTimeout(context.Background(), f.grace)
	defer cancel()
	cancelBase() // ends event streams
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("closing connections", "err", err)
	}
	if err := run.Shutdown(sctx); err != nil {
		log.Warn("runs interrupted by shutdown", "err", err)
	}
	log.Info("stopped")
	return nil
}

func newLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// loadTokens reads bearer tokens: lines "name:token" or "token" of a file
// (# comments), and $TABLERO_TOKEN. It maps each token to its name.
func loadTokens(path string) (map[string]string, error) {
	tokens := map[string]string{}
	if t := strings.TrimSpace(os.Getenv("TABLERO_TOKEN")); t != "" {
		tokens[t] = "env"
	}
	if path == "" {
		return tokens, nil
	}
	fd, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--token-file: %w", err)
	}
	defer fd.Close()
	sc := bufio.NewScanner(fd)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, tok, ok := strings.Cut(line, ":")
		if !ok {
			name, tok = fmt.Sprintf("token-%d", n), line
		}
		if name, tok = strings.TrimSpace(name), strings.TrimSpace(tok); len(tok) < 16 {
			return nil, fmt.Errorf("%s:%d: token too short (at least 16 characters)", path, n)
		}
		tokens[tok] = name
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--token-file: %w", err)
	}
	if len(tokens) == 0 {
		return nil, fmt.Errorf("--token-file %s holds no token", path)
	}
	return tokens, nil
}

// loopback reports whether addr listens on loopback only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redact hides a database URL's password.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.LastIndex(dsn, "@"); at > i {
			if c := strings.Index(dsn[i+3:at], ":"); c >= 0 {
				return dsn[:i+3+c] + ":***" + dsn[at:]
			}
		}
	}
	return dsn
}
