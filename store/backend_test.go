package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The conformance tests run against every backend: SQLite in a temporary
// directory, and PostgreSQL at $TABLERO_TEST_POSTGRES, each test in a
// schema of its own.

// pgEnv names the environment variable holding the test PostgreSQL's URL.
const pgEnv = "TABLERO_TEST_POSTGRES"

// A backend makes fresh, empty databases of one kind.
type backend struct {
	name string
	// dsn returns the DSN of a fresh database, removed at cleanup.
	dsn func(tb testing.TB) string
}

// backends returns the backends the conformance tests run on.
func backends(tb testing.TB) []backend {
	return []backend{
		{"sqlite", func(tb testing.TB) string {
			return "sqlite:" + filepath.Join(tb.TempDir(), "data", "tablero.db")
		}},
		{"postgres", pgDSN},
	}
}

// pgDSN returns the URL of a fresh schema in the test PostgreSQL, dropped at
// cleanup. Without $TABLERO_TEST_POSTGRES it skips tb, or fails it in CI,
// which must exercise PostgreSQL.
func pgDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(pgEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is not set: CI must test PostgreSQL (.ci/run sources .ci/postgres.sh)", pgEnv)
		}
		tb.Skipf("%s is not set: run `source .ci/postgres.sh; go test ./store/` to test PostgreSQL too", pgEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	schema := "test_" + randomHex(tb, 8)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			tb.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", pgEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openStore opens the store at dsn and closes it at cleanup.
func openStore(tb testing.TB, dsn string) Store {
	tb.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return s
}

// eachBackend runs test on a fresh store of every backend, as subtests.
func eachBackend(t *testing.T, test func(t *testing.T, s Store, dsn string)) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			dsn := b.dsn(t)
			test(t, openStore(t, dsn), dsn)
		})
	}
}

func randomHex(tb testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		tb.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// newScenario returns a scenario named name whose document is doc.
func newScenario(name, doc string, labels ...string) *Scenario {
	canonical := []byte(fmt.Sprintf(`{"id":%q,"doc":%q}`, name, doc))
	sum := sha256.Sum256(canonical)
	return &Scenario{
		ID:        "sha256:" + hex.EncodeToString(sum[:]),
		Name:      name,
		Title:     "The " + name + " crisis",
		Labels:    labels,
		Canonical: canonical,
		Source:    []byte("id: " + name + "\ndoc: " + doc + "\n"),
		Format:    "yaml",
		CreatedBy: "tester",
	}
}

// mustScenario stores a new scenario and returns it as stored.
func mustScenario(t testing.TB, s Store, name, doc string, labels ...string) *Scenario {
	t.Helper()
	sc, _, err := s.PutScenario(context.Background(), newScenario(name, doc, labels...))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// newRun returns a run of scenario sc with the id and hash.
func newRun(sc *Scenario, id, hash string) *Run {
	return &Run{
		ID:          id,
		ScenarioID:  sc.ID,
		Kind:        "analyze",
		Hash:        hash,
		Options:     []byte(`{"draws":1000}`),
		SubmittedBy: "tester",
	}
}

// mustSubmit submits a run and fails t unless it is new.
func mustSubmit(t testing.TB, s Store, r *Run) *Run {
	t.Helper()
	got, isNew, err := s.SubmitRun(context.Background(), r, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !isNew {
		t.Fatalf("submit %s: not new, got %s", r.ID, got.ID)
	}
	return got
}

// clock is a settable time source for the store's "now".
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// setClock makes s read its time from a clock starting at start.
func setClock(s Store, start time.Time) *clock {
	c := &clock{start}
	s.(*db).now = c.now
	return c
}
