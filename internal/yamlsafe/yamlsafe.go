// Package yamlsafe turns a panic of the YAML library
// (github.com/goccy/go-yaml) into an error. The library panics on some
// malformed inputs (found by fuzzing, see docs/robustness.md), and every
// parser of user files must report those as errors instead.
package yamlsafe

import "fmt"

// PanicError is the error Guard returns when the function it called
// panicked; Value is what it panicked with.
type PanicError struct {
	Value any
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("malformed YAML (decoder failure: %v)", e.Value)
}

// Guard calls f, which should do nothing but call the YAML library, and
// returns its error, or a *PanicError if it panicked.
func Guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r}
		}
	}()
	return f()
}
