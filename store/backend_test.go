package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/testdb"
)

// The conformance tests run against every backend of internal/testdb:
// SQLite in a temporary directory, and PostgreSQL at
// $TABLERO_TEST_POSTGRES, each test in a schema of its own.

// A backend makes fresh, empty databases of one kind.
type backend struct {
	name string
	// dsn returns the DSN of a fresh database, removed at cleanup.
	dsn func(tb testing.TB) string
}

// backends returns the backends the conformance tests run on.
func backends(tb testing.TB) []backend {
	var out []backend
	for _, b := range testdb.Backends() {
		out = append(out, backend{b.Name, b.DSN})
	}
	return out
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
