package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestSubmitRunDedup(t *testing.T) {
	// A run with the hash of an earlier run in a given state: is the earlier
	// one returned instead of a new one?
	cases := []struct {
		earlier Status
		dedup   bool
	}{
		{Queued, true}, {Running, true}, {Succeeded, true}, {Failed, false}, {Cancelled, false},
	}
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		sc := mustScenario(t, s, "crisis", "v1")
		for _, c := range cases {
			hash := "sha256:" + string(c.earlier)
			first := mustSubmit(t, s, newRun(sc, "first-"+string(c.earlier), hash))
			setStatus(t, s, first.ID, c.earlier)
			got, isNew, err := s.SubmitRun(ctx, newRun(sc, "second-"+string(c.earlier), hash), 0)
			if err != nil {
				t.Fatalf("%s: %v", c.earlier, err)
			}
			if isNew == c.dedup || (got.ID == first.ID) != c.dedup {
				t.Errorf("after a %s run: got run %s, new %v; want dedup %v", c.earlier, got.ID, isNew, c.dedup)
			}
			found, err := s.FindRun(ctx, hash)
			if want := got.ID; err != nil || found.ID != want {
				t.Errorf("after a %s run: FindRun %v, %v; want %s, the run SubmitRun returned", c.earlier, found, err, want)
			}
			if isNew && (got.Status != Queued || got.CreatedAt.IsZero() || got.Hash != hash) {
				t.Errorf("after a %s run: new run %+v", c.earlier, got)
			}
		}
		// The newest of several matching runs is returned: a queued one and
		// a newer success recorded by the CLI.
		mustSubmit(t, s, newRun(sc, "queued", "sha256:twice"))
		recorded := newRun(sc, "recorded", "sha256:twice")
		recorded.Status = Succeeded
		if _, isNew, err := s.RecordRun(ctx, recorded); err != nil || !isNew {
			t.Fatalf("record beside a queued run: new %v, error %v", isNew, err)
		}
		got, _, err := s.SubmitRun(ctx, newRun(sc, "third", "sha256:twice"), 0)
		if err != nil || got.ID != "recorded" {
			t.Errorf("with a queued and a succeeded run: got %v, %v; want the succeeded one", got, err)
		}
		if f, err := s.FindRun(ctx, "sha256:twice"); err != nil || f.ID != "recorded" || len(f.Result) == 0 && f.Status == Succeeded && recorded.Result != nil {
			t.Errorf("FindRun with a queued and a succeeded run: %v, %v", f, err)
		}
		if _, err := s.FindRun(ctx, "sha256:none"); !errors.Is(err, ErrNotFound) {
			t.Errorf("FindRun of an unknown hash: %v, want ErrNotFound", err)
		}

		if _, _, err := s.SubmitRun(ctx, newRun(&Scenario{ID: "sha256:nope"}, "orphan", "h"), 0); !errors.Is(err, ErrNotFound) {
			t.Errorf("submit for a missing scenario: %v, want ErrNotFound", err)
		}
		if _, _, err := s.SubmitRun(ctx, newRun(sc, "", "h"), 0); err == nil {
			t.Error("submit without id: no error")
		}
		// Empty hashes never match.
		mustSubmit(t, s, newRun(sc, "nohash-1", ""))
		mustSubmit(t, s, newRun(sc, "nohash-2", ""))
	})
}

// setStatus brings run id to status st through the store's own methods.
func setStatus(t *testing.T, s Store, id string, st Status) {
	t.Helper()
	ctx := context.Background()
	switch st {
	case Queued:
		return
	case Cancelled:
		if _, err := s.Cancel(ctx, id, "test"); err != nil {
			t.Fatal(err)
		}
		return
	}
	// ClaimRun takes the oldest queued run, maybe not this one.
	if err := claimByID(s, id, "setter"); err != nil {
		t.Fatal(err)
	}
	if st == Running {
		return
	}
	if err := s.Finish(ctx, id, "setter", st, []byte(`{}`), ""); err != nil {
		t.Fatal(err)
	}
}

