//go:build unix

package uncertain

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user and system) used by the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
