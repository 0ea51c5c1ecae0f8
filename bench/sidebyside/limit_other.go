//go:build !linux

package main

import "errors"

// limitCPU is not available here: runs are bounded by the wall clock only.
func limitCPU(pid int, seconds uint64) error {
	return errors.New("no CPU-time limit on this system")
}