// claimByID marks run id running under worker, as ClaimRun would if it
// were the oldest queued run.
func claimByID(s Store, id, worker string) error {
	d := s.(*db)
	now := d.t(d.stamp())
	_, err := d.w.Exec(d.q(`UPDATE runs SET status = ?, worker = ?, started_at = ?, heartbeat_at = ? WHERE id = ?`),
		string(Running), worker, now, now, id)
	return err
}

func TestSubmitRunConcurrent(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, dsn string) {
		ctx := context.Background()
		sc := mustScenario(t, s, "crisis", "v1")
		handles := []Store{s, openStore(t, dsn)}
		const n = 20
		var wg sync.WaitGroup
		got := make([]*Run, n)
		isNew := make([]bool, n)
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				got[i], isNew[i], errs[i] = handles[i%2].SubmitRun(ctx, newRun(sc, fmt.Sprint("run-", i), "sha256:same"), 0)
			})
		}
		wg.Wait()
		news := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("submission %d: %v", i, errs[i])
			}
			if isNew[i] {
				news++
			}
			if got[i].ID != got[0].ID {
				t.Errorf("submission %d got run %s, submission 0 run %s", i, got[i].ID, got[0].ID)
			}
		}
		runs, err := s.ListRuns(ctx, RunFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if news != 1 || len(runs) != 1 {
			t.Errorf("%d new submissions, %d runs stored; want 1 and 1", news, len(runs))
		}
	})
}

func TestSubmitRunQueueFull(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		sc := mustScenario(t, s, "crisis", "v1")
		for _, c := range []struct {
			id, hash string
			err      error
			isNew    bool
		}{
			{"r1", "h1", nil, true},
			{"r2", "h2", nil, true},
			{"r3", "h3", ErrQueueFull, false},
			{"r4", "h1", nil, false}, // a duplicate is no new work
		} {
			_, isNew, err := s.SubmitRun(ctx, newRun(sc, c.id, c.hash), 2)
			if !errors.Is(err, c.err) || isNew != c.isNew {
				t.Errorf("%s: new %v, error %v; want %v, %v", c.id, isNew, err, c.isNew, c.err)
			}
		}
		if _, err := s.GetRun(ctx, "r3"); !errors.Is(err, ErrNotFound) {
			t.Errorf("the rejected run was stored: %v", err)
		}
		if _, err := s.ClaimRun(ctx, "w"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SubmitRun(ctx, newRun(sc, "r3", "h3"), 2); err != nil {
			t.Errorf("after a claim: %v", err)
		}
	})
}

func TestRecordRun(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		sc := mustScenario(t, s, "crisis", "v1")
		t0 := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
		in := newRun(sc, "cli-1", "sha256:cli")
		in.Status, in.Result, in.Stage, in.Done, in.Total = Succeeded, []byte(`{"ok":true}`), "sobol", 7, 7
		in.Worker, in.SubmittedBy = "cli", "alice"
		in.CreatedAt, in.StartedAt, in.FinishedAt = t0, t0.Add(time.Second), t0.Add(time.Minute)
		got, isNew, err := s.RecordRun(ctx, in)
		if err != nil || !isNew {
			t.Fatalf("record: new %v, error %v", isNew, err)
		}
		want := *in
		checkRun(t, "recorded", got, &want)
		fetched, err := s.GetRun(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkRun(t, "fetched", fetched, &want)

		for _, st := range []Status{Succeeded, Failed} {
			again := newRun(sc, "cli-2-"+string(st), "sha256:cli")
			again.Status = st
			got, isNew, err = s.RecordRun(ctx, again)
			if err != nil || isNew || got.ID != in.ID {
				t.Errorf("record %s again: %v, new %v, error %v; want the first", st, got, isNew, err)
			}
		}
		failed := newRun(sc, "cli-3", "sha256:other")
		failed.Status, failed.Error = Failed, "no equilibrium"
		got, isNew, err = s.RecordRun(ctx, failed)
		if err != nil || !isNew || got.FinishedAt.IsZero() || got.CreatedAt.IsZero() {
			t.Errorf("record failed: %+v, new %v, error %v", got, isNew, err)
		}
		for _, st := range []Status{Queued, Running, "bogus"} {
			bad := newRun(sc, "cli-bad", "sha256:bad")
			bad.Status = st
			if _, _, err := s.RecordRun(ctx, bad); err == nil {
				t.Errorf("record a %q run: no error", st)
			}
		}
	})
}

