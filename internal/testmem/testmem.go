// Package testmem measures the memory a piece of code takes, for tests that
// bound it.
package testmem

import (
	"runtime"
	"runtime/debug"
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

// ShallowStack runs f with the stack of every goroutine limited to limit
// bytes (runtime/debug.SetMaxStack), so that a recursion as deep as its
// input, which a goroutine's growing stack would otherwise absorb up to a
// gigabyte, crashes the test instead.
func ShallowStack(limit int, f func()) {
	old := debug.SetMaxStack(limit)
	defer debug.SetMaxStack(old)
	f()
}
