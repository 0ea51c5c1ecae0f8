package events

import (
	"bytes"
	"compress/gzip"
	"context"
	"testing"
)

func gzipTo(t *testing.T, buf *bytes.Buffer, data []byte) {
	t.Helper()
	zw := gzip.NewWriter(buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// readAllInto adds every event of a file to a.
func readAllInto(t *testing.T, path string, a *Aggregator) {
	t.Helper()
	if _, err := ScanFile(context.Background(), path, Options{}, func(e *Event) error {
		a.Add(e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
