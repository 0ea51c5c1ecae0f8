// Package runner executes stored analysis runs: a bounded pool of workers
// claims queued runs from a store, persists their progress, honours
// cancellation, and records the result or the reason of failure.
//
// Several processes may run a Runner on the same PostgreSQL store: claims
// are exclusive, heartbeats show which runs are alive, and runs whose
// heartbeat stopped (a killed process) are marked failed by any runner's
// reaper, so nothing stays "running" forever.
package runner

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/store"
)

// Config configures a Runner. Zero fields take the defaults in brackets.
type Config struct {
	Store store.Store
	// Workers is the number of runs executed at once [1].
	Workers int
	// DrawWorkers is the parallelism inside one run [cores / Workers].
	DrawWorkers int
	// Poll is how often an idle worker looks for queued runs [500ms];
	// Notify wakes one at once.
	Poll time.Duration
	// Heartbeat is how often liveness and progress are written [2s].
	Heartbeat time.Duration
	// Stale is how old a running run's heartbeat may be before the reaper
	// marks it failed [30s]; it must exceed Heartbeat by a wide margin.
	Stale time.Duration
	// Logger receives the runner's structured logs [slog.Default()].
	Logger *slog.Logger
}

// Runner executes queued runs.
type Runner struct {
	cfg    Config
	st     store.Store
	log    *slog.Logger
	worker string
	wake   chan struct{}

	mu      sync.Mutex
	active  map[string]context.CancelFunc
	stopped bool
	cancel  context.CancelFunc // stops claiming
	kill    context.CancelFunc // cancels running jobs
	wg      sync.WaitGroup
	jobs    sync.WaitGroup
	started bool
}

// New returns a Runner over cfg.Store; Start starts it.
func New(cfg Config) *Runner {
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	if cfg.DrawWorkers <= 0 {
		cfg.DrawWorkers = max(1, runtime.GOMAXPROCS(0)/cfg.Workers)
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 500 * time.Millisecond
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 2 * time.Second
	}
	if cfg.Stale <= 0 {
		cfg.Stale = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Runner{cfg: cfg, st: cfg.Store, log: cfg.Logger, worker: workerID(),
		wake: make(chan struct{}, cfg.Workers), active: map[string]context.CancelFunc{}}
}

// workerID names this process's workers: host, pid and a random suffix.
func workerID() string {
	host, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Worker returns the identity under which this runner claims runs.
func (r *Runner) Worker() string { return r.worker }

// Start reaps runs left running by dead workers (every running run whose
// heartbeat is older than reapBefore; pass time.Now() when this process
// holds the store alone), then starts the workers and the heartbeat.
func (r *Runner) Start(ctx context.Context, reapBefore time.Time) error {
	n, err := r.st.Reap(ctx, reapBefore, "interrupted: the server stopped while the run was in progress")
	if err != nil {
		return fmt.Errorf("runner: reaping interrupted runs: %w", err)
	}
	if n > 0 {
		r.log.Warn("marked interrupted runs as failed", "runs", n)
	}
	if err := r.st.Heartbeat(ctx, r.worker); err != nil {
		return fmt.Errorf("runner: heartbeat: %w", err)
	}
	claimCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	jobCtx, kill := context.WithCancel(context.WithoutCancel(ctx))
	r.mu.Lock()
	r.cancel, r.kill, r.started = cancel, kill, true
	r.mu.Unlock()
	for i := 0; i < r.cfg.Workers; i++ {
		r.wg.Add(1)
		go r.loop(claimCtx, jobCtx)
	}
	r.wg.Add(1)
	go r.beat(claimCtx)
	return nil
}

// Notify wakes an idle worker to look at the queue now.
func (r *Runner) Notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Cancel cancels run id if this process is executing it, and reports
// whether it was. Runs held by other processes see the store's
// cancellation flag at their next progress update.
func (r *Runner) Cancel(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.active[id]
	if ok {
		c()
	}
	return ok
}

// Active returns how many runs this process is executing.
func (r *Runner) Active() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.active)
}

// Shutdown stops claiming runs and waits for the running ones to finish
// until ctx is done; then it cancels them, and they are recorded as failed
// ("interrupted by shutdown"), never left running.
func (r *Runner) Shutdown(ctx context.Context) error {
	r.mu.Lock()
	if !r.started || r.stopped {
		r.mu.Unlock()
		return nil
	}
	r.stopped = true
	r.cancel()
	r.mu.Unlock()
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
		r.kill()
		return nil
	case <-ctx.Done():
		r.kill()
		<-done
		return fmt.Errorf("runner: shutdown: runs still in progress were interrupted: %w", ctx.Err())
	}
}

