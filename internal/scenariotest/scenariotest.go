// Package scenariotest loads scenario files for tests. It is imported by
// tests only.
package scenariotest

import (
	"testing"

	"github.com/tablero-project/tablero/scenario"
)

// Model loads and compiles the scenario file at path, failing the test on
// an error.
func Model(t testing.TB, path string) *scenario.Model {
	t.Helper()
	s, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
