//go:build !unix

package main

// lockData does nothing where flock is missing: run one server per data
// directory.
func lockData(db string) (unlock func(), err error) { return func() {}, nil }