// checkRun compares every field of got with want.
func checkRun(t *testing.T, what string, got, want *Run) {
	t.Helper()
	g, w := *got, *want
	for _, p := range []struct {
		name   string
		gt, wt time.Time
	}{
		{"CreatedAt", g.CreatedAt, w.CreatedAt}, {"StartedAt", g.StartedAt, w.StartedAt},
		{"FinishedAt", g.FinishedAt, w.FinishedAt}, {"HeartbeatAt", g.HeartbeatAt, w.HeartbeatAt},
	} {
		if !p.gt.Equal(p.wt) || (!p.gt.IsZero() && p.gt.Location() != time.UTC) {
			t.Errorf("%s: %s = %v, want %v (UTC)", what, p.name, p.gt, p.wt)
		}
	}
	if !bytes.Equal(g.Result, w.Result) || !bytes.Equal(g.Options, w.Options) {
		t.Errorf("%s: documents differ: result %q, options %q", what, g.Result, g.Options)
	}
	g.CreatedAt, g.StartedAt, g.FinishedAt, g.HeartbeatAt = w.CreatedAt, w.StartedAt, w.FinishedAt, w.HeartbeatAt
	g.Result, g.Options = w.Result, w.Options
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, w)
	}
}

func TestListRuns(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		a, b := mustScenario(t, s, "a", "1"), mustScenario(t, s, "b", "1")
		t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		for i, sc := range []*Scenario{a, b, a, b, a} {
			r := newRun(sc, fmt.Sprint("r", i), fmt.Sprint("h", i))
			r.CreatedAt = t0.Add(time.Duration(i) * time.Second)
			mustSubmit(t, s, r)
		}
		if _, err := s.Cancel(ctx, "r2", "no longer needed"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			f    RunFilter
			want []string
		}{
			{"all", RunFilter{}, []string{"r4", "r3", "r2", "r1", "r0"}},
			{"scenario", RunFilter{ScenarioID: a.ID}, []string{"r4", "r2", "r0"}},
			{"status", RunFilter{Status: Queued}, []string{"r4", "r3", "r1", "r0"}},
			{"scenario and status", RunFilter{ScenarioID: a.ID, Status: Cancelled}, []string{"r2"}},
			{"limit", RunFilter{Limit: 2}, []string{"r4", "r3"}},
			{"before", RunFilter{Before: t0.Add(3 * time.Second), Limit: 2}, []string{"r2", "r1"}},
			{"none", RunFilter{Status: Running}, []string{}},
		} {
			runs, err := s.ListRuns(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			ids := []string{}
			for _, r := range runs {
				ids = append(ids, r.ID)
			}
			if !slices.Equal(ids, c.want) {
				t.Errorf("%s: %v, want %v", c.name, ids, c.want)
			}
		}
	})
}

