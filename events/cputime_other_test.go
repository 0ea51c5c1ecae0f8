//go:build !unix

package events

// cpuSeconds is unavailable here: benchmarks then report no CPU rate.
func cpuSeconds() float64 { return 0 }
