package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/internal/testdb"
	"github.com/tablero-project/tablero/store"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func open(t *testing.T, dsn string) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// put stores the test scenario and returns it.
func put(t *testing.T, st store.Store) *analysis.Scenario {
	t.Helper()
	sc, err := analysis.Load("../analysis/testdata/deterrence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile("../analysis/testdata/deterrence.yaml")
	if _, _, err := st.PutScenario(context.Background(), &store.Scenario{ID: sc.Hash, Name: sc.Doc.ID, Title: sc.Doc.Title,
		Canonical: sc.Canonical, Source: src, Format: "yaml"}); err != nil {
		t.Fatal(err)
	}
	return sc
}

func submit(t *testing.T, st store.Store, sc *analysis.Scenario, o analysis.Options) *store.Run {
	t.Helper()
	o, err := o.Canonical(sc)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := analysis.Hash(sc, o)
	opts, _ := json.Marshal(o)
	r, _, err := st.SubmitRun(context.Background(), &store.Run{ID: fmt.Sprintf("run-%d-%d", o.Seed, time.Now().UnixNano()),
		ScenarioID: sc.Hash, Kind: analysis.Kind, Hash: hash, Options: opts, Status: store.Queued}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func start(t *testing.T, st store.Store, cfg Config) *Runner {
	t.Helper()
	cfg.Store, cfg.Logger = st, quiet
	if cfg.Poll == 0 {
		cfg.Poll = 20 * time.Millisecond
	}
	if cfg.Heartbeat == 0 {
		cfg.Heartbeat = 100 * time.Millisecond
	}
	r := New(cfg)
	if err := r.Start(context.Background(), time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Shutdown(context.Background()) })
	return r
}

func wait(t *testing.T, st store.Store, id string, cond func(*store.Run) bool) *store.Run {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		r, err := st.GetRun(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if cond(r) {
			return r
		}
	}
	t.Fatalf("run %s: condition not met in 60 s", id)
	return nil
}

func ended(r *store.Run) bool { return r.Status.Done() }

func TestRunnerRunsCancelsAndFails(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			st := open(t, b.DSN(t))
			sc := put(t, st)
			start(t, st, Config{Workers: 2})
			ok := submit(t, st, sc, analysis.Options{Draws: 200, Seed: 1})
			long := submit(t, st, sc, analysis.Options{Draws: 1_000_000, Seed: 2})
			r := wait(t, st, ok.ID, ended)
			if r.Status != store.Succeeded || !json.Valid(r.Result) || r.Stage != "tornado" {
				t.Fatalf("run %s stage %q: %s", r.Status, r.Stage, r.Error)
			}
			wait(t, st, long.ID, func(r *store.Run) bool { return r.Status == store.Running && r.Done > 0 })
			if _, err := st.Cancel(context.Background(), long.ID, "test"); err != nil {
				t.Fatal(err)
			}
			if r := wait(t, st, long.ID, ended); r.Status != store.Cancelled {
				t.Fatalf("cancelled run ended %s: %s", r.Status, r.Error)
			}
			bad := submit(t, st, sc, analysis.Options{Seed: 3})
			// Corrupt the stored options: the run must fail, saying why.
			if _, err := st.Cancel(context.Background(), bad.ID, ""); err != nil {
				t.Fatal(err)
			}
			r2 := &store.Run{ID: bad.ID + "-x", ScenarioID: sc.Hash, Kind: "mystery", Hash: "h-mystery", Options: []byte(`{}`), Status: store.Queued}
			if _, _, err := st.SubmitRun(context.Background(), r2, 0); err != nil {
				t.Fatal(err)
			}
			if r := wait(t, st, r2.ID, ended); r.Status != store.Failed || !strings.Contains(r.Error, "unknown run kind") {
				t.Fatalf("bad run ended %s: %q", r.Status, r.Error)
			}
		})
	}
}

// Two runners on one database (two processes) execute every run once.
func TestRunnersShareQueue(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.DSN(t)
			st1, st2 := open(t, dsn), open(t, dsn)
			sc := put(t, st1)
			var runs []*store.Run
			for seed := uint64(1); seed <= 8; seed++ {
				runs = append(runs, submit(t, st1, sc, analysis.Options{Draws: 100, Seed: seed}))
			}
			r1, r2 := start(t, st1, Config{}), start(t, st2, Config{})
			workers := map[string]int{}
			for _, r := range runs {
				end := wait(t, st1, r.ID, ended)
				if end.Status != store.Succeeded {
					t.Fatalf("run %s: %s %s", r.ID, end.Status, end.Error)
				}
				workers[end.Worker]++
			}
			if len(workers) > 2 || workers[r1.Worker()]+workers[r2.Worker()] != len(runs) {
				t.Fatalf("runs by worker %v", workers)
			}
		})
	}
}

// A run whose worker died (no heartbeat) is marked failed by the reaper.
func TestReapStaleRuns(t *testing.T) {
	st := open(t, testdb.SQLite(t))
	sc := put(t, st)
	r := submit(t, st, sc, analysis.Options{Seed: 9})
	if c, err := st.ClaimRun(context.Background(), "ghost"); err != nil || c == nil || c.ID != r.ID {
		t.Fatalf("claim: %v %v", c, err)
	}
	start(t, st, Config{Stale: 300 * time.Millisecond})
	end := wait(t, st, r.ID, ended)
	if end.Status != store.Failed || !strings.Contains(end.Error, "interrupted") {
		t.Fatalf("stale run %s %q", end.Status, end.Error)
	}
}

// Shutdown waits for running runs until its deadline, then records them
// as interrupted, never leaving them running.
func TestShutdownInterrupts(t *testing.T) {
	st := open(t, testdb.SQLite(t))
	sc := put(t, st)
	rn := start(t, st, Config{})
	r := submit(t, st, sc, analysis.Options{Draws: 1_000_000, Seed: 4})
	wait(t, st, r.ID, func(r *store.Run) bool { return r.Status == store.Running })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := rn.Shutdown(ctx); err == nil {
		t.Error("shutdown with a run in progress reported nothing")
	}
	end, _ := st.GetRun(context.Background(), r.ID)
	if end.Status != store.Failed || !strings.Contains(end.Error, "shutdown") {
		t.Fatalf("after shutdown: %s %q", end.Status, end.Error)
	}
}
