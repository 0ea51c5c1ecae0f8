//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

// lockData takes an exclusive lock beside an SQLite database, so that one
// server at a time runs on it: the server may then mark every run left
// "running" as interrupted at start.
func lockData(db string) (unlock func(), err error) {
	f, err := os.OpenFile(db+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("another tablero serve uses %s (lock %s.lock): %w", db, db, err)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
