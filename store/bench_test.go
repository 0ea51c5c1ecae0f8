package store

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkRun times storing (RecordRun) and fetching (GetRun) a run with
// a 300 KB result, on each backend.
func BenchmarkRun(b *testing.B) {
	const size = 300 << 10
	result := bigDocument(size, 4)
	for _, be := range backends(b) {
		b.Run(be.name, func(b *testing.B) {
			s := openStore(b, be.dsn(b))
			ctx := context.Background()
			sc := mustScenario(b, s, "crisis", "v1")
			b.Run("insert", func(b *testing.B) {
				b.SetBytes(size)
				prefix := randomHex(b, 4) // new runs however often this runs
				i := 0
				for b.Loop() {
					r := newRun(sc, fmt.Sprint(prefix, "-", i), fmt.Sprint(prefix, "-hash-", i))
					r.Status, r.Result = Succeeded, result
					if _, _, err := s.RecordRun(ctx, r); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
			b.Run("read", func(b *testing.B) {
				r := newRun(sc, "read", "read-hash")
				r.Status, r.Result = Succeeded, result
				if _, _, err := s.RecordRun(ctx, r); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(size)
				for b.Loop() {
					got, err := s.GetRun(ctx, "read")
					if err != nil || len(got.Result) != size {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
