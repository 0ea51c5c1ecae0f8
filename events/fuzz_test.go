package events

import (
	"context"
	"os"
	"testing"
)

// FuzzScan feeds arbitrary bytes to the readers: no panic, and every line
// accounted for.
func FuzzScan(f *testing.F) {
	for _, name := range []string{"gdelt1.tsv", "gdelt2.export.CSV", "cr-only.tsv", "icews.tab", "gdelt2.export.CSV.zip"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("Event ID\tEvent Date\n1\t2\n"))
	f.Add([]byte("\r\r\n\n\t\t\t"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reps, err := ScanBytes(context.Background(), data, "fuzz", Options{}, func(e *Event) error {
			if e.Quad < 1 || e.Quad > 4 || len(e.Code) < 2 || e.Goldstein < -10 || e.Goldstein > 10 {
				t.Fatalf("event read with %+v", e)
			}
			return nil
		})
		if err != nil {
			return // a broken archive or header is an error, not a panic
		}
		for _, r := range reps {
			if r.Lines != r.Blank+r.Header+r.Events+r.Bad {
				t.Fatalf("report %+v does not account for every line", r)
			}
		}
	})
}
