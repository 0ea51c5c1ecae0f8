package main

import (
	"io"

	"github.com/tablero-project/tablero/uncertain"
)

// progress returns a progress callback drawing on w when w is a terminal,
// and nil otherwise.
func progress(w io.Writer, label string) func(done, total int64) {
	if !uncertain.IsTerminal(w) {
		return nil
	}
	return uncertain.NewProgress(w, label).Update
}
