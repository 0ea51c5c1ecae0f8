package store

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestPutScenario(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		in := newScenario("us-mexico-2025", "v1", "security", "americas", "security", "")
		in.CreatedAt = time.Date(2025, 9, 3, 10, 0, 0, 123456789, time.FixedZone("CST", -6*3600))
		got, isNew, err := s.PutScenario(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if !isNew {
			t.Error("first put: not new")
		}
		want := *in
		want.Labels = []string{"americas", "security"}
		want.CreatedAt = time.Date(2025, 9, 3, 16, 0, 0, 123456000, time.UTC)
		checkScenario(t, "put", got, &want)
		fetched, err := s.GetScenario(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkScenario(t, "get", fetched, &want)

		again := newScenario("us-mexico-2025", "v1", "tariffs", "americas")
		again.Title = "another title"
		got, isNew, err = s.PutScenario(ctx, again)
		if err != nil {
			t.Fatal(err)
		}
		if isNew {
			t.Error("second put of the same document: new")
		}
		want.Labels = []string{"americas", "security", "tariffs"}
		checkScenario(t, "second put", got, &want)

		if _, err := s.GetScenario(ctx, "sha256:missing"); !errors.Is(err, ErrNotFound) {
			t.Errorf("get missing: %v, want ErrNotFound", err)
		}
		if _, _, err := s.PutScenario(ctx, &Scenario{Name: "x"}); err == nil {
			t.Error("put without id: no error")
		}
	})
}

// checkScenario compares every field of got with want.
func checkScenario(t *testing.T, what string, got, want *Scenario) {
	t.Helper()
	if got.ID != want.ID || got.Name != want.Name || got.Title != want.Title || got.Format != want.Format ||
		got.CreatedBy != want.CreatedBy || !slices.Equal(got.Labels, want.Labels) {
		t.Errorf("%s: got %+v, want %+v", what, got, want)
	}
	if !bytes.Equal(got.Canonical, want.Canonical) || !bytes.Equal(got.Source, want.Source) {
		t.Errorf("%s: documents differ: got %q, %q", what, got.Canonical, got.Source)
	}
	checkTime(t, what+": CreatedAt", got.CreatedAt, want.CreatedAt)
}

// checkTime checks that got equals want and is UTC.
func checkTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("%s = %v, want %v (UTC)", what, got, want)
	}
}

func TestListScenarios(t *testing.T) {
	eachBackend(t, func(t *testing.T, s Store, _ string) {
		ctx := context.Background()
		t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		// Five scenarios, one a minute: a1 a2 a3 of name a, b1 b2 of name b.
		docs := []struct{ name, doc, label string }{
			{"a", "1", "x"}, {"b", "1", "y"}, {"a", "2", "y"}, {"b", "2", "x"}, {"a", "3", ""},
		}
		ids := map[string]string{}
		for i, d := range docs {
			sc := newScenario(d.name, d.doc)
			if d.label != "" {
				sc.Labels = []string{d.label, "all"}
			}
			sc.CreatedAt = t0.Add(time.Duration(i) * time.Minute)
			if _, _, err := s.PutScenario(ctx, sc); err != nil {
				t.Fatal(err)
			}
			ids[sc.ID] = d.name + d.doc
		}
		for _, c := range []struct {
			name string
			f    ScenarioFilter
			want []string
		}{
			{"all", ScenarioFilter{}, []string{"a3", "b2", "a2", "b1", "a1"}},
			{"name", ScenarioFilter{Name: "a"}, []string{"a3", "a2", "a1"}},
			{"label", ScenarioFilter{Label: "x"}, []string{"b2", "a1"}},
			{"name and label", ScenarioFilter{Name: "b", Label: "y"}, []string{"b1"}},
			{"limit", ScenarioFilter{Limit: 2}, []string{"a3", "b2"}},
			{"before", ScenarioFilter{Before: t0.Add(2 * time.Minute)}, []string{"b1", "a1"}},
			{"before, inside a microsecond", ScenarioFilter{Before: t0.Add(2*time.Minute + time.Nanosecond)}, []string{"a2", "b1", "a1"}},
			{"before and name", ScenarioFilter{Name: "a", Before: t0.Add(4 * time.Minute), Limit: 1}, []string{"a2"}},
			{"no such label", ScenarioFilter{Label: "z"}, []string{}},
		} {
			got, err := s.ListScenarios(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			names := []string{}
			for _, sc := range got {
				names = append(names, ids[sc.ID])
				if sc.Source != nil || sc.Canonical != nil {
					t.Errorf("%s: %s listed with its documents", c.name, ids[sc.ID])
				}
				if (ids[sc.ID] != "a3") != slices.Contains(sc.Labels, "all") {
					t.Errorf("%s: %s has labels %q", c.name, ids[sc.ID], sc.Labels)
				}
			}
			if !slices.Equal(names, c.want) {
				t.Errorf("%s: got %v, want %v", c.name, names, c.want)
			}
		}

		// Paging with the cursor visits every scenario once, newest first.
		var paged []string
		f := ScenarioFilter{Limit: 2}
		for {
			page, err := s.ListScenarios(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, sc := range page {
				paged = append(paged, ids[sc.ID])
			}
			f.Before = page[len(page)-1].CreatedAt
		}
		if want := []string{"a3", "b2", "a2", "b1", "a1"}; !slices.Equal(paged, want) {
			t.Errorf("paged: %v, want %v", paged, want)
		}
	})
}
