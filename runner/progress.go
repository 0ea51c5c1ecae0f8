package runner

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tablero-project/tablero/store"
)

// progress persists a run's progress at most once per interval (and at
// every change of stage), and cancels the run when the store says
// cancellation was requested or that the run is no longer this worker's.
type progress struct {
	r      *Runner
	id     string
	cancel context.CancelFunc
	every  time.Duration

	mu        sync.Mutex
	stage     string
	last      time.Time
	cancelled atomic.Bool
}

func (p *progress) update(stage string, done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if stage == p.stage && time.Since(p.last) < p.every && (total == 0 || done < total) {
		return
	}
	p.stage, p.last = stage, time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stop, err := p.r.st.Progress(ctx, p.id, p.r.worker, stage, done, total)
	switch {
	case errors.Is(err, store.ErrNotOwner):
		p.r.log.Warn("run taken from this worker (reaped or finished elsewhere); stopping it", "run", p.id)
		p.cancelled.Store(true)
		p.cancel()
	case err != nil:
		p.r.log.Error("recording progress", "run", p.id, "err", err)
	case stop:
		p.cancelled.Store(true)
		p.cancel()
	}
}
