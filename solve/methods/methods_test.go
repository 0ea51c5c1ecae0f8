package methods

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/gambit"
)

// TestRegistrySorted checks the order find's binary search relies on.
func TestRegistrySorted(t *testing.T) {
	if !slices.IsSortedFunc(registry, func(a, b method) int { return strings.Compare(a.name, b.name) }) {
		t.Errorf("registry is not sorted by name: %v", names())
	}
}

// TestMethodsCancelled runs every entry of the registry with a cancelled
// context, past Solve's own check: each must give up at once with the
// context's error.
func TestMethodsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tree, normal := read(t, "entry.efg").Tree, read(t, "coordination.nfg").Normal
	o := Options{Agent: true}
	for _, m := range registry {
		if m.tree != nil {
			if _, err := m.tree(ctx, tree, o); !errors.Is(err, context.Canceled) {
				t.Errorf("%s on a tree: error %v, want context.Canceled", m.name, err)
			}
		}
		if m.normal != nil {
			if err := m.normal(ctx, normal, o, func(profile) error { return nil }); !errors.Is(err, context.Canceled) {
				t.Errorf("%s on a strategic game: error %v, want context.Canceled", m.name, err)
			}
		}
	}
}

func read(t *testing.T, name string) *gambit.File {
	t.Helper()
	fh, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f, err := gambit.Read(fh)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}