func TestClaimRun(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		sc := mustScenario(t, s, "crisis", "v1")
		t0 := time.Now().Add(-time.Hour)
		// Submitted out of order: claims go by CreatedAt.
		for _, i := range []int{2, 0, 1} {
			r := newRun(sc, fmt.Sprint("r", i), fmt.Sprint("h", i))
			r.CreatedAt = t0.Add(time.Duration(i) * time.Second)
			mustSubmit(t, s, r)
		}
		clk := setClock(s, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))
		for i := range 3 {
			r, err := s.ClaimRun(ctx, "w1")
			if err != nil {
				t.Fatal(err)
			}
			if r == nil || r.ID != fmt.Sprint("r", i) {
				t.Fatalf("claim %d: %+v, want r%d", i, r, i)
			}
			if r.Status != Running || r.Worker != "w1" || !r.StartedAt.Equal(clk.t) || !r.HeartbeatAt.Equal(clk.t) {
				t.Errorf("claimed %+v", r)
			}
		}
		if r, err := s.ClaimRun(ctx, "w1"); r != nil || err != nil {
			t.Errorf("claim of an empty queue: %v, %v", r, err)
		}
	})
}

func TestClaimRunConcurrent(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, dsn string) {
		ctx := context.Background()
		sc := mustScenario(t, s, "crisis", "v1")
		const runs, claimers = 60, 6
		for i := range runs {
			mustSubmit(t, s, newRun(sc, fmt.Sprint("r", i), fmt.Sprint("h", i)))
		}
		// Three handles on the database, as three processes would have.
		handles := []Store{s, openStore(t, dsn), openStore(t, dsn)}
		claimed := make([][]string, claimers)
		errs := make([]error, claimers)
		var wg sync.WaitGroup
		for c := range claimers {
			wg.Go(func() {
				for {
					r, err := handles[c%len(handles)].ClaimRun(ctx, fmt.Sprint("w", c))
					if err != nil || r == nil {
						errs[c] = err
						return
					}
					claimed[c] = append(claimed[c], r.ID)
				}
			})
		}
		wg.Wait()
		seen := map[string]int{}
		for c := range claimers {
			if errs[c] != nil {
				t.Errorf("claimer %d: %v", c, errs[c])
			}
			for _, id := range claimed[c] {
				seen[id]++
				if seen[id] > 1 {
					t.Errorf("run %s claimed twice", id)
				}
			}
		}
		if len(seen) != runs {
			t.Errorf("%d runs claimed, want %d", len(seen), runs)
		}
	})
}

