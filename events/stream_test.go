package events

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/testmem"
)

// repeatReader yields block over and over, total bytes in all, without
// allocating: a generated stream standing for a huge file.
type repeatReader struct {
	block []byte
	off   int
	left  int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(int64(len(p)), r.left)], r.block[r.off:])
	r.off = (r.off + n) % len(r.block)
	r.left -= int64(n)
	return n, nil
}

// streamBlock is 8 MiB: an over-long line (7 MiB, no end for a while) and
// then GDELT 2.0 rows, a bad one among every four.
func streamBlock(t testing.TB) (block []byte, good, bad int64) {
	data, err := os.ReadFile("testdata/gdelt2.export.CSV")
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(data)), "\r\n")
	var b bytes.Buffer
	b.Write(bytes.Repeat([]byte("x"), 7<<20))
	b.WriteString("\n")
	bad = 1
	for i := 0; b.Len() < 8<<20-4096; i++ {
		if i%4 == 3 {
			b.WriteString(rows[i%len(rows)][:300] + "\r\n") // truncated
			bad++
		} else {
			b.WriteString(rows[i%len(rows)] + "\r\n")
			good++
		}
	}
	for b.Len() < 8<<20-1 {
		b.WriteByte(' ')
	}
	b.WriteByte('\n') // a blank line fills the block
	return b.Bytes(), good, bad
}

// TestStream1GB reads a generated 1 GiB stream: every row is read or
// reported, and the heap stays flat (a bound far below the input).
func TestStream1GB(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1 GiB")
	}
	block, good, bad := streamBlock(t)
	const blocks = 128 // 1 GiB
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var rep *Report
	var err error
	a := NewAggregator(Daily, 3)
	peak := testmem.PeakHeap(func() {
		rep, err = Scan(ctx, &repeatReader{block: block, left: blocks * int64(len(block))}, "generated", Options{},
			func(e *Event) error { a.Add(e); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	checkAccount(t, rep)
	if rep.Bytes != 1<<30 || rep.Events != blocks*good || rep.Bad != blocks*bad || rep.Blank != blocks {
		t.Errorf("report %+v: want %d events, %d bad", rep, blocks*good, blocks*bad)
	}
	if rep.LeftOff != rep.Bad-100 {
		t.Errorf("%d problems left off", rep.LeftOff)
	}
	if peak > 48<<20 {
		t.Errorf("peak heap %d MiB reading 1 GiB: not flat", peak>>20)
	}
	t.Logf("1 GiB: %d events, %d bad rows, peak heap %.1f MiB", rep.Events, rep.Bad, float64(peak)/(1<<20))
}
