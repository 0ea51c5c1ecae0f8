package main

import (
	"syscall"
	"unsafe"
)

// limitCPU sets the CPU-time limit of the running process pid (prlimit(2)):
// SIGXCPU at seconds, SIGKILL a second later. A CPU limit, unlike a
// wall-clock one, does not depend on how loaded the machine is.
func limitCPU(pid int, seconds uint64) error {
	lim := syscall.Rlimit{Cur: seconds, Max: seconds + 1}
	_, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_CPU,
		uintptr(unsafe.Pointer(&lim)), 0, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}