func TestProgressCancelFinish(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		sc := mustScenario(t, s, "crisis", "v1")
		mustSubmit(t, s, newRun(sc, "r", "h"))
		if _, err := s.Progress(ctx, "r", "w", "solving", 0, 1); !errors.Is(err, ErrNotOwner) {
			t.Errorf("progress of a queued run: %v, want ErrNotOwner", err)
		}
		if _, err := s.ClaimRun(ctx, "w"); err != nil {
			t.Fatal(err)
		}
		clk := setClock(s, time.Now().Add(time.Hour))
		cancel, err := s.Progress(ctx, "r", "w", "draws", 40, 1000)
		if err != nil || cancel {
			t.Fatalf("progress: cancel %v, error %v", cancel, err)
		}
		r, err := s.GetRun(ctx, "r")
		if err != nil {
			t.Fatal(err)
		}
		if r.Stage != "draws" || r.Done != 40 || r.Total != 1000 || !r.HeartbeatAt.Equal(micro(clk.t)) {
			t.Errorf("after progress: %+v", r)
		}
		if _, err := s.Progress(ctx, "r", "other", "draws", 41, 1000); !errors.Is(err, ErrNotOwner) {
			t.Errorf("progress by another worker: %v, want ErrNotOwner", err)
		}
		r, err = s.Cancel(ctx, "r", "user asked")
		if err != nil || r.Status != Running || !r.CancelRequested || r.Error != "user asked" {
			t.Errorf("cancel a running run: %+v, %v", r, err)
		}
		if cancel, err := s.Progress(ctx, "r", "w", "draws", 41, 1000); err != nil || !cancel {
			t.Errorf("progress after cancel: cancel %v, error %v", cancel, err)
		}
		if err := s.Finish(ctx, "r", "w", Running, nil, ""); err == nil {
			t.Error("finish as running: no error")
		}
		if err := s.Finish(ctx, "r", "other", Cancelled, nil, "stopped"); !errors.Is(err, ErrNotOwner) {
			t.Errorf("finish by another worker: %v, want ErrNotOwner", err)
		}
		if err := s.Finish(ctx, "r", "w", Cancelled, nil, "stopped at draw 41"); err != nil {
			t.Fatal(err)
		}
		r, err = s.GetRun(ctx, "r")
		if err != nil || r.Status != Cancelled || r.Error != "stopped at draw 41" || !r.FinishedAt.Equal(micro(clk.t)) {
			t.Errorf("finished: %+v, %v", r, err)
		}
		if _, err := s.Progress(ctx, "r", "w", "draws", 42, 1000); !errors.Is(err, ErrNotOwner) {
			t.Errorf("progress after finish: %v, want ErrNotOwner", err)
		}
		if err := s.Finish(ctx, "r", "w", Succeeded, nil, ""); !errors.Is(err, ErrNotOwner) {
			t.Errorf("second finish: %v, want ErrNotOwner", err)
		}
		if r, err := s.Cancel(ctx, "r", "again"); err != nil || r.Status != Cancelled || r.Error != "stopped at draw 41" {
			t.Errorf("cancel a finished run: %+v, %v; want it unchanged", r, err)
		}

		mustSubmit(t, s, newRun(sc, "q", "hq"))
		r, err = s.Cancel(ctx, "q", "changed my mind")
		if err != nil || r.Status != Cancelled || r.Error != "changed my mind" || r.FinishedAt.IsZero() {
			t.Errorf("cancel a queued run: %+v, %v", r, err)
		}
		if r, err := s.ClaimRun(ctx, "w"); r != nil || err != nil {
			t.Errorf("claim after cancelling the queue: %v, %v", r, err)
		}
		if _, err := s.Cancel(ctx, "missing", ""); !errors.Is(err, ErrNotFound) {
			t.Errorf("cancel a missing run: %v, want ErrNotFound", err)
		}
		if _, err := s.GetRun(ctx, "missing"); !errors.Is(err, ErrNotFound) {
			t.Errorf("get a missing run: %v, want ErrNotFound", err)
		}
	})
}

func TestHeartbeatReap(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		sc := mustScenario(t, s, "crisis", "v1")
		for i := range 3 {
			mustSubmit(t, s, newRun(sc, fmt.Sprint("r", i), fmt.Sprint("h", i)))
		}
		t0 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		clk := setClock(s, t0)
		for _, w := range []string{"dead", "alive", "alive"} {
			if _, err := s.ClaimRun(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		clk.t = t0.Add(time.Minute)
		if err := s.Heartbeat(ctx, "alive"); err != nil {
			t.Fatal(err)
		}
		if err := s.Heartbeat(ctx, "alive"); err != nil {
			t.Fatalf("second heartbeat: %v", err)
		}
		for id, want := range map[string]time.Time{"r0": t0, "r1": clk.t, "r2": clk.t} {
			r, err := s.GetRun(ctx, id)
			if err != nil || !r.HeartbeatAt.Equal(want) {
				t.Errorf("%s heartbeat %v, %v; want %v", id, r.HeartbeatAt, err, want)
			}
		}
		clk.t = t0.Add(2 * time.Minute)
		n, err := s.Reap(ctx, t0.Add(30*time.Second), "worker lost")
		if err != nil || n != 1 {
			t.Fatalf("reap: %d, %v; want 1", n, err)
		}
		r, err := s.GetRun(ctx, "r0")
		if err != nil || r.Status != Failed || r.Error != "worker lost" || !r.FinishedAt.Equal(clk.t) {
			t.Errorf("reaped run: %+v, %v", r, err)
		}
		if _, err := s.Progress(ctx, "r0", "dead", "draws", 1, 2); !errors.Is(err, ErrNotOwner) {
			t.Errorf("progress of a reaped run: %v, want ErrNotOwner", err)
		}
		if err := s.Finish(ctx, "r0", "dead", Succeeded, []byte("{}"), ""); !errors.Is(err, ErrNotOwner) {
			t.Errorf("finish of a reaped run: %v, want ErrNotOwner", err)
		}
		if n, err := s.Reap(ctx, t0.Add(30*time.Second), "worker lost"); err != nil || n != 0 {
			t.Errorf("second reap: %d, %v; want 0", n, err)
		}
		if n, err := s.Reap(ctx, clk.t, "server restarted"); err != nil || n != 2 {
			t.Errorf("reap all: %d, %v; want 2", n, err)
		}
	})
}

