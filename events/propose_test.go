package events

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMapping(t *testing.T) {
	m, err := ReadMapping("testdata/mapping.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Signposts(); strings.Join(got, ",") != "condemnation,cooperation_signed,us_strike" {
		t.Errorf("signposts %v", got)
	}
	if err := m.CheckSignposts([]string{"us_strike", "cooperation_signed"}); err == nil || !strings.Contains(err.Error(), `rules[2]: "condemnation"`) {
		t.Errorf("undeclared signpost: %v", err)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"rules: []", "scenario: missing"},
		{"scenario: s\nrules: []", "rules: none"},
		{"scenario: s\nrules:\n  - signpost: x\n    source: [USA]\n    target: [ZZZ]\n    codes: ['19*']", `"ZZZ" is not a CAMEO country`},
		{"scenario: s\nrules:\n  - signpost: x\n    source: [USA]\n    target: [MEX]\n    source_types: [ARMY]\n    codes: ['19*']", `"ARMY" is not a CAMEO type`},
		{"scenario: s\nrules:\n  - signpost: x\n    source: [USA]\n    target: [MEX]\n    codes: ['1x']", "codes: CAMEO pattern"},
		{"scenario: s\nrules:\n  - signpost: x\n    source: [USA]\n    target: [MEX]\n    codes: []", "codes: none"},
		{"scenario: s\nrules:\n  - signpost: '9 bad'\n    source: [USA]\n    target: [MEX]\n    codes: ['19*']", "signpost: want an id"},
		{"scenario: s\nrules:\n  - signpost: x\n    source: [USA]\n    target: [MEX]\n    codes: ['19*']\n    window_days: 400", "window_days 400"},
		{"scenario: s\nrules:\n  - signpost: x\n    sauce: [USA]", "unknown field"},
	} {
		if _, err := ParseMapping([]byte(tc.yaml), "m.yaml"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

func TestProposals(t *testing.T) {
	m, err := ReadMapping("testdata/mapping.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := NewProposer(m)
	for _, f := range []string{"testdata/gdelt1.tsv", "testdata/gdelt2.export.CSV"} {
		evs, _ := readAll(t, f, Options{})
		for i := range evs {
			p.Add(&evs[i])
		}
	}
	got := p.Proposals()
	type brief struct {
		id, date, signpost string
		count              int
		occurred           bool
		events             string
	}
	var b []brief
	for _, pr := range got {
		var ids []string
		for _, e := range pr.Events {
			ids = append(ids, e.ID)
		}
		b = append(b, brief{pr.Observation.ID, pr.Observation.Date, pr.Observation.Signpost, pr.Count, pr.Observation.Happened(), strings.Join(ids, ",")})
	}
	want := []brief{
		{"ev-cooperation_signed-20250301", "2025-03-01", "cooperation_signed", 1, true, "1002"},
		// 1003 (03-02, USAMIL 190) and 3001, 3002 (03-10): the first two
		// are 8 days apart, beyond the 2-day window; 3001+3002 fire.
		{"ev-us_strike-20250310", "2025-03-10", "us_strike", 2, true, "3002,3001"},
		{"ev-condemnation-20250311", "2025-03-11", "condemnation", 1, false, "3004"},
	}
	if len(b) != len(want) {
		t.Fatalf("proposals %+v\nwant %+v", b, want)
	}
	for i := range want {
		if b[i] != want[i] {
			t.Errorf("proposal %d: %+v, want %+v", i, b[i], want[i])
		}
	}
	obs, _ := json.Marshal(got[1].Observation)
	var keys map[string]any
	json.Unmarshal(obs, &keys)
	for _, k := range []string{"id", "date", "source", "note", "signpost", "occurred"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("observation JSON lacks %q: %s", k, obs)
		}
	}
	if len(keys) != 6 || got[1].Observation.Source != "https://example.org/3002" || !strings.Contains(got[1].Observation.Note, "US military action reported: 2 events USA -> MEX") {
		t.Errorf("observation %s", obs)
	}
	p.Forget(Day(1 << 30))
	if left := p.Proposals(); len(left) != 0 {
		t.Errorf("after Forget: %+v", left)
	}
}

// TestProposalWindows: a rule fires once per window of events.
func TestProposalWindows(t *testing.T) {
	m, err := ParseMapping([]byte("scenario: s\nrules:\n  - signpost: x\n    source: [USA]\n    target: [MEX]\n    codes: ['042']\n    min_count: 25\n    window_days: 3"), "m")
	if err != nil {
		t.Fatal(err)
	}
	p := NewProposer(m)
	evs := syntheticMonth(3, 10, -1, 0) // 7–13 a day: every 2 or 3 days
	for i := range evs {
		p.Add(&evs[i])
	}
	ps := p.Proposals()
	if len(ps) < 7 || len(ps) > 15 {
		t.Fatalf("%d proposals over 30 days of ~10 events, want one per 2 to 4 days", len(ps))
	}
	for i, pr := range ps {
		if pr.Count < 25 {
			t.Errorf("proposal %d counts %d", i, pr.Count)
		}
		if i > 0 && pr.From <= ps[i-1].To {
			t.Errorf("proposal %d window %s..%s overlaps the previous one (..%s)", i, pr.From, pr.To, ps[i-1].To)
		}
	}
}
