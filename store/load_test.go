package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestLoad runs 200 goroutines, each doing 20 operations of every kind, on
// two handles of one database, and expects not one error: in particular
// no SQLITE_BUSY.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	eachBackend(t, func(t *testing.T, s Store, dsn string) {
		const goroutines, ops, seeded = 200, 20, 50
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		sc := mustScenario(t, s, "crisis", "v0")
		for k := range seeded {
			mustSubmit(t, s, newRun(sc, fmt.Sprint("seed-", k), fmt.Sprint("seed-hash-", k)))
		}
		handles := []Store{s, openStore(t, dsn)}
		var mu sync.Mutex
		var errs []error
		var wg sync.WaitGroup
		start := time.Now()
		for g := range goroutines {
			wg.Go(func() {
				h := handles[g%len(handles)]
				for op := range ops {
					if err := loadOp(ctx, h, sc, g, op); err != nil {
						mu.Lock()
						errs = append(errs, fmt.Errorf("goroutine %d, op %d: %w", g, op, err))
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		t.Logf("%d operations in %v", goroutines*ops, time.Since(start))
		for i, err := range errs {
			if i == 10 {
				t.Errorf("and %d more errors", len(errs)-i)
				break
			}
			t.Error(err)
		}
	})
}

// loadOp does operation op of goroutine g: one of eight mixes of reads and
// writes, chosen by g+op.
func loadOp(ctx context.Context, s Store, sc *Scenario, g, op int) error {
	id := fmt.Sprintf("g%d-op%d", g, op)
	seed := fmt.Sprint("seed-", (g*7+op)%50)
	switch (g + op) % 8 {
	case 0:
		_, _, err := s.PutScenario(ctx, newScenario("load", fmt.Sprint(op%5), fmt.Sprint("l", g%3)))
		return err
	case 1:
		_, _, err := s.SubmitRun(ctx, newRun(sc, id, fmt.Sprint("hash-", (g*op)%40)), 0)
		return err
	case 2:
		_, err := s.GetRun(ctx, seed)
		return err
	case 3:
		_, err := s.ListRuns(ctx, RunFilter{Status: Queued, Limit: 20})
		return err
	case 4:
		return claimAndFinish(ctx, s, "worker-"+id)
	case 5:
		_, err := s.Cancel(ctx, seed, "load test")
		return err
	case 6:
		if err := s.Audit(ctx, &AuditEntry{Actor: "load", Action: "run.submit", Object: id}); err != nil {
			return err
		}
		_, err := s.ListAudit(ctx, 10)
		return err
	default:
		if _, err := s.Counts(ctx); err != nil {
			return err
		}
		if _, err := s.ListScenarios(ctx, ScenarioFilter{Label: "l1"}); err != nil {
			return err
		}
		_, err := s.GetScenario(ctx, sc.ID)
		return err
	}
}

// claimAndFinish claims a run, if any is queued, reports progress, beats
// and finishes it.
func claimAndFinish(ctx context.Context, s Store, worker string) error {
	r, err := s.ClaimRun(ctx, worker)
	if err != nil || r == nil {
		return err
	}
	if _, err := s.Progress(ctx, r.ID, worker, "draws", 1, 2); err != nil {
		return err
	}
	if err := s.Heartbeat(ctx, worker); err != nil {
		return err
	}
	err = s.Finish(ctx, r.ID, worker, Succeeded, []byte(`{"ok":true}`), "")
	if errors.Is(err, ErrNotOwner) {
		return fmt.Errorf("lost a run nobody reaps: %w", err)
	}
	return err
}