func TestAudit(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		at := time.Date(2025, 2, 1, 10, 0, 0, 999, time.FixedZone("X", 3600))
		entries := []*AuditEntry{
			{Actor: "alice", Action: "scenario.create", Object: "sha256:1", Remote: "127.0.0.1:5000"},
			{Actor: "cli", Action: "run.submit", Object: "r1", Detail: "draws=1000", At: at},
			{Actor: "anonymous", Action: "run.cancel", Object: "r1"},
		}
		for _, e := range entries {
			if err := s.Audit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if entries[0].ID == 0 || entries[1].ID <= entries[0].ID || entries[2].ID <= entries[1].ID {
			t.Errorf("ids %d %d %d", entries[0].ID, entries[1].ID, entries[2].ID)
		}
		if entries[0].At.IsZero() || !entries[1].At.Equal(micro(at)) {
			t.Errorf("times %v %v", entries[0].At, entries[1].At)
		}
		got, err := s.ListAudit(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || *got[0] != *entries[2] || *got[1] != *entries[1] {
			t.Errorf("list: %+v", got)
		}
		all, err := s.ListAudit(ctx, 0)
		if err != nil || len(all) != 3 {
			t.Errorf("list all: %d, %v", len(all), err)
		}
		for _, e := range all {
			if e.At.Location() != time.UTC {
				t.Errorf("entry %d at %v, not UTC", e.ID, e.At)
			}
		}
	})
}

func TestCounts(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		counts, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[Status]int{Queued: 0, Running: 0, Succeeded: 0, Failed: 0, Cancelled: 0}
		if !equalCounts(counts, want) {
			t.Errorf("empty store: %v", counts)
		}
		sc := mustScenario(t, s, "crisis", "v1")
		for i, st := range []Status{Queued, Queued, Running, Succeeded, Cancelled, Cancelled, Cancelled} {
			r := mustSubmit(t, s, newRun(sc, fmt.Sprint("r", i), fmt.Sprint("h", i)))
			setStatus(t, s, r.ID, st)
			want[st]++
		}
		if counts, err = s.Counts(ctx); err != nil || !equalCounts(counts, want) {
			t.Errorf("counts %v, %v; want %v", counts, err, want)
		}
	})
}

func equalCounts(a, b map[Status]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// bigDocument returns n pseudo-random bytes, every byte value included.
func bigDocument(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	for i := range 256 {
		b[i] = byte(i)
	}
	return b
}

func TestLargeResult(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		sc := mustScenario(t, s, "crisis", "v1")
		doc := bigDocument(1<<20, 1)
		r := newRun(sc, "recorded", "h1")
		r.Status, r.Result = Succeeded, doc
		if _, _, err := s.RecordRun(ctx, r); err != nil {
			t.Fatal(err)
		}
		mustSubmit(t, s, newRun(sc, "finished", "h2"))
		if _, err := s.ClaimRun(ctx, "w"); err != nil {
			t.Fatal(err)
		}
		doc2 := bigDocument(300<<10, 2)
		if err := s.Finish(ctx, "finished", "w", Succeeded, doc2, ""); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string][]byte{"recorded": doc, "finished": doc2} {
			got, err := s.GetRun(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Result, want) {
				t.Errorf("%s: result of %d bytes, want the %d stored", id, len(got.Result), len(want))
			}
		}
		runs, err := s.ListRuns(ctx, RunFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if r.Result != nil {
				t.Errorf("%s listed with its result", r.ID)
			}
		}
	})
}
