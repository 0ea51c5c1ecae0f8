package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkRun times storing (RecordRun) and fetching (GetRun) a run with
// a 300 KB JSON result, on each backend.
func BenchmarkRun(b *testing.B) {
	result := jsonDocument(300<<10, 4)
	size := int64(len(result))
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
					if err != nil || int64(len(got.Result)) != size {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// jsonDocument returns a JSON document of about n bytes, shaped like a
// result: an array of draws holding pseudo-random numbers.
func jsonDocument(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 2))
	b := []byte(`{"draws":[`)
	for i := 0; len(b) < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"i":%d,"p":%.17g,"outcome":"o%d"}`, i, rng.Float64(), rng.IntN(4))
	}
	return append(b, "]}"...)
}