// loop claims and executes runs until claimCtx is cancelled.
func (r *Runner) loop(claimCtx, jobCtx context.Context) {
	defer r.wg.Done()
	t := time.NewTicker(r.cfg.Poll)
	defer t.Stop()
	for {
		for claimCtx.Err() == nil {
			run, err := r.st.ClaimRun(claimCtx, r.worker)
			if err != nil {
				if claimCtx.Err() == nil {
					r.log.Error("claiming a run", "err", err)
				}
				break
			}
			if run == nil {
				break
			}
			r.execute(jobCtx, run)
		}
		select {
		case <-claimCtx.Done():
			return
		case <-t.C:
		case <-r.wake:
		}
	}
}

// beat refreshes this worker's heartbeat and reaps dead workers' runs.
func (r *Runner) beat(ctx context.Context) {
	defer r.wg.Done()
	t := time.NewTicker(r.cfg.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := r.st.Heartbeat(ctx, r.worker); err != nil && ctx.Err() == nil {
			r.log.Error("heartbeat", "err", err)
		}
		n, err := r.st.Reap(ctx, time.Now().Add(-r.cfg.Stale), "interrupted: its worker stopped sending heartbeats")
		if err != nil && ctx.Err() == nil {
			r.log.Error("reaping stale runs", "err", err)
		}
		if n > 0 {
			r.log.Warn("marked stale runs as failed", "runs", n)
		}
	}
}

// execute runs one claimed run to its end and records it.
func (r *Runner) execute(parent context.Context, run *store.Run) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	r.mu.Lock()
	r.active[run.ID] = cancel
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.active, run.ID)
		r.mu.Unlock()
	}()
	log := r.log.With("run", run.ID, "scenario", run.ScenarioID)
	log.Info("run started")
	start := time.Now()
	p := &progress{r: r, id: run.ID, cancel: cancel, every: min(r.cfg.Heartbeat, 250*time.Millisecond)}
	result, err := r.compute(ctx, run, p)
	status, errText := store.Succeeded, ""
	switch {
	case err == nil:
	case p.cancelled.Load() || (errors.Is(err, context.Canceled) && parent.Err() == nil):
		status, errText = store.Cancelled, "cancelled on request"
	case parent.Err() != nil:
		status, errText = store.Failed, "interrupted by shutdown: the server stopped before the run finished; submit it again"
	default:
		status, errText = store.Failed, err.Error()
	}
	// Record the end even when the server is shutting down.
	fctx, fcancel := context.WithTimeout(context.WithoutCancel(parent), 30*time.Second)
	defer fcancel()
	if err := r.st.Finish(fctx, run.ID, r.worker, status, result, errText); err != nil {
		log.Error("recording the end of a run", "err", err)
		return
	}
	log.Info("run ended", "status", status, "seconds", time.Since(start).Seconds(), "error", errText)
}

// compute runs the analysis; a panic becomes an error.
func (r *Runner) compute(ctx context.Context, run *store.Run, p *progress) (doc []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			r.log.Error("run panicked", "run", run.ID, "panic", v, "stack", string(debug.Stack()))
			doc, err = nil, fmt.Errorf("internal error: %v", v)
		}
	}()
	if run.Kind != analysis.Kind {
		return nil, fmt.Errorf("unknown run kind %q", run.Kind)
	}
	sc, err := r.scenario(ctx, run.ScenarioID)
	if err != nil {
		return nil, err
	}
	var o analysis.Options
	if err := json.Unmarshal(run.Options, &o); err != nil {
		return nil, fmt.Errorf("run options: %w", err)
	}
	res, err := analysis.Run(ctx, sc, o, analysis.Hooks{Workers: r.cfg.DrawWorkers, Progress: p.update})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := res.WriteJSON(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// scenario loads and compiles a stored scenario. Each run compiles its
// own: compiled models are not shared between concurrent runs.
func (r *Runner) scenario(ctx context.Context, id string) (*analysis.Scenario, error) {
	s, err := r.st.GetScenario(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("loading scenario %s: %w", id, err)
	}
	sc, err := analysis.Parse(id, s.Canonical)
	if err != nil {
		return nil, fmt.Errorf("compiling scenario %s: %w", id, err)
	}
	return sc, nil
}
