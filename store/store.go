// Package store keeps tablero's stored scenarios, runs and audit trail, so
// that a run can be reproduced and its result served again.
//
// One interface, Store, has two implementations sharing their SQL through
// database/sql: SQLite (modernc.org/sqlite, pure Go) for a single machine,
// and PostgreSQL (github.com/jackc/pgx/v5) for several replicas sharing one
// database. Open chooses by the DSN. The schema is versioned by migrations
// embedded in the binary and applied by Open.
//
// Runs go through a queue: SubmitRun queues a run unless an identical one
// (same Hash) is queued, running or succeeded; a worker claims it with
// ClaimRun, reports with Progress and Heartbeat, and ends it with Finish.
// A worker that dies leaves its runs running with a stale heartbeat until
// Reap fails them.
package store

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"strings"
	"time"
)

// Status is the state of a run.
type Status string

// The states of a run: Queued until a worker claims it, Running while the
// worker holds it, and one of the final states after.
const (
	Queued    Status = "queued"
	Running   Status = "running"
	Succeeded Status = "succeeded"
	Failed    Status = "failed"
	Cancelled Status = "cancelled"
)

// Statuses lists every status, in the order a run goes through them.
var Statuses = []Status{Queued, Running, Succeeded, Failed, Cancelled}

// Done reports whether s is final: succeeded, failed or cancelled.
func (s Status) Done() bool {
	return s == Succeeded || s == Failed || s == Cancelled
}

// Valid reports whether s is one of the five statuses.
func (s Status) Valid() bool {
	return s == Queued || s == Running || s.Done()
}

// Errors a Store returns, wrapped with context; match them with errors.Is.
var (
	ErrNotFound  = errors.New("store: not found")
	ErrQueueFull = errors.New("store: queue full")
	// ErrNotOwner means the worker lost the run: it was reaped, cancelled
	// or finished, or never ran under this worker.
	ErrNotOwner = errors.New("store: run is not running under this worker")
)

// Scenario is one stored version of a scenario document.
type Scenario struct {
	ID        string   // "sha256:<64 hex>" of the canonical document; primary key
	Name      string   // the scenario's own id field, e.g. "us-mexico-2025"; versions share it
	Title     string   // the scenario's title
	Labels    []string // sorted, unique; never nil in what a Store returns
	Canonical []byte   // canonical JSON of the parsed scenario
	Source    []byte   // the body exactly as submitted
	Format    string   // "yaml" or "json": the format of Source
	CreatedAt time.Time
	CreatedBy string
}

// ScenarioFilter selects the scenarios ListScenarios returns.
type ScenarioFilter struct {
	Name   string    // only versions of this scenario name
	Label  string    // only scenarios carrying this label
	Limit  int       // at most this many; 0 (or less): 100; at most MaxLimit
	Before time.Time // cursor: only created strictly before (zero: no cursor)
}

// Run is one analysis run.
type Run struct {
	ID              string // assigned by the caller (unique)
	ScenarioID      string // references a stored scenario
	Kind            string // e.g. "analyze"
	Hash            string // cache key: "sha256:<hex>" of version + canonical scenario + canonical options
	Options         []byte // canonical options (JSON)
	Status          Status
	Stage           string // e.g. "solving", "draws", "sobol"
	Done, Total     int64  // progress of the current stage
	Result          []byte // the result document (JSON) when succeeded
	Error           string // why it failed or was cancelled
	CancelRequested bool
	Worker          string // the worker holding it while running (kept after)
	SubmittedBy     string
	// CreatedAt, StartedAt, FinishedAt and HeartbeatAt are zero when not
	// yet.
	CreatedAt, StartedAt, FinishedAt, HeartbeatAt time.Time
}

// RunFilter selects the runs ListRuns returns.
type RunFilter struct {
	ScenarioID string
	Status     Status    // "" any
	Limit      int       // at most this many; 0 (or less): 100; at most MaxLimit
	Before     time.Time // cursor: only created strictly before (zero: no cursor)
}

// AuditEntry is one line of the audit trail: who did what to which object.
type AuditEntry struct {
	ID     int64     // assigned by the store
	At     time.Time // set by the store when zero
	Actor  string    // who: a token's name, "anonymous", "cli"
	Action string    // e.g. "scenario.create", "run.submit", "run.cancel"
	Object string    // the id acted on
	Detail string
	Remote string // client address
}

