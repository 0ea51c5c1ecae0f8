// Package testmem measures the memory a piece of code takes, for tests that
// bound it.
package testmem

import (
	"runtime"
	"sync"
	"time"
)

// PeakHeap runs f and returns the largest growth of the heap (live and
// not yet collected) seen while it ran, sampled every millisecond.
func PeakHeap(f func()) uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapAlloc
	var peak uint64
	sample := func() {
		var s runtime.MemStats
		runtime.ReadMemStats(&s)
		if s.HeapAlloc > base && s.HeapAlloc-base > peak {
			peak = s.HeapAlloc - base
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				sample()
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	sample()
	return peak
}
