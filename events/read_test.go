package events

import (
	"bytes"
	"context"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
)

// readAll reads every event of a file, copying each.
func readAll(t *testing.T, path string, opt Options) ([]Event, []*Report) {
	t.Helper()
	var evs []Event
	reps, err := ScanFile(context.Background(), path, opt, func(e *Event) error {
		evs = append(evs, *e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reps {
		checkAccount(t, r)
	}
	return evs, reps
}

// checkAccount checks that every line of a report is accounted for.
func checkAccount(t *testing.T, r *Report) {
	t.Helper()
	if r.Lines != r.Blank+r.Header+r.Events+r.Bad {
		t.Errorf("%s: %d lines ≠ %d blank + %d header + %d events + %d bad", r.File, r.Lines, r.Blank, r.Header, r.Events, r.Bad)
	}
	bad := 0
	for _, p := range r.Problems {
		if p.Kind == "bad_row" {
			bad++
		}
	}
	if r.LeftOff == 0 && int64(bad) != r.Bad {
		t.Errorf("%s: %d bad rows listed, %d counted", r.File, bad, r.Bad)
	}
}

func badLines(r *Report) []int64 {
	var ls []int64
	for _, p := range r.Problems {
		if p.Kind == "bad_row" {
			ls = append(ls, p.Line)
		}
	}
	return ls
}

func TestReadFixtures(t *testing.T) {
	for _, tc := range []struct {
		file                      string
		format                    Format
		lines, events, bad, blank int64
		badLines                  []int64
		reasons                   []string
		ids                       []string
	}{
		{"gdelt1.tsv", GDELT1, 13, 8, 4, 1, []int64{3, 7, 10, 12},
			[]string{"40 columns", `SQLDATE "20250231"`, `EventCode "36"`, `QuadClass "7"`},
			[]string{"1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008"}},
		{"gdelt2.export.CSV", GDELT2, 6, 6, 0, 0, nil, nil, []string{"3001", "3002", "3003", "3004", "3005", "3006"}},
		{"gdelt2.export.CSV.zip", GDELT2, 6, 6, 0, 0, nil, nil, []string{"3001", "3002", "3003", "3004", "3005", "3006"}},
		{"cr-only.tsv", GDELT1, 2, 2, 0, 0, nil, nil, []string{"1001", "1003"}},
		{"icews.tab", ICEWS, 7, 4, 2, 0, []int64{6, 7}, []string{"3 columns, want 20", `Event Date "2025-02-30"`}, []string{"1", "2", "3", "4"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			evs, reps := readAll(t, "testdata/"+tc.file, Options{})
			if len(reps) != 1 {
				t.Fatalf("%d reports, want 1", len(reps))
			}
			r := reps[0]
			if r.Format != tc.format || r.Lines != tc.lines || r.Events != tc.events || r.Bad != tc.bad || r.Blank != tc.blank {
				t.Errorf("report %+v: want format %s, %d lines, %d events, %d bad, %d blank", r, tc.format, tc.lines, tc.events, tc.bad, tc.blank)
			}
			if got := badLines(r); !slices.Equal(got, tc.badLines) {
				t.Errorf("bad lines %v, want %v", got, tc.badLines)
			}
			for i, want := range tc.reasons {
				if i < len(r.Problems) && !strings.Contains(r.Problems[i].Reason, want) {
					t.Errorf("problem %d: %q, want it to mention %q", i, r.Problems[i].Reason, want)
				}
			}
			var ids []string
			for _, e := range evs {
				ids = append(ids, e.ID)
			}
			if !slices.Equal(ids, tc.ids) {
				t.Errorf("ids %v, want %v", ids, tc.ids)
			}
		})
	}
}

func TestGDELTFields(t *testing.T) {
	evs, _ := readAll(t, "testdata/gdelt1.tsv", Options{})
	e := evs[2] // 1003: USAMIL -> MEXCOP 190
	if e.Day.String() != "2025-03-02" || e.Source.Code != "USAMIL" || e.Source.Country != "USA" || e.Source.Types[0] != "MIL" ||
		e.Target.Country != "MEX" || e.Target.Types[0] != "COP" || e.Code != "190" || e.Base != "190" || e.Root != "19" ||
		e.Quad != MaterialConflict || e.Goldstein != -10 || e.Mentions != 6 || e.Tone != -7.25 || !e.HasTone ||
		e.ActionCountry != "MX" || e.URL != "https://example.org/c" || e.Line != 4 || !e.IsRoot {
		t.Errorf("event 1003 read as %+v", e)
	}
	if back := evs[6]; back.URL != "" || back.Day.String() != "2013-02-15" || back.Format != GDELT1 {
		t.Errorf("57-column backfile row read as %+v", back)
	}
	if evs[3].Code != "0214" {
		t.Errorf("code %q, want 0214 kept as a string", evs[3].Code)
	}
	cr, reps := readAll(t, "testdata/cr-only.tsv", Options{})
	if reps[0].Recoded != 1 || cr[1].Source.Name != "ESTADOS UNIDOS DE AMÉRICA" {
		t.Errorf("cp1252 row: recoded %d, name %q", reps[0].Recoded, cr[1].Source.Name)
	}
	z, _ := readAll(t, "testdata/gdelt2.export.CSV.zip", Options{})
	p, _ := readAll(t, "testdata/gdelt2.export.CSV", Options{})
	for i := range z {
		z[i].Line, p[i].Line = 0, 0
		if z[i] != p[i] {
			t.Errorf("zip row %d differs from plain: %+v vs %+v", i, z[i], p[i])
		}
	}
}

func TestICEWSFields(t *testing.T) {
	evs, _ := readAll(t, "testdata/icews.tab", Options{})
	e := evs[2]
	if e.Source.Country != "USA" || e.Source.Types != [3]string{"GOV", "MIL", ""} || e.Target.Country != "MEX" ||
		e.Target.Types[0] != "CRM" || e.Code != "190" || e.Quad != MaterialConflict || e.Goldstein != -10 ||
		e.Mentions != 1 || e.HasTone || e.Format != ICEWS {
		t.Errorf("ICEWS event 3 read as %+v", e)
	}
	if got := evs[3].Source.Types; got != [3]string{"GOV", "", ""} {
		t.Errorf("Executive,Foreign Ministry,Government: types %v, want GOV", got)
	}
}

// TestFormatForced refuses rows of another layout when the format is set.
func TestFormatForced(t *testing.T) {
	_, reps := readAll(t, "testdata/gdelt2.export.CSV", Options{Format: GDELT1})
	if reps[0].Events != 0 || reps[0].Bad != 6 || !strings.Contains(reps[0].Problems[0].Reason, "gdelt2 row, not gdelt1") {
		t.Errorf("GDELT 2.0 rows read as GDELT 1.0: %+v", reps[0])
	}
}

// TestLineEnds reads the same rows with every line end.
func TestLineEnds(t *testing.T) {
	data, err := os.ReadFile("testdata/gdelt2.export.CSV")
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimRight(string(data), "\r\n"), "\r\n")
	want := ids(t, []byte(strings.Join(rows, "\n")+"\n"))
	for _, end := range []string{"\r\n", "\r", "\n"} {
		for _, final := range []bool{true, false} {
			text := strings.Join(rows, end)
			if final {
				text += end
			}
			if got := ids(t, []byte(text)); !slices.Equal(got, want) {
				t.Errorf("line end %q (final %v): ids %v, want %v", end, final, got, want)
			}
		}
	}
	// A CRLF split across two reads of the input stays one line end.
	r := io.MultiReader(strings.NewReader(rows[0]+"\r"), strings.NewReader("\n"+rows[1]+"\r\n"))
	rep, err := Scan(context.Background(), r, "split", Options{}, func(*Event) error { return nil })
	if err != nil || rep.Events != 2 || rep.Blank != 0 || rep.Lines != 2 {
		t.Errorf("CRLF across reads: %+v, %v", rep, err)
	}
}

func ids(t *testing.T, data []byte) []string {
	t.Helper()
	var out []string
	reps, err := ScanBytes(context.Background(), data, "mem", Options{}, func(e *Event) error {
		out = append(out, e.ID)
		return nil
	})
	if err != nil || reps[0].Bad != 0 {
		t.Fatalf("%v, %+v", err, reps[0])
	}
	return out
}

// TestMalformed feeds broken input: every row is read or reported, with
// its line.
func TestMalformed(t *testing.T) {
	data, _ := os.ReadFile("testdata/gdelt2.export.CSV")
	good := strings.Split(strings.TrimSpace(string(data)), "\r\n")[0]
	cols := strings.Split(good, "\t")
	with := func(i int, v string) string {
		c := slices.Clone(cols)
		c[i] = v
		return strings.Join(c, "\t")
	}
	for _, tc := range []struct {
		name, row, reason string
	}{
		{"truncated", good[:len(good)/2], "columns"},
		{"extra column", good + "\tx", "62 columns"},
		{"empty", strings.Repeat("\t", 60), "GLOBALEVENTID is empty"},
		{"bad date", with(1, "2025-03-1"), "SQLDATE"},
		{"month 13", with(1, "20251301"), "SQLDATE"},
		{"code 3 letters", with(26, "ABC"), "EventCode"},
		{"root 21", with(26, "210"), "EventCode"},
		{"root mismatch", with(28, "04"), "EventRootCode"},
		{"goldstein", with(30, "x"), "GoldsteinScale"},
		{"goldstein range", with(30, "11"), "outside"},
		{"goldstein nan", with(30, "NaN"), "GoldsteinScale"},
		{"mentions", with(31, "-1"), "NumMentions"},
		{"tone", with(34, ""), "AvgTone"},
		{"nul bytes", "\x00\x00\x00", "1 columns"},
		{"long line", strings.Repeat("x", MaxLine+10), "longer than 1 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := good + "\n" + tc.row + "\n" + good + "\n"
			reps, err := ScanBytes(context.Background(), []byte(in), "bad", Options{}, func(*Event) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			r := reps[0]
			checkAccount(t, r)
			if r.Events != 2 || r.Bad != 1 || len(r.Problems) != 1 || r.Problems[0].Line != 2 || !strings.Contains(r.Problems[0].Reason, tc.reason) {
				t.Errorf("report %+v: want 2 events and line 2 reported for %q", r, tc.reason)
			}
		})
	}
}

func TestProblemsBounded(t *testing.T) {
	var all []Problem
	in := strings.Repeat("garbage\n", 250)
	reps, err := ScanBytes(context.Background(), []byte(in), "g", Options{MaxProblems: 10, OnProblem: func(p Problem) { all = append(all, p) }},
		func(*Event) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	r := reps[0]
	if r.Bad != 250 || len(r.Problems) != 10 || r.LeftOff != 240 || len(all) != 250 || all[249].Line != 250 {
		t.Errorf("bad %d, listed %d, left off %d, streamed %d", r.Bad, len(r.Problems), r.LeftOff, len(all))
	}
}

func TestScanStopsOnCallbackError(t *testing.T) {
	stop := io.ErrClosedPipe
	n := 0
	_, err := ScanFile(context.Background(), "testdata/gdelt2.export.CSV", Options{}, func(*Event) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("err %v after %d events", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ScanFile(ctx, "testdata/gdelt2.export.CSV", Options{}, func(*Event) error { return nil }); err != context.Canceled {
		t.Errorf("cancelled scan: %v", err)
	}
}

func TestGzip(t *testing.T) {
	var buf bytes.Buffer
	data, _ := os.ReadFile("testdata/gdelt2.export.CSV")
	gzipTo(t, &buf, data)
	reps, err := ScanBytes(context.Background(), buf.Bytes(), "x.gz", Options{}, func(*Event) error { return nil })
	if err != nil || reps[0].Events != 6 {
		t.Errorf("gzip: %v %+v", err, reps)
	}
}

func TestICEWSHeaderErrors(t *testing.T) {
	_, err := ScanBytes(context.Background(), []byte("Event ID\tEvent Date\tSource Name\n1\t2025-03-01\tx\n"), "h.tab", Options{}, func(*Event) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `h.tab:1: ICEWS header: no column "Source Sectors"`) {
		t.Errorf("header without columns: %v", err)
	}
	// A header repeated (files concatenated) is a header again, not a bad row.
	data, _ := os.ReadFile("testdata/icews.tab")
	reps, err := ScanBytes(context.Background(), append(append([]byte{}, data...), data...), "twice.tab", Options{}, func(*Event) error { return nil })
	if err != nil || reps[0].Header != 2 || reps[0].Events != 8 || reps[0].Bad != 4 {
		t.Errorf("concatenated: %+v %v", reps[0], err)
	}
	// Forced ICEWS without a header reads the standard layout.
	lines := strings.SplitN(string(data), "\n", 2)
	reps, err = ScanBytes(context.Background(), []byte(lines[1]), "nohdr.tab", Options{Format: ICEWS}, func(*Event) error { return nil })
	if err != nil || reps[0].Events != 4 || reps[0].Header != 0 {
		t.Errorf("headerless ICEWS: %+v %v", reps[0], err)
	}
}