// DefaultLimit is the number of records a list returns when its filter
// sets no limit, and MaxLimit the most it returns whatever the limit.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Store keeps scenarios, runs and the audit trail. Its methods are safe for
// concurrent use, also by several processes sharing one database. Times it
// returns are UTC, to the microsecond.
type Store interface {
	// Follow keeps timelines, questions and webhook deliveries
	// (follow.go).
	Follow
	// PutScenario stores s unless a scenario with s.ID exists; then it
	// merges s.Labels into the stored ones. It returns the stored record
	// and whether it was new. CreatedAt is set by the store if zero.
	PutScenario(ctx context.Context, s *Scenario) (*Scenario, bool, error)
	// GetScenario returns the scenario with the id, or ErrNotFound.
	GetScenario(ctx context.Context, id string) (*Scenario, error)
	// ListScenarios returns the scenarios f selects, newest first, with
	// Source and Canonical left nil.
	ListScenarios(ctx context.Context, f ScenarioFilter) ([]*Scenario, error)
	// SubmitRun inserts r as queued (CreatedAt set by the store if zero)
	// unless a run with the same Hash is queued, running or succeeded:
	// then it returns that run (the newest) and false. With maxQueued > 0
	// and at least maxQueued runs already queued it inserts nothing and
	// returns ErrQueueFull. Atomic (two concurrent identical submissions
	// yield one run). An empty Hash matches no other run; a ScenarioID
	// naming no stored scenario is ErrNotFound.
	SubmitRun(ctx context.Context, r *Run, maxQueued int) (*Run, bool, error)
	// RecordRun inserts a run that ran elsewhere (the CLI) with its final
	// status, result and times, unless a succeeded run with the same Hash
	// exists: then it returns that one and false. CreatedAt and FinishedAt
	// are set by the store if zero.
	RecordRun(ctx context.Context, r *Run) (*Run, bool, error)
	// GetRun returns the run with the id, or ErrNotFound.
	GetRun(ctx context.Context, id string) (*Run, error)
	// FindRun returns the newest run with the hash that is queued, running
	// or succeeded — the one SubmitRun would return — or ErrNotFound. It
	// only reads, so a cached request does not wait for writers.
	FindRun(ctx context.Context, hash string) (*Run, error)
	// ListRuns returns the runs f selects, newest first, with Result left
	// nil.
	ListRuns(ctx context.Context, f RunFilter) ([]*Run, error)
	// ClaimRun marks the oldest queued run running under worker
	// (StartedAt, HeartbeatAt = now) and returns it; nil, nil when the
	// queue is empty. Safe across processes: FOR UPDATE SKIP LOCKED on
	// PostgreSQL.
	ClaimRun(ctx context.Context, worker string) (*Run, error)
	// Progress records the stage and counts of a run running under worker
	// and refreshes its heartbeat; it reports whether cancellation was
	// requested. ErrNotOwner when the run is not running under worker.
	Progress(ctx context.Context, id, worker, stage string, done, total int64) (cancel bool, err error)
	// Finish ends a run running under worker with a final status, result
	// and error text (FinishedAt = now). ErrNotOwner when it is not
	// running under worker.
	Finish(ctx context.Context, id, worker string, status Status, result []byte, errText string) error
	// Cancel cancels a queued run at once (status cancelled, Error =
	// reason) and sets CancelRequested (and Error = reason) on a running
	// one; a finished run is left as it is. It returns the run as it now
	// stands, or ErrNotFound.
	Cancel(ctx context.Context, id, reason string) (*Run, error)
	// Heartbeat records that worker is alive (a workers table) and
	// refreshes HeartbeatAt of the runs it holds.
	Heartbeat(ctx context.Context, worker string) error
	// Reap marks failed, with reason, every running run whose HeartbeatAt
	// is before before (FinishedAt = now), and returns how many. A
	// restarted server calls it so nothing stays "running" forever.
	Reap(ctx context.Context, before time.Time, reason string) (int, error)
	// Audit appends e to the audit trail, setting e.ID, and e.At when zero.
	Audit(ctx context.Context, e *AuditEntry) error
	// ListAudit returns the newest limit entries (0: DefaultLimit),
	// newest first.
	ListAudit(ctx context.Context, limit int) ([]*AuditEntry, error)
	// Counts returns how many runs have each status (for metrics and
	// queue depth); every status has an entry, zero or not.
	Counts(ctx context.Context) (map[Status]int, error)
	// Kind returns "sqlite" or "postgres".
	Kind() string
	// Close releases the database connections.
	Close() error
}

// NewRunID returns a fresh, random run id for Run.ID, "run_" and 26 base32 characters.
func NewRunID() string {
	var b [16]byte
	rand.Read(b[:])
	return "run_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}
